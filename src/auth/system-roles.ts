import { inArray } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { permissions, rolePermissions, roles } from "../db/schema/accounts.ts";
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
