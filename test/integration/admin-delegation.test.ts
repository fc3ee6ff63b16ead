// Delegated admin permissions stay within their holder's own rights: roles:manage cannot
// grant itself (or anyone) more than it holds, and users:manage cannot act on an admin.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { permissions, rolePermissions, roles, userRoles, users } from "../../src/db/schema/accounts.ts";
import { adminActions } from "../../src/db/schema/audit.ts";
import { sessions } from "../../src/db/schema/auth.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { makeUser, useTestDb } from "../helpers/db.ts";
import { postForm } from "../helpers/http.ts";

const db = useTestDb();

async function customRole(grants: string[]): Promise<string> {
  const [role] = await db.insert(roles).values({ name: `delegated ${newId()}`, description: "Test role" }).returning({ id: roles.id });
  for (const name of grants) {
    const [p] = await db.select({ id: permissions.id }).from(permissions).where(eq(permissions.name, name));
    await db.insert(rolePermissions).values({ roleId: role!.id, permissionId: p!.id });
  }
  return role!.id;
}

async function holder(grants: string[]) {
  const account = await createAccount(db, { roles: ["member"], firstName: "Delegate" });
  await db.insert(userRoles).values({ userId: account.id, roleId: await customRole(grants) });
  return { id: account.id, as: { headers: { cookie: await sessionCookie(db, account.id) } } };
}

const roleId = async (name: string) => (await db.select({ id: roles.id }).from(roles).where(eq(roles.name, name)))[0]!.id;
const grantsOf = (userId: string) =>
  db.select({ role: roles.name, isActive: userRoles.isActive }).from(userRoles).innerJoin(roles, eq(roles.id, userRoles.roleId)).where(eq(userRoles.userId, userId));
const auditBy = (userId: string) => db.select().from(adminActions).where(eq(adminActions.userId, userId));

describe("roles:manage alone", () => {
  it("cannot grant itself the admin role (403, nothing written)", async () => {
    const h = await holder(["roles:manage", "users:read"]);
    const res = await postForm(`/admin/users/${h.id}/roles`, { roleId: await roleId("admin") }, h.as);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("You cannot grant a role to yourself");
    expect((await grantsOf(h.id)).map((g) => g.role)).not.toContain("admin");
    expect(await auditBy(h.id)).toHaveLength(0);
  });

  it("cannot grant itself even a role within its rights", async () => {
    const h = await holder(["roles:manage", "users:read", "members:read"]);
    const res = await postForm(`/admin/users/${h.id}/roles`, { roleId: await customRole(["members:read"]) }, h.as);
    expect(res.status).toBe(403);
    expect(await auditBy(h.id)).toHaveLength(0);
  });

  it("cannot grant someone else a role with permissions it does not hold", async () => {
    const h = await holder(["roles:manage", "users:read"]);
    const friend = await createAccount(db);
    const res = await postForm(`/admin/users/${friend.id}/roles`, { roleId: await roleId("admin") }, h.as);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("You can only hand out permissions you hold yourself");
    expect((await grantsOf(friend.id)).map((g) => g.role)).toEqual(["member"]);
    expect(await auditBy(h.id)).toHaveLength(0);
  });

  it("grants another member a role whose permissions it holds, with an audit row", async () => {
    const h = await holder(["roles:manage", "users:read", "members:read"]);
    const friend = await createAccount(db, { roles: [] });
    const res = await postForm(`/admin/users/${friend.id}/roles`, { roleId: await roleId("member") }, h.as);
    expect(res.status).toBe(303);
    expect((await grantsOf(friend.id)).map((g) => g.role)).toEqual(["member"]);
    expect(await auditBy(h.id)).toMatchObject([{ action: "ROLE_ASSIGNED", targetUserId: friend.id }]);
  });

  it("cannot add a permission it does not hold to a role, but may add one it holds", async () => {
    const h = await holder(["roles:manage", "members:read"]);
    const target = await customRole([]);
    const refused = await postForm(`/admin/roles/${target}/permissions`, { permission: "users:manage" }, h.as);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("users:manage");
    expect(await db.select().from(rolePermissions).where(eq(rolePermissions.roleId, target))).toHaveLength(0);
    expect(await auditBy(h.id)).toHaveLength(0);

    const ok = await postForm(`/admin/roles/${target}/permissions`, { permission: "members:read" }, h.as);
    expect(ok.status).toBe(303);
    expect(await db.select().from(rolePermissions).where(eq(rolePermissions.roleId, target))).toHaveLength(1);
    expect(await auditBy(h.id)).toMatchObject([{ action: "ROLE_UPDATED" }]);
  });

  it("cannot revoke an administrator's roles", async () => {
    const h = await holder(["roles:manage", "users:read"]);
    const admin = await createAccount(db, { memberType: "admin", roles: ["admin"] });
    const res = await postForm(`/admin/users/${admin.id}/roles/${await roleId("admin")}/revoke`, {}, h.as);
    expect(res.status).toBe(403);
    expect(await grantsOf(admin.id)).toEqual([{ role: "admin", isActive: true }]);
  });

  it("an admin still grants any role, but not to itself", async () => {
    const admin = await createAccount(db, { memberType: "admin", roles: ["admin"] });
    const as = { headers: { cookie: await sessionCookie(db, admin.id) } };
    const other = await createAccount(db);
    expect((await postForm(`/admin/users/${other.id}/roles`, { roleId: await roleId("event staff") }, as)).status).toBe(303);
    expect((await postForm(`/admin/users/${admin.id}/roles`, { roleId: await roleId("event staff") }, as)).status).toBe(403);
  });
});

describe("users:manage without admin rights, on an admin's account", () => {
  const ACTIONS: Array<[string, Record<string, string>]> = [
    ["deactivate", { confirm: "yes" }],
    ["force-password-reset", {}],
    ["unlock", {}],
    ["verify", {}],
  ];

  it.each(ACTIONS)("refuses %s with 403 and changes nothing", async (action, form) => {
    const h = await holder(["users:read", "users:manage"]);
    // An admin by role grant alone (memberType REGULAR) counts as an admin too.
    for (const admin of [
      await createAccount(db, { memberType: "admin", roles: ["admin"] }),
      await createAccount(db, { roles: ["admin"] }),
    ]) {
      await db.update(users).set({ failedLoginAttempts: 3, isVerified: action !== "verify" }).where(eq(users.id, admin.id));
      await sessionCookie(db, admin.id);
      const res = await postForm(`/admin/users/${admin.id}/${action}`, form, h.as);
      expect(res.status, action).toBe(403);
      expect(await res.text()).toContain("only an administrator can change it");
      const [row] = await db.select().from(users).where(eq(users.id, admin.id));
      expect(row).toMatchObject({ isActive: true, deletedAt: null, failedLoginAttempts: 3 });
      expect(await db.select().from(sessions).where(eq(sessions.userId, admin.id))).toHaveLength(1);
    }
    expect(await auditBy(h.id)).toHaveLength(0);
  });

  it("refuses a profile edit of an admin, and allows one of a regular member", async () => {
    const h = await holder(["users:read", "users:manage"]);
    const admin = await createAccount(db, { memberType: "admin", roles: ["admin"] });
    const res = await postForm(`/admin/users/${admin.id}`, { city: "Nowhere" }, h.as);
    expect(res.status).toBe(403);
    expect((await db.select().from(users).where(eq(users.id, admin.id)))[0]!.city).toBeNull();
    const regular = await makeUser(db, { firstName: "Regular" });
    expect((await postForm(`/admin/users/${regular.id}`, { city: "Fresno" }, h.as)).status).toBe(303);
    expect(await db.select().from(adminActions).where(and(eq(adminActions.userId, h.id), eq(adminActions.targetUserId, regular.id)))).toHaveLength(1);
  });

  it("an admin can still act on another admin", async () => {
    const me = await createAccount(db, { memberType: "admin", roles: ["admin"] });
    const other = await createAccount(db, { memberType: "admin", roles: ["admin"] });
    const res = await postForm(`/admin/users/${other.id}/force-password-reset`, {}, { headers: { cookie: await sessionCookie(db, me.id) } });
    expect(res.status).toBe(303);
  });
});
