// Sending a member to Stripe Checkout: dues (a subscription or one term), a held event seat,
// a donation or a sponsorship. Each Checkout Session is created under an idempotency key
// derived from what it pays for (the pending payment's id; a subscription's member, tier and
// current expiry), so a double click, a second tab or a retried request gets the same session,
// never a second charge.
// What happens after payment is the webhook's job (webhook.ts).
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import type { SignedInEnv } from "../../auth/rbac.ts";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import type { Event } from "../../db/schema/events.ts";
import { payments, type MembershipTier, type Payment, type PaymentDetails, type PaymentType } from "../../db/schema/payments.ts";
import { fromCents, toCents } from "../../lib/money.ts";
import { seatPosition } from "../events/capacity.ts";
import { checkoutExpiry, duesCheckoutRefusal } from "./rules.ts";
import { derivedId, idempotencyKey, stripeClient, type Stripe } from "./stripe.ts";

export interface CheckoutDeps {
  db: Db;
  stripe: Stripe;
  publicUrl: string;
  now: Date;
}

export interface Payer {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
}

export function checkoutDeps(c: Context<SignedInEnv>): CheckoutDeps {
  const config = c.var.config;
  return { db: c.var.db(), stripe: stripeClient(config), publicUrl: config.PUBLIC_URL, now: new Date() };
}

export function seatCheckoutDeps(c: Context<SignedInEnv>): CheckoutDeps & { env: Pick<Env, "EVENT_CAPACITY"> } {
  return { ...checkoutDeps(c), env: c.env };
}

/** To Stripe's page: a plain 303, or HX-Redirect for htmx (an XHR cannot follow to another origin). */
export function toCheckout(c: Context<SignedInEnv>, url: string): Response {
  if (c.req.header("hx-request") === "true") {
    c.header("HX-Redirect", url);
    return c.body(null, 204);
  }
  return c.redirect(url, 303);
}

const url = (deps: Pick<CheckoutDeps, "publicUrl">, path: string) => new URL(path, deps.publicUrl).href;

/** The member's Stripe customer, made once (the key is the member's id) and kept on the account. */
export async function ensureCustomer(deps: CheckoutDeps, payer: Payer): Promise<string> {
  const [u] = await deps.db.select({ customer: users.stripeCustomerId }).from(users).where(eq(users.id, payer.id));
  if (u?.customer) return u.customer;
  const customer = await deps.stripe.customers.create(
    { email: payer.email, name: `${payer.firstName} ${payer.lastName}`, metadata: { userId: payer.id } },
    { idempotencyKey: idempotencyKey("customer", payer.id) },
  );
  await deps.db.update(users).set({ stripeCustomerId: customer.id }).where(eq(users.id, payer.id));
  return customer.id;
}

/** A PENDING payment named by its attempt (so a resubmitted form finds the same row). */
async function pendingPayment(deps: CheckoutDeps, attempt: string[], values: { userId: string; type: PaymentType; cents: number; description: string; details: PaymentDetails; referenceId?: string | null }): Promise<Payment> {
  const id = await derivedId("payment", ...attempt);
  await deps.db
    .insert(payments)
    .values({ id, userId: values.userId, type: values.type, status: "PENDING", amount: fromCents(values.cents), description: values.description.slice(0, 300), details: values.details, referenceId: values.referenceId ?? null })
    .onConflictDoNothing();
  const [p] = await deps.db.select().from(payments).where(eq(payments.id, id));
  return p!;
}

/** A Checkout Session in payment mode for a PENDING payment, recorded on it; reused while still open. */
async function paymentSession(deps: CheckoutDeps, payment: Payment, opts: { customer: string; name: string; kind: string; successPath: string; cancelPath: string; expiresAt?: number }): Promise<string> {
  if (payment.stripeCheckoutSessionId) {
    const open = await deps.stripe.checkout.sessions.retrieve(payment.stripeCheckoutSessionId);
    if (open.status === "open" && open.url) return open.url;
  }
  const session = await deps.stripe.checkout.sessions.create(
    {
      mode: "payment",
      customer: opts.customer,
      client_reference_id: payment.id,
      line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: toCents(payment.amount), product_data: { name: opts.name.slice(0, 250) } } }],
      metadata: { kind: opts.kind, paymentId: payment.id, userId: payment.userId, ...(payment.details?.eventId ? { eventId: payment.details.eventId } : {}) },
      payment_intent_data: { metadata: { paymentId: payment.id } },
      success_url: url(deps, opts.successPath),
      cancel_url: url(deps, opts.cancelPath),
      ...(opts.expiresAt ? { expires_at: opts.expiresAt } : {}),
    },
    // A new key per earlier session, so an expired one is replaced rather than replayed.
    { idempotencyKey: idempotencyKey("checkout", payment.id, payment.stripeCheckoutSessionId ?? "first") },
  );
  await deps.db.update(payments).set({ stripeCheckoutSessionId: session.id, stripeCustomerId: opts.customer }).where(eq(payments.id, payment.id));
  return session.url!;
}

export type DuesCheckout = { ok: true; url: string } | { ok: false; message: string };

/**
 * Dues: "subscription" renews itself each term through the tier's recurring Price (or an
 * inline one when the tier has no Price id); "term" is one term paid once. Refused while the
 * member's membership already renews automatically (see duesCheckoutRefusal).
 */
export async function startDuesCheckout(deps: CheckoutDeps, payer: Payer, tier: MembershipTier, term: "subscription" | "term", attempt: string): Promise<DuesCheckout> {
  const [member] = await deps.db
    .select({ subscription: users.stripeSubscriptionId, tierId: users.membershipTierId, expires: users.membershipExpiresAt })
    .from(users)
    .where(eq(users.id, payer.id));
  const refused = duesCheckoutRefusal({ autoRenewing: Boolean(member?.subscription), tierId: member?.tierId ?? null }, tier, term);
  if (refused) return { ok: false, message: refused };
  const customer = await ensureCustomer(deps, payer);
  const cents = toCents(tier.price);
  if (term === "term") {
    const payment = await pendingPayment(deps, ["dues", payer.id, tier.id, attempt], {
      userId: payer.id,
      type: "MEMBERSHIP",
      cents,
      description: `${tier.name} membership dues (${tier.duration} months)`,
      details: { tierId: tier.id, term: "term", months: tier.duration },
    });
    return { ok: true, url: await paymentSession(deps, payment, { customer, name: `${tier.name} membership (${tier.duration} months)`, kind: "dues-term", successPath: "/membership?paid=1", cancelPath: "/membership" }) };
  }
  const meta = { kind: "dues", userId: payer.id, tierId: tier.id };
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "subscription",
    customer,
    client_reference_id: payer.id,
    line_items: [
      tier.stripePriceId
        ? { quantity: 1, price: tier.stripePriceId }
        : { quantity: 1, price_data: { currency: "usd", unit_amount: cents, recurring: { interval: "month", interval_count: tier.duration }, product_data: { name: `${tier.name} membership` } } },
    ],
    metadata: meta,
    // Copied onto every invoice: invoice.paid knows the member and tier on its own.
    subscription_data: { metadata: meta },
    success_url: url(deps, "/membership?paid=1"),
    cancel_url: url(deps, "/membership"),
  };
  // Named by member, tier and the membership's current end, not by the page: two tabs (or two
  // devices) get the same session, so one subscription. Paying moves the end date, and with it
  // the key. A session that expired unpaid is followed by one named after it (every tab follows
  // the same chain); one already paid is not paid again while Stripe's event is on its way.
  let key = idempotencyKey("dues-subscription", payer.id, tier.id, member?.expires?.toISOString() ?? "never");
  for (let tries = 0; tries < 5; tries++) {
    const made = await deps.stripe.checkout.sessions.create(params, { idempotencyKey: key });
    const session = await deps.stripe.checkout.sessions.retrieve(made.id);
    if (session.status === "open" && session.url) return { ok: true, url: session.url };
    if (session.status === "complete") {
      return { ok: false, message: "Your payment for this membership already went through: this page shows it as soon as Stripe confirms it (a few seconds)." };
    }
    key = idempotencyKey("dues-subscription", payer.id, tier.id, made.id);
  }
  throw new Error(`dues subscription checkout for ${payer.id}: no open session after 5 tries`);
}

/**
 * Stripe's customer portal: change the card, cancel auto-renewal. A portal session's link is
 * short-lived, so its key is the customer and the minute: a double click opens one session,
 * a visit later opens a fresh one.
 */
export async function customerPortalUrl(deps: CheckoutDeps, payer: Payer): Promise<string> {
  const customer = await ensureCustomer(deps, payer);
  const session = await deps.stripe.billingPortal.sessions.create(
    { customer, return_url: url(deps, "/membership") },
    { idempotencyKey: idempotencyKey("portal", customer, String(Math.floor(deps.now.getTime() / 60_000))) },
  );
  return session.url;
}

export type SeatCheckout = { ok: true; url: string } | { ok: false; message: string };

/**
 * The member's held seat, paid through Checkout. The session ends with the hold (at least
 * Stripe's 30 minutes): a payment after the hold lapsed takes a free seat or is refunded.
 * A member promoted from the waitlist has no payment yet: one is made, named by the hold.
 */
export async function startSeatCheckout(deps: CheckoutDeps & { env: Pick<Env, "EVENT_CAPACITY"> }, payer: Payer, event: Event): Promise<SeatCheckout> {
  const seat = await seatPosition(deps.env, event.id, payer.id);
  if (seat?.status !== "HELD") return { ok: false, message: "You have no held seat to pay for at this event." };
  let payment: Payment | undefined;
  if (seat.paymentId) [payment] = await deps.db.select().from(payments).where(eq(payments.id, seat.paymentId));
  if (!payment || (payment.status !== "PENDING" && payment.status !== "CANCELLED")) {
    if (payment?.status === "COMPLETED" || payment?.status === "PROCESSING") return { ok: false, message: "This seat's payment is already on its way; it confirms in a moment." };
    payment = await pendingPayment(deps, ["seat", seat.registrationId, String(seat.holdExpiresAt?.getTime() ?? seat.decidedAt)], {
      userId: payer.id,
      type: "EVENT_REGISTRATION",
      cents: seat.amountCents,
      description: `Event registration: ${event.title}`,
      details: { eventId: event.id, registrationId: seat.registrationId },
      referenceId: seat.registrationId,
    });
  } else if (!payment.details?.eventId) {
    await deps.db.update(payments).set({ details: { ...payment.details, eventId: event.id, registrationId: seat.registrationId } }).where(eq(payments.id, payment.id));
    payment = { ...payment, details: { ...payment.details, eventId: event.id, registrationId: seat.registrationId } };
  }
  const customer = await ensureCustomer(deps, payer);
  const checkoutUrl = await paymentSession(deps, payment, {
    customer,
    name: `Seat: ${event.title}`,
    kind: "event",
    // No #registration: the page opens at its top, where the notice says how the payment turned out.
    successPath: `/events/${event.id}?paid=1`,
    cancelPath: `/events/${event.id}#registration`,
    expiresAt: checkoutExpiry(seat.holdExpiresAt ?? null, deps.now),
  });
  return { ok: true, url: checkoutUrl };
}

/** A donation (any amount, optional dedication) or a sponsorship package. */
export async function startGiftCheckout(
  deps: CheckoutDeps,
  payer: Payer,
  gift: { type: "DONATION" | "SPONSORSHIP"; cents: number; description: string; details: PaymentDetails },
  attempt: string,
): Promise<string> {
  const customer = await ensureCustomer(deps, payer);
  const payment = await pendingPayment(deps, [gift.type, payer.id, attempt], { userId: payer.id, type: gift.type, cents: gift.cents, description: gift.description, details: gift.details });
  return await paymentSession(deps, payment, { customer, name: gift.description, kind: gift.type.toLowerCase(), successPath: `/account/payments/${payment.id}?paid=1`, cancelPath: gift.type === "DONATION" ? "/donate" : "/sponsorships" });
}

/**
 * A paid course, through Checkout: a PENDING TRAINING payment naming the course (referenceId)
 * at this member's price; the webhook opens the enrolment once it is paid.
 */
export async function startCourseCheckout(deps: CheckoutDeps, payer: Payer, course: { id: string; title: string }, cents: number, attempt: string): Promise<string> {
  const customer = await ensureCustomer(deps, payer);
  const payment = await pendingPayment(deps, ["course", payer.id, course.id, attempt], {
    userId: payer.id,
    type: "TRAINING",
    cents,
    description: `Course: ${course.title}`,
    details: {},
    referenceId: course.id,
  });
  return await paymentSession(deps, payment, { customer, name: `Course: ${course.title}`, kind: "training", successPath: `/courses/${course.id}?notice=paid`, cancelPath: `/courses/${course.id}` });
}
