// Who gets into the admin screens: members with no permission get 403 on every
// admin route; custom roles count only while their grant is active and unexpired;
// holding one permission opens only its own screens.
import { eq } from "drizzle-orm";
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { permissions, rolePermissions, roles, userRoles, users } from "../../src/db/schema/accounts.ts";
import { adminActions } from "../../src/db/schema/audit.ts";
import { adminRows } from "../authz/admin.ts";
import type { Fixtures } from "../authz/types.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { makeUser, useTestDb } from "../helpers/db.ts";
import { get, ORIGIN, postForm } from "../helpers/http.ts";

const db = useTestDb();

/** A custom role granting exactly these permissions. */
async function customRole(grants: string[]): Promise<string> {
  const [role] = await db.insert(roles).values({ name: `custom ${newId()}`, description: "Test role" }).returning({ id: roles.id });
  for (const name of grants) {
    const [p] = await db.select({ id: permissions.id }).from(permissions).where(eq(permissions.name, name));
    await db.insert(rolePermissions).values({ roleId: role!.id, permissionId: p!.id });
  }
  return role!.id;
}

/** A verified regular member holding only the given role grant, and a cookie for them. */
async function holder(roleId: string, grant: { expiresAt?: Date | null; isActive?: boolean } = {}) {
  const account = await createAccount(db, { roles: [], firstName: "Holder" });
  await db.insert(userRoles).values({ userId: account.id, roleId, expiresAt: grant.expiresAt ?? null, isActive: grant.isActive ?? true });
  return { id: account.id, cookie: await sessionCookie(db, account.id) };
}

describe("a member with no admin permission", () => {
  let f: Fixtures;
  let memberCookie: string;
  beforeAll(async () => {
    const [member, otherMember, admin] = await Promise.all([
      createAccount(db, { firstName: "Member" }),
      createAccount(db, { firstName: "Other" }),
      createAccount(db, { memberType: "admin", roles: ["admin"] }),
    ]);
    f = { member, otherMember, admin, memberOtherSessionId: "unused", memberCredentialId: "unused" };
    memberCookie = await sessionCookie(db, member.id);
  });

  for (const row of adminRows) {
    it(`gets 403 on ${row.method} ${row.route}, and nothing is written`, async () => {
      const headers = new Headers({ cookie: memberCookie, origin: ORIGIN });
      let body: string | undefined;
      if (row.method === "POST") {
        headers.set("content-type", "application/x-www-form-urlencoded");
        body = new URLSearchParams({ confirm: "yes", name: `Sneaky ${newId()}` }).toString();
      }
      const res = await exports.default.fetch(new Request(`${ORIGIN}${row.path(f)}`, { method: row.method, headers, body, redirect: "manual" }));
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("You do not have access to this page");
      const written = await db.select().from(adminActions).where(eq(adminActions.userId, f.member.id));
      expect(written).toHaveLength(0);
    });
  }

  it("does not see the Admin link in the header", async () => {
    const html = await (await get("/", { headers: { cookie: memberCookie } })).text();
    expect(html).not.toContain('href="/admin"');
  });
});

describe("a custom role with users:read (a committee chair given the member list)", () => {
  let roleId: string;
  beforeAll(async () => {
    roleId = await customRole(["members:read", "users:read"]);
  });

  it("gives no permission once the grant has expired (403)", async () => {
    const h = await holder(roleId, { expiresAt: new Date(Date.now() - 60_000) });
    expect((await get("/admin/users", { headers: { cookie: h.cookie } })).status).toBe(403);
  });

  it("works while the grant is unexpired (200), and with no expiry", async () => {
    const soon = await holder(roleId, { expiresAt: new Date(Date.now() + 86_400_000) });
    expect((await get("/admin/users", { headers: { cookie: soon.cookie } })).status).toBe(200);
    const forever = await holder(roleId);
    expect((await get("/admin/users", { headers: { cookie: forever.cookie } })).status).toBe(200);
  });

  it("gives no permission when the grant is revoked or the role switched off", async () => {
    const revoked = await holder(roleId, { isActive: false });
    expect((await get("/admin/users", { headers: { cookie: revoked.cookie } })).status).toBe(403);
    const offRole = await customRole(["users:read"]);
    const h = await holder(offRole);
    expect((await get("/admin/users", { headers: { cookie: h.cookie } })).status).toBe(200);
    await db.update(roles).set({ isActive: false }).where(eq(roles.id, offRole));
    expect((await get("/admin/users", { headers: { cookie: h.cookie } })).status).toBe(403);
  });

  it("turns an expired grant back on when an admin re-assigns it with a future expiry", async () => {
    const h = await holder(roleId, { expiresAt: new Date(Date.now() - 60_000) });
    expect((await get("/admin/users", { headers: { cookie: h.cookie } })).status).toBe(403);
    const admin = await createAccount(db, { memberType: "admin", roles: ["admin"] });
    const adminCookie = await sessionCookie(db, admin.id);
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const res = await postForm(`/admin/users/${h.id}/roles`, { roleId, expiresAt: until }, { headers: { cookie: adminCookie } });
    expect(res.status).toBe(303);
    expect((await get("/admin/users", { headers: { cookie: h.cookie } })).status).toBe(200);
  });

  it("opens only the screens of that permission", async () => {
    const h = await holder(roleId);
    const as = { headers: { cookie: h.cookie } };
    const someone = await makeUser(db, { lockedUntil: new Date(Date.now() + 60_000), failedLoginAttempts: 5 });
    expect((await get("/admin", as)).status).toBe(200);
    expect((await get(`/admin/users/${someone.id}`, as)).status).toBe(200);
    expect((await get("/admin/users.csv", as)).status).toBe(200);
    for (const path of ["/admin/roles", "/admin/outbox", "/admin/audit"]) expect((await get(path, as)).status).toBe(403);
    expect((await postForm(`/admin/users/${someone.id}/unlock`, {}, as)).status).toBe(403);
    expect((await db.select().from(users).where(eq(users.id, someone.id)))[0]!.failedLoginAttempts).toBe(5);
    // Read-only: the account page offers no buttons it could not use.
    const page = await (await get(`/admin/users/${someone.id}`, as)).text();
    expect(page).not.toContain("/unlock");
    expect(page).not.toContain("Assign a role");
    const dashboard = await (await get("/admin", as)).text();
    expect(dashboard).not.toContain('href="/admin/outbox');
  });
});

describe("users:manage without roles:manage", () => {
  it("edits a profile but cannot make anyone an admin", async () => {
    const h = await holder(await customRole(["users:read", "users:manage"]));
    const target = await makeUser(db, { firstName: "Target", city: "Fresno" });
    const as = { headers: { cookie: h.cookie } };
    const refused = await postForm(`/admin/users/${target.id}`, { memberType: "admin", city: "Stockton" }, as);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Only an administrator can change the member type");
    expect((await db.select().from(users).where(eq(users.id, target.id)))[0]).toMatchObject({ memberType: "REGULAR", city: "Fresno" });
    expect(await db.select().from(adminActions).where(eq(adminActions.targetUserId, target.id))).toHaveLength(0);

    const ok = await postForm(`/admin/users/${target.id}`, { memberType: "REGULAR", city: "Stockton" }, as);
    expect(ok.status).toBe(303);
    const audit = await db.select().from(adminActions).where(eq(adminActions.targetUserId, target.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ userId: h.id, action: "USER_UPDATED" });
    expect(audit[0]!.metadata).toMatchObject({ before: { city: "Fresno" }, after: { city: "Stockton" } });
    expect((await postForm(`/admin/users/${target.id}/roles`, { roleId: newId() }, as)).status).toBe(403);
  });
});
