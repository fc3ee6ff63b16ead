// Stripe's events, each handled exactly once: the event's effect and its stripe_events row
// (keyed by event.id) are written in ONE transaction. The row is inserted first, so a second
// delivery of the same event — later, or at the same moment on another connection — waits on
// the first's row lock and then finds it: it does nothing. Handlers never assume an order:
// invoice.paid carries the member and tier in the subscription's metadata, so it needs nothing
// from checkout.session.completed, which for a subscription only records what invoice.paid
// may already have recorded.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { paymentRefunds, payments, stripeEvents, type Payment } from "../../db/schema/payments.ts";
import { fromCents, toCents } from "../../lib/money.ts";
import { formatUsd } from "../../lib/money.ts";
import { applyDues, markPaid, PAYMENT_EMAIL_KINDS, queueEmail, queueReceipt, tierMonths } from "./effects.ts";
import { releaseRefundedSeat, releaseUnpaidSeat, settleSeatPayment, type SeatPaymentDeps } from "./seat-payments.ts";
import { derivedId, type Stripe } from "./stripe.ts";
import { fulfilCoursePayment } from "../learning/enrollment.ts";

export type WebhookDeps = SeatPaymentDeps & { db: Db };

export type WebhookResult = { duplicate: true } | { duplicate: false; outcome: string };

export async function handleStripeEvent(deps: WebhookDeps, event: Stripe.Event): Promise<WebhookResult> {
  return await deps.db.transaction(async (tx) => {
    const object = event.data.object as { id?: string };
    const [fresh] = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, objectId: object.id ?? null, outcome: "handling" })
      .onConflictDoNothing()
      .returning({ id: stripeEvents.id });
    if (!fresh) return { duplicate: true as const };
    const outcome = await dispatch(tx, deps, event);
    await tx.update(stripeEvents).set({ outcome }).where(eq(stripeEvents.id, event.id));
    return { duplicate: false as const, outcome };
  });
}

async function dispatch(tx: Tx, deps: WebhookDeps, event: Stripe.Event): Promise<string> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return await sessionPaid(tx, deps, event.data.object);
    case "checkout.session.expired":
    case "checkout.session.async_payment_failed":
      return await sessionUnpaid(tx, deps, event.data.object, event.type === "checkout.session.expired" ? "CANCELLED" : "FAILED");
    case "invoice.paid":
      return await invoicePaid(tx, deps, event.data.object);
    case "invoice.payment_failed":
      return await invoiceFailed(tx, deps, event.data.object);
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return await subscriptionChanged(tx, event.data.object, event.type === "customer.subscription.deleted");
    case "charge.refunded":
      return await chargeRefunded(tx, deps, event.data.object);
    default:
      return "ignored: not an event the portal uses";
  }
}

type Session = Stripe.Checkout.Session;

/**
 * The member's renewing subscription. A change of tier is a new subscription: the old one is
 * cancelled at once (whichever of the new one's events comes first), so dues are never charged twice.
 */
async function recordSubscription(tx: Tx, deps: WebhookDeps, userId: string, subscription: string, customer: string | null): Promise<void> {
  const [current] = await tx.select({ sub: users.stripeSubscriptionId }).from(users).where(eq(users.id, userId)).for("update");
  if (current?.sub && current.sub !== subscription) {
    await deps.stripe.subscriptions.cancel(current.sub, {}, { idempotencyKey: `replace-subscription:${current.sub}` }).catch((err: { code?: string }) => {
      if (err.code !== "resource_missing") throw err;
    });
  }
  await tx.update(users).set({ stripeSubscriptionId: subscription, ...(customer ? { stripeCustomerId: customer } : {}) }).where(eq(users.id, userId));
}
const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === "string" ? v : v.id);

async function paymentOfSession(tx: Tx, s: Session): Promise<Payment | null> {
  const paymentId = s.metadata?.paymentId ?? s.client_reference_id;
  const [p] = paymentId
    ? await tx.select().from(payments).where(eq(payments.id, paymentId))
    : await tx.select().from(payments).where(eq(payments.stripeCheckoutSessionId, s.id));
  return p ?? null;
}

async function sessionPaid(tx: Tx, deps: WebhookDeps, s: Session): Promise<string> {
  const customer = idOf(s.customer);
  if (s.mode === "subscription") {
    // Dues that renew themselves: invoice.paid extends the membership; here only the subscription is recorded.
    const userId = s.metadata?.userId;
    const subscription = idOf(s.subscription);
    if (!userId || !subscription) return "ignored: subscription session without a member";
    await recordSubscription(tx, deps, userId, subscription, customer);
    return "subscription recorded";
  }
  const payment = await paymentOfSession(tx, s);
  if (!payment) return "ignored: no payment of ours";
  if (s.payment_status === "unpaid") {
    // A bank debit and the like: the money comes later (async_payment_succeeded / _failed).
    await tx.update(payments).set({ status: "PROCESSING", stripeCheckoutSessionId: s.id }).where(and(eq(payments.id, payment.id), eq(payments.status, "PENDING")));
    return "awaiting the payment";
  }
  const paid = await markPaid(tx, payment.id, deps.now, { paymentIntent: idOf(s.payment_intent), customer, sessionId: s.id });
  if (!paid) return await refundIfDuplicate(tx, deps, payment.id, s);
  switch (paid.type) {
    case "MEMBERSHIP": {
      const tierId = paid.details?.tierId;
      const months = paid.details?.months ?? (tierId ? await tierMonths(tx, tierId) : null);
      if (!tierId || !months) throw new Error(`dues payment ${paid.id} names no tier`);
      await applyDues(tx, deps, paid.userId, tierId, months, "one term, card");
      await queueReceipt(tx, deps, paid);
      return "dues term paid";
    }
    case "EVENT_REGISTRATION":
      return await settleSeatPayment(tx, deps, paid);
    case "TRAINING": {
      const outcome = await fulfilCoursePayment(tx, paid, deps.now);
      await queueReceipt(tx, deps, paid);
      return outcome;
    }
    default:
      await queueReceipt(tx, deps, paid);
      return `${paid.type.toLowerCase()} paid`;
  }
}

/**
 * The payment was already settled another way (an admin recorded it paid offline while the
 * member paid by card too): the card payment is a second payment for one thing. It is kept
 * as its own row and refunded at once, under a key, and the member is told.
 */
async function refundIfDuplicate(tx: Tx, deps: WebhookDeps, paymentId: string, s: Session): Promise<string> {
  const intent = idOf(s.payment_intent);
  const [first] = await tx.select().from(payments).where(eq(payments.id, paymentId));
  if (!first || !intent || first.stripePaymentId === intent) return "already paid";
  const cents = s.amount_total ?? toCents(first.amount);
  const id = await derivedId("duplicate", intent);
  const [dup] = await tx
    .insert(payments)
    .values({
      id,
      userId: first.userId,
      type: first.type,
      status: "REFUNDED",
      amount: fromCents(cents),
      refundedAmount: fromCents(cents),
      description: `${first.description ?? first.type} — paid twice, refunded`.slice(0, 300),
      stripePaymentId: intent,
      stripeCustomerId: idOf(s.customer),
      processedAt: deps.now,
      details: first.details,
    })
    .onConflictDoNothing()
    .returning();
  if (!dup) return "already paid";
  const refund = await deps.stripe.refunds.create(
    { payment_intent: intent, amount: cents, reason: "duplicate", metadata: { paymentId: id } },
    { idempotencyKey: `duplicate-refund:${intent}` },
  );
  await tx.insert(paymentRefunds).values({ paymentId: id, amount: fromCents(cents), reason: `Automatic: ${first.description ?? "this"} was already paid (receipt ${first.id})`, stripeRefundId: refund.id });
  const [u] = await tx.select({ email: users.email, firstName: users.firstName }).from(users).where(eq(users.id, first.userId));
  if (u) {
    await queueEmail(tx, ["duplicate-refund", intent], {
      to: u.email,
      userId: first.userId,
      kind: PAYMENT_EMAIL_KINDS.refund,
      subject: `Refunded: you paid twice for ${first.description ?? "one item"}`,
      text: `Hello ${u.firstName},

"${first.description ?? first.type}" was already paid (receipt ${first.id}), so we refunded your card payment of ${formatUsd(cents)} in full. It shows within 5–10 business days.
`,
    });
  }
  return "duplicate payment refunded";
}

async function sessionUnpaid(tx: Tx, deps: WebhookDeps, s: Session, status: "CANCELLED" | "FAILED"): Promise<string> {
  const payment = await paymentOfSession(tx, s);
  if (!payment) return "ignored: no payment of ours";
  const [changed] = await tx
    .update(payments)
    .set({ status, processedAt: deps.now })
    .where(and(eq(payments.id, payment.id), inArray(payments.status, ["PENDING", "PROCESSING"])))
    .returning({ id: payments.id });
  if (!changed) return `ignored: payment already ${payment.status.toLowerCase()}`;
  if (payment.type === "EVENT_REGISTRATION") {
    const released = await releaseUnpaidSeat(deps, payment);
    return released ? `payment ${status.toLowerCase()}, seat released` : `payment ${status.toLowerCase()}`;
  }
  return `payment ${status.toLowerCase()}`;
}

/** Who and which tier a subscription invoice is for: the subscription's metadata, copied onto every invoice. */
function duesOf(inv: Stripe.Invoice): { userId: string; tierId: string; subscription: string } | null {
  const details = inv.parent?.subscription_details;
  const meta = details?.metadata;
  const subscription = idOf(details?.subscription as string | { id: string } | undefined);
  if (!meta?.userId || !meta.tierId || !subscription) return null;
  return { userId: meta.userId, tierId: meta.tierId, subscription };
}

const intentOf = (payment: Stripe.InvoicePayment["payment"] | undefined): string | null =>
  payment?.type === "payment_intent" ? idOf(payment.payment_intent as string | { id: string } | undefined) : null;

/**
 * The PaymentIntent that paid an invoice. Stripe leaves `invoice.payments` out of webhook
 * payloads (it is only there when expanded), so it is listed from the API when missing.
 */
async function paymentIntentOf(deps: WebhookDeps, inv: Stripe.Invoice): Promise<string | null> {
  const listed = inv.payments?.data ?? (await deps.stripe.invoicePayments.list({ invoice: inv.id!, status: "paid" })).data;
  const paid = listed.find((p) => p.status === "paid" && intentOf(p.payment)) ?? listed.find((p) => intentOf(p.payment));
  return intentOf(paid?.payment);
}

async function invoicePaid(tx: Tx, deps: WebhookDeps, inv: Stripe.Invoice): Promise<string> {
  const dues = duesOf(inv);
  if (!dues) return "ignored: not a dues invoice";
  const [existing] = await tx.select().from(payments).where(eq(payments.stripeInvoiceId, inv.id!)).for("no key update");
  if (existing?.status === "COMPLETED" || existing?.status === "REFUNDED") return "already paid";
  const months = await tierMonths(tx, dues.tierId);
  if (!months) throw new Error(`invoice ${inv.id}: tier ${dues.tierId} not found`);
  const customer = idOf(inv.customer);
  const values = {
    status: "COMPLETED" as const,
    amount: fromCents(inv.amount_paid),
    processedAt: deps.now,
    stripePaymentId: await paymentIntentOf(deps, inv),
    stripeCustomerId: customer,
  };
  let payment: Payment;
  if (existing) {
    [payment] = (await tx.update(payments).set(values).where(eq(payments.id, existing.id)).returning()) as [Payment];
  } else {
    [payment] = (await tx
      .insert(payments)
      .values({
        id: await derivedId("invoice", inv.id!),
        userId: dues.userId,
        type: "MEMBERSHIP",
        description: inv.billing_reason === "subscription_create" ? "Membership dues (renews automatically)" : "Membership dues: automatic renewal",
        stripeInvoiceId: inv.id!,
        details: { tierId: dues.tierId, term: "subscription", months },
        ...values,
      })
      .returning()) as [Payment];
  }
  // Only a new subscription's first invoice may replace the one on file: a renewal of an older
  // subscription arriving late must not cancel the newer one.
  if (inv.billing_reason === "subscription_create") await recordSubscription(tx, deps, dues.userId, dues.subscription, customer);
  else await tx.update(users).set({ stripeSubscriptionId: dues.subscription }).where(and(eq(users.id, dues.userId), isNull(users.stripeSubscriptionId)));
  await applyDues(tx, deps, dues.userId, dues.tierId, months, "subscription invoice");
  await queueReceipt(tx, deps, payment);
  return "dues extended";
}

async function invoiceFailed(tx: Tx, deps: WebhookDeps, inv: Stripe.Invoice): Promise<string> {
  const dues = duesOf(inv);
  if (!dues) return "ignored: not a dues invoice";
  await tx
    .insert(payments)
    .values({
      id: await derivedId("invoice", inv.id!),
      userId: dues.userId,
      type: "MEMBERSHIP",
      status: "FAILED",
      amount: fromCents(inv.amount_due),
      description: "Membership dues: automatic renewal (card declined)",
      stripeInvoiceId: inv.id!,
      stripeCustomerId: idOf(inv.customer),
      details: { tierId: dues.tierId, term: "subscription" },
      processedAt: deps.now,
    })
    .onConflictDoNothing();
  // Deliveries come in any order: a decline of an earlier attempt arriving after the invoice was
  // paid (a retry went through) is old news, not a declined card. Read after the insert, which
  // waits for an invoice.paid being handled at the same moment.
  const [invoice] = await tx.select({ status: payments.status }).from(payments).where(eq(payments.stripeInvoiceId, inv.id!));
  if (invoice?.status === "COMPLETED" || invoice?.status === "REFUNDED") return "ignored: invoice already paid";
  const [u] = await tx
    .update(users)
    .set({ duesPaymentFailedAt: deps.now })
    .where(eq(users.id, dues.userId))
    .returning({ email: users.email, firstName: users.firstName, expires: users.membershipExpiresAt });
  if (!u) return "ignored: member not found";
  const fix = new URL("/membership", deps.publicUrl).href;
  await queueEmail(tx, ["dues-failed", inv.id!], {
    to: u.email,
    userId: dues.userId,
    kind: PAYMENT_EMAIL_KINDS.duesFailed,
    subject: "Your membership renewal payment did not go through",
    text:
      `Hello ${u.firstName},\n\nWe tried to charge ${formatUsd(inv.amount_due)} for your membership renewal, and your card was declined.\n\n` +
      `Update your card here (the "Update card or cancel renewal" button): ${fix}\n\n` +
      `Stripe retries the charge over the next days. Your membership stays active for a grace period after it ends, so nothing changes for you yet.\n`,
  });
  return "dues payment failed: member emailed";
}

async function subscriptionChanged(tx: Tx, sub: Stripe.Subscription, deleted: boolean): Promise<string> {
  const renewing = !deleted && !sub.cancel_at_period_end && (sub.status === "active" || sub.status === "trialing" || sub.status === "past_due");
  const userId = sub.metadata?.userId;
  const customer = idOf(sub.customer);
  const who = userId ? eq(users.id, userId) : customer ? eq(users.stripeCustomerId, customer) : null;
  if (!who) return "ignored: no member";
  if (renewing) {
    await tx.update(users).set({ stripeSubscriptionId: sub.id }).where(who);
    return "auto-renewal on";
  }
  await tx.update(users).set({ stripeSubscriptionId: null }).where(and(who, eq(users.stripeSubscriptionId, sub.id)));
  return "auto-renewal off";
}

/**
 * Refunds made here are recorded by the refund workflow; this keeps the total right for refunds
 * made in the Dashboard too. A Dashboard refund that makes an event seat's payment whole again
 * gives the seat back, as the admin's refund does: never a seat without its money. Only the
 * event that takes the payment from COMPLETED to REFUNDED does so (read under the row's lock,
 * after a refund of ours that is committing), so a refund made here without releasing the seat
 * keeps it.
 */
async function chargeRefunded(tx: Tx, deps: WebhookDeps, charge: Stripe.Charge): Promise<string> {
  const intent = idOf(charge.payment_intent);
  if (!intent) return "ignored: no payment intent";
  const [before] = await tx.select().from(payments).where(eq(payments.stripePaymentId, intent)).for("no key update");
  if (!before) return "ignored: no payment of ours";
  const refunded = fromCents(charge.amount_refunded);
  const [p] = await tx
    .update(payments)
    .set({
      refundedAmount: sql`greatest(${payments.refundedAmount}, least(${refunded}::numeric, ${payments.amount}))`,
      status: sql`case when least(${refunded}::numeric, ${payments.amount}) >= ${payments.amount} then 'REFUNDED'::payment_status else ${payments.status} end`,
    })
    .where(eq(payments.id, before.id))
    .returning({ status: payments.status });
  if (toCents(refunded) < toCents(before.amount)) return "refunded in part";
  const eventId = before.type === "EVENT_REGISTRATION" ? before.details?.eventId : undefined;
  if (before.status !== "COMPLETED" || p?.status !== "REFUNDED" || !eventId) return "refunded in full";
  const released = await releaseRefundedSeat(deps, eventId, before);
  return released ? "refunded in full, seat released" : "refunded in full";
}
