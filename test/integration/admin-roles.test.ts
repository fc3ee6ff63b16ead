// Roles: the list with counts, creating a role, and setting its permissions
// (diffed, audited with before/after names; system roles are fixed).
import { PERMISSION_CATALOG } from "../../src/auth/permissions.ts";
import { and, eq, inArray, sql } from "drizzle-orm";
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { permissions, rolePermissions, roles, userRoles } from "../../src/db/schema/accounts.ts";
import { adminActions } from "../../src/db/schema/audit.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { makeUser, useTestDb } from "../helpers/db.ts";
import { get, ORIGIN, postForm } from "../helpers/http.ts";

const db = useTestDb();
let adminId: string;
let cookie: string;
const as = () => ({ headers: { cookie } });

beforeAll(async () => {
  const admin = await createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Ada" });
  adminId = admin.id;
  cookie = await sessionCookie(db, admin.id);
});

/** Audit rows about a role (they have no target user; the role id is in the metadata). */
const roleAudit = (roleId: string) =>
  db
    .select()
    .from(adminActions)
    .where(and(inArray(adminActions.action, ["ROLE_CREATED", "ROLE_UPDATED"]), sql`${adminActions.metadata}->>'roleId' = ${roleId}`));

const grantedNames = async (roleId: string) =>
  (
    await db
      .select({ name: permissions.name })
      .from(rolePermissions)
      .innerJoin(permissions, eq(permissions.id, rolePermissions.permissionId))
      .where(eq(rolePermissions.roleId, roleId))
  )
    .map((r) => r.name)
    .sort();

/** A form POST with repeated fields (checkboxes). */
function postPairs(path: string, pairs: Array<[string, string]>) {
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(pairs).toString(),
    }),
  );
}

describe("GET /admin/roles", () => {
  it("lists roles with the members they count for now and their permission counts", async () => {
    const [role] = await db.insert(roles).values({ name: `counted ${newId()}`, description: "Counting" }).returning();
    const [perm] = await db.select().from(permissions).where(eq(permissions.name, "users:read"));
    await db.insert(rolePermissions).values({ roleId: role!.id, permissionId: perm!.id });
    const [a, b, c, d] = await Promise.all([makeUser(db), makeUser(db), makeUser(db), makeUser(db)]);
    await db.insert(userRoles).values([
      { userId: a!.id, roleId: role!.id },
      { userId: b!.id, roleId: role!.id, expiresAt: new Date(Date.now() + 86_400_000) },
      { userId: c!.id, roleId: role!.id, expiresAt: new Date(Date.now() - 1000) },
      { userId: d!.id, roleId: role!.id, isActive: false },
    ]);
    const res = await get("/admin/roles", as());
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`${role!.name}</a></th><td>Counting</td><td>Custom</td><td>2</td><td>1</td>`));
    expect(html).toMatch(new RegExp(`>admin</a></th><td>[^<]*</td><td>System</td><td>\\d+</td><td>${PERMISSION_CATALOG.length}</td>`));
    expect(html).toContain("<caption>");
  });
});

describe("POST /admin/roles", () => {
  it("creates a role and audits ROLE_CREATED", async () => {
    const name = `Safety committee ${newId().slice(0, 8)}`;
    const res = await postForm("/admin/roles", { name: `  ${name}  `, description: "Runs the safety committee" }, as());
    expect(res.status).toBe(303);
    const [role] = await db.select().from(roles).where(eq(roles.name, name));
    expect(role).toMatchObject({ description: "Runs the safety committee", isSystemRole: false });
    expect(res.headers.get("location")).toBe(`/admin/roles/${role!.id}?notice=role_created`);
    const audit = await roleAudit(role!.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "ROLE_CREATED", userId: adminId, targetUserId: null });
    expect(audit[0]!.metadata).toMatchObject({ before: null, after: { name, permissions: [] } });
  });

  const bad: Array<[string, Record<string, string>, string]> = [
    ["a one-letter name", { name: "x" }, "at least 2 characters"],
    ["a 61-character name", { name: "n".repeat(61) }, "at most 60 characters"],
    ["a missing name", {}, "Name must be text"],
    ["a name with a control character", { name: "bad\u0007name" }, "plain text on one line"],
    ["an overlong description", { name: "Fine name", description: "d".repeat(301) }, "at most 300 characters"],
  ];
  for (const [label, form, message] of bad) {
    it(`refuses ${label} with 422 and writes nothing`, async () => {
      const before = await db.select({ n: sql<number>`count(*)::int` }).from(roles);
      const res = await postForm("/admin/roles", form, as());
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(message);
      const after = await db.select({ n: sql<number>`count(*)::int` }).from(roles).where(eq(roles.name, form.name ?? ""));
      expect(after[0]!.n).toBe(0);
      expect(before[0]!.n).toBeGreaterThan(0);
    });
  }

  it("refuses a duplicate name, whatever its case, and keeps the input", async () => {
    const res = await postForm("/admin/roles", { name: "Committee Chair", description: "<b>dup</b>" }, as());
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("A role with this name already exists");
    expect(html).toContain('value="&lt;b&gt;dup&lt;/b&gt;"');
    expect(await db.select().from(roles).where(eq(roles.name, "Committee Chair"))).toHaveLength(0);
  });
});

describe("GET /admin/roles/:id", () => {
  it("shows every permission grouped by resource, checked where granted", async () => {
    const [role] = await db.insert(roles).values({ name: `grouped ${newId()}`, description: "x" }).returning();
    const [perm] = await db.select().from(permissions).where(eq(permissions.name, "audit:read"));
    await db.insert(rolePermissions).values({ roleId: role!.id, permissionId: perm!.id });
    const html = await (await get(`/admin/roles/${role!.id}`, as())).text();
    expect(html.match(/<legend>/g)!.length).toBeGreaterThanOrEqual(10);
    expect(html).toContain("<legend>users</legend>");
    expect(html.match(/name="permission"/g)).toHaveLength(PERMISSION_CATALOG.length);
    expect(html).toMatch(/value="audit:read" checked=""/);
    expect(html).not.toMatch(/value="users:read" checked/);
    expect(html).toContain(`Save permissions of ${role!.name}`);
  });

  it("404s an unknown or junk id", async () => {
    expect((await get(`/admin/roles/${newId()}`, as())).status).toBe(404);
    expect((await get(`/admin/roles/%27;drop%20table%20roles`, as())).status).toBe(404);
  });
});

describe("POST /admin/roles/:id/permissions", () => {
  it("applies the difference and audits ROLE_UPDATED with before/after names", async () => {
    const [role] = await db.insert(roles).values({ name: `diffed ${newId()}`, description: "x" }).returning();
    const ids = Object.fromEntries((await db.select().from(permissions)).map((p) => [p.name, p.id]));
    await db.insert(rolePermissions).values([
      { roleId: role!.id, permissionId: ids["members:read"]! },
      { roleId: role!.id, permissionId: ids["audit:read"]! },
    ]);
    const res = await postPairs(`/admin/roles/${role!.id}/permissions`, [
      ["permission", "members:read"],
      ["permission", "users:read"],
      ["permission", "events:manage"],
      ["permission", "users:read"],
    ]);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/roles/${role!.id}?notice=permissions_saved`);
    expect(await grantedNames(role!.id)).toEqual(["events:manage", "members:read", "users:read"]);
    const audit = await roleAudit(role!.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "ROLE_UPDATED", userId: adminId });
    expect(audit[0]!.metadata).toMatchObject({
      before: { permissions: ["audit:read", "members:read"] },
      after: { permissions: ["events:manage", "members:read", "users:read"] },
      added: ["events:manage", "users:read"],
      removed: ["audit:read"],
    });
    const [granted] = await db
      .select()
      .from(rolePermissions)
      .where(and(eq(rolePermissions.roleId, role!.id), eq(rolePermissions.permissionId, ids["users:read"]!)));
    expect(granted!.grantedBy).toBe(adminId);

    // The same set again: nothing to do, nothing audited. None at all: every grant removed.
    const same = await postPairs(`/admin/roles/${role!.id}/permissions`, [
      ["permission", "users:read"],
      ["permission", "members:read"],
      ["permission", "events:manage"],
    ]);
    expect(same.headers.get("location")).toBe(`/admin/roles/${role!.id}?notice=permissions_unchanged`);
    expect(await roleAudit(role!.id)).toHaveLength(1);
    await postPairs(`/admin/roles/${role!.id}/permissions`, []);
    expect(await grantedNames(role!.id)).toEqual([]);
    expect(await roleAudit(role!.id)).toHaveLength(2);
  });

  it("refuses permissions that are not in the catalogue, writing nothing", async () => {
    const [role] = await db.insert(roles).values({ name: `strict ${newId()}`, description: "x" }).returning();
    for (const pairs of [[["permission", "root:all"]], [["permission", "<script>"]], [["permission", "x".repeat(5000)]]] as Array<Array<[string, string]>>) {
      const res = await postPairs(`/admin/roles/${role!.id}/permissions`, [["permission", "users:read"], ...pairs]);
      expect(res.status).toBe(422);
      expect(await res.text()).not.toContain("<script>");
    }
    expect(await grantedNames(role!.id)).toEqual([]);
    expect(await roleAudit(role!.id)).toHaveLength(0);
  });

  it("refuses to change a system role, with a clear message, writing nothing", async () => {
    const [member] = await db.select().from(roles).where(eq(roles.name, "member"));
    const before = await grantedNames(member!.id);
    const res = await postPairs(`/admin/roles/${member!.id}/permissions`, [["permission", "users:manage"]]);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("member is a system role: its permissions are fixed");
    expect(await grantedNames(member!.id)).toEqual(before);
    expect(await roleAudit(member!.id)).toHaveLength(0);
    const page = await (await get(`/admin/roles/${member!.id}`, as())).text();
    expect(page).toContain("<fieldset disabled=\"\">");
    expect(page).not.toContain("Save permissions of member");
  });

  it("404s an unknown role", async () => {
    expect((await postPairs(`/admin/roles/${newId()}/permissions`, [["permission", "users:read"]])).status).toBe(404);
  });
});
