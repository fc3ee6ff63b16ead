// Announcements through the Worker: an admin writes one for an audience; members inside it see
// it (with unread markers), members outside never do; scheduled ones appear and are emailed
// when their time comes; expired ones disappear; an urgent one is a banner on every page until
// dismissed; hostile Markdown is shown as text. Audiences here are always specific (an event's
// registrants, admins), so other test files' members never see these announcements.
import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { adminActions, announcements, emailOutbox, eventRegistrations, users } from "../../src/db/schema/index.ts";
import { queueDueAnnouncementEmails } from "../../src/features/announcements/publish.ts";
import { toPacificInput } from "../../src/lib/time.ts";
import { createAccount, sessionCookie, type Account } from "../helpers/auth.ts";
import { makeEvent, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();
const config = loadConfig(env as unknown as Record<string, unknown>);
let admin: Account;
let inside: Account;
let quiet: Account;
let outside: Account;
let adminCookie: string;
let insideCookie: string;
let quietCookie: string;
let outsideCookie: string;
let eventId: string;

const as = (cookie: string) => ({ headers: { cookie } });

beforeAll(async () => {
  admin = await createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Alma" });
  [inside, quiet, outside] = await Promise.all([
    createAccount(db, { firstName: "Ines" }),
    createAccount(db, { firstName: "Quinn" }),
    createAccount(db, { firstName: "Otto" }),
  ]);
  await db.update(users).set({ notificationPreferences: { email: true, sms: false, push: true, announcements: false } }).where(eq(users.id, quiet.id));
  const event = await makeEvent(db, admin.id, { status: "REGISTRATION_OPEN" });
  eventId = event.id;
  await db.insert(eventRegistrations).values([
    { eventId, userId: inside.id },
    { eventId, userId: quiet.id },
  ]);
  [adminCookie, insideCookie, quietCookie, outsideCookie] = await Promise.all([
    sessionCookie(db, admin.id),
    sessionCookie(db, inside.id),
    sessionCookie(db, quiet.id),
    sessionCookie(db, outside.id),
  ]);
});

interface Fields {
  title: string;
  content?: string;
  audience?: string;
  groups?: string;
  urgent?: boolean;
  emailCopy?: boolean;
  publishAt?: Date;
  expiresAt?: Date;
}

async function publish(f: Fields): Promise<string> {
  const form: Record<string, string> = {
    title: f.title,
    content: f.content ?? "The bid deadline moved to **Friday**.",
    audience: f.audience ?? "SPECIFIC_GROUPS",
    when: f.publishAt ? "later" : "now",
    publishAt: f.publishAt ? toPacificInput(f.publishAt) : "",
    expiresAt: f.expiresAt ? toPacificInput(f.expiresAt) : "",
  };
  if (form.audience === "SPECIFIC_GROUPS") form.groups = f.groups ?? `event:${eventId}`;
  if (f.urgent) form.urgent = "on";
  if (f.emailCopy) form.emailCopy = "on";
  const res = await postForm("/admin/announcements", form, as(adminCookie));
  expect(res.status, await res.clone().text()).toBe(303);
  const [row] = await db.select({ id: announcements.id }).from(announcements).where(eq(announcements.title, f.title));
  return row!.id;
}

const page = async (path: string, cookie: string) => {
  const res = await get(path, as(cookie));
  return { status: res.status, html: await res.text() };
};

describe("announcements", () => {
  it("shows an announcement to its audience only, with an unread marker until opened, and emails those who want it", async () => {
    const title = `Deadline moved ${crypto.randomUUID()}`;
    const id = await publish({ title, emailCopy: true });

    let list = await page("/announcements", insideCookie);
    expect(list.status).toBe(200);
    expect(list.html).toContain(title);
    expect(list.html).toMatch(new RegExp(`${title}</a><strong class="badge"> · Unread`));
    const one = await page(`/announcements/${id}`, insideCookie);
    expect(one.status).toBe(200);
    expect(one.html).toContain("<strong>Friday</strong>");
    list = await page("/announcements", insideCookie);
    expect(list.html).not.toMatch(new RegExp(`${title}</a><strong class="badge"> · Unread`));

    // Outside the audience: not listed, and its page is a 404.
    expect((await page("/announcements", outsideCookie)).html).not.toContain(title);
    expect((await page(`/announcements/${id}`, outsideCookie)).status).toBe(404);
    expect((await get(`/announcements/${id}`)).status).toBe(303); // signed out: to the sign-in page

    const mail = await db.select().from(emailOutbox).where(and(eq(emailOutbox.kind, "ANNOUNCEMENT"), eq(emailOutbox.subject, title)));
    expect(mail.map((m) => m.userId)).toEqual([inside.id]); // quiet turned announcements off; outside is not in the audience
    expect(mail[0]!.textBody).toContain("The bid deadline moved to Friday.");

    const audit = await db.select().from(adminActions).where(sql`${adminActions.metadata}->>'announcementId' = ${id}`);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.userId).toBe(admin.id);
  });

  it("keeps an admins-only announcement from regular members", async () => {
    const title = `Board only ${crypto.randomUUID()}`;
    const id = await publish({ title, audience: "ADMIN" });
    expect((await page("/announcements", adminCookie)).html).toContain(title);
    expect((await page(`/announcements/${id}`, insideCookie)).status).toBe(404);
  });

  it("publishes a scheduled announcement at its time, emails it once, and allows edits only before", async () => {
    const title = `Scheduled ${crypto.randomUUID()}`;
    const id = await publish({ title, publishAt: new Date(Date.now() + 3_600_000), emailCopy: true });
    expect((await page("/announcements", insideCookie)).html).not.toContain(title);
    expect((await page(`/announcements/${id}`, insideCookie)).status).toBe(404);

    const edited = `${title} (edited)`;
    const edit = await page(`/admin/announcements/${id}/edit`, adminCookie);
    expect(edit.status).toBe(200);
    const res = await postForm(
      `/admin/announcements/${id}`,
      { title: edited, content: "Now at 9.", audience: "SPECIFIC_GROUPS", groups: `event:${eventId}`, when: "later", publishAt: toPacificInput(new Date(Date.now() + 3_600_000)), emailCopy: "on" },
      as(adminCookie),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("notice=updated");

    // Its time comes (moved into the past, as the clock would): the cron step queues the copies once.
    await db.update(announcements).set({ sentAt: new Date(Date.now() - 1000) }).where(eq(announcements.id, id));
    expect((await page("/announcements", insideCookie)).html).toContain(edited);
    await queueDueAnnouncementEmails(db, config);
    await queueDueAnnouncementEmails(db, config);
    const mail = await db.select().from(emailOutbox).where(and(eq(emailOutbox.kind, "ANNOUNCEMENT"), eq(emailOutbox.subject, edited)));
    expect(mail.map((m) => m.userId)).toEqual([inside.id]);

    // Published: no more edits.
    const late = await get(`/admin/announcements/${id}/edit`, as(adminCookie));
    expect(late.status).toBe(303);
    expect(late.headers.get("location")).toContain("notice=tooLate");
  });

  it("shows an urgent announcement as a banner on every page until dismissed, and not after it expires", async () => {
    const title = `Urgent ${crypto.randomUUID()}`;
    const id = await publish({ title, urgent: true, expiresAt: new Date(Date.now() + 86_400_000) });
    for (const path of ["/events", "/account", "/messages"]) {
      const p = await page(path, insideCookie);
      expect(p.html, path).toContain('id="urgent-banner"');
      expect(p.html, path).toContain(title);
    }
    expect((await page("/events", outsideCookie)).html).not.toContain(title);

    const dismissed = await postForm(`/announcements/${id}/dismiss`, { back: "/events" }, as(insideCookie));
    expect(dismissed.status).toBe(303);
    expect(dismissed.headers.get("location")).toBe("/events");
    expect((await page("/events", insideCookie)).html).not.toContain(title);
    expect((await page("/announcements", insideCookie)).html).toContain(title); // still listed

    // Quinn never dismissed it; once expired, the banner and the listing are gone.
    expect((await page("/events", quietCookie)).html).toContain(title);
    await db.update(announcements).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(announcements.id, id));
    expect((await page("/events", quietCookie)).html).not.toContain(title);
    expect((await page("/announcements", quietCookie)).html).not.toContain(title);
    expect((await page(`/announcements/${id}`, quietCookie)).status).toBe(404);
  });

  it("shows hostile Markdown as text: no script, no javascript: link, no attributes", async () => {
    const title = `Hostile ${crypto.randomUUID()}`;
    const id = await publish({
      title: `${title} <img src=x onerror=alert(1)>`,
      content: '<script>alert("x")</script>\n\n[click](javascript:alert(1)) [ok](https://example.org/"onmouseover="alert(1))',
    });
    const p = await page(`/announcements/${id}`, insideCookie);
    expect(p.html).not.toContain('<script>alert("x")');
    expect(p.html).toContain("&lt;script&gt;");
    expect(p.html).not.toMatch(/href="javascript:/i);
    expect(p.html).toContain("[click](javascript:alert(1))"); // shown as the text it is
    expect(p.html).not.toMatch(/<img src=x/);
    expect(p.html).not.toMatch(/"\s*onmouseover=/);
  });

  it("refuses a form with no groups chosen, a past publish time or an expiry before publishing (422, values kept)", async () => {
    const res = await postForm(
      "/admin/announcements",
      { title: "Bad one", content: "x", audience: "SPECIFIC_GROUPS", when: "later", publishAt: toPacificInput(new Date(Date.now() - 86_400_000)), expiresAt: toPacificInput(new Date(Date.now() - 2 * 86_400_000)) },
      as(adminCookie),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Choose at least one group.");
    expect(html).toContain("Pick a time in the future");
    expect(html).toContain('value="Bad one"');
  });

  it("lists announcements for admins and exports them as CSV", async () => {
    const title = `Export ${crypto.randomUUID()}`;
    await publish({ title });
    expect((await page("/admin/announcements", adminCookie)).html).toContain(title);
    const csv = await get("/admin/announcements/export.csv", as(adminCookie));
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(await csv.text()).toContain(title);
  });
});
