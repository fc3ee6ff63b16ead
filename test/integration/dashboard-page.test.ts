// GET /admin: the numbers of the latest roll-up (as of when), a chart and a table for each,
// and only the cards whose list this admin may open.
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

const cardIds = (html: string) => [...html.matchAll(/<section class="card" aria-labelledby="(k-[a-z-]+)">/g)].map((m) => m[1]);

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
    for (const href of ["/admin/users?status=all&amp;membership=active", "/admin/payments?type=MEMBERSHIP&amp;received=yes", "/admin/events?when=scheduled", "/admin/projects?bidding=open", "/admin/feedback?status=OPEN"]) {
      expect(html).toContain(`href="${href}`);
    }
    expect(html).toMatch(/<h2 id="k-active">Active members<\/h2><span class="stat">[\d,]+<\/span>/);
    expect(html).toMatch(/Numbers as of <time datetime="[^"]+">[^<]+<\/time>/);
  });

  it("shows a holder of users:read the member cards alone: no revenue, no links to lists it may not open", async () => {
    const res = await get("/admin", { headers: { cookie: await holderOf("users:read") } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(cardIds(html)).toEqual(["k-active", "k-new", "k-renewals", "k-lapsed"]);
    expect(html).not.toContain("revenue");
    for (const href of ["/admin/payments", "/admin/events", "/admin/projects", "/admin/feedback", "/admin/outbox"]) expect(html).not.toContain(`href="${href}`);
  });

  it("opens for a payments-only admin with the revenue cards alone", async () => {
    const res = await get("/admin", { headers: { cookie: await holderOf("payments:manage") } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(cardIds(html)).toEqual(["k-dues", "k-other"]);
    expect(html).not.toContain('href="/admin/users');
    expect(html).toContain('<a href="/admin" aria-current="page">Dashboard</a>');
  });

  it("is refused to a member and to a holder of a permission with no card (event check-in)", async () => {
    const member = await createAccount(db);
    expect((await get("/admin", { headers: { cookie: await sessionCookie(db, member.id) } })).status).toBe(403);
    expect((await get("/admin", { headers: { cookie: await holderOf("events:checkin") } })).status).toBe(403);
  });
});
