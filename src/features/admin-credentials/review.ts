// Verifying or rejecting a member's credential: the status, the member's email and the audit
// row are written in one transaction, so none happens without the others. The row is locked
// and re-read, so two reviewers deciding at once give one decision and one refusal.
import { eq } from "drizzle-orm";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { credentials } from "../../db/schema/directory.ts";
import { recordAdminAction, type AuditActor } from "../../lib/audit.ts";
import { enqueueEmail } from "../outbox/outbox.ts";
import { chapterToday, credentialName, effectiveStatus, type ReviewDecision } from "../credentials/rules.ts";
import type { ReviewTarget } from "../credentials/queries.ts";

/** The outbox kind of the member's review email (essential: always sent, no unsubscribe). */
export const CREDENTIAL_REVIEWED = "CREDENTIAL_REVIEWED";

export type ReviewOutcome = { ok: true } | { ok: false; message: string };

export function reviewEmail(target: ReviewTarget, decision: ReviewDecision, reason: string, publicUrl: string) {
  const name = credentialName(target);
  const link = `${publicUrl.replace(/\/$/, "")}/account/credentials`;
  if (decision === "VERIFIED") {
    return {
      subject: `Your ${name} is verified`,
      text: [
        `Hello ${target.owner.firstName},`,
        "",
        `The chapter office verified your ${name}.`,
        "It now shows as a badge in the member directory and counts in bid matching until it expires.",
        "",
        `Your credentials: ${link}`,
      ].join("\n"),
    };
  }
  return {
    subject: `Your ${name} could not be verified`,
    text: [
      `Hello ${target.owner.firstName},`,
      "",
      `The chapter office could not verify your ${name}. The reason:`,
      "",
      reason,
      "",
      "Correct it or upload a clearer document, and it comes back for review:",
      link,
    ].join("\n"),
  };
}

export async function reviewCredential(
  db: Db,
  config: Pick<Config, "PUBLIC_URL">,
  actor: AuditActor,
  target: ReviewTarget,
  decision: ReviewDecision,
  reason: string,
  /** The credential's updatedAt as the review page showed it (ISO). */
  version: string,
  now: Date,
): Promise<ReviewOutcome> {
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(credentials).where(eq(credentials.id, target.id)).for("update");
    if (!locked) return { ok: false, message: "This credential was deleted by its owner." };
    // Reviewed against what the page showed: an edit or another reviewer in between means look again.
    if (locked.updatedAt.toISOString() !== version) {
      return { ok: false, message: "The credential changed since this page was opened (the member edited it, or someone else reviewed it). Look at it again." };
    }
    const current = effectiveStatus(locked, chapterToday(now));
    if (current === "EXPIRED" && decision === "VERIFIED") {
      return { ok: false, message: "Its expiry date has passed: an expired credential cannot be verified. Ask the member for the renewed one." };
    }
    await tx
      .update(credentials)
      .set({ status: decision, rejectionReason: decision === "REJECTED" ? reason : null, reviewedAt: now, reviewedById: actor.userId })
      .where(eq(credentials.id, locked.id));
    const email = reviewEmail(target, decision, reason, config.PUBLIC_URL);
    await enqueueEmail(tx, { to: target.owner.email, subject: email.subject, text: email.text, kind: CREDENTIAL_REVIEWED, userId: target.owner.id });
    await recordAdminAction(tx, actor, {
      action: "CREDENTIAL_REVIEWED",
      targetUserId: target.owner.id,
      details: `Credential ${decision === "VERIFIED" ? "verified" : "rejected"}: ${credentialName(target)} (${target.owner.firstName} ${target.owner.lastName})`,
      before: { status: locked.status, rejectionReason: locked.rejectionReason },
      after: { status: decision, rejectionReason: decision === "REJECTED" ? reason : null },
      extra: { credentialId: locked.id, credentialType: locked.type, expiresOn: locked.expiresOn },
    });
    return { ok: true } as const;
  });
}
