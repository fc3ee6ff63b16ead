// The lifecycle as the pure rules allow it (each step one audit row; a refused step writes
// nothing), cancellation (emails registrants and waiters, cancels pending invoices, releases
// the waitlist and unpaid holds in the capacity object) and soft delete of drafts/cancelled.
import { eq, inArray } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { emailOutbox, type EventStatus, payments } from "../../src/db/schema/index.ts";
import { releaseSeat } from "../../src/features/events/capacity.ts";
import { makeEvent, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { adminSession, as, auditsOf, eventRow, openEvent, registered, registrationOf, type Staff } from "./admin-events-helpers.ts";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
});

const setStatus = (id: string, status: string, extra: Record<string, string> = {}) =>
  postForm(`/admin/events/${id}/status`, { status, ...extra }, as(admin));

describe("POST /admin/events/:id/status", () => {
  it("walks draft → published → open → closed → in progress → completed, one audit row per step", async () => {
    const e = await makeEvent(db, admin.id, { title: `Lifecycle ${newId()}` });
    const steps: EventStatus[] = ["PUBLISHED", "REGISTRATION_OPEN", "REGISTRATION_CLOSED", "IN_PROGRESS", "COMPLETED"];
    let publishedAt: Date | null = null;
    for (const status of steps) {
      const res = await setStatus(e.id, status);
      expect(res.status, status).toBe(303);
      expect(res.headers.get("location")).toBe(`/admin/events/${e.id}?notice=status`);
      const row = await eventRow(db, e.id);
      expect(row.status).toBe(status);
      publishedAt ??= row.publishedAt;
      expect(row.publishedAt, "set on first publish, then kept").toEqual(publishedAt);
    }
    expect(publishedAt).toBeInstanceOf(Date);
    const audits = await auditsOf(db, e.id);
    expect(audits.map((a) => (a.metadata as { after: { status: string } }).after.status)).toEqual(steps);
    expect(audits[0]!.metadata).toMatchObject({ before: { status: "DRAFT", publishedAt: null }, after: { status: "PUBLISHED" } });
  });

  const refused: Array<[EventStatus, string, string]> = [
    ["DRAFT", "REGISTRATION_OPEN", "From draft it can go to: Published, Cancelled."],
    ["PUBLISHED", "COMPLETED", "From published it can go to: Registration open, Cancelled."],
    ["COMPLETED", "CANCELLED", "Its status is final."],
    ["CANCELLED", "PUBLISHED", "Its status is final."],
  ];
  for (const [from, to, message] of refused) {
    it(`refuses ${from} → ${to} with 422, changing and auditing nothing`, async () => {
      const e = await makeEvent(db, admin.id, { status: from });
      const res = await setStatus(e.id, to, { confirm: "yes" });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(message);
      expect((await eventRow(db, e.id)).status).toBe(from);
      expect(await auditsOf(db, e.id)).toHaveLength(0);
    });
  }

  it("refuses a status that does not exist, and a cancellation without the confirmation box", async () => {
    const e = await makeEvent(db, admin.id, { status: "PUBLISHED" });
    expect((await setStatus(e.id, "ARCHIVED")).status).toBe(422);
    const res = await setStatus(e.id, "CANCELLED");
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Tick the box to confirm the cancellation");
    expect((await eventRow(db, e.id)).status).toBe("PUBLISHED");
    expect(await auditsOf(db, e.id)).toHaveLength(0);
  });

  it("cancelling emails registrants and waiters, cancels pending invoices and releases the waitlist and unpaid holds", async () => {
    const e = await openEvent(db, admin.id, 2, { title: `Cancelled gala ${newId()}` });
    const held = await registered(db, e.id, { firstName: "Held", amountCents: 4500 });
    const seated = await registered(db, e.id, { firstName: "Seated" });
    const waiting = await registered(db, e.id, { firstName: "Waiting" });
    const gone = await registered(db, e.id, { firstName: "Gone" });
    await releaseSeat(env, e.id, gone.user.id);
    expect([held.seat.outcome, seated.seat.outcome, waiting.seat.outcome]).toEqual(["held", "confirmed", "waitlisted"]);
    const [pending] = await db
      .insert(payments)
      .values({ userId: held.user.id, type: "EVENT_REGISTRATION", status: "PENDING", amount: "45.00", referenceId: held.seat.registrationId })
      .returning();
    const [done] = await db
      .insert(payments)
      .values({ userId: seated.user.id, type: "EVENT_REGISTRATION", status: "COMPLETED", amount: "45.00", referenceId: seated.seat.registrationId })
      .returning();

    const res = await setStatus(e.id, "CANCELLED", { confirm: "yes" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/events/${e.id}?notice=cancelled`);
    expect((await eventRow(db, e.id)).status).toBe("CANCELLED");

    const everyone = [held, seated, waiting, gone].map((p) => p.user.id);
    const mail = await db.select().from(emailOutbox).where(inArray(emailOutbox.userId, everyone));
    const cancelled = mail.filter((m) => m.kind === "EVENT_CANCELLED");
    expect(cancelled.map((m) => m.userId).sort()).toEqual([held.user.id, seated.user.id, waiting.user.id].sort());
    expect(cancelled.every((m) => m.subject === `Cancelled: ${e.title}`)).toBe(true);
    expect(cancelled.find((m) => m.userId === waiting.user.id)!.textBody).toContain("You were on the waitlist");
    // Nobody was handed a seat of a cancelled event.
    expect(mail.filter((m) => m.kind === "EVENT_SEAT_PROMOTED")).toHaveLength(0);

    const [p1] = await db.select().from(payments).where(eq(payments.id, pending!.id));
    const [p2] = await db.select().from(payments).where(eq(payments.id, done!.id));
    expect(p1!.status).toBe("CANCELLED");
    expect(p2!.status).toBe("COMPLETED");

    expect((await registrationOf(db, e.id, waiting.user.id)).status).toBe("CANCELLED");
    expect((await registrationOf(db, e.id, held.user.id)).status).toBe("CANCELLED");
    expect((await registrationOf(db, e.id, seated.user.id)).status).toBe("REGISTERED");

    const audits = await auditsOf(db, e.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.metadata).toMatchObject({ after: { status: "CANCELLED" }, notified: 3, paymentsCancelled: [pending!.id] });
  });
});

describe("POST /admin/events/:id/delete", () => {
  it("soft-deletes a draft, audits it, and drops it from the list", async () => {
    const title = `Doomed draft ${newId()}`;
    const e = await makeEvent(db, admin.id, { title });
    const listed = async () => (await (await get("/admin/events/export.csv?when=all&status=DRAFT", as(admin))).text()).includes(title);
    expect(await listed()).toBe(true);
    const res = await postForm(`/admin/events/${e.id}/delete`, {}, as(admin));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/events?notice=deleted");
    expect((await eventRow(db, e.id)).deletedAt).toBeInstanceOf(Date);
    const audits = await auditsOf(db, e.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "EVENT_DELETED", userId: admin.id });
    expect(await listed()).toBe(false);
    expect((await postForm(`/admin/events/${e.id}/delete`, {}, as(admin))).status).toBe(404);
  });

  it("deletes a cancelled event too", async () => {
    const e = await makeEvent(db, admin.id, { status: "CANCELLED" });
    expect((await postForm(`/admin/events/${e.id}/delete`, {}, as(admin))).status).toBe(303);
    expect((await eventRow(db, e.id)).deletedAt).toBeInstanceOf(Date);
  });

  it("refuses anything members may rely on, writing nothing", async () => {
    const e = await makeEvent(db, admin.id, { status: "REGISTRATION_OPEN" });
    const res = await postForm(`/admin/events/${e.id}/delete`, {}, as(admin));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Only drafts and cancelled events can be deleted");
    expect((await eventRow(db, e.id)).deletedAt).toBeNull();
    expect(await auditsOf(db, e.id)).toHaveLength(0);
  });
});

describe("GET /admin/events", () => {
  it("lists with registered / capacity, fill rate and waitlist, filtered by status and date", async () => {
    const title = `Listed ${newId()}`;
    // The test database is shared: a rarer status and the soonest start keep this row on page 1.
    const startDate = new Date(Date.now() + 60_000);
    const e = await openEvent(db, admin.id, 4, { title, status: "REGISTRATION_CLOSED", startDate, endDate: new Date(startDate.getTime() + 3_600_000) });
    await registered(db, e.id);
    await registered(db, e.id);
    await registered(db, e.id);
    await registered(db, e.id);
    await registered(db, e.id);
    const html = await (await get("/admin/events?status=REGISTRATION_CLOSED&when=upcoming", as(admin))).text();
    const row = html.slice(html.indexOf(title));
    expect(row.slice(0, row.indexOf("</tr>"))).toMatch(/4 \/ 4<\/td><td>100%<\/td><td>1<\/td>/);
    expect(await (await get("/admin/events?when=past", as(admin))).text()).not.toContain(title);
    expect(await (await get("/admin/events?status=DRAFT", as(admin))).text()).not.toContain(title);
    const partial = await get("/admin/events?status=REGISTRATION_CLOSED", { headers: { ...as(admin).headers, "hx-request": "true" } });
    const fragment = await partial.text();
    expect(fragment.startsWith('<div id="event-results">')).toBe(true);
    expect(fragment).toContain(title);
  });

  it("exports the list as CSV with formula cells neutralised", async () => {
    const title = `=HYPERLINK("https://evil.example","x") ${newId()}`;
    await openEvent(db, admin.id, null, { title });
    const res = await get("/admin/events/export.csv?when=all", as(admin));
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const csv = await res.text();
    expect(csv.startsWith("id,title,type,status,")).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")`);
    expect(csv).not.toContain(`,=HYPERLINK`);
  });
});

