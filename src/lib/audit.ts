import type { Context } from "hono";
import type { Db } from "../db/client.ts";
import { adminActions, type adminActionTypeEnum } from "../db/schema/audit.ts";
import type { SignedInEnv } from "../auth/rbac.ts";

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

/** Who made a change, and from where: taken from the request, so workflows need no HTTP. */
export interface AuditActor {
  userId: string;
  requestId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
}

export function auditActor(c: Context<SignedInEnv>): AuditActor {
  return {
    userId: c.var.signedIn.user.id,
    requestId: c.var.requestId ?? null,
    ipAddress: c.req.header("cf-connecting-ip") ?? null,
    userAgent: c.req.header("user-agent")?.slice(0, 400) ?? null,
  };
}

/** Writes one AdminAction row. Call it inside the transaction that makes the change. */
export async function recordAdminAction(tx: Writer, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await tx.insert(adminActions).values({
    action: entry.action,
    userId: actor.userId,
    targetUserId: entry.targetUserId ?? null,
    details: entry.details,
    metadata: { before: entry.before ?? null, after: entry.after ?? null, ...entry.extra, requestId: actor.requestId },
    ipAddress: actor.ipAddress,
    userAgent: actor.userAgent,
  });
}
