// Attendees: the list (filters, search, payment and waitlist columns), its CSV (escaped,
// formulas neutralised), offline payments that confirm a held seat through the capacity
// object, waitlist moves within capacity, and no-shows after the event. Each change writes
// one AdminAction row; each refusal writes none and changes nothing.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, eventRegistrations, payments } from "../../src/db/schema/index.ts";
import { reserveSeat, seatPosition } from "../../src/features/events/capacity.ts";
import { makeEvent, makeUser, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { adminSession, as, auditsOf, openEvent, registered, registrationOf, type Staff } from "./admin-events-helpers.ts";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const paymentRow = async (id: string) => (await db.select().from(payments).where(eq(payments.id, id)))[0]!;

/** A held seat with the PENDING payment the member-facing registration writes (reference = registration id). */
async function heldWithInvoice(eventId: string) {
  const { user, seat } = await registered(db, eventId, { firstName: "Paying", amountCents: 4500 });
  const [invoice] = await db
    .insert(payments)
    .values({ userId: user.id, type: "EVENT_REGISTRATION", status: "PENDING", amount: "45.00", description: "Registration: test", referenceId: seat.registrationId })
    .returning();
  return { user, seat, invoice: invoice! };
}

describe("GET /admin/events/:id/attendees", () => {
  it("lists people with status, payment and waitlist position; filters by status and searches by name", async () => {
    const e = await openEvent(db, admin.id, 2);
    const maria = await registered(db, e.id, { firstName: "Maria", lastName: "Reyes", company: "Reyes Concrete" });
    await heldWithInvoice(e.id);
    const waiting = await registered(db, e.id, { firstName: "Walt", lastName: "Waiting" });
    const base = `/admin/events/${e.id}/attendees`;
    const html = await (await get(base, as(admin))).text();
    expect(html).toContain("Maria Reyes");
    expect(html).toContain("Reyes Concrete");
    expect(html).toContain("$45.00 · payment pending");
    expect(html).toContain("Record offline payment");
    expect(html).toContain("Seat Walt Waiting from the waitlist");
    expect(html).toContain("Move Maria Reyes to the waitlist");
    expect(html).toMatch(/Waitlisted<\/td>.*?<td>1<\/td>/s);

    const waitlisted = await (await get(`${base}?status=WAITLISTED`, as(admin))).text();
    expect(waitlisted).toContain("Walt Waiting");
    expect(waitlisted).not.toContain("Maria Reyes");
    const search = await get(`${base}?q=reyes`, { headers: { ...as(admin).headers, "hx-request": "true" } });
    const fragment = await search.text();
    expect(fragment.startsWith('<div id="attendee-results">')).toBe(true);
    expect(fragment).toContain("Maria Reyes");
    expect(fragment).not.toContain("Walt Waiting");
    expect(maria.seat.outcome).toBe("confirmed");
    expect(waiting.seat.outcome).toBe("waitlisted");
  });

  it("exports CSV with cells escaped and spreadsheet formulas neutralised", async () => {
    const e = await openEvent(db, admin.id, 10);
    await registered(db, e.id, { firstName: 'Ann "The Hammer"', lastName: "Lee, Jr.", company: "=HYPERLINK(\"https://evil.example\")" });
    await registered(db, e.id, { firstName: "+1", lastName: "@SUM(A1)", company: "-2+3" });
    const res = await get(`/admin/events/${e.id}/attendees.csv`, as(admin));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain(`attendees-${e.id}.csv`);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const csv = await res.text();
    expect(csv.split("\r\n")[0]).toBe(
      "registration_id,first_name,last_name,email,company,status,registered_at,amount,paid,payment_status,hold_expires_at,waitlist_position,notes",
    );
    expect(csv).toContain(`"Ann ""The Hammer""","Lee, Jr."`);
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"")"`);
    expect(csv).toContain(`,'+1,'@SUM(A1),`);
    expect(csv).toContain(`,'-2+3,REGISTERED,`);
  });
});

describe("POST /admin/events/:id/attendees/:registrationId/payment", () => {
  it("completes the pending payment and confirms the held seat through the object", async () => {
    const e = await openEvent(db, admin.id, 5);
    const { user, seat, invoice } = await heldWithInvoice(e.id);
    expect(seat.outcome).toBe("held");
    const res = await postForm(`/admin/events/${e.id}/attendees/${seat.registrationId}/payment`, { reference: "Check 1042" }, as(admin));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/events/${e.id}/attendees?notice=paid`);
    const paid = await paymentRow(invoice.id);
    expect(paid.status).toBe("COMPLETED");
    expect(paid.processedAt).toBeInstanceOf(Date);
    expect(paid.description).toContain("Check 1042");
    expect(paid.referenceId).toBe(seat.registrationId);
    expect(await registrationOf(db, e.id, user.id)).toMatchObject({ status: "REGISTERED", paid: true, holdExpiresAt: null, paymentId: invoice.id });
    expect((await seatPosition(env, e.id, user.id))?.status).toBe("CONFIRMED");
    const audits = await auditsOf(db, e.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "PAYMENT_PROCESSED", targetUserId: user.id });
    expect(audits[0]!.metadata).toMatchObject({ paymentId: invoice.id, after: { status: "COMPLETED", reference: "Check 1042" } });
  });

  it("records a payment for a held seat that has no invoice yet", async () => {
    const e = await openEvent(db, admin.id, 5);
    const { user, seat } = await registered(db, e.id, { amountCents: 2500 });
    const res = await postForm(`/admin/events/${e.id}/attendees/${seat.registrationId}/payment`, { reference: "cash" }, as(admin));
    expect(res.status).toBe(303);
    const reg = await registrationOf(db, e.id, user.id);
    expect(reg.paid).toBe(true);
    expect(await paymentRow(reg.paymentId!)).toMatchObject({ status: "COMPLETED", amount: "25.00", type: "EVENT_REGISTRATION", userId: user.id });
  });

  it("refuses when there is nothing to pay, or no reference, writing nothing", async () => {
    const e = await openEvent(db, admin.id, 5);
    const free = await registered(db, e.id);
    const res = await postForm(`/admin/events/${e.id}/attendees/${free.seat.registrationId}/payment`, { reference: "cash" }, as(admin));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("has nothing to pay");
    const { seat, invoice } = await heldWithInvoice(e.id);
    const blank = await postForm(`/admin/events/${e.id}/attendees/${seat.registrationId}/payment`, { reference: " " }, as(admin));
    expect(blank.status).toBe(422);
    expect((await paymentRow(invoice.id)).status).toBe("PENDING");
    expect(await auditsOf(db, e.id)).toHaveLength(0);
  });

  it("refuses a payment after the hold ran out: nothing recorded, the seat not confirmed", async () => {
    const e = await openEvent(db, admin.id, 5);
    const user = await makeUser(db, { firstName: "Late" });
    const seat = await reserveSeat(env, e.id, { userId: user.id, paid: true, amountCents: 4500, holdMs: 50 });
    const [invoice] = await db
      .insert(payments)
      .values({ userId: user.id, type: "EVENT_REGISTRATION", status: "PENDING", amount: "45.00", referenceId: seat.registrationId })
      .returning();
    await sleep(300);
    const res = await postForm(`/admin/events/${e.id}/attendees/${seat.registrationId}/payment`, { reference: "Check 7" }, as(admin));
    expect(res.status).toBe(422);
    expect((await paymentRow(invoice!.id)).status).toBe("PENDING");
    expect((await seatPosition(env, e.id, user.id))?.status).toBe("CANCELLED");
    expect(await auditsOf(db, e.id)).toHaveLength(0);
  });
});

describe("POST /admin/events/:id/attendees/:registrationId/move", () => {
  it("seats a waiter when a seat is free", async () => {
    // Rows written before the event's capacity object exists: it loads them, with one seat free.
    const e = await makeEvent(db, admin.id, { status: "REGISTRATION_OPEN", maxCapacity: 2 });
    const [a, b] = [await makeUser(db), await makeUser(db, { firstName: "Next" })];
    await db.insert(eventRegistrations).values({ eventId: e.id, userId: a.id, status: "REGISTERED" });
    const [waiter] = await db.insert(eventRegistrations).values({ eventId: e.id, userId: b.id, status: "WAITLISTED", waitlistPosition: 1 }).returning();
    const res = await postForm(`/admin/events/${e.id}/attendees/${waiter!.id}/move`, { to: "confirmed" }, as(admin));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/events/${e.id}/attendees?notice=seated`);
    expect(await registrationOf(db, e.id, b.id)).toMatchObject({ status: "REGISTERED", waitlistPosition: null });
    const audits = await auditsOf(db, e.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "REGISTRATION_UPDATED", targetUserId: b.id });
    expect(audits[0]!.metadata).toMatchObject({ before: { status: "WAITLISTED" }, after: { status: "REGISTERED", seat: "CONFIRMED" } });
  });

  it("refuses to seat a waiter beyond capacity, changing nothing", async () => {
    const e = await openEvent(db, admin.id, 1);
    await registered(db, e.id);
    const waiter = await registered(db, e.id, { firstName: "Hopeful" });
    const res = await postForm(`/admin/events/${e.id}/attendees/${waiter.seat.registrationId}/move`, { to: "confirmed" }, as(admin));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("The event is full: 1 of 1 seats are taken");
    expect((await registrationOf(db, e.id, waiter.user.id)).status).toBe("WAITLISTED");
    expect(await auditsOf(db, e.id)).toHaveLength(0);
  });

  it("moves a seated member to the back of the waitlist; the first waiter gets the seat and an email", async () => {
    const e = await openEvent(db, admin.id, 1);
    const seated = await registered(db, e.id, { firstName: "Seated" });
    const waiter = await registered(db, e.id, { firstName: "Waiter" });
    const res = await postForm(`/admin/events/${e.id}/attendees/${seated.seat.registrationId}/move`, { to: "waitlist" }, as(admin));
    expect(res.status).toBe(303);
    expect(await registrationOf(db, e.id, seated.user.id)).toMatchObject({ id: seated.seat.registrationId, status: "WAITLISTED" });
    expect((await registrationOf(db, e.id, waiter.user.id)).status).toBe("REGISTERED");
    const mail = await db.select().from(emailOutbox).where(and(eq(emailOutbox.userId, waiter.user.id), eq(emailOutbox.kind, "EVENT_SEAT_PROMOTED")));
    expect(mail).toHaveLength(1);
    const audits = await auditsOf(db, e.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.metadata).toMatchObject({ after: { status: "WAITLISTED", waitlistPosition: 1 }, seatWentTo: [waiter.user.id] });
  });

  it("refuses to waitlist someone when nobody is waiting", async () => {
    const e = await openEvent(db, admin.id, 5);
    const seated = await registered(db, e.id);
    // The page does not offer it...
    expect(await (await get(`/admin/events/${e.id}/attendees`, as(admin))).text()).not.toContain("to the waitlist</button>");
    // ...and the route refuses it.
    const res = await postForm(`/admin/events/${e.id}/attendees/${seated.seat.registrationId}/move`, { to: "waitlist" }, as(admin));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Nobody is waiting");
    expect((await registrationOf(db, e.id, seated.user.id)).status).toBe("REGISTERED");
    expect(await auditsOf(db, e.id)).toHaveLength(0);
  });
});

describe("POST /admin/events/:id/no-shows", () => {
  it("after the event, marks every registered person who did not check in", async () => {
    const start = new Date(Date.now() - 5 * 3_600_000);
    const e = await makeEvent(db, admin.id, { status: "COMPLETED", startDate: start, endDate: new Date(start.getTime() + 3_600_000) });
    const [a, b, c] = [await makeUser(db), await makeUser(db), await makeUser(db)];
    await db.insert(eventRegistrations).values([
      { eventId: e.id, userId: a.id, status: "REGISTERED" },
      { eventId: e.id, userId: b.id, status: "ATTENDED" },
      { eventId: e.id, userId: c.id, status: "CANCELLED" },
    ]);
    const res = await postForm(`/admin/events/${e.id}/no-shows`, {}, as(admin));
    expect(res.status).toBe(303);
    expect((await registrationOf(db, e.id, a.id)).status).toBe("NO_SHOW");
    expect((await registrationOf(db, e.id, b.id)).status).toBe("ATTENDED");
    expect((await registrationOf(db, e.id, c.id)).status).toBe("CANCELLED");
    const audits = await auditsOf(db, e.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.metadata).toMatchObject({ count: 1, after: { status: "NO_SHOW" } });
  });

  it("refuses before the event has ended", async () => {
    const e = await openEvent(db, admin.id, 5);
    const seated = await registered(db, e.id);
    const res = await postForm(`/admin/events/${e.id}/no-shows`, {}, as(admin));
    expect(res.status).toBe(422);
    expect((await registrationOf(db, e.id, seated.user.id)).status).toBe("REGISTERED");
    expect(await auditsOf(db, e.id)).toHaveLength(0);
  });
});
