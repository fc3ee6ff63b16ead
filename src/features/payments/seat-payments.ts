// A card payment for an event seat: the EventCapacity object decides, as the last step of the
// caller's transaction (the webhook's, with its ledger row). Never money without a seat:
//   - the seat is still held → confirmed;
//   - the hold lapsed (or the member cancelled) → a free seat if there is one ("confirmed-late"),
//     else the payment is refunded at once, under an idempotency key, and the member is told.
// If the transaction fails after the object decided, the webhook is delivered again: the object
// then answers "already" (the seat stays) and the refund's key makes a second refund a replay.
import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { events } from "../../db/schema/events.ts";
import { paymentRefunds, payments, type Payment } from "../../db/schema/payments.ts";
import { formatUsd, toCents } from "../../lib/money.ts";
import { formatWhen } from "../../lib/time.ts";
import { confirmSeat, releaseSeat, seatPosition } from "../events/capacity.ts";
import { PAYMENT_EMAIL_KINDS, queueEmail, queueReceipt, receiptUrl, type EffectDeps } from "./effects.ts";
import { idempotencyKey, type Stripe } from "./stripe.ts";

export interface SeatPaymentDeps extends EffectDeps {
  env: Pick<Env, "EVENT_CAPACITY">;
  stripe: Stripe;
}

export type SeatPaymentOutcome = "seat confirmed" | "seat already confirmed" | "late payment: free seat taken" | "late payment: refunded, no seat";

export async function settleSeatPayment(tx: Tx, deps: SeatPaymentDeps, payment: Payment): Promise<SeatPaymentOutcome> {
  const eventId = payment.details?.eventId;
  if (!eventId) throw new Error(`event payment ${payment.id} names no event`);
  const [event] = await tx.select().from(events).where(eq(events.id, eventId));
  const [member] = await tx.select({ email: users.email, firstName: users.firstName }).from(users).where(eq(users.id, payment.userId));
  if (!event || !member) throw new Error(`event payment ${payment.id}: event or member missing`);
  const url = new URL(`/events/${event.id}`, deps.publicUrl).href;
  const seat = await confirmSeat(deps.env, eventId, payment.userId, payment.id, { takeFreeSeat: true });

  if (seat.outcome === "confirmed" || seat.outcome === "already") {
    await queueReceipt(tx, deps, payment);
    return seat.outcome === "confirmed" ? "seat confirmed" : "seat already confirmed";
  }
  if (seat.outcome === "confirmed-late") {
    await tx.update(payments).set({ details: { ...payment.details, lateOutcome: "seat" } }).where(eq(payments.id, payment.id));
    await queueEmail(tx, ["late-seat", payment.id], {
      to: member.email,
      userId: payment.userId,
      kind: PAYMENT_EMAIL_KINDS.lateSeat,
      subject: `You're registered: ${event.title}`,
      text:
        `Hello ${member.firstName},\n\nYour payment of ${formatUsd(toCents(payment.amount))} arrived after the hold on your seat at "${event.title}" ran out, ` +
        `but a seat was still free, so it is yours: you are registered.\n\n${formatWhen(event.startDate, event.endDate)}\n\n` +
        `Event: ${url}\nReceipt: ${receiptUrl(deps, payment.id)}\n`,
    });
    await queueReceipt(tx, deps, payment);
    return "late payment: free seat taken";
  }

  // No seat for this money: give it back now.
  const cents = toCents(payment.amount);
  if (!payment.stripePaymentId) throw new Error(`event payment ${payment.id} has no payment intent to refund`);
  const refund = await deps.stripe.refunds.create(
    { payment_intent: payment.stripePaymentId, amount: cents, reason: "requested_by_customer", metadata: { paymentId: payment.id, why: "late payment, no seat" } },
    { idempotencyKey: idempotencyKey("late-refund", payment.id) },
  );
  await tx
    .update(payments)
    .set({ status: "REFUNDED", refundedAmount: payment.amount, details: { ...payment.details, lateOutcome: "refunded" } })
    .where(eq(payments.id, payment.id));
  await tx
    .insert(paymentRefunds)
    .values({ paymentId: payment.id, amount: payment.amount, reason: "Automatic: the payment came after the seat's hold lapsed and the event was full", stripeRefundId: refund.id })
    .onConflictDoNothing();
  await queueEmail(tx, ["late-refund", payment.id], {
    to: member.email,
    userId: payment.userId,
    kind: PAYMENT_EMAIL_KINDS.lateSeat,
    subject: `Refunded: ${event.title} was full`,
    text:
      `Hello ${member.firstName},\n\nYour payment of ${formatUsd(cents)} for "${event.title}" arrived after the hold on your seat ran out, ` +
      `and by then the event was full. We refunded the whole amount to your card; it shows within 5–10 business days.\n\n` +
      `Join the waitlist or see other events: ${url}\n`,
  });
  return "late payment: refunded, no seat";
}

/** A Checkout Session for a held seat ended unpaid (expired, or an async payment failed): the seat goes back, if still held for it. */
export async function releaseUnpaidSeat(deps: Pick<SeatPaymentDeps, "env">, payment: Payment): Promise<boolean> {
  const eventId = payment.details?.eventId;
  if (!eventId) return false;
  const seat = await seatPosition(deps.env, eventId, payment.userId);
  if (seat?.status !== "HELD" || seat.paymentId !== payment.id) return false;
  const released = await releaseSeat(deps.env, eventId, payment.userId);
  return released.outcome === "released";
}

/**
 * A paid seat refunded in full, when the admin asks for it: the seat goes back (to the first
 * person waiting) and the registration is cancelled by the object's write-through. False when
 * the member holds no seat for this payment any more.
 */
export async function releaseRefundedSeat(deps: Pick<SeatPaymentDeps, "env">, eventId: string, payment: Pick<Payment, "id" | "userId">): Promise<boolean> {
  const seat = await seatPosition(deps.env, eventId, payment.userId);
  if (!seat || (seat.status !== "CONFIRMED" && seat.status !== "HELD")) return false;
  if (seat.paymentId && seat.paymentId !== payment.id) return false;
  const released = await releaseSeat(deps.env, eventId, payment.userId);
  return released.outcome === "released";
}
