// Who reaches the course admin: a role holding only courses:manage gets every route; an events
// and bids manager (the "committee chair" role: events:manage, projects:manage,
// announcements:send) and a plain member get none of them (403), anonymous is sent to sign in.
import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { permissions, rolePermissions, roles, userRoles } from "../../src/db/schema/accounts.ts";
import { adminCourseRows } from "../authz/admin-courses.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { ORIGIN } from "../helpers/http.ts";

const db = useTestDb();

async function courseManager(): Promise<string> {
  const [role] = await db.insert(roles).values({ name: `only courses:manage ${newId()}`, description: "Course access test" }).returning({ id: roles.id });
  const [p] = await db.select({ id: permissions.id }).from(permissions).where(eq(permissions.name, "courses:manage"));
  await db.insert(rolePermissions).values({ roleId: role!.id, permissionId: p!.id });
  const account = await createAccount(db, { firstName: "Courses" });
  await db.insert(userRoles).values({ userId: account.id, roleId: role!.id });
  return sessionCookie(db, account.id);
}

function request(row: (typeof adminCourseRows)[number], cookie: string | null): Promise<Response> {
  const headers = new Headers({ origin: ORIGIN });
  if (cookie) headers.set("cookie", cookie);
  let body: string | undefined;
  if (row.method === "POST") {
    headers.set("content-type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(row.form?.({} as never) ?? {}).toString();
  }
  return exports.default.fetch(new Request(`${ORIGIN}${row.path({} as never)}`, { method: row.method, headers, body, redirect: "manual" }));
}

describe("course admin access", () => {
  it("lets a holder of courses:manage alone through every route", async () => {
    const cookie = await courseManager();
    for (const row of adminCourseRows) {
      const res = await request(row, cookie);
      expect([401, 403, 404], `${row.method} ${row.route}: ${res.status}`).not.toContain(res.status);
      await res.body?.cancel();
    }
  });

  it("refuses an events and bids manager and a member on every route (403), and sends anonymous to sign in", async () => {
    const chair = await sessionCookie(db, (await createAccount(db, { roles: ["member", "committee chair"], firstName: "Chair" })).id);
    const member = await sessionCookie(db, (await createAccount(db, { firstName: "Member" })).id);
    for (const row of adminCourseRows) {
      for (const [who, cookie] of [
        ["committee chair", chair],
        ["member", member],
      ] as const) {
        const res = await request(row, cookie);
        expect(res.status, `${who}: ${row.method} ${row.route}`).toBe(403);
        await res.body?.cancel();
      }
      const anonymous = await request(row, null);
      expect(anonymous.status, `anonymous: ${row.method} ${row.route}`).toBe(303);
      expect(anonymous.headers.get("location")).toMatch(/^\/login/);
      await anonymous.body?.cancel();
    }
  });

  it("shows the Courses link in the admin sections only to those who may open it", async () => {
    const cookie = await courseManager();
    const page = await exports.default.fetch(new Request(`${ORIGIN}/admin/courses`, { headers: { cookie } }));
    expect(await page.text()).toContain('<a href="/admin/courses" aria-current="page">Courses</a>');
    const chair = await sessionCookie(db, (await createAccount(db, { roles: ["member", "committee chair"], firstName: "Chair" })).id);
    const events = await exports.default.fetch(new Request(`${ORIGIN}/admin/events`, { headers: { cookie: chair } }));
    expect(await events.text()).not.toContain('href="/admin/courses"');
  });
});
