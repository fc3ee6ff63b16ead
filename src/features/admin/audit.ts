import type { Context } from "hono";
import type { Db } from "../../db/client.ts";
import { adminActions, type adminActionTypeEnum } from "../../db/schema/audit.ts";
import type { SignedInEnv } from "../../auth/rbac.ts";

type AdminActionType = (typeof adminActionTypeEnum.enumValues)[number];
/** A transaction or the request's db: audit rows are written with the change they describe. */
type Writer = Pick<Db, "insert">;

export interface AuditEntry {
  action: AdminActionType;
  targetUserId?: string | null;
  details: string;
  /** Fields changed, as they were and as they are now. */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

/** Only the fields whose values differ, so the audit row shows what actually changed. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return { before: b, after: a };
}

/** Writes one AdminAction row. Call it inside the transaction that makes the change. */
export async function recordAdminAction(tx: Writer, c: Context<SignedInEnv>, entry: AuditEntry): Promise<void> {
  const actor = c.var.signedIn.user;
  await tx.insert(adminActions).values({
    action: entry.action,
    userId: actor.id,
    targetUserId: entry.targetUserId ?? null,
    details: entry.details,
    metadata: { before: entry.before ?? null, after: entry.after ?? null, ...entry.extra, requestId: c.var.requestId },
    ipAddress: c.req.header("cf-connecting-ip") ?? null,
    userAgent: c.req.header("user-agent")?.slice(0, 400) ?? null,
  });
}
