// Bulk actions on the filtered member list: email the segment, grant or remove a role, extend
// memberships. The confirmation counts the set and fingerprints its ids; the apply step, in one
// transaction, reads the set again under the same filters and refuses when it is not the very
// same set, so the action touches exactly the members the admin confirmed. One BULK_ACTION
// audit row names the filter, the count and the action.
import { and, asc, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { hasAdminRights, holdsPermission } from "../../auth/rbac.ts";
import type { CurrentUser } from "../../auth/session.ts";
import type { DbOrTx, Tx } from "../../db/client.ts";
import { idFrom, newId } from "../../db/ids.ts";
import { type NotificationPreferences, permissions, rolePermissions, roles, userRoles, users } from "../../db/schema/accounts.ts";
import { type AuditActor, recordAdminAction } from "../../lib/audit.ts";
import { wantsEmail } from "../../lib/email-preferences.ts";
import { markdownToText } from "../../lib/markdown.ts";
import { formatDate } from "../../lib/time.ts";
import { OUTBOX_KIND_OF } from "../../lib/unsubscribe.ts";
import type { UserFilters } from "../admin/forms.ts";
import { userWhere } from "../admin/queries.ts";
import { ADMIN_TARGET_REFUSED, SELF_GRANT_REFUSED } from "../admin/shared.tsx";
import { type BulkAction, describeFilters, fingerprintIds, monthsLabel } from "./rules.ts";

/** Rows per statement when queueing emails or writing grants. */
export const BULK_CHUNK = 500;
/** A bulk action reaches at most this many members; narrow the filter beyond it. */
export const MAX_BULK_MEMBERS = 20_000;
/** Bulk emails are announcements from the chapter office: the member's "Announcements" switch decides, and each carries its unsubscribe link. */
export const BULK_EMAIL_KIND = "announcements" as const;

export interface Segment {
  ids: string[];
  count: number;
  fingerprint: string;
}

/** The ids the filters select now, in a stable order. */
export async function readSegment(db: DbOrTx, f: UserFilters, graceDays: number): Promise<Segment> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(userWhere(f, graceDays))
    .orderBy(asc(users.id))
    .limit(MAX_BULK_MEMBERS + 1);
  const ids = rows.map((r) => r.id);
  return { ids, count: ids.length, fingerprint: await fingerprintIds(ids) };
}

/** Who of these would get a bulk email: current accounts whose preferences let announcements through. */
async function emailRecipients(db: DbOrTx, ids: readonly string[]) {
  const out: Array<{ id: string; email: string }> = [];
  for (let i = 0; i < ids.length; i += BULK_CHUNK * 4) {
    const rows = await db
      .select({ id: users.id, email: users.email, prefs: users.notificationPreferences })
      .from(users)
      .where(and(inArray(users.id, ids.slice(i, i + BULK_CHUNK * 4)), isNull(users.deletedAt), eq(users.isActive, true)));
    for (const r of rows) if (wantsEmail(r.prefs as NotificationPreferences | null, BULK_EMAIL_KIND)) out.push({ id: r.id, email: r.email });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

async function adminAccountCount(db: DbOrTx, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(
      and(
        inArray(users.id, [...ids]),
        or(
          eq(users.memberType, "admin"),
          sql`(select count(distinct rp.permission_id) from user_roles ur
               join roles r on r.id = ur.role_id and r.is_active
               join role_permissions rp on rp.role_id = r.id
               where ur.user_id = users.id and ur.is_active and (ur.expires_at is null or ur.expires_at > now()))
              >= (select count(*) from permissions)`,
        ),
      ),
    );
  return row?.n ?? 0;
}

async function findRole(db: DbOrTx, roleId: string) {
  const rows = await db
    .select({ id: roles.id, name: roles.name, permission: permissions.name })
    .from(roles)
    .leftJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
    .leftJoin(permissions, eq(permissions.id, rolePermissions.permissionId))
    .where(and(eq(roles.id, roleId), eq(roles.isActive, true)));
  if (rows.length === 0) return null;
  return { id: rows[0]!.id, name: rows[0]!.name, permissions: rows.map((r) => r.permission).filter((p): p is string => !!p) };
}

export interface Preview {
  segment: Segment;
  /** Why the action cannot be applied to this set (nothing is written). */
  refusal: string | null;
  /** The action in words, e.g. "grant the role committee chair". */
  summary: string;
  /** Email: how many of the set will get it. */
  recipients?: number;
}

/** The confirmation's figures: the set, whether the action may touch it, and the action in words. */
export async function previewBulk(db: DbOrTx, me: CurrentUser, f: UserFilters, action: BulkAction, graceDays: number): Promise<Preview> {
  const segment = await readSegment(db, f, graceDays);
  const checked = await check(db, me, segment.ids, action);
  if (action.action === "email") {
    const recipients = segment.count > MAX_BULK_MEMBERS ? 0 : (await emailRecipients(db, segment.ids)).length;
    return { segment, refusal: checked.refusal, summary: checked.summary, recipients };
  }
  return { segment, refusal: checked.refusal, summary: checked.summary };
}

async function check(db: DbOrTx, me: CurrentUser, ids: readonly string[], action: BulkAction): Promise<{ refusal: string | null; summary: string; role?: { id: string; name: string } }> {
  const tooMany = ids.length > MAX_BULK_MEMBERS ? `A bulk action reaches at most ${MAX_BULK_MEMBERS} members; narrow the filter.` : null;
  const none = ids.length === 0 ? "No members match these filters." : null;
  switch (action.action) {
    case "email":
      return { refusal: tooMany ?? none, summary: `send the email “${action.subject}”` };
    case "extend": {
      const summary =
        action.extendBy === "months"
          ? `extend memberships by ${monthsLabel(action.months)} (from the current expiry, or from today when it has passed or is not set)`
          : `extend memberships to ${formatDate(action.until)} (memberships already running later stay as they are)`;
      const adminRefusal = !hasAdminRights(me) && (await adminAccountCount(db, ids)) > 0 ? `The set includes administrators’ accounts. ${ADMIN_TARGET_REFUSED}` : null;
      return { refusal: tooMany ?? none ?? adminRefusal, summary };
    }
    case "grantRole":
    case "removeRole": {
      const role = await findRole(db, action.roleId);
      const verb = action.action === "grantRole" ? "grant" : "remove";
      if (!role) return { refusal: "Choose a role from the list.", summary: `${verb} a role` };
      const summary = action.action === "grantRole" ? `grant the role ${role.name}` : `remove the role ${role.name}`;
      if (!holdsPermission(me, "roles:manage")) return { refusal: "Granting and removing roles needs the roles:manage permission.", summary };
      const missing = role.permissions.filter((p) => !holdsPermission(me, p));
      if (missing.length > 0) return { refusal: `You can only hand out or take back permissions you hold yourself; ${role.name} gives ${missing.join(", ")}.`, summary };
      if (ids.includes(me.id)) {
        return { refusal: action.action === "grantRole" ? `${SELF_GRANT_REFUSED} (Your own account matches these filters: narrow them.)` : "Your own account matches these filters: narrow them, so you do not change your own roles.", summary };
      }
      const adminRefusal = !hasAdminRights(me) && (await adminAccountCount(db, ids)) > 0 ? `The set includes administrators’ accounts. ${ADMIN_TARGET_REFUSED}` : null;
      return { refusal: tooMany ?? none ?? adminRefusal, summary, role };
    }
  }
}

export type ApplyOutcome =
  | { kind: "changed"; preview: Preview }
  | { kind: "refused"; message: string }
  | { kind: "done"; count: number; touched: number; summary: string };

/**
 * Applies the action to the set the filters select now, in the caller's transaction, provided it is the
 * set the admin confirmed (same fingerprint); otherwise nothing is written and the fresh
 * figures come back for a new confirmation.
 */
export async function applyBulk(
  tx: Tx,
  me: CurrentUser,
  actor: AuditActor,
  input: { filters: UserFilters; graceDays: number; action: BulkAction; confirmedCount: number; confirmedFingerprint: string; publicUrl: string; nonce?: string },
): Promise<ApplyOutcome> {
  const segment = await readSegment(tx, input.filters, input.graceDays);
  if (segment.count !== input.confirmedCount || segment.fingerprint !== input.confirmedFingerprint) {
    return { kind: "changed", preview: await previewBulk(tx, me, input.filters, input.action, input.graceDays) };
  }
  const checked = await check(tx, me, segment.ids, input.action);
  if (checked.refusal) return { kind: "refused", message: checked.refusal };
  const touched = await run(tx, me, segment.ids, input.action, checked.role, input);
  const filter = describeFilters(input.filters);
  await recordAdminAction(tx, actor, {
    action: "BULK_ACTION",
    details: `Bulk action on ${segment.count} ${segment.count === 1 ? "member" : "members"} (${filter}): ${checked.summary}; ${touched} changed`,
    extra: {
      filter: input.filters,
      filterInWords: filter,
      count: segment.count,
      touched,
      action: input.action.action,
      params: paramsOf(input.action, checked.role),
      fingerprint: segment.fingerprint,
      nonce: input.nonce ?? null,
    },
  });
  return { kind: "done", count: segment.count, touched, summary: checked.summary };
}

function paramsOf(a: BulkAction, role?: { id: string; name: string }): Record<string, unknown> {
  switch (a.action) {
    case "email":
      return { subject: a.subject, bodyChars: a.body.length };
    case "grantRole":
    case "removeRole":
      return { roleId: a.roleId, role: role?.name ?? null };
    case "extend":
      return a.extendBy === "months" ? { months: a.months } : { until: a.until.toISOString() };
  }
}

async function run(tx: Tx, me: CurrentUser, ids: string[], a: BulkAction, role: { id: string; name: string } | undefined, input: { publicUrl: string }): Promise<number> {
  const now = new Date();
  let touched = 0;
  switch (a.action) {
    case "email": {
      const recipients = await emailRecipients(tx, ids);
      const base = input.publicUrl.replace(/\/$/, "");
      const text = `${markdownToText(a.body)}\n\nThe chapter office\n${base}/\nTurn announcement emails off on your account page: ${base}/account\n`;
      // Named by the message and the member, so sending the same email to the same member twice (a double click) queues it once.
      const messageKey = await fingerprintIds([a.subject, a.body]);
      for (let i = 0; i < recipients.length; i += BULK_CHUNK) {
        const chunk = recipients.slice(i, i + BULK_CHUNK);
        const rowIds = await Promise.all(chunk.map((u) => idFrom(`bulk-email:${messageKey}:${u.id}`)));
        const result = await tx.execute(sql`
          INSERT INTO email_outbox (id, user_id, to_address, subject, text_body, kind)
          SELECT id, user_id, to_address, ${a.subject}, ${text}, ${OUTBOX_KIND_OF[BULK_EMAIL_KIND]}
          FROM unnest(${sql.param(rowIds)}::text[], ${sql.param(chunk.map((u) => u.id))}::text[], ${sql.param(chunk.map((u) => u.email))}::text[])
            AS t(id, user_id, to_address)
          ON CONFLICT (id) DO NOTHING`);
        touched += Number((result as { rowCount?: number | null }).rowCount ?? 0);
      }
      return touched;
    }
    case "grantRole": {
      for (let i = 0; i < ids.length; i += BULK_CHUNK) {
        const chunk = ids.slice(i, i + BULK_CHUNK);
        const rows = await tx
          .insert(userRoles)
          .values(chunk.map((userId) => ({ id: newId(), userId, roleId: role!.id, assignedBy: me.id, assignedAt: now, isActive: true })))
          .onConflictDoUpdate({
            target: [userRoles.userId, userRoles.roleId],
            set: { isActive: true, expiresAt: null, assignedBy: me.id, assignedAt: now },
            setWhere: sql`NOT ${userRoles.isActive} OR ${userRoles.expiresAt} IS NOT NULL`,
          })
          .returning({ id: userRoles.id });
        touched += rows.length;
      }
      return touched;
    }
    case "removeRole": {
      for (let i = 0; i < ids.length; i += BULK_CHUNK) {
        const rows = await tx
          .update(userRoles)
          .set({ isActive: false })
          .where(and(eq(userRoles.roleId, role!.id), inArray(userRoles.userId, ids.slice(i, i + BULK_CHUNK)), eq(userRoles.isActive, true)))
          .returning({ id: userRoles.id });
        touched += rows.length;
      }
      return touched;
    }
    case "extend": {
      const newExpiry =
        a.extendBy === "months"
          ? sql`greatest(coalesce(${users.membershipExpiresAt}, now()), now()) + make_interval(months => ${a.months}::int)`
          : sql`${a.until.toISOString()}::timestamptz`;
      for (let i = 0; i < ids.length; i += BULK_CHUNK) {
        const chunk = ids.slice(i, i + BULK_CHUNK);
        const later = a.extendBy === "date" ? or(isNull(users.membershipExpiresAt), lt(users.membershipExpiresAt, a.until)) : undefined;
        // A lapsed membership made current again gets its member access back, as a renewal does (payments/effects.ts applyDues).
        const lapsed = await tx
          .select({ id: users.id })
          .from(users)
          .where(and(inArray(users.id, chunk), isNotNull(users.membershipLapsedAt), later));
        const rows = await tx
          .update(users)
          .set({ membershipExpiresAt: newExpiry, membershipLapsedAt: null, updatedById: me.id })
          .where(and(inArray(users.id, chunk), later))
          .returning({ id: users.id });
        if (lapsed.length > 0) {
          await tx
            .update(userRoles)
            .set({ isActive: true })
            .where(
              and(
                inArray(
                  userRoles.userId,
                  lapsed.map((l) => l.id),
                ),
                sql`${userRoles.roleId} = (select ${roles.id} from ${roles} where ${roles.name} = 'member')`,
              ),
            );
        }
        touched += rows.length;
      }
      return touched;
    }
  }
}
