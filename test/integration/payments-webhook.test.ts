// /stripe/webhook: signatures, exactly-once effects under repeated and concurrent delivery,
// any order, and dues bought through the stand-in's Checkout.
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { users } from "../../src/db/schema/accounts.ts";
import { emailOutbox } from "../../src/db/schema/auth.ts";
import { stripeEvents } from "../../src/db/schema/payments.ts";
import { loadConfig } from "../../src/config.ts";
import { addMonths } from "../../src/features/payments/rules.ts";
import { stripeClient, type Stripe } from "../../src/features/payments/stripe.ts";
import { handleStripeEvent } from "../../src/features/payments/webhook.ts";
import { useTestDb } from "../helpers/db.ts";
import { page, signedInMember } from "./events-fixtures.ts";
import { attempt, deliver, handMade, ledgerRow, makeTier, paymentsOf, renewalsOf, sessionIdOf, sign, STANDIN, standin, submit } from "./payments-fixtures.ts";

const db = useTestDb();
const DAY = 86_400_000;

async function emailsOf(userId: string, kind: string) {
  return (await db.select().from(emailOutbox).where(eq(emailOutbox.userId, userId))).filter((e) => e.kind === kind);
}

/** The PaymentIntent Stripe lists as paying an invoice. */
async function intentOfInvoice(invoiceId: string): Promise<string> {
  const res = await fetch(`${STANDIN}/v1/invoice_payments?invoice=${invoiceId}`, { headers: { authorization: "Bearer sk_test_x" } });
  const list = (await res.json()) as { data: Array<{ payment: { payment_intent: string } }> };
  return list.data[0]!.payment.payment_intent;
}

async function expiryOf(userId: string) {
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  return u!;
}

describe("Stripe webhook signature", () => {
  it("refuses a body with a wrong signature with 400 and writes nothing", async () => {
    const e = await handMade("invoice.paid", { id: "in_forged" });
    const forged = await sign(e.payload, { secret: "whsec_not_the_real_secret" });
    const res = await deliver({ payload: e.payload, signature: forged });
    expect(res.status).toBe(400);
    expect(await ledgerRow(db, e.id)).toBeNull();
  });

  it("refuses a body changed by one byte after signing", async () => {
    const e = await handMade("charge.refunded", { id: "ch_x", payment_intent: "pi_none", amount_refunded: 100 });
    const res = await deliver({ payload: e.payload.replace("100", "900"), signature: e.signature });
    expect(res.status).toBe(400);
    expect(await ledgerRow(db, e.id)).toBeNull();
  });

  it("refuses a replay signed longer ago than the 5-minute tolerance", async () => {
    const e = await handMade("invoice.paid", { id: "in_stale" });
    const stale = await sign(e.payload, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    const res = await deliver({ payload: e.payload, signature: stale });
    expect(res.status).toBe(400);
    expect(await ledgerRow(db, e.id)).toBeNull();
  });

  it("refuses a delivery without a signature", async () => {
    const e = await handMade("invoice.paid", { id: "in_unsigned" });
    expect((await deliver({ payload: e.payload, signature: "" })).status).toBe(400);
  });

  it("answers 200 to an event type it does not use, recording it and doing nothing else", async () => {
    const e = await handMade("customer.tax_id.created", { id: "txi_1" });
    const res = await deliver(e);
    expect(res.status).toBe(200);
    expect((await ledgerRow(db, e.id))?.outcome).toMatch(/^ignored/);
  });

  it("is exempt from the Origin check, which other POSTs still get", async () => {
    const e = await handMade("customer.tax_id.created", { id: "txi_2" });
    expect((await deliver(e)).status).toBe(200);
    const elsewhere = await exports.default.fetch(
      new Request("http://localhost/membership/checkout", { method: "POST", headers: { "content-type": "application/json", "stripe-signature": e.signature }, body: e.payload }),
    );
    expect(elsewhere.status).toBe(403);
    const sibling = await exports.default.fetch(new Request("http://localhost/stripe/webhook/x", { method: "POST", body: e.payload }));
    expect(sibling.status).toBe(403);
  });
});

describe("dues through Checkout", () => {
  it("one term paid: the same completed event delivered 5 times at once extends the membership once", async () => {
    const tier = await makeTier(db, { duration: 12 });
    const member = await signedInMember(db);
    const sent = await submit("/membership/checkout", member, { tierId: tier.id, term: "term", attempt: attempt() });
    expect(sent.status).toBe(303);
    const { events } = await standin(`sessions/${sessionIdOf(sent.location)}/pay`);
    expect(events.map((e) => e.type)).toEqual(["checkout.session.completed"]);
    const before = Date.now();
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(events[0]!)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.filter((r) => r.body.includes('"duplicate":false'))).toHaveLength(1);

    const u = await expiryOf(member.id);
    const months = (u.membershipExpiresAt!.getTime() - before) / DAY;
    expect(months).toBeGreaterThan(364);
    expect(months).toBeLessThan(367);
    expect(u.membershipTierId).toBe(tier.id);
    expect(await renewalsOf(db, member.id)).toHaveLength(1);
    const [payment] = await paymentsOf(db, member.id);
    expect(payment).toMatchObject({ status: "COMPLETED", type: "MEMBERSHIP", amount: "600.00" });
    expect(payment!.stripePaymentId).toMatch(/^pi_/);
    expect(await emailsOf(member.id, "PAYMENT_RECEIPT")).toHaveLength(1);
    expect((await db.select().from(stripeEvents).where(eq(stripeEvents.id, events[0]!.id))).length).toBe(1);
  });

  it("a resubmitted join form (same attempt) reuses the same Checkout Session and payment", async () => {
    const tier = await makeTier(db);
    const member = await signedInMember(db);
    const form = { tierId: tier.id, term: "term", attempt: attempt() };
    const a = await submit("/membership/checkout", member, form);
    const b = await submit("/membership/checkout", member, form);
    expect(sessionIdOf(a.location)).toBe(sessionIdOf(b.location));
    expect(await paymentsOf(db, member.id)).toHaveLength(1);
  });

  it("a subscription: invoice.paid before checkout.session.completed still extends once and records auto-renewal", async () => {
    const tier = await makeTier(db, { duration: 12 });
    const member = await signedInMember(db);
    const sent = await submit("/membership/checkout", member, { tierId: tier.id, term: "subscription", attempt: attempt() });
    const { events } = await standin(`sessions/${sessionIdOf(sent.location)}/pay`);
    expect(events.map((e) => e.type)).toEqual(["checkout.session.completed", "invoice.paid"]);
    // As from Stripe: the invoice in the event names no payments (an expandable field).
    expect(JSON.parse(events[1]!.payload).data.object.payments).toBeUndefined();
    expect((await deliver(events[1]!)).status).toBe(200); // invoice first
    expect((await deliver(events[0]!)).status).toBe(200);
    const u = await expiryOf(member.id);
    expect(u.stripeSubscriptionId).toMatch(/^sub_/);
    expect(u.membershipExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 360 * DAY);
    expect(await renewalsOf(db, member.id)).toHaveLength(1);

    // The next term's invoice extends from the current expiry, not from today.
    const firstExpiry = u.membershipExpiresAt!.getTime();
    const renewal = await standin(`subscriptions/${u.stripeSubscriptionId}/renew`);
    await deliver(renewal.events[0]!);
    const renewed = await expiryOf(member.id);
    expect(renewed.membershipExpiresAt!.getTime() - firstExpiry).toBeGreaterThan(364 * DAY);
    const paid = (await paymentsOf(db, member.id)).filter((p) => p.status === "COMPLETED");
    expect(paid).toHaveLength(2);
    // Each dues payment keeps the PaymentIntent Stripe lists for its invoice, so it can be refunded.
    for (const p of paid) expect(p.stripePaymentId).toBe(await intentOfInvoice(p.stripeInvoiceId!));
  });

  it("a decline delivered after the same invoice was paid neither flags the card nor emails the member", async () => {
    const tier = await makeTier(db);
    const member = await signedInMember(db);
    const sent = await submit("/membership/checkout", member, { tierId: tier.id, term: "subscription", attempt: attempt() });
    for (const e of (await standin(`sessions/${sessionIdOf(sent.location)}/pay`)).events) await deliver(e);
    const sub = (await expiryOf(member.id)).stripeSubscriptionId!;
    const renewal = (await standin(`subscriptions/${sub}/renew`)).events[0]!;
    const invoice = JSON.parse(renewal.payload).data.object;
    // Stripe's first attempt was declined, its retry went through; the decline's event arrives last.
    const declined = await handMade("invoice.payment_failed", { ...invoice, status: "open", amount_paid: 0, amount_remaining: invoice.amount_due });
    expect((await deliver(renewal)).status).toBe(200);
    const res = await deliver(declined);
    expect(res.status).toBe(200);
    expect(res.body).toContain("invoice already paid");
    expect((await expiryOf(member.id)).duesPaymentFailedAt).toBeNull();
    expect(await emailsOf(member.id, "DUES_PAYMENT_FAILED")).toEqual([]);
    const [p] = (await paymentsOf(db, member.id)).filter((x) => x.stripeInvoiceId === invoice.id);
    expect(p).toMatchObject({ status: "COMPLETED" });
  });

  it("a declined renewal flags the member and emails a link to fix the card, once", async () => {
    const tier = await makeTier(db);
    const member = await signedInMember(db);
    const sent = await submit("/membership/checkout", member, { tierId: tier.id, term: "subscription", attempt: attempt() });
    const { events } = await standin(`sessions/${sessionIdOf(sent.location)}/pay`);
    for (const e of events) await deliver(e);
    const sub = (await expiryOf(member.id)).stripeSubscriptionId!;
    const failed = await standin(`subscriptions/${sub}/fail`);
    await Promise.all([deliver(failed.events[0]!), deliver(failed.events[0]!)]);
    expect((await expiryOf(member.id)).duesPaymentFailedAt).not.toBeNull();
    const mails = await emailsOf(member.id, "DUES_PAYMENT_FAILED");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.textBody).toContain("/membership");
    expect((await paymentsOf(db, member.id)).map((p) => p.status).sort()).toEqual(["COMPLETED", "FAILED"]);
  });

  it("cancelling auto-renewal in the customer portal turns auto-renewal off", async () => {
    const tier = await makeTier(db);
    const member = await signedInMember(db);
    const sent = await submit("/membership/checkout", member, { tierId: tier.id, term: "subscription", attempt: attempt() });
    for (const e of (await standin(`sessions/${sessionIdOf(sent.location)}/pay`)).events) await deliver(e);
    const sub = (await expiryOf(member.id)).stripeSubscriptionId!;
    await deliver((await standin(`subscriptions/${sub}/cancel-at-period-end`)).events[0]!);
    expect((await expiryOf(member.id)).stripeSubscriptionId).toBeNull();
    const portal = await submit("/membership/portal", member, {});
    expect(portal.status).toBe(303);
    expect(portal.location).toMatch(/\/portal\/cus_/);
    // A double click opens the same portal session (the call carries our idempotency key).
    expect((await submit("/membership/portal", member, {})).location).toBe(portal.location);
  });

  it("the stand-in refuses a create call without an Idempotency-Key, as the portal never makes one", async () => {
    const res = await fetch(`${STANDIN}/v1/billing_portal/sessions`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: "Bearer sk_test_x" },
      body: "customer=cus_x&return_url=http%3A%2F%2Flocalhost%2Fmembership",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain("Idempotency-Key");
  });

  it("two tabs choosing auto-renewal for one tier get one Checkout Session, so one subscription", async () => {
    const tier = await makeTier(db);
    const member = await signedInMember(db);
    const [a, b] = await Promise.all([
      submit("/membership/checkout", member, { tierId: tier.id, term: "subscription", attempt: attempt() }),
      submit("/membership/checkout", member, { tierId: tier.id, term: "subscription", attempt: attempt() }),
    ]);
    expect(sessionIdOf(a.location)).toBe(sessionIdOf(b.location));
  });

  it("an auto-renewal Checkout that expired unpaid is replaced; one already paid is not offered again while Stripe's event is on its way", async () => {
    const tier = await makeTier(db);
    const member = await signedInMember(db);
    const form = () => ({ tierId: tier.id, term: "subscription", attempt: attempt() });
    const first = sessionIdOf((await submit("/membership/checkout", member, form())).location);
    await standin(`sessions/${first}/expire`);
    const second = sessionIdOf((await submit("/membership/checkout", member, form())).location);
    expect(second).not.toBe(first);
    expect(sessionIdOf((await submit("/membership/checkout", member, form())).location)).toBe(second);
    await standin(`sessions/${second}/pay`); // paid; the webhook has not arrived yet
    const again = await submit("/membership/checkout", member, form());
    expect(again.status).toBe(409);
    expect(again.html).toContain("already went through");
  });

  it("while dues renew automatically, the same tier again or a one-term payment is refused with a pointer to the customer portal", async () => {
    const [tier, other] = [await makeTier(db), await makeTier(db, { price: "900.00" })];
    const member = await signedInMember(db);
    const sent = await submit("/membership/checkout", member, { tierId: tier.id, term: "subscription", attempt: attempt() });
    for (const e of (await standin(`sessions/${sessionIdOf(sent.location)}/pay`)).events) await deliver(e);
    expect((await expiryOf(member.id)).stripeSubscriptionId).toMatch(/^sub_/);
    const before = (await paymentsOf(db, member.id)).length;

    const again = await submit("/membership/checkout", member, { tierId: tier.id, term: "subscription", attempt: attempt() });
    expect(again.status).toBe(409);
    expect(again.html).toContain("already renews automatically");
    expect(again.html).toContain("Update card or cancel renewal");
    const oneTerm = await submit("/membership/checkout", member, { tierId: other.id, term: "term", attempt: attempt() });
    expect(oneTerm.status).toBe(409);
    expect(oneTerm.html).toContain("a one-term payment would pay twice");
    expect(await paymentsOf(db, member.id)).toHaveLength(before);
    // The page shows no renew button for the tier that renews itself.
    expect((await page("/membership", member)).html).toContain("This tier renews automatically by card");
  });

  it("an expired session cancels its pending payment and extends nothing", async () => {
    const tier = await makeTier(db);
    const member = await signedInMember(db);
    const sent = await submit("/membership/checkout", member, { tierId: tier.id, term: "term", attempt: attempt() });
    const { events } = await standin(`sessions/${sessionIdOf(sent.location)}/expire`);
    await deliver(events[0]!);
    const [p] = await paymentsOf(db, member.id);
    expect(p!.status).toBe("CANCELLED");
    expect((await expiryOf(member.id)).membershipExpiresAt).toBeNull();
  });

  it("charge.refunded (a refund made in the Dashboard) brings the payment's refunded total up to Stripe's, in part then in full", async () => {
    const member = await signedInMember(db);
    const sent = await submit("/donate", member, { amount: "50", dedication: "", attempt: attempt() });
    for (const e of (await standin(`sessions/${sessionIdOf(sent.location)}/pay`)).events) await deliver(e);
    const [paid] = await paymentsOf(db, member.id);
    const part = await handMade("charge.refunded", { id: "ch_dash", object: "charge", payment_intent: paid!.stripePaymentId, amount: 5000, amount_refunded: 1000 });
    await Promise.all([deliver(part), deliver(part)]);
    let [p] = await paymentsOf(db, member.id);
    expect(p).toMatchObject({ status: "COMPLETED", refundedAmount: "10.00" });
    // An older event arriving late never lowers the total.
    const full = await handMade("charge.refunded", { id: "ch_dash", object: "charge", payment_intent: paid!.stripePaymentId, amount: 5000, amount_refunded: 5000 });
    await deliver(full);
    await deliver(await handMade("charge.refunded", { id: "ch_dash", object: "charge", payment_intent: paid!.stripePaymentId, amount: 5000, amount_refunded: 1000 }));
    [p] = await paymentsOf(db, member.id);
    expect(p).toMatchObject({ status: "REFUNDED", refundedAmount: "50.00" });
  });

  it("changing tier with auto-renewal stops the old subscription, so dues are never charged twice", async () => {
    const [first, second] = [await makeTier(db), await makeTier(db, { price: "900.00" })];
    const member = await signedInMember(db);
    const one = await submit("/membership/checkout", member, { tierId: first.id, term: "subscription", attempt: attempt() });
    for (const e of (await standin(`sessions/${sessionIdOf(one.location)}/pay`)).events) await deliver(e);
    const oldSub = (await expiryOf(member.id)).stripeSubscriptionId!;
    const two = await submit("/membership/checkout", member, { tierId: second.id, term: "subscription", attempt: attempt() });
    for (const e of (await standin(`sessions/${sessionIdOf(two.location)}/pay`)).events) await deliver(e);
    const u = await expiryOf(member.id);
    expect(u.membershipTierId).toBe(second.id);
    expect(u.stripeSubscriptionId).not.toBe(oldSub);
    // The stand-in's record of the old subscription says it was cancelled.
    const old = (await (await fetch(`${STANDIN}/__standin/subscriptions/${oldSub}/cancel-at-period-end`, { method: "POST" })).json()) as { events: Array<{ payload: string }> };
    expect(JSON.parse(old.events[0]!.payload).data.object.status).toBe("canceled");
  });
});

describe("dues renewed through invoice.paid, on an injected clock", () => {
  const config = loadConfig(env as unknown as Record<string, unknown>);
  const at = (now: Date) => ({ db, env, stripe: stripeClient(config), publicUrl: config.PUBLIC_URL, now });

  /** A member paying by subscription, and the next invoice.paid for it (not yet delivered). */
  async function renewing() {
    const tier = await makeTier(db, { duration: 12 });
    const member = await signedInMember(db);
    const sent = await submit("/membership/checkout", member, { tierId: tier.id, term: "subscription", attempt: attempt() });
    for (const e of (await standin(`sessions/${sessionIdOf(sent.location)}/pay`)).events) await deliver(e);
    const { stripeSubscriptionId } = await expiryOf(member.id);
    const renewal = (await standin(`subscriptions/${stripeSubscriptionId}/renew`)).events[0]!;
    return { member, event: JSON.parse(renewal.payload) as Stripe.Event };
  }

  it("a renewal paid in the grace period runs its term from the day it is paid, not from the lapsed end", async () => {
    const { member, event } = await renewing();
    const ended = new Date(Date.UTC(2027, 0, 10, 17));
    await db.update(users).set({ membershipExpiresAt: ended }).where(eq(users.id, member.id));
    const now = new Date(ended.getTime() + 5 * DAY); // within the 14 grace days
    expect(await handleStripeEvent(at(now), event)).toMatchObject({ duplicate: false, outcome: "dues extended" });
    const u = await expiryOf(member.id);
    expect(u.membershipExpiresAt).toEqual(addMonths(now, 12));
    const [renewal] = (await paymentsOf(db, member.id)).filter((p) => p.stripeInvoiceId === (event.data.object as { id: string }).id);
    expect(renewal!.processedAt).toEqual(now);
  });

  it("a renewal paid before the end extends from the end, losing no days", async () => {
    const { member, event } = await renewing();
    const ends = new Date(Date.UTC(2027, 2, 31, 17));
    await db.update(users).set({ membershipExpiresAt: ends }).where(eq(users.id, member.id));
    await handleStripeEvent(at(new Date(ends.getTime() - 10 * DAY)), event);
    expect((await expiryOf(member.id)).membershipExpiresAt).toEqual(addMonths(ends, 12));
  });
});

describe("Stripe settings", () => {
  /** The Worker run with settings replaced, as a broken deployment would run it. */
  async function withSettings(overrides: Record<string, string | undefined>): Promise<{ status: number; text: string }> {
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request("http://localhost/"), { ...env, ...overrides } as Env, ctx);
    await waitOnExecutionContext(ctx);
    return { status: res.status, text: await res.text() };
  }

  it("names STRIPE_SECRET_KEY when it is missing or not a secret key", async () => {
    const missing = await withSettings({ STRIPE_SECRET_KEY: undefined });
    expect(missing.status).toBe(500);
    expect(missing.text).toMatch(/^Configuration error: STRIPE_SECRET_KEY is required: the Stripe secret key/);
    const publishable = await withSettings({ STRIPE_SECRET_KEY: "pk_live_51Habc" });
    expect(publishable.status).toBe(500);
    expect(publishable.text).toMatch(/^Configuration error: STRIPE_SECRET_KEY must be a Stripe secret or restricted key/);
  });

  it("names STRIPE_WEBHOOK_SECRET when it is missing or not a signing secret", async () => {
    const missing = await withSettings({ STRIPE_WEBHOOK_SECRET: undefined });
    expect(missing.status).toBe(500);
    expect(missing.text).toMatch(/^Configuration error: STRIPE_WEBHOOK_SECRET is required: the signing secret/);
    const malformed = await withSettings({ STRIPE_WEBHOOK_SECRET: "sk_test_not_a_webhook_secret" });
    expect(malformed.status).toBe(500);
    expect(malformed.text).toMatch(/^Configuration error: STRIPE_WEBHOOK_SECRET must be the webhook endpoint's signing secret/);
  });
});
