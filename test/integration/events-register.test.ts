// POST /events/:id/register and /cancel against the real EventCapacity object and Postgres:
// free and paid registrations, the waitlist and its promotion, the payment row's life, the
// refusals, one registration per member, and that a cancel only ever touches your own seat.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { events } from "../../src/db/schema/events.ts";
import { payments } from "../../src/db/schema/payments.ts";
import { useTestDb } from "../helpers/db.ts";
import { DAY, emailsTo, openEvent, page, post, registrationOf, seatText, signedInMember } from "./events-fixtures.ts";

const db = useTestDb();

const paymentsOf = (userId: string) => db.select().from(payments).where(and(eq(payments.userId, userId), eq(payments.type, "EVENT_REGISTRATION")));

describe("POST /events/:id/register", () => {
  it("confirms a free event at once: row in Postgres, one fewer seat, a confirmation email", async () => {
    const e = await openEvent(db, { maxCapacity: 3 });
    const a = await signedInMember(db, { firstName: "Ana" });
    const res = await post(`/events/${e.id}/register`, a);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/events/${e.id}?notice=registered#registration`);

    expect(await registrationOf(db, e.id, a.id)).toMatchObject({ status: "REGISTERED", paid: false, holdExpiresAt: null, amount: "0.00" });
    expect(seatText((await page(`/events/${e.id}/seats`)).html)).toBe("2 seats left of 3");
    const mine = await page(`/events/${e.id}?notice=registered`, a);
    expect(mine.html).toContain("You are registered. We emailed you the details.");
    expect(mine.html).toContain('action="/events/' + e.id + '/cancel"');
    expect((await emailsTo(db, a.id)).map((m) => m.kind)).toEqual(["EVENT_REGISTERED"]);
    expect(await paymentsOf(a.id)).toEqual([]);
  });

  it("puts members on the waitlist in order when the event is full, and shows their position", async () => {
    const e = await openEvent(db, { maxCapacity: 1 });
    const [a, b, c] = [await signedInMember(db), await signedInMember(db), await signedInMember(db)];
    await post(`/events/${e.id}/register`, a);
    expect((await post(`/events/${e.id}/register`, b)).location).toContain("notice=waitlisted");
    expect((await post(`/events/${e.id}/register`, c)).location).toContain("notice=waitlisted");

    expect(await registrationOf(db, e.id, b.id)).toMatchObject({ status: "WAITLISTED" });
    expect((await page(`/events/${e.id}`, b)).html).toContain("You are on the waitlist: number 1 in line.");
    const cPage = await page(`/events/${e.id}`, c);
    expect(cPage.html).toContain("number 2 in line");
    expect(cPage.html).toContain(">Leave waitlist</button>");
    expect(seatText(cPage.html)).toBe("Full: 2 on the waitlist");
    expect((await page(`/events/${e.id}`, await signedInMember(db))).html).toContain(">Join waitlist</button>");
    expect((await emailsTo(db, b.id)).map((m) => m.kind)).toEqual(["EVENT_WAITLISTED"]);
  });

  it("holds a paid seat with a PENDING payment linked to the registration", async () => {
    const e = await openEvent(db, { price: "45.00", title: "R3 paid workshop" });
    const a = await signedInMember(db);
    // The held seat goes straight to card payment (Stripe Checkout; the local stand-in here).
    expect((await post(`/events/${e.id}/register`, a)).location).toMatch(/\/checkout\/cs_test_\w+$/);

    const reg = await registrationOf(db, e.id, a.id);
    expect(reg).toMatchObject({ status: "REGISTERED", paid: false, amount: "45.00" });
    expect(reg!.holdExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    const [payment, ...more] = await paymentsOf(a.id);
    expect(more).toEqual([]);
    expect(payment).toMatchObject({ status: "PENDING", amount: "45.00", referenceId: reg!.id, description: "Event registration: R3 paid workshop" });
    expect(reg!.paymentId).toBe(payment!.id);

    const held = await page(`/events/${e.id}`, a);
    expect(held.html).toMatch(/Your seat is held until [A-Z][a-z]{2} \d{1,2}, \d{4}, /);
    expect(held.html).toContain(">Pay $45.00 by card</button>");
    expect((await emailsTo(db, a.id)).map((m) => m.kind)).toEqual(["EVENT_SEAT_HELD"]);
  });

  it("cancels the payment row when a paid registration lands on the waitlist", async () => {
    const e = await openEvent(db, { price: "45.00", maxCapacity: 1 });
    const [a, b] = [await signedInMember(db), await signedInMember(db)];
    await post(`/events/${e.id}/register`, a);
    expect((await post(`/events/${e.id}/register`, b)).location).toContain("notice=waitlisted");
    expect((await paymentsOf(b.id)).map((p) => p.status)).toEqual(["CANCELLED"]);
    expect((await paymentsOf(a.id)).map((p) => p.status)).toEqual(["PENDING"]);
  });

  it("keeps one registration per member, even when the same member posts twice at once", async () => {
    const e = await openEvent(db, { price: "20.00" });
    const a = await signedInMember(db);
    const [one, two] = await Promise.all([post(`/events/${e.id}/register`, a), post(`/events/${e.id}/register`, a)]);
    const locations = [one.location!, two.location!];
    expect(locations.filter((l) => l === `/events/${e.id}?notice=already#registration`)).toHaveLength(1);
    expect(locations.filter((l) => /\/checkout\/cs_test_\w+$/.test(l))).toHaveLength(1);
    expect((await post(`/events/${e.id}/register`, a)).location).toContain("notice=already");
    expect(await registrationOf(db, e.id, a.id)).toMatchObject({ status: "REGISTERED" });
    const statuses = (await paymentsOf(a.id)).map((p) => p.status).sort();
    expect(statuses.filter((s) => s === "PENDING")).toHaveLength(1);
    expect(statuses.every((s) => s === "PENDING" || s === "CANCELLED")).toBe(true);
    expect(seatText((await page(`/events/${e.id}/seats`)).html)).toBe("49 seats left of 50");
  });

  it("refuses with a message after the deadline, before registration opens, and to unverified accounts", async () => {
    const late = await openEvent(db, { registrationDeadline: new Date(Date.now() - DAY) });
    const notOpen = await openEvent(db, { status: "PUBLISHED" });
    const a = await signedInMember(db);

    const deadline = await post(`/events/${late.id}/register`, a);
    expect(deadline.status).toBe(409);
    expect(deadline.html).toContain("The registration deadline has passed.");
    const closed = await post(`/events/${notOpen.id}/register`, a);
    expect(closed.status).toBe(409);
    expect(closed.html).toContain("Registration is not open for this event.");
    expect(await registrationOf(db, late.id, a.id)).toBeNull();
    expect(await registrationOf(db, notOpen.id, a.id)).toBeNull();

    const open = await openEvent(db);
    const unverified = await signedInMember(db, { verified: false });
    const refused = await post(`/events/${open.id}/register`, unverified);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("Confirm your email address first");
    expect(await registrationOf(db, open.id, unverified.id)).toBeNull();
    expect((await page(`/events/${open.id}`, unverified)).html).toContain("Confirm your email address to register");
  });

  it("is a 404 for events that do not exist or are drafts", async () => {
    const a = await signedInMember(db);
    expect((await post(`/events/${newId()}/register`, a)).status).toBe(404);
    const draft = await openEvent(db, { status: "DRAFT" });
    expect((await post(`/events/${draft.id}/register`, a)).status).toBe(404);
    expect(await registrationOf(db, draft.id, a.id)).toBeNull();
  });

  it("limits registration changes to 20 a minute per member", async () => {
    const e = await openEvent(db);
    const a = await signedInMember(db);
    for (let i = 0; i < 20; i++) expect((await post(`/events/${e.id}/cancel`, a)).status).toBe(303);
    const limited = await post(`/events/${e.id}/cancel`, a);
    expect(limited.status).toBe(429);
    expect(limited.html).toContain("Too many registration changes in a minute.");
    expect((await post(`/events/${e.id}/register`, await signedInMember(db))).status).toBe(303); // others are not affected
  });
});

describe("POST /events/:id/cancel", () => {
  it("frees the seat, promotes the next member on the waitlist and queues their email", async () => {
    const e = await openEvent(db, { maxCapacity: 1, title: "R9 full house" });
    const [a, b, c] = [await signedInMember(db), await signedInMember(db, { firstName: "Bea" }), await signedInMember(db)];
    for (const m of [a, b, c]) await post(`/events/${e.id}/register`, m);

    const res = await post(`/events/${e.id}/cancel`, a);
    expect(res.location).toBe(`/events/${e.id}?notice=cancelled#registration`);
    expect(await registrationOf(db, e.id, a.id)).toMatchObject({ status: "CANCELLED" });
    expect(await registrationOf(db, e.id, b.id)).toMatchObject({ status: "REGISTERED", waitlistPosition: null });
    expect(await registrationOf(db, e.id, c.id)).toMatchObject({ status: "WAITLISTED" });

    const promoted = (await emailsTo(db, b.id)).find((m) => m.kind === "EVENT_SEAT_PROMOTED");
    expect(promoted).toMatchObject({ subject: "You're in: R9 full house", toAddress: b.email });
    expect((await page(`/events/${e.id}`, c)).html).toContain("number 1 in line");
    expect((await emailsTo(db, a.id)).map((m) => m.kind).sort()).toEqual(["EVENT_REGISTERED", "EVENT_REGISTRATION_CANCELLED"]);
    const again = await page(`/events/${e.id}`, a);
    expect(again.html).toContain("You cancelled your registration.");
    expect(again.html).toContain(">Join waitlist</button>"); // still full: B took the seat, C waits
  });

  it("promotes a paid waiter to a held seat, and cancels the leaver's pending payment", async () => {
    const e = await openEvent(db, { maxCapacity: 1, price: "30.00" });
    const [a, b] = [await signedInMember(db), await signedInMember(db)];
    await post(`/events/${e.id}/register`, a);
    await post(`/events/${e.id}/register`, b);
    await post(`/events/${e.id}/cancel`, a);

    expect((await paymentsOf(a.id)).map((p) => p.status)).toEqual(["CANCELLED"]);
    const bReg = await registrationOf(db, e.id, b.id);
    expect(bReg).toMatchObject({ status: "REGISTERED", paid: false });
    expect(bReg!.holdExpiresAt).not.toBeNull();
    const email = (await emailsTo(db, b.id)).find((m) => m.kind === "EVENT_SEAT_PROMOTED");
    expect(email?.textBody).toContain("Pay $30.00 to confirm it");
  });

  it("acts only on the signed-in member's own registration", async () => {
    const e = await openEvent(db, { maxCapacity: 5 });
    const [a, b] = [await signedInMember(db), await signedInMember(db)];
    await post(`/events/${e.id}/register`, a);
    const before = await registrationOf(db, e.id, a.id);

    const res = await post(`/events/${e.id}/cancel`, b);
    expect(res.location).toContain("notice=not-registered");
    expect(await registrationOf(db, e.id, a.id)).toEqual(before);
    expect(await registrationOf(db, e.id, b.id)).toBeNull();
    expect(seatText((await page(`/events/${e.id}/seats`)).html)).toBe("4 seats left of 5");
  });

  it("lets a waiting member leave the waitlist", async () => {
    const e = await openEvent(db, { maxCapacity: 1 });
    const [a, b] = [await signedInMember(db), await signedInMember(db)];
    await post(`/events/${e.id}/register`, a);
    await post(`/events/${e.id}/register`, b);
    expect((await post(`/events/${e.id}/cancel`, b)).location).toContain("notice=left-waitlist");
    expect(await registrationOf(db, e.id, b.id)).toMatchObject({ status: "CANCELLED" });
    expect(await registrationOf(db, e.id, a.id)).toMatchObject({ status: "REGISTERED" });
    // A freed seat with nobody waiting: registering again is offered as such.
    await post(`/events/${e.id}/cancel`, a);
    expect((await page(`/events/${e.id}`, a)).html).toContain(">Register again</button>");
  });

  it("refuses once the event has started", async () => {
    const e = await openEvent(db);
    const a = await signedInMember(db);
    await post(`/events/${e.id}/register`, a);
    const started = new Date(Date.now() - 60_000);
    await db.update(events).set({ startDate: started, status: "IN_PROGRESS" }).where(eq(events.id, e.id));
    const res = await post(`/events/${e.id}/cancel`, a);
    expect(res.status).toBe(409);
    expect(res.html).toContain("This event has already started.");
    expect(await registrationOf(db, e.id, a.id)).toMatchObject({ status: "REGISTERED" });
  });
});
