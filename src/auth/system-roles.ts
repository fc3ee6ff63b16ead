import { eq, inArray } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Tx } from "../db/client.ts";
import { permissions, rolePermissions, roles, userRoles } from "../db/schema/accounts.ts";
import { PERMISSION_CATALOG, permissionName, SYSTEM_ROLES } from "./permissions.ts";

type AnyDb = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

/**
 * Makes the permission catalogue and the system roles exist, in every
 * environment (run after migrations). Idempotent: existing rows are kept,
 * missing ones added; custom roles and extra grants are left alone.
 */
export async function syncSystemRoles(db: AnyDb): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(permissions)
      .values(
        PERMISSION_CATALOG.map((p) => ({
          name: permissionName(p),
          description: p.description,
          resource: p.resource,
          action: p.action,
          isSystemPermission: true,
        })),
      )
      .onConflictDoNothing({ target: permissions.name });
    await tx
      .insert(roles)
      .values(SYSTEM_ROLES.map((r) => ({ name: r.name, description: r.description, isSystemRole: true })))
      .onConflictDoNothing({ target: roles.name });
    const roleRows = await tx.select({ id: roles.id, name: roles.name }).from(roles).where(inArray(roles.name, SYSTEM_ROLES.map((r) => r.name)));
    const permRows = await tx.select({ id: permissions.id, name: permissions.name }).from(permissions);
    const permId = new Map(permRows.map((p) => [p.name, p.id]));
    const grants = SYSTEM_ROLES.flatMap((role) => {
      const roleId = roleRows.find((r) => r.name === role.name)!.id;
      return role.permissions.map((name) => ({ roleId, permissionId: permId.get(name)! }));
    });
    await tx.insert(rolePermissions).values(grants).onConflictDoNothing({ target: [rolePermissions.roleId, rolePermissions.permissionId] });
  });
}

/**
 * A confirmed address makes a member: the system "member" role, granted in the
 * caller's transaction. An existing grant, even one an admin switched off, is left as it is.
 */
export async function grantMemberRole(tx: Pick<Tx, "select" | "insert">, userId: string): Promise<void> {
  const [member] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.name, "member")).limit(1);
  if (!member) throw new Error('The system role "member" is missing: run the migrations (they sync system roles).');
  await tx.insert(userRoles).values({ userId, roleId: member.id }).onConflictDoNothing({ target: [userRoles.userId, userRoles.roleId] });
}
