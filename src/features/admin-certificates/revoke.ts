import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { certificates } from "../../db/schema/learning.ts";
import { recordAdminAction, type AuditActor } from "../../lib/audit.ts";

export type RevokeOutcome = { ok: true } | { ok: false; message: string };

/**
 * Revokes a certificate with a reason, audited (CERTIFICATE_REVOKED) in the same transaction.
 * A certificate is revoked once: a second revoke changes nothing and says so.
 */
export async function revokeCertificate(db: Pick<Db, "transaction">, actor: AuditActor, id: string, reason: string, now: Date): Promise<RevokeOutcome> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(certificates)
      .set({ revokedAt: now, revokedReason: reason, revokedById: actor.userId })
      .where(and(eq(certificates.id, id), isNull(certificates.revokedAt)))
      .returning({ userId: certificates.userId, recipientName: certificates.recipientName, courseTitle: certificates.courseTitle });
    if (!row) return { ok: false, message: "This certificate was already revoked (or no longer exists)." };
    await recordAdminAction(tx, actor, {
      action: "CERTIFICATE_REVOKED",
      targetUserId: row.userId,
      details: `Revoked the certificate of ${row.recipientName} for "${row.courseTitle}": ${reason}`,
      before: { revokedAt: null },
      after: { revokedAt: now.toISOString(), revokedReason: reason },
      extra: { certificateId: id },
    });
    return { ok: true };
  });
}
