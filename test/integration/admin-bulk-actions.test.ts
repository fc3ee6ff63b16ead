// Bulk actions on the filtered member list: the confirmation counts exactly the filtered
// members; the email is queued (in chunks) for exactly those who want announcements, each
// with its unsubscribe link; roles and memberships change on exactly that set; a set that
// changed between confirmation and apply is refused; a confirmation applies once; audited.
import { and, eq, inArray, sql } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { newId } from "../../src/db/ids.ts";
import { adminActions, emailOutbox, roles, userRoles, users } from "../../src/db/schema/index.ts";
import { BULK_CHUNK } from "../../src/features/admin-members-bulk/bulk.ts";
import { outgoingFor } from "../../src/features/outbox/outbox.ts";
import { get, postForm } from "../helpers/http.ts";
import { makeUser, useTestDb } from "../helpers/db.ts";
import { adminSession, as, sessionWithRoles, type Staff } from "./admin-events-helpers.ts";

const db = useTestDb();
const config = loadConfig(env as unknown as Record<string, unknown>);
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
});

const tag = () => `Bulk ${newId().slice(-10)}`;
const filtersFor = (company: string) => ({ q: company, type: "", status: "", verified: "" });

/** Members of one company (the filter's text), inserted in one statement. */
async function members(company: string, n: number, extra: Partial<typeof users.$inferInsert> = {}) {
  const rows = Array.from({ length: n }, (_, i) => ({
    email: `${company.replace(/\s/g, "-").toLowerCase()}-${i}-${newId()}@test.example.org`,
    password: "not-a-real-hash",
    firstName: "Bulk",
    lastName: `Member ${i}`,
    company,
    isVerified: true,
    ...extra,
  }));
  return db.insert(users).values(rows).returning({ id: users.id, email: users.email });
}

async function confirm(filters: Record<string, string>, action: Record<string, string>, staff: Staff = admin) {
  const res = await postForm("/admin/users/bulk", { ...filters, ...action }, as(staff));
  const html = await res.text();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  return { status: res.status, html, apply: { ...filters, ...action, count: field("count") ?? "", fingerprint: field("fingerprint") ?? "", nonce: field("nonce") ?? "" } };
}
const apply = (form: Record<string, string>, staff: Staff = admin) => postForm("/admin/users/bulk/apply", form, as(staff));
const bulkAudits = (company: string) =>
  db.select().from(adminActions).where(and(eq(adminActions.action, "BULK_ACTION"), sql`${adminActions.metadata}->'filter'->>'q' = ${company}`));

describe("bulk email to a filtered segment", () => {
  it("queues the email for exactly the filtered members who want it, in chunks, each with an unsubscribe link", async () => {
    const company = tag();
    const wanting = await members(company, BULK_CHUNK * 2 + 7);
    const [optedOut] = await members(company, 1, { notificationPreferences: { email: true, sms: false, push: true, announcements: false } });
    const [allOff] = await members(company, 1, { notificationPreferences: { email: false, sms: false, push: false } });
    const [gone] = await members(company, 1, { deletedAt: new Date() });
    const [outside] = await members(`${company} elsewhere`.replace("Bulk", "Other"), 1);
    const filters = filtersFor(company);

    const page = await get(`/admin/users/bulk?${new URLSearchParams(filters)}`, as(admin));
    expect(page.status).toBe(200);
    const pageHtml = await page.text();
    expect(pageHtml).toContain(`<strong>${wanting.length + 2} members</strong>`);
    expect(pageHtml).toContain(`containing “${company}”`);

    const c = await confirm(filters, { action: "email", subject: "Dues reminder", body: "Hello **all**,\n\nSee [the portal](https://example.org/membership)." });
    expect(c.status).toBe(200);
    expect(c.html).toContain(`for <strong>${wanting.length + 2} members</strong>`);
    expect(c.html).toContain(`<strong>${wanting.length} members</strong> will get the email; 2 turned announcement emails off`);
    expect(c.html).toContain("<strong>all</strong>");
    // Nothing queued before the confirmation is applied.
    expect(await db.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.userId, wanting[0]!.id))).toHaveLength(0);

    const res = await apply(c.apply);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("notice=bulk_email");
    const queued = await db.select().from(emailOutbox).where(and(eq(emailOutbox.subject, "Dues reminder"), inArray(emailOutbox.userId, [...wanting.map((w) => w.id), optedOut!.id, allOff!.id, gone!.id, outside!.id])));
    expect(queued.map((q) => q.userId).sort()).toEqual(wanting.map((w) => w.id).sort());
    expect(new Set(queued.map((q) => q.kind))).toEqual(new Set(["ANNOUNCEMENT"]));
    expect(queued[0]!.textBody).toContain("Hello all,");
    expect(queued[0]!.textBody).toContain("the portal (https://example.org/membership)");
    const sent = await outgoingFor(config, { to_address: queued[0]!.toAddress, subject: queued[0]!.subject, text_body: queued[0]!.textBody, kind: queued[0]!.kind, user_id: queued[0]!.userId });
    expect(sent.unsubscribeUrl).toMatch(/\/unsubscribe\//);
    expect(sent.text).toContain(sent.unsubscribeUrl!);

    const [audit] = await bulkAudits(company);
    expect(audit).toMatchObject({ userId: admin.id });
    expect(audit!.metadata).toMatchObject({ action: "email", count: wanting.length + 2, touched: wanting.length, filter: filters });

    // The same confirmation again (back button, double click) changes nothing.
    const twice = await apply(c.apply);
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("already been applied");
    expect(await bulkAudits(company)).toHaveLength(1);
  });

  it("refuses to apply when the filtered set changed after the confirmation, even at the same count, and shows the fresh figures", async () => {
    const company = tag();
    const [a, b] = await members(company, 2);
    const c = await confirm(filtersFor(company), { action: "email", subject: "Changed set", body: "Hi" });
    expect(c.html).toContain("<strong>2 members</strong>");
    // One leaves the set, another joins: still 2, not the same 2.
    await db.update(users).set({ company: "Somewhere else" }).where(eq(users.id, b!.id));
    const [late] = await members(company, 1);
    const res = await apply(c.apply);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("the members matching the filters changed");
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.subject, "Changed set"))).toHaveLength(0);
    // Confirming the fresh set reaches exactly it.
    const fresh = {
      ...c.apply,
      fingerprint: /name="fingerprint" value="([^"]*)"/.exec(html)![1]!,
      nonce: /name="nonce" value="([^"]*)"/.exec(html)![1]!,
      count: /name="count" value="([^"]*)"/.exec(html)![1]!,
    };
    expect((await apply(fresh)).status).toBe(303);
    const queued = await db.select({ userId: emailOutbox.userId }).from(emailOutbox).where(eq(emailOutbox.subject, "Changed set"));
    expect(queued.map((q) => q.userId).sort()).toEqual([a!.id, late!.id].sort());
  });

  it("re-renders the choice with the errors when the email has no subject (422)", async () => {
    const company = tag();
    await members(company, 1);
    const c = await confirm(filtersFor(company), { action: "email", subject: "", body: "Hi" });
    expect(c.status).toBe(422);
    expect(c.html).toContain("Enter subject");
  });
});

describe("bulk role changes", () => {
  it("grants and then removes a role on exactly the filtered members, audited", async () => {
    const company = tag();
    const inSet = await members(company, 3);
    const [outside] = await members(company.replace("Bulk", "Outside"), 1);
    const [staffRole] = await db.select({ id: roles.id }).from(roles).where(eq(roles.name, "event staff"));
    const holders = async () =>
      (await db.select({ userId: userRoles.userId }).from(userRoles).where(and(eq(userRoles.roleId, staffRole!.id), eq(userRoles.isActive, true), inArray(userRoles.userId, [...inSet.map((u) => u.id), outside!.id])))).map((r) => r.userId).sort();

    const grant = await confirm(filtersFor(company), { action: "grantRole", roleId: staffRole!.id });
    expect(grant.html).toContain("grant the role event staff</strong> for <strong>3 members</strong>");
    expect((await apply(grant.apply)).status).toBe(303);
    expect(await holders()).toEqual(inSet.map((u) => u.id).sort());

    const remove = await confirm(filtersFor(company), { action: "removeRole", roleId: staffRole!.id });
    expect((await apply(remove.apply)).status).toBe(303);
    expect(await holders()).toEqual([]);
    const audits = await bulkAudits(company);
    expect(audits.map((a) => [a.metadata && (a.metadata as { action: string }).action, (a.metadata as { touched: number }).touched]).sort()).toEqual([
      ["grantRole", 3],
      ["removeRole", 3],
    ]);
  });

  it("refuses a role change without roles:manage, on a set holding an administrator, or including the admin's own account", async () => {
    const company = tag();
    await members(company, 2);
    const [staffRole] = await db.select({ id: roles.id }).from(roles).where(eq(roles.name, "event staff"));
    const usersOnly = await sessionWithRoles(db, ["member"]);
    const [role] = await db.insert(roles).values({ name: `bulk users only ${newId()}`, description: "test" }).returning({ id: roles.id });
    await db.execute(sql`insert into role_permissions (id, role_id, permission_id) select ${newId()}, ${role!.id}, id from permissions where name = 'users:manage'`);
    await db.insert(userRoles).values({ userId: usersOnly.id, roleId: role!.id });
    const noRoles = await confirm(filtersFor(company), { action: "grantRole", roleId: staffRole!.id }, usersOnly);
    expect(noRoles.status).toBe(422);
    expect(noRoles.html).toContain("needs the roles:manage permission");
    expect(noRoles.html).not.toContain('action="/admin/users/bulk/apply"');

    await makeUser(db, { company, memberType: "admin", isVerified: true });
    const withAdmin = await confirm(filtersFor(company), { action: "extend", extendBy: "months", months: "3" }, usersOnly);
    expect(withAdmin.status).toBe(422);
    expect(withAdmin.html).toContain("only an administrator can change it");

    const [me] = await db.select({ email: users.email }).from(users).where(eq(users.id, admin.id));
    const self = await confirm(filtersFor(me!.email), { action: "grantRole", roleId: staffRole!.id });
    expect(self.status).toBe(422);
    expect(self.html).toContain("You cannot grant a role to yourself");
  });
});

describe("bulk membership extension", () => {
  it("extends by months from the later of today and the current expiry, on exactly the filtered members", async () => {
    const company = tag();
    const now = Date.now();
    const future = new Date(now + 100 * 86_400_000);
    const [running] = await members(company, 1, { membershipExpiresAt: future });
    const [lapsed] = await members(company, 1, { membershipExpiresAt: new Date(now - 400 * 86_400_000), membershipLapsedAt: new Date(now - 380 * 86_400_000) });
    const [none] = await members(company, 1);
    const [outside] = await members(company.replace("Bulk", "Outside"), 1, { membershipExpiresAt: future });
    const c = await confirm(filtersFor(company), { action: "extend", extendBy: "months", months: "12" });
    expect(c.html).toContain("extend memberships by 12 months");
    expect((await apply(c.apply)).status).toBe(303);
    const rows = await db.select({ id: users.id, expires: users.membershipExpiresAt, lapsedAt: users.membershipLapsedAt }).from(users).where(inArray(users.id, [running!.id, lapsed!.id, none!.id, outside!.id]));
    const by = new Map(rows.map((r) => [r.id, r]));
    const plusYear = (d: Date) => {
      const x = new Date(d);
      x.setUTCFullYear(x.getUTCFullYear() + 1);
      return x.getTime();
    };
    expect(by.get(running!.id)!.expires!.getTime()).toBe(plusYear(future));
    for (const id of [lapsed!.id, none!.id]) {
      expect(Math.abs(by.get(id)!.expires!.getTime() - plusYear(new Date(now)))).toBeLessThan(60_000);
    }
    expect(by.get(lapsed!.id)!.lapsedAt).toBeNull();
    expect(by.get(outside!.id)!.expires!.getTime()).toBe(future.getTime());
    const [audit] = await bulkAudits(company);
    expect(audit!.metadata).toMatchObject({ action: "extend", count: 3, touched: 3, params: { months: 12 } });
  });

  it("extends only the lapsed members (the membership filter), for a users:manage delegate who then lands on the list it acted on", async () => {
    const company = tag();
    const now = Date.now();
    const [lapsed] = await members(company, 1, { membershipExpiresAt: new Date(now - 400 * 86_400_000) });
    const [inGrace] = await members(company, 1, { membershipExpiresAt: new Date(now - 3 * 86_400_000) });
    const [running] = await members(company, 1, { membershipExpiresAt: new Date(now + 100 * 86_400_000) });
    const delegate = await sessionWithRoles(db, ["member"]);
    const [role] = await db.insert(roles).values({ name: `bulk users only ${newId()}`, description: "test" }).returning({ id: roles.id });
    await db.execute(sql`insert into role_permissions (id, role_id, permission_id) select ${newId()}, ${role!.id}, id from permissions where name = 'users:manage'`);
    await db.insert(userRoles).values({ userId: delegate.id, roleId: role!.id });

    const filters = { ...filtersFor(company), membership: "lapsed" };
    const list = await get(`/admin/users?${new URLSearchParams(filters)}`, as(delegate));
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("(1 match)");
    const c = await confirm(filters, { action: "extend", extendBy: "months", months: "12" }, delegate);
    expect(c.status).toBe(200);
    expect(c.html).toContain("membership: lapsed (past the grace period)");
    expect(c.html).toContain('name="membership" value="lapsed"');
    const res = await apply(c.apply, delegate);
    expect(res.status).toBe(303);
    const back = await get(res.headers.get("location")!, as(delegate));
    expect(back.status).toBe(200);
    expect(await back.text()).toContain("Memberships are extended for every matching member.");

    const rows = await db.select({ id: users.id, expires: users.membershipExpiresAt }).from(users).where(inArray(users.id, [lapsed!.id, inGrace!.id, running!.id]));
    const by = new Map(rows.map((r) => [r.id, r.expires!.getTime()]));
    expect(by.get(lapsed!.id)!).toBeGreaterThan(now + 300 * 86_400_000);
    expect(by.get(inGrace!.id)).toBe(now - 3 * 86_400_000);
    expect(by.get(running!.id)).toBe(now + 100 * 86_400_000);
  });

  it("extends to a date, leaving memberships that already run later as they are", async () => {
    const company = tag();
    const later = new Date("2040-01-01T08:00:00Z");
    const [short] = await members(company, 1, { membershipExpiresAt: new Date(Date.now() + 86_400_000) });
    const [long] = await members(company, 1, { membershipExpiresAt: later });
    const c = await confirm(filtersFor(company), { action: "extend", extendBy: "date", until: "2035-06-30" });
    expect((await apply(c.apply)).status).toBe(303);
    const rows = await db.select({ id: users.id, expires: users.membershipExpiresAt }).from(users).where(inArray(users.id, [short!.id, long!.id]));
    const by = new Map(rows.map((r) => [r.id, r.expires?.toISOString()]));
    expect(by.get(short!.id)).toBe("2035-06-30T07:00:00.000Z");
    expect(by.get(long!.id)).toBe(later.toISOString());
    const [audit] = await bulkAudits(company);
    expect(audit!.metadata).toMatchObject({ count: 2, touched: 1 });
  });
});
