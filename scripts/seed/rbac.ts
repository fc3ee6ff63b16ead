// Permissions from the catalogue, the system roles that bundle them, and who holds
// which role, including grants that must NOT count (expired, switched off).
import { PERMISSION_CATALOG, SYSTEM_ROLES, permissionName } from "../../src/auth/permissions.ts";
import type { permissions, rolePermissions, roles, userRoles } from "../../src/db/schema/index.ts";
import type { Member } from "./members.ts";
import type { Rng } from "./random.ts";
import type { Clock } from "./time.ts";

type NewPermission = typeof permissions.$inferInsert;
type NewRole = typeof roles.$inferInsert;
type NewRolePermission = typeof rolePermissions.$inferInsert;
type NewUserRole = typeof userRoles.$inferInsert;

/** A chapter-defined role, to show that roles beyond the system ones work. */
const CUSTOM_ROLES = [
  { name: "board member", description: "Chapter board: reads the audit trail and member directory", permissions: ["members:read", "audit:read"] },
] as const;

export interface RbacSet {
  permissions: NewPermission[];
  roles: NewRole[];
  rolePermissions: NewRolePermission[];
  userRoles: NewUserRole[];
  roleIds: Record<string, string>;
  /** Members holding a live committee-chair grant (they create projects, send announcements). */
  chairs: Member[];
  eventStaff: Member[];
}

export function buildRbac(rng: Rng, clock: Clock, members: Member[], admin: Member): RbacSet {
  const created = clock.at(-2900, 600);
  const permissionRows: NewPermission[] = PERMISSION_CATALOG.map((p) => ({
    id: rng.id(),
    name: permissionName(p),
    description: p.description,
    resource: p.resource,
    action: p.action,
    isSystemPermission: true,
    createdAt: created,
  }));
  const permissionId = new Map(permissionRows.map((p) => [p.name, p.id!]));

  const roleRows: NewRole[] = [];
  const rolePermissionRows: NewRolePermission[] = [];
  const roleIds: Record<string, string> = {};
  const addRole = (name: string, description: string, grants: readonly string[], system: boolean) => {
    const id = rng.id();
    roleIds[name] = id;
    roleRows.push({ id, name, description, isSystemRole: system, isActive: true, createdAt: created, updatedAt: created });
    for (const grant of grants) {
      const pid = permissionId.get(grant);
      if (!pid) throw new Error(`role ${name} grants unknown permission ${grant}`);
      rolePermissionRows.push({ id: rng.id(), roleId: id, permissionId: pid, grantedAt: created, grantedBy: admin.id });
    }
  };
  for (const role of SYSTEM_ROLES) addRole(role.name, role.description, role.permissions, true);
  for (const role of CUSTOM_ROLES) addRole(role.name, role.description, role.permissions, false);

  const userRoleRows: NewUserRole[] = [];
  const grant = (m: Member, role: string, extra: Partial<NewUserRole> = {}) =>
    userRoleRows.push({
      id: rng.id(),
      userId: m.id,
      roleId: roleIds[role]!,
      assignedAt: m.memberSince > clock.days(-30) ? m.memberSince : clock.at(-rng.int(30, 700), rng.int(540, 1020)),
      assignedBy: admin.id,
      isActive: true,
      ...extra,
    });

  for (const m of members) {
    if (m.isAdmin) grant(m, "admin", { assignedAt: m.memberSince });
    else if (m.isActive && m.membershipCurrent) grant(m, "member", { assignedAt: m.memberSince });
  }

  // Roles beyond "member" go to established, verified members in good standing, never the demo member
  // (so its login shows the plain member experience).
  const eligible = rng.shuffle(
    members.filter((m) => !m.isAdmin && m.isActive && m.isVerified && m.membershipCurrent && m.email !== "member@example.org"),
  );
  const chairs = eligible.slice(0, 4);
  const eventStaff = eligible.slice(4, 6);
  const board = eligible.slice(6, 9);
  grant(chairs[0]!, "committee chair");
  grant(chairs[1]!, "committee chair", { expiresAt: clock.days(180) });
  // A term that ended: the grant is still on file but must not confer anything.
  grant(chairs[2]!, "committee chair", { assignedAt: clock.days(-400), expiresAt: clock.days(-35) });
  // Switched off by an admin rather than expired.
  grant(chairs[3]!, "committee chair", { isActive: false });
  grant(eventStaff[0]!, "event staff");
  grant(eventStaff[1]!, "event staff", { expiresAt: clock.days(120) });
  for (const m of board) grant(m, "board member", { expiresAt: clock.days(rng.int(200, 700)) });

  return {
    permissions: permissionRows,
    roles: roleRows,
    rolePermissions: rolePermissionRows,
    userRoles: userRoleRows,
    roleIds,
    chairs: chairs.slice(0, 2),
    eventStaff,
  };
}
