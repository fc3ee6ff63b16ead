// Paid event seats through Checkout: payment confirms the held seat through the capacity
// object; an expired session releases it; a payment after the hold lapsed takes a free seat
// or is refunded at once — never money without a seat.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { paymentRefunds, payments } from "../../src/db/schema/payments.ts";
import { capacityStub, seatPosition } from "../../src/features/events/capacity.ts";
import { useTestDb } from "../helpers/db.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { emailsTo, openEvent, page, post, registrationOf, signedInMember, type Member } from "./events-fixtures.ts";
import { attempt, deliver, handMade, sessionIdOf, standin, submit } from "./payments-fixtures.ts";
import { registered } from "./admin-events-helpers.ts";
import { loadConfig } from "../../src/config.ts";
import { refundPayment } from "../../src/features/admin-payments/refunds.ts";
import { stripeClient } from "../../src/features/payments/stripe.ts";

const db = useTestDb();

const seatPaymentsOf = async (userId: string) => (await db.select().from(payments).where(eq(payments.userId, userId))).filter((p) => p.type === "EVENT_REGISTRATION");

/** Lets every hold of the event run out now (the object's alarm does this on its own). */
async function expireHolds(eventId: string) {
  await capacityStub(env, eventId).expireHolds(eventId, Date.now() + 2 * 3_600_000);
}

describe("paying for a held seat", () => {
  it("registering sends the member to Checkout, and paying confirms the seat once however often Stripe says so", async () => {
    const e = await openEvent(db, { price: "35.00", title: "Paid seat workshop" });
    const a = await signedInMember(db);
    const reg = await post(`/events/${e.id}/register`, a);
    expect(reg.status).toBe(303);
    const session = sessionIdOf(reg.location);
    expect((await seatPosition(env, e.id, a.id))?.status).toBe("HELD");

    const { events } = await standin(`sessions/${session}/pay`);
    // Back from Checkout before Stripe's event: the page says the payment is on its way.
    expect((await page(`/events/${e.id}?paid=1`, a)).html).toContain("your payment is on its way");
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(events[0]!)));
    expect(results.filter((r) => r.body.includes('"outcome":"seat confirmed"'))).toHaveLength(1);
    expect((await page(`/events/${e.id}?paid=1`, a)).html).toContain("Payment received: your seat is confirmed.");
    expect((await page(`/events/${e.id}`, a)).html).not.toContain("Payment received");

    expect((await seatPosition(env, e.id, a.id))?.status).toBe("CONFIRMED");
    const row = await registrationOf(db, e.id, a.id);
    const [payment, ...more] = await seatPaymentsOf(a.id);
    expect(more).toEqual([]);
    expect(payment).toMatchObject({ status: "COMPLETED", amount: "35.00", stripeCheckoutSessionId: session });
    expect(row).toMatchObject({ status: "REGISTERED", paid: true, paymentId: payment!.id, holdExpiresAt: null });
    expect((await emailsTo(db, a.id)).map((m) => m.kind).sort()).toEqual(["EVENT_SEAT_HELD", "PAYMENT_RECEIPT"]);
    expect((await page(`/events/${e.id}`, a)).html).toContain("You are registered.");
  });

  it("the held seat's Checkout Session lasts at least Stripe's 30 minutes and the page's Pay button reuses it", async () => {
    const e = await openEvent(db, { price: "20.00" });
    const a = await signedInMember(db);
    const first = sessionIdOf((await post(`/events/${e.id}/register`, a)).location);
    const again = await post(`/events/${e.id}/pay`, a);
    expect(sessionIdOf(again.location)).toBe(first);
    const s = (await (await fetch(`${(env as unknown as { STRIPE_API_URL: string }).STRIPE_API_URL}/v1/checkout/sessions/${first}`)).json()) as { expires_at: number };
    expect(s.expires_at * 1000).toBeGreaterThanOrEqual(Date.now() + 30 * 60_000);
  });

  it("an expired session releases the seat to the next person waiting", async () => {
    const e = await openEvent(db, { price: "20.00", maxCapacity: 1 });
    const [a, b] = [await signedInMember(db), await signedInMember(db)];
    const session = sessionIdOf((await post(`/events/${e.id}/register`, a)).location);
    await post(`/events/${e.id}/register`, b); // waitlisted
    const { events } = await standin(`sessions/${session}/expire`);
    const res = await deliver(events[0]!);
    expect(res.body).toContain("seat released");
    expect((await seatPosition(env, e.id, a.id))?.status).toBe("CANCELLED");
    expect((await seatPosition(env, e.id, b.id))?.status).toBe("HELD");
    expect((await seatPaymentsOf(a.id)).map((p) => p.status)).toEqual(["CANCELLED"]);
  });

  it("a payment after the hold lapsed takes a free seat when there is one, and the member is told", async () => {
    const e = await openEvent(db, { price: "20.00", maxCapacity: 5 });
    const a = await signedInMember(db);
    const session = sessionIdOf((await post(`/events/${e.id}/register`, a)).location);
    await expireHolds(e.id);
    expect((await seatPosition(env, e.id, a.id))?.status).toBe("CANCELLED");
    const { events } = await standin(`sessions/${session}/pay`);
    const res = await deliver(events[0]!);
    expect(res.body).toContain("late payment: free seat taken");
    expect((await seatPosition(env, e.id, a.id))?.status).toBe("CONFIRMED");
    expect((await seatPaymentsOf(a.id))[0]).toMatchObject({ status: "COMPLETED" });
    expect((await emailsTo(db, a.id)).map((m) => m.kind)).toContain("EVENT_LATE_PAYMENT");
    expect((await page(`/events/${e.id}?paid=1`, a)).html).toContain("a seat was still free, so it is yours");
  });

  it("a payment after the hold lapsed on a full event is refunded in full, at once, once", async () => {
    const e = await openEvent(db, { price: "20.00", maxCapacity: 1 });
    const [a, b] = [await signedInMember(db), await signedInMember(db)];
    const session = sessionIdOf((await post(`/events/${e.id}/register`, a)).location);
    await expireHolds(e.id);
    await post(`/events/${e.id}/register`, b); // takes the only seat
    const { events } = await standin(`sessions/${session}/pay`);
    const results = await Promise.all([deliver(events[0]!), deliver(events[0]!), deliver(events[0]!)]);
    expect(results.filter((r) => r.body.includes("refunded, no seat"))).toHaveLength(1);

    expect((await seatPosition(env, e.id, a.id))?.status).toBe("CANCELLED");
    expect((await seatPosition(env, e.id, b.id))?.status).toBe("HELD");
    const [p] = await seatPaymentsOf(a.id);
    expect(p).toMatchObject({ status: "REFUNDED", refundedAmount: "20.00" });
    const refunds = await db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, p!.id));
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.stripeRefundId).toMatch(/^re_/);
    const mail = (await emailsTo(db, a.id)).find((m) => m.subject.startsWith("Refunded"));
    expect(mail?.textBody).toContain("refunded the whole amount");
    expect((await page(`/events/${e.id}?paid=1`, a)).html).toContain("we refunded it in full to your card");
  });
});

describe("refunding a paid seat", () => {
  async function paidSeat(eventId: string, m: Member) {
    const session = sessionIdOf((await post(`/events/${eventId}/register`, m)).location);
    for (const ev of (await standin(`sessions/${session}/pay`)).events) await deliver(ev);
    const [p] = await seatPaymentsOf(m.id);
    expect(p).toMatchObject({ status: "COMPLETED" });
    return p!;
  }
  async function admin(): Promise<Member> {
    const a = await createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Admin" });
    return { id: a.id, email: a.email, cookie: await sessionCookie(db, a.id) };
  }

  it("a full refund with the box ticked cancels the registration, gives the seat to the first waiter and tells the member", async () => {
    const e = await openEvent(db, { price: "40.00", maxCapacity: 1 });
    const [a, b] = [await signedInMember(db), await signedInMember(db)];
    const p = await paidSeat(e.id, a);
    await post(`/events/${e.id}/register`, b); // waitlisted behind the paid seat
    expect((await seatPosition(env, e.id, b.id))?.status).toBe("WAITLISTED");

    const res = await submit(`/admin/payments/${p.id}/refund`, await admin(), { amount: "", reason: "Cannot attend after all", attempt: attempt(), releaseSeat: "on" });
    expect(res.location).toContain("notice=refunded-released");
    expect((await seatPosition(env, e.id, a.id))?.status).toBe("CANCELLED");
    expect((await seatPosition(env, e.id, b.id))?.status).toBe("HELD");
    const [after] = await db.select().from(payments).where(eq(payments.id, p.id));
    expect(after).toMatchObject({ status: "REFUNDED", refundedAmount: "40.00" });
    const refundEmail = (await emailsTo(db, a.id)).find((m) => m.kind === "PAYMENT_REFUNDED");
    expect(refundEmail?.textBody).toContain("Your registration is cancelled");
  });

  it("without the box, or on a partial refund, the member keeps the seat", async () => {
    const e = await openEvent(db, { price: "40.00", maxCapacity: 5 });
    const [a, c] = [await signedInMember(db), await signedInMember(db)];
    const pa = await paidSeat(e.id, a);
    const pc = await paidSeat(e.id, c);
    const boss = await admin();
    expect((await submit(`/admin/payments/${pa.id}/refund`, boss, { amount: "", reason: "Comped by the board", attempt: attempt() })).location).toContain("notice=refunded");
    expect((await submit(`/admin/payments/${pc.id}/refund`, boss, { amount: "10", reason: "Early-bird difference", attempt: attempt(), releaseSeat: "on" })).location).toMatch(/notice=refunded(&|$)/);
    expect((await seatPosition(env, e.id, a.id))?.status).toBe("CONFIRMED");
    expect((await seatPosition(env, e.id, c.id))?.status).toBe("CONFIRMED");
  });
});

describe("a seat's refund releases it, however the refund is made", () => {
  async function paidSeat(eventId: string, m: Member) {
    const session = sessionIdOf((await post(`/events/${eventId}/register`, m)).location);
    for (const ev of (await standin(`sessions/${session}/pay`)).events) await deliver(ev);
    const [p] = await seatPaymentsOf(m.id);
    expect(p).toMatchObject({ status: "COMPLETED" });
    return p!;
  }
  async function admin(): Promise<Member> {
    const a = await createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Admin" });
    return { id: a.id, email: a.email, cookie: await sessionCookie(db, a.id) };
  }
  const dashboardRefund = (intent: string, cents: number, refunded: number) =>
    handMade("charge.refunded", { id: `ch_${attempt()}`, object: "charge", payment_intent: intent, amount: cents, amount_refunded: refunded });

  it("a full refund made in the Stripe Dashboard gives the seat to the first person waiting, once", async () => {
    const e = await openEvent(db, { price: "30.00", maxCapacity: 1 });
    const [a, b] = [await signedInMember(db), await signedInMember(db)];
    const p = await paidSeat(e.id, a);
    await post(`/events/${e.id}/register`, b); // waitlisted
    const part = await deliver(await dashboardRefund(p.stripePaymentId!, 3000, 1000));
    expect(part.body).toContain("refunded in part");
    expect((await seatPosition(env, e.id, a.id))?.status).toBe("CONFIRMED");

    const full = await dashboardRefund(p.stripePaymentId!, 3000, 3000);
    const results = await Promise.all([deliver(full), deliver(full)]);
    expect(results.filter((r) => r.body.includes("refunded in full, seat released"))).toHaveLength(1);
    expect((await seatPosition(env, e.id, a.id))?.status).toBe("CANCELLED");
    expect((await seatPosition(env, e.id, b.id))?.status).toBe("HELD");
    const [after] = await db.select().from(payments).where(eq(payments.id, p.id));
    expect(after).toMatchObject({ status: "REFUNDED", refundedAmount: "30.00" });
  });

  it("Stripe's report of an admin's full refund made without releasing the seat leaves the seat with the member", async () => {
    const e = await openEvent(db, { price: "30.00", maxCapacity: 3 });
    const a = await signedInMember(db);
    const p = await paidSeat(e.id, a);
    await submit(`/admin/payments/${p.id}/refund`, await admin(), { amount: "", reason: "Comped by the board", attempt: attempt() });
    const res = await deliver(await dashboardRefund(p.stripePaymentId!, 3000, 3000));
    expect(res.body).toContain('"outcome":"refunded in full"');
    expect((await seatPosition(env, e.id, a.id))?.status).toBe("CONFIRMED");
  });

  it("an admin refund whose seat release never ran (the refund committed first) releases the seat when the form is sent again", async () => {
    const e = await openEvent(db, { price: "40.00", maxCapacity: 1 });
    const [a, b] = [await signedInMember(db), await signedInMember(db)];
    const p = await paidSeat(e.id, a);
    await post(`/events/${e.id}/register`, b); // waitlisted
    const boss = await admin();
    const form = { amount: "", reason: "Cannot attend after all", attempt: attempt(), releaseSeat: "on" };
    // The refund's transaction commits; the step after it (the seat release) does not happen.
    const config = loadConfig(env as unknown as Record<string, unknown>);
    const deps = { db, stripe: stripeClient(config), publicUrl: config.PUBLIC_URL, now: new Date() };
    const first = await refundPayment(deps, { userId: boss.id, requestId: "test", ipAddress: null, userAgent: null }, p.id, { cents: null, reason: form.reason, attempt: form.attempt, releaseSeat: true });
    expect(first).toMatchObject({ ok: true, repeated: false, seat: { eventId: e.id } });
    expect((await seatPosition(env, e.id, a.id))?.status).toBe("CONFIRMED");

    const again = await submit(`/admin/payments/${p.id}/refund`, boss, form);
    expect(again.location).toContain("notice=refund-repeated-released");
    expect((await seatPosition(env, e.id, a.id))?.status).toBe("CANCELLED");
    expect((await seatPosition(env, e.id, b.id))?.status).toBe("HELD");
    expect(await db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, p.id))).toHaveLength(1);
  });

  it("a seat paid offline at the attendees screen names its event, so refunding it releases the seat", async () => {
    const e = await openEvent(db, { price: "45.00", maxCapacity: 1 });
    const { user, seat } = await registered(db, e.id, { amountCents: 4500 });
    const boss = await admin();
    const paid = await submit(`/admin/events/${e.id}/attendees/${seat.registrationId}/payment`, boss, { reference: "Check 2210" });
    expect(paid.status).toBe(303);
    const [p] = await seatPaymentsOf(user.id);
    expect(p).toMatchObject({ status: "COMPLETED", details: { eventId: e.id, registrationId: seat.registrationId, offlineReference: "Check 2210" } });
    expect((await seatPosition(env, e.id, user.id))?.status).toBe("CONFIRMED");

    const res = await submit(`/admin/payments/${p!.id}/refund`, boss, { amount: "", reason: "Event no longer suits", attempt: attempt(), releaseSeat: "on" });
    expect(res.location).toContain("notice=refunded-released");
    expect((await seatPosition(env, e.id, user.id))?.status).toBe("CANCELLED");
  });

  it("a seat paid offline after the member left a Checkout page open is refunded as offline, not refused as a card payment", async () => {
    const e = await openEvent(db, { price: "25.00", maxCapacity: 2 });
    const a = await signedInMember(db);
    await post(`/events/${e.id}/register`, a); // a PENDING payment with its Checkout Session
    const reg = await registrationOf(db, e.id, a.id);
    const boss = await admin();
    expect((await submit(`/admin/events/${e.id}/attendees/${reg!.id}/payment`, boss, { reference: "cash" })).status).toBe(303);
    const [p] = await seatPaymentsOf(a.id);
    expect(p!.stripeCheckoutSessionId).toMatch(/^cs_test_/);
    const res = await submit(`/admin/payments/${p!.id}/refund`, boss, { amount: "", reason: "Money handed back", attempt: attempt(), releaseSeat: "on" });
    expect(res.location).toContain("notice=refunded-released");
    expect((await seatPosition(env, e.id, a.id))?.status).toBe("CANCELLED");
  });
});

describe("paid twice", () => {
  it("a card payment for a seat an admin already recorded as paid offline is refunded at once, and kept on record", async () => {
    const e = await openEvent(db, { price: "25.00" });
    const a = await signedInMember(db);
    const session = sessionIdOf((await post(`/events/${e.id}/register`, a)).location);
    const [pending] = await seatPaymentsOf(a.id);
    // The office marks it paid (what recordOfflinePayment does to the same row), then the card payment lands.
    await db.update(payments).set({ status: "COMPLETED", processedAt: new Date() }).where(eq(payments.id, pending!.id));
    await capacityStub(env, e.id).confirm(e.id, a.id, { paymentId: pending!.id });
    const { events } = await standin(`sessions/${session}/pay`);
    const res = await Promise.all([deliver(events[0]!), deliver(events[0]!)]);
    expect(res.filter((r) => r.body.includes("duplicate payment refunded"))).toHaveLength(1);
    const rows = await seatPaymentsOf(a.id);
    expect(rows.map((p) => p.status).sort()).toEqual(["COMPLETED", "REFUNDED"]);
    const dup = rows.find((p) => p.status === "REFUNDED")!;
    expect(dup).toMatchObject({ amount: "25.00", refundedAmount: "25.00" });
    expect(dup.stripePaymentId).toMatch(/^pi_/);
  });
});
