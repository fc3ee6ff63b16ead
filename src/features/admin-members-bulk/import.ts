// Importing members: the plan (what each checked row would do: create, update, unchanged, or
// an error) read from Postgres without writing, and the commit that upserts by email
// (case-insensitive) one transaction per batch, invites each new member (INVITE token and
// email through the outbox, in the same transaction) and writes a MEMBERS_IMPORTED audit row
// per batch. The commit plans again inside each transaction, under row locks, so it acts on
// what the database holds then, never on what the preview showed.
import { and, eq, inArray, sql } from "drizzle-orm";
import { hashPassword } from "../../auth/password.ts";
import { hasAdminRights, holdsPermission } from "../../auth/rbac.ts";
import type { CurrentUser } from "../../auth/session.ts";
import type { Config } from "../../config.ts";
import type { Db, DbOrTx, Tx } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import { permissions, rolePermissions, roles, userRoles, users } from "../../db/schema/accounts.ts";
import { membershipTiers } from "../../db/schema/payments.ts";
import { type AuditActor, recordAdminAction } from "../../lib/audit.ts";
import { ADMIN_TARGET_REFUSED } from "../admin/shared.tsx";
import { sendInvitations } from "../auth/email-tokens.ts";
import type { CheckedRow, MemberRowInput } from "./import-file.ts";

export type RowOutcome = "create" | "update" | "unchanged" | "error";

export interface PlannedMemberRow {
  line: number;
  email: string;
  name: string;
  outcome: RowOutcome;
  /** Update: the fields that change. */
  changes: string[];
  errors: string[];
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export function countsOf(rows: readonly Pick<PlannedMemberRow, "outcome">[]): ImportCounts {
  const counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const r of rows) {
    if (r.outcome === "create") counts.created++;
    else if (r.outcome === "update") counts.updated++;
    else if (r.outcome === "unchanged") counts.unchanged++;
    else counts.failed++;
  }
  return counts;
}

/** Rows per commit transaction. */
export const IMPORT_BATCH = 200;

interface Existing {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  company: string | null;
  phone: string | null;
  membershipTierId: string | null;
  membershipExpiresAt: Date | null;
  deactivated: boolean;
  isAdmin: boolean;
}

interface Lookups {
  existing: Map<string, Existing>;
  tiers: Map<string, { id: string; name: string }>;
  roles: Map<string, { id: string; name: string; permissions: string[] }>;
  /** `${userId}:${roleId}` of active grants. */
  grants: Set<string>;
}

const FIELD_LABEL = {
  firstName: "first name",
  lastName: "last name",
  company: "company",
  phone: "phone",
  membershipTierId: "membership tier",
  membershipExpiresAt: "membership expiry",
} as const;

async function lookups(db: DbOrTx, rows: readonly CheckedRow[], lock: boolean): Promise<Lookups> {
  const good = rows.filter((r): r is Extract<CheckedRow, { ok: true }> => r.ok);
  const emails = good.map((r) => r.input.email);
  const roleNames = [...new Set(good.map((r) => r.input.roleName?.toLowerCase()).filter((n): n is string => !!n))];
  const existingQuery =
    emails.length === 0
      ? Promise.resolve([])
      : (() => {
          const q = db
            .select({
              id: users.id,
              email: users.email,
              firstName: users.firstName,
              lastName: users.lastName,
              company: users.company,
              phone: users.phone,
              membershipTierId: users.membershipTierId,
              membershipExpiresAt: users.membershipExpiresAt,
              deactivated: sql<boolean>`(${users.deletedAt} IS NOT NULL OR NOT ${users.isActive})`,
              isAdmin: sql<boolean>`(${users.memberType} = 'admin' OR (
                select count(distinct rp.permission_id) from user_roles ur
                join roles r on r.id = ur.role_id and r.is_active
                join role_permissions rp on rp.role_id = r.id
                where ur.user_id = users.id and ur.is_active and (ur.expires_at is null or ur.expires_at > now())
              ) >= (select count(*) from permissions))`,
            })
            .from(users)
            .where(inArray(sql`lower(${users.email})`, emails));
          return lock ? q.for("update", { of: users }) : q;
        })();
  const [existingRows, tierRows, roleRows] = await Promise.all([
    existingQuery,
    db.select({ id: membershipTiers.id, name: membershipTiers.name }).from(membershipTiers).where(eq(membershipTiers.isActive, true)),
    roleNames.length === 0
      ? Promise.resolve([])
      : db
          .select({ id: roles.id, name: roles.name, permission: permissions.name })
          .from(roles)
          .leftJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
          .leftJoin(permissions, eq(permissions.id, rolePermissions.permissionId))
          .where(and(eq(roles.isActive, true), inArray(sql`lower(${roles.name})`, roleNames))),
  ]);
  const existing = new Map(existingRows.map((u) => [u.email.toLowerCase(), u]));
  const roleMap = new Map<string, { id: string; name: string; permissions: string[] }>();
  for (const r of roleRows) {
    const entry = roleMap.get(r.name.toLowerCase()) ?? { id: r.id, name: r.name, permissions: [] };
    if (r.permission) entry.permissions.push(r.permission);
    roleMap.set(r.name.toLowerCase(), entry);
  }
  const userIds = existingRows.map((u) => u.id);
  const roleIds = [...roleMap.values()].map((r) => r.id);
  const grantRows =
    userIds.length === 0 || roleIds.length === 0
      ? []
      : await db
          .select({ userId: userRoles.userId, roleId: userRoles.roleId })
          .from(userRoles)
          .where(and(inArray(userRoles.userId, userIds), inArray(userRoles.roleId, roleIds), eq(userRoles.isActive, true)));
  return {
    existing,
    tiers: new Map(tierRows.map((t) => [t.name.toLowerCase(), t])),
    roles: roleMap,
    grants: new Set(grantRows.map((g) => `${g.userId}:${g.roleId}`)),
  };
}

interface RowPlan extends PlannedMemberRow {
  input?: MemberRowInput;
  existing?: Existing;
  tierId?: string;
  role?: { id: string; name: string };
  grantRole: boolean;
}

function planRow(row: CheckedRow, look: Lookups, me: CurrentUser): RowPlan {
  if (!row.ok) {
    const name = [row.cells.first_name, row.cells.last_name].filter(Boolean).join(" ");
    return { line: row.line, email: row.email || (row.cells.email ?? ""), name, outcome: "error", changes: [], errors: row.errors, grantRole: false };
  }
  const input = row.input;
  const base = { line: row.line, email: input.email, name: `${input.firstName} ${input.lastName}`, changes: [] as string[], grantRole: false };
  const errors: string[] = [];
  let tierId: string | undefined;
  if (input.tierName) {
    const tier = look.tiers.get(input.tierName.toLowerCase());
    if (tier) tierId = tier.id;
    else errors.push(`Unknown membership tier “${input.tierName}”; use one of: ${[...look.tiers.values()].map((t) => t.name).join(", ") || "(none set up)"}`);
  }
  let role: { id: string; name: string } | undefined;
  if (input.roleName) {
    const found = look.roles.get(input.roleName.toLowerCase());
    if (!found) errors.push(`Unknown role “${input.roleName}”`);
    else if (!holdsPermission(me, "roles:manage")) errors.push("Granting a role needs the roles:manage permission");
    else {
      const missing = found.permissions.filter((p) => !holdsPermission(me, p));
      if (missing.length > 0) errors.push(`You can only hand out permissions you hold yourself; ${found.name} would give ${missing.join(", ")}`);
      else role = found;
    }
  }
  const existing = look.existing.get(input.email);
  if (existing) {
    if (existing.deactivated) errors.push("This account is deactivated; reactivate it on its page first");
    if (existing.isAdmin && !hasAdminRights(me)) errors.push(ADMIN_TARGET_REFUSED);
    if (existing.id === me.id && role) errors.push("You cannot grant a role to yourself");
  }
  if (errors.length > 0) return { ...base, outcome: "error", errors, input, existing };
  const chosenRole = role;
  if (!existing) return { ...base, outcome: "create", errors: [], input, tierId, role: chosenRole, grantRole: !!chosenRole };
  const wanted: Partial<Record<keyof typeof FIELD_LABEL, unknown>> = {
    firstName: input.firstName,
    lastName: input.lastName,
    ...(input.company !== undefined ? { company: input.company } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    ...(tierId !== undefined ? { membershipTierId: tierId } : {}),
    ...(input.expiresAt !== undefined ? { membershipExpiresAt: input.expiresAt } : {}),
  };
  const changes: string[] = [];
  for (const [key, value] of Object.entries(wanted) as Array<[keyof typeof FIELD_LABEL, unknown]>) {
    const before = existing[key];
    const same = value instanceof Date ? before instanceof Date && before.getTime() === value.getTime() : before === value;
    if (!same) changes.push(FIELD_LABEL[key]);
  }
  const grantRole = !!chosenRole && !look.grants.has(`${existing.id}:${chosenRole.id}`);
  if (grantRole) changes.push(`role ${chosenRole!.name}`);
  return { ...base, outcome: changes.length > 0 ? "update" : "unchanged", changes, errors: [], input, existing, tierId, role: chosenRole, grantRole };
}

/** What each row would do, read without writing. */
export async function planMemberImport(db: DbOrTx, me: CurrentUser, rows: readonly CheckedRow[]): Promise<PlannedMemberRow[]> {
  const look = await lookups(db, rows, false);
  return rows.map((r) => publicRow(planRow(r, look, me)));
}

const publicRow = (p: RowPlan): PlannedMemberRow => ({ line: p.line, email: p.email, name: p.name, outcome: p.outcome, changes: p.changes, errors: p.errors });

/** The commit: batches of IMPORT_BATCH rows, each planned again and written in its own transaction. */
export async function commitMemberImport(
  db: Db,
  config: Config,
  me: CurrentUser,
  actor: AuditActor,
  input: { rows: readonly CheckedRow[]; importId: string; fileName: string },
): Promise<PlannedMemberRow[]> {
  // New accounts get a password nobody knows (a random one, hashed once per import): until the
  // member follows the invitation, no password signs in to them.
  const unusablePassword = await hashPassword(`${newId()}${newId()}`, config.PASSWORD_PEPPER);
  const out: PlannedMemberRow[] = [];
  const batches = Math.max(1, Math.ceil(input.rows.length / IMPORT_BATCH));
  for (let b = 0; b < batches; b++) {
    const batch = input.rows.slice(b * IMPORT_BATCH, (b + 1) * IMPORT_BATCH);
    const done = await db.transaction(async (tx) => {
      const look = await lookups(tx, batch, true);
      const planned = batch.map((r) => planRow(r, look, me));
      const results = await applyBatch(tx, config, me, planned, unusablePassword);
      const counts = countsOf(results);
      if (counts.created + counts.updated > 0 || b === 0) {
        await recordAdminAction(tx, actor, {
          action: "MEMBERS_IMPORTED",
          details: `Members imported from ${input.fileName}${batches > 1 ? ` (part ${b + 1} of ${batches})` : ""}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.failed} failed`,
          extra: { importId: input.importId, fileName: input.fileName, batch: b + 1, batches, ...counts },
        });
      }
      return results;
    });
    out.push(...done);
  }
  return out;
}

/**
 * Writes one batch: every new account in one insert, their roles in one, their invitations in
 * two (tokens, emails); each update on its own (each sets different fields). Results in file order.
 */
async function applyBatch(tx: Tx, config: Config, me: CurrentUser, planned: readonly RowPlan[], unusablePassword: string): Promise<PlannedMemberRow[]> {
  const creates = planned.filter((p) => p.outcome === "create" && p.input);
  const created = new Map<string, { id: string; email: string; firstName: string }>();
  if (creates.length > 0) {
    const rows = await tx
      .insert(users)
      .values(
        creates.map(({ input, tierId }) => ({
          email: input!.email,
          password: unusablePassword,
          firstName: input!.firstName,
          lastName: input!.lastName,
          company: input!.company ?? null,
          phone: input!.phone ?? null,
          membershipTierId: tierId ?? null,
          membershipExpiresAt: input!.expiresAt ?? null,
          isVerified: false,
          createdById: me.id,
          updatedById: me.id,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: users.id, email: users.email, firstName: users.firstName });
    // Keyed by the lower-cased address, as the file's emails are read (import-file.ts).
    for (const row of rows) created.set(row.email.toLowerCase(), row);
    const now = new Date();
    const roles = creates.flatMap((p) => {
      const user = created.get(p.input!.email);
      return user && p.role ? [{ userId: user.id, roleId: p.role.id, assignedBy: me.id, assignedAt: now, isActive: true }] : [];
    });
    if (roles.length > 0) await tx.insert(userRoles).values(roles);
    await sendInvitations(tx, config, rows);
  }
  const results: PlannedMemberRow[] = [];
  for (const p of planned) {
    if (p.outcome === "create" && p.input && !created.has(p.input.email)) {
      results.push({ ...publicRow(p), outcome: "error", errors: ["An account with this email was created meanwhile; import the file again"] });
    } else {
      results.push(p.outcome === "update" ? await applyUpdate(tx, me, p) : publicRow(p));
    }
  }
  return results;
}

async function applyUpdate(tx: Tx, me: CurrentUser, p: RowPlan): Promise<PlannedMemberRow> {
  const input = p.input!;
  const now = new Date();
  const existing = p.existing!;
  const set: Partial<typeof users.$inferInsert> = { firstName: input.firstName, lastName: input.lastName, updatedById: me.id };
  if (input.company !== undefined) set.company = input.company;
  if (input.phone !== undefined) set.phone = input.phone;
  if (p.tierId !== undefined) set.membershipTierId = p.tierId;
  if (input.expiresAt !== undefined) set.membershipExpiresAt = input.expiresAt;
  await tx.update(users).set(set).where(eq(users.id, existing.id));
  if (p.grantRole && p.role) {
    await tx
      .insert(userRoles)
      .values({ userId: existing.id, roleId: p.role.id, assignedBy: me.id, assignedAt: now, isActive: true })
      .onConflictDoUpdate({ target: [userRoles.userId, userRoles.roleId], set: { isActive: true, expiresAt: null, assignedBy: me.id, assignedAt: now } });
  }
  return publicRow(p);
}
