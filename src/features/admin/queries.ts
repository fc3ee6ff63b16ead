// Reads of the admin screens. Writes live beside their routes, inside the
// transaction that also writes the AdminAction row.
import { and, asc, count, desc, eq, gt, ilike, isNotNull, isNull, not, or, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.ts";
import { isId } from "../../db/ids.ts";
import { permissions, rolePermissions, roles, userRoles, users, type User } from "../../db/schema/accounts.ts";
import { adminActions } from "../../db/schema/audit.ts";
import { emailOutbox, sessions } from "../../db/schema/auth.ts";
import type { AuditFilters, OutboxFilters, UserFilters } from "./forms.ts";

/** The request's db or a transaction inside it. */
import type { Tx } from "../../db/client.ts";
import { escapeLike } from "../../db/search.ts";
import { fromPacificDateInput } from "../../lib/time.ts";
import {
  instant,
  memberActiveAt,
  memberEndedAt,
  memberInGraceAt,
  memberJoinedIn,
  memberLapsedAt,
  memberRenewalDueAt,
  RENEWAL_DUE_DAYS,
} from "../admin-dashboard/definitions.ts";
export type { Tx };
export type Reader = Db | Tx;

/** What the admin screens show of an account: never the password hash or the 2FA secret. */
export const adminUserColumns = {
  id: users.id,
  email: users.email,
  firstName: users.firstName,
  lastName: users.lastName,
  company: users.company,
  title: users.title,
  phone: users.phone,
  city: users.city,
  state: users.state,
  zipCode: users.zipCode,
  memberType: users.memberType,
  memberSince: users.memberSince,
  membershipExpiresAt: users.membershipExpiresAt,
  isActive: users.isActive,
  isVerified: users.isVerified,
  failedLoginAttempts: users.failedLoginAttempts,
  lockedUntil: users.lockedUntil,
  lastFailedLogin: users.lastFailedLogin,
  lastSuccessfulLogin: users.lastSuccessfulLogin,
  twoFactorEnabled: users.twoFactorEnabled,
  createdAt: users.createdAt,
  deletedAt: users.deletedAt,
};
export type AdminUser = Pick<User, keyof typeof adminUserColumns>;

// A deactivated account has deletedAt set (soft delete) or isActive switched off.
const current = and(isNull(users.deletedAt), eq(users.isActive, true))!;
const lockedNow = and(isNotNull(users.lockedUntil), gt(users.lockedUntil, sql`now()`))!;

/**
 * The member list's filters as a condition. The membership states are the dashboard's own
 * definitions, true now; `graceDays` is the chapter's DUES_GRACE_DAYS.
 */
export function userWhere(f: UserFilters, graceDays: number): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  const now = sql`now()`;
  switch (f.membership) {
    case "active":
      conds.push(memberActiveAt(now));
      break;
    case "due":
      conds.push(memberRenewalDueAt(now, f.dueDays ? Number(f.dueDays) : RENEWAL_DUE_DAYS));
      break;
    case "ended":
      conds.push(memberEndedAt(now));
      break;
    case "grace":
      conds.push(memberInGraceAt(now, graceDays));
      break;
    case "lapsed":
      conds.push(memberLapsedAt(now, graceDays));
      break;
    case "":
      break;
  }
  if (f.joined) conds.push(memberJoinedIn(instant(fromPacificDateInput(f.joined)!), now));
  if (f.q) {
    const pattern = `%${escapeLike(f.q)}%`;
    conds.push(
      or(ilike(sql`${users.firstName} || ' ' || ${users.lastName}`, pattern), ilike(users.email, pattern), ilike(users.company, pattern)),
    );
  }
  if (f.type) conds.push(eq(users.memberType, f.type));
  if (f.verified) conds.push(eq(users.isVerified, f.verified === "yes"));
  switch (f.status) {
    case "":
      conds.push(current);
      break;
    case "active":
      conds.push(current, not(lockedNow));
      break;
    case "locked":
      conds.push(current, lockedNow);
      break;
    case "deactivated":
      conds.push(not(current));
      break;
    case "all":
      break;
  }
  return and(...conds);
}

/** One page of the member list, and how many match in all. */
export async function listUsers(db: Reader, f: UserFilters, graceDays: number, page: { limit: number; offset: number }) {
  const rows = await db
    .select({ ...adminUserColumns, total: sql<number>`count(*) OVER ()`.mapWith(Number) })
    .from(users)
    .where(userWhere(f, graceDays))
    .orderBy(asc(sql`lower(${users.lastName})`), asc(sql`lower(${users.firstName})`), asc(users.id))
    .limit(page.limit)
    .offset(page.offset);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && page.offset > 0) {
    // Past the last page: the window count is not there to read, so ask for it.
    const [row] = await db.select({ n: count() }).from(users).where(userWhere(f, graceDays));
    total = row?.n ?? 0;
  }
  return { rows: rows.map(({ total: _t, ...u }) => u), total };
}

/** One page of the matching accounts for the CSV (csvPagedResponse reads them all, a page at a time). */
export async function exportUsers(db: Reader, f: UserFilters, graceDays: number, page: { limit: number; offset: number }): Promise<AdminUser[]> {
  return db
    .select(adminUserColumns)
    .from(users)
    .where(userWhere(f, graceDays))
    .orderBy(asc(sql`lower(${users.lastName})`), asc(sql`lower(${users.firstName})`), asc(users.id))
    .limit(page.limit)
    .offset(page.offset);
}

export async function findUser(db: Reader, id: string): Promise<AdminUser | null> {
  if (!isId(id)) return null;
  const [row] = await db.select(adminUserColumns).from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

/** The account row locked for the rest of the transaction, so two admins cannot interleave. */
export async function lockUser(tx: Tx, id: string): Promise<AdminUser | null> {
  const [row] = await tx.select(adminUserColumns).from(users).where(eq(users.id, id)).limit(1).for("update");
  return row ?? null;
}

/**
 * Whether an account holds admin rights: an admin account, or active role grants that
 * add up to every permission in the catalogue (the admin role, or a custom copy of it).
 * Acting on such an account needs admin rights too (see user-actions.tsx).
 */
export async function isAdminAccount(db: Reader, user: Pick<AdminUser, "id" | "memberType">): Promise<boolean> {
  if (user.memberType === "admin") return true;
  const [row] = await db
    .select({
      held: sql<number>`(
        select count(distinct rp.permission_id)::int
        from user_roles ur
        join roles r on r.id = ur.role_id and r.is_active
        join role_permissions rp on rp.role_id = r.id
        where ur.user_id = ${user.id} and ur.is_active and (ur.expires_at is null or ur.expires_at > now())
      )`,
      total: sql<number>`(select count(*)::int from permissions)`,
    })
    .from(sql`(select 1) as one`);
  return row !== undefined && row.total > 0 && row.held >= row.total;
}

const assigner = alias(users, "assigner");
const actor = alias(users, "actor");
const target = alias(users, "target");

export async function userRoleGrants(db: Reader, userId: string) {
  return db
    .select({
      roleId: roles.id,
      name: roles.name,
      roleActive: roles.isActive,
      assignedAt: userRoles.assignedAt,
      expiresAt: userRoles.expiresAt,
      isActive: userRoles.isActive,
      assignedBy: sql<string | null>`${assigner.firstName} || ' ' || ${assigner.lastName}`,
    })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .leftJoin(assigner, eq(assigner.id, userRoles.assignedBy))
    .where(eq(userRoles.userId, userId))
    .orderBy(asc(roles.name));
}
export type RoleGrant = Awaited<ReturnType<typeof userRoleGrants>>[number];

export async function activeSessionCount(db: Reader, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, sql`now()`)));
  return row?.n ?? 0;
}

/** Roles an admin can hand out, for the assign form. */
export async function assignableRoles(db: Reader) {
  return db.select({ id: roles.id, name: roles.name }).from(roles).where(eq(roles.isActive, true)).orderBy(asc(roles.name));
}

const auditColumns = {
  id: adminActions.id,
  action: adminActions.action,
  details: adminActions.details,
  createdAt: adminActions.createdAt,
  actorId: adminActions.userId,
  actorName: sql<string | null>`${actor.firstName} || ' ' || ${actor.lastName}`,
  targetId: adminActions.targetUserId,
  targetName: sql<string | null>`${target.firstName} || ' ' || ${target.lastName}`,
};

export async function recentActionsAbout(db: Reader, userId: string, limit = 10) {
  return db
    .select(auditColumns)
    .from(adminActions)
    .leftJoin(actor, eq(actor.id, adminActions.userId))
    .leftJoin(target, eq(target.id, adminActions.targetUserId))
    .where(eq(adminActions.targetUserId, userId))
    .orderBy(desc(adminActions.createdAt), desc(adminActions.id))
    .limit(limit);
}
export type AuditRow = Awaited<ReturnType<typeof recentActionsAbout>>[number];

/** An actor or target filter: an account id, or an email address matched exactly (any case). */
function personFilter(column: typeof adminActions.userId | typeof adminActions.targetUserId, value: string): SQL | undefined {
  if (!value) return undefined;
  if (isId(value)) return eq(column, value);
  return sql`${column} IN (SELECT ${users.id} FROM ${users} WHERE lower(${users.email}) = lower(${value}))`;
}

export async function listAuditActions(db: Reader, f: AuditFilters, page: { limit: number; offset: number }) {
  const where = and(
    f.action ? eq(adminActions.action, f.action) : undefined,
    personFilter(adminActions.userId, f.actor),
    personFilter(adminActions.targetUserId, f.target),
  );
  const rows = await db
    .select({ ...auditColumns, total: sql<number>`count(*) OVER ()`.mapWith(Number) })
    .from(adminActions)
    .leftJoin(actor, eq(actor.id, adminActions.userId))
    .leftJoin(target, eq(target.id, adminActions.targetUserId))
    .where(where)
    .orderBy(desc(adminActions.createdAt), desc(adminActions.id))
    .limit(page.limit)
    .offset(page.offset);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && page.offset > 0) {
    const [row] = await db.select({ n: count() }).from(adminActions).where(where);
    total = row?.n ?? 0;
  }
  return { rows: rows.map(({ total: _t, ...r }) => r), total };
}

// ---------- roles ----------

export async function listRoles(db: Reader) {
  return db
    .select({
      id: roles.id,
      name: roles.name,
      description: roles.description,
      isSystemRole: roles.isSystemRole,
      isActive: roles.isActive,
      // Members for whom the grant counts now: active and unexpired.
      // Qualified by hand: drizzle writes a column of the only table in FROM unqualified, which
      // inside these subqueries would bind to the subquery's own "id".
      members: sql<number>`(SELECT count(*) FROM ${userRoles} ur WHERE ur.role_id = "roles"."id" AND ur.is_active AND (ur.expires_at IS NULL OR ur.expires_at > now()))`.mapWith(
        Number,
      ),
      permissions: sql<number>`(SELECT count(*) FROM ${rolePermissions} rp WHERE rp.role_id = "roles"."id")`.mapWith(Number),
    })
    .from(roles)
    .orderBy(desc(roles.isSystemRole), asc(roles.name));
}
export type RoleSummary = Awaited<ReturnType<typeof listRoles>>[number];

export async function findRole(db: Reader, id: string) {
  if (!isId(id)) return null;
  const [row] = await db.select().from(roles).where(eq(roles.id, id)).limit(1);
  return row ?? null;
}

export async function roleByName(db: Reader, name: string) {
  const [row] = await db.select({ id: roles.id }).from(roles).where(sql`lower(${roles.name}) = lower(${name})`).limit(1);
  return row ?? null;
}

export async function allPermissions(db: Reader) {
  return db
    .select({ id: permissions.id, name: permissions.name, description: permissions.description, resource: permissions.resource, action: permissions.action })
    .from(permissions)
    .orderBy(asc(permissions.resource), asc(permissions.action));
}
export type PermissionRow = Awaited<ReturnType<typeof allPermissions>>[number];

/** Names of the permissions a role grants now, sorted. */
export async function rolePermissionNames(db: Reader, roleId: string): Promise<string[]> {
  const rows = await db
    .select({ name: permissions.name })
    .from(rolePermissions)
    .innerJoin(permissions, eq(permissions.id, rolePermissions.permissionId))
    .where(eq(rolePermissions.roleId, roleId))
    .orderBy(asc(permissions.name));
  return rows.map((r) => r.name);
}

// ---------- outbox ----------

export async function listOutbox(db: Reader, f: OutboxFilters, page: { limit: number; offset: number }) {
  const where = f.status ? eq(emailOutbox.status, f.status) : undefined;
  const rows = await db
    .select({
      id: emailOutbox.id,
      toAddress: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      textBody: emailOutbox.textBody,
      kind: emailOutbox.kind,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      createdAt: emailOutbox.createdAt,
      sentAt: emailOutbox.sentAt,
      nextAttemptAt: emailOutbox.nextAttemptAt,
      total: sql<number>`count(*) OVER ()`.mapWith(Number),
    })
    .from(emailOutbox)
    .where(where)
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(page.limit)
    .offset(page.offset);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && page.offset > 0) {
    const [row] = await db.select({ n: count() }).from(emailOutbox).where(where);
    total = row?.n ?? 0;
  }
  return { rows: rows.map(({ total: _t, ...r }) => r), total };
}
export type OutboxRow = Awaited<ReturnType<typeof listOutbox>>["rows"][number];

