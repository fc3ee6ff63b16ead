// GET /admin: the numbers, a chart and a table for each, and links only to lists this admin may open.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { permissions, rolePermissions, roles, userRoles } from "../../src/db/schema/accounts.ts";
import { newId } from "../../src/db/ids.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get } from "../helpers/http.ts";

const db = useTestDb();

async function holderOf(permission: string): Promise<string> {
  const account = await createAccount(db, { firstName: "Reader" });
  const [role] = await db.insert(roles).values({ name: `dashboard ${permission} ${newId()}`, description: "Dashboard test" }).returning({ id: roles.id });
  const [p] = await db.select({ id: permissions.id }).from(permissions).where(eq(permissions.name, permission));
  await db.insert(rolePermissions).values({ roleId: role!.id, permissionId: p!.id });
  await db.insert(userRoles).values({ userId: account.id, roleId: role!.id });
  return sessionCookie(db, account.id);
}

describe("GET /admin (dashboard)", () => {
  it("shows each number with an SVG trend that has a name, a month-by-month table and the list behind it", async () => {
    const admin = await createAccount(db, { memberType: "admin", roles: ["admin"] });
    const res = await get("/admin", { headers: { cookie: await sessionCookie(db, admin.id) } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const html = await res.text();
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    const cards = html.match(/<section class="card" aria-labelledby="k-[a-z-]+">/g) ?? [];
    expect(cards.length).toBe(14);
    expect(html.match(/<svg class="trend" role="img" aria-label="[^"]+"/g)).toHaveLength(14);
    expect(html.match(/<details><summary>Month by month<\/summary>/g)).toHaveLength(14);
    expect(html).not.toMatch(/<script(?![^>]*src=)/); // no inline script: the charts are plain SVG
    for (const href of ["/admin/users", "/admin/payments?type=MEMBERSHIP", "/admin/events", "/admin/projects?status=BIDDING_OPEN", "/admin/feedback?status=OPEN"]) {
      expect(html).toContain(`href="${href}`);
    }
    expect(html).toMatch(/<h2 id="k-active">Active members<\/h2><span class="stat">[\d,]+<\/span>/);
  });

  it("opens for a holder of users:read alone, without links to lists it may not open", async () => {
    const res = await get("/admin", { headers: { cookie: await holderOf("users:read") } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/admin/users"');
    for (const href of ["/admin/payments", "/admin/events", "/admin/projects", "/admin/feedback", "/admin/outbox"]) expect(html).not.toContain(`href="${href}`);
  });

  it("is refused to a member and to a holder of another admin permission", async () => {
    const member = await createAccount(db);
    expect((await get("/admin", { headers: { cookie: await sessionCookie(db, member.id) } })).status).toBe(403);
    expect((await get("/admin", { headers: { cookie: await holderOf("payments:manage") } })).status).toBe(403);
  });
});
