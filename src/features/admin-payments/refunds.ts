// Refunds (full or partial, with a reason, audited) and offline payments (check, cash) for
// dues and donations. A refund is named by the admin's form attempt: sending the same form
// twice refunds once (the row id and Stripe's idempotency key both derive from it).
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { paymentRefunds, payments, type MembershipTier } from "../../db/schema/payments.ts";
import { recordAdminAction, type AuditActor } from "../../lib/audit.ts";
import { formatUsd, fromCents, toCents } from "../../lib/money.ts";
import { applyDues, PAYMENT_EMAIL_KINDS, queueEmail, queueReceipt, receiptUrl } from "../payments/effects.ts";
import { checkRefund, paidByCard } from "../payments/rules.ts";
import { derivedId, idempotencyKey, type Stripe } from "../payments/stripe.ts";
import { users } from "../../db/schema/accounts.ts";

export interface AdminPaymentDeps {
  db: Db;
  stripe: Stripe;
  publicUrl: string;
  now: Date;
}

/** seat: a full refund of an event seat's payment, whose seat the caller releases (again, when the form is resubmitted). */
export type RefundOutcome = { ok: true; cents: number; repeated: boolean; seat: { eventId: string; userId: string } | null } | { ok: false; message: string };

export async function refundPayment(deps: AdminPaymentDeps, actor: AuditActor, paymentId: string, input: { cents: number | null; reason: string; attempt: string; releaseSeat?: boolean }): Promise<RefundOutcome> {
  const refundId = await derivedId("refund", paymentId, input.attempt);
  return await deps.db.transaction(async (tx) => {
    const [p] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
    if (!p) return { ok: false as const, message: "No such payment." };
    const [done] = await tx.select().from(paymentRefunds).where(eq(paymentRefunds.id, refundId));
    if (done) {
      // The refund committed before; its seat release (a step after the commit) may not have
      // happened, so a resubmitted form asks for it again. Releasing is idempotent.
      const eventId = input.releaseSeat && p.status === "REFUNDED" && p.type === "EVENT_REGISTRATION" ? p.details?.eventId : undefined;
      return { ok: true as const, cents: toCents(done.amount), repeated: true, seat: eventId ? { eventId, userId: p.userId } : null };
    }
    const check = checkRefund({ status: p.status, amountCents: toCents(p.amount), refundedCents: toCents(p.refundedAmount) }, input.cents);
    if (!check.ok) return check;
    // A card payment whose PaymentIntent we never learned cannot go back through the API; recording
    // it as an offline refund would tell the member of money that never moved.
    if (paidByCard(p) && !p.stripePaymentId) {
      return {
        ok: false as const,
        message: "This card payment has no Stripe payment id on record, so it cannot be refunded from here. Refund it in the Stripe Dashboard (search for the member's email); nothing was refunded or recorded.",
      };
    }
    let stripeRefundId: string | null = null;
    if (p.stripePaymentId) {
      const refund = await deps.stripe.refunds.create(
        { payment_intent: p.stripePaymentId, amount: check.cents, reason: "requested_by_customer", metadata: { paymentId: p.id, refundId } },
        { idempotencyKey: idempotencyKey("refund", p.id, input.attempt) },
      );
      stripeRefundId = refund.id;
    }
    const eventId = input.releaseSeat && check.full && p.type === "EVENT_REGISTRATION" ? p.details?.eventId : undefined;
    const refunded = toCents(p.refundedAmount) + check.cents;
    await tx.insert(paymentRefunds).values({ id: refundId, paymentId: p.id, amount: fromCents(check.cents), reason: input.reason, stripeRefundId, createdById: actor.userId });
    await tx
      .update(payments)
      .set({ refundedAmount: fromCents(refunded), ...(check.full ? { status: "REFUNDED" as const } : {}) })
      .where(eq(payments.id, p.id));
    await recordAdminAction(tx, actor, {
      action: "PAYMENT_PROCESSED",
      targetUserId: p.userId,
      details: `Refunded ${formatUsd(check.cents)} of ${formatUsd(toCents(p.amount))} (${p.description ?? p.type}): ${input.reason}`,
      before: { status: p.status, refundedAmount: p.refundedAmount },
      after: { status: check.full ? "REFUNDED" : p.status, refundedAmount: fromCents(refunded) },
      extra: { paymentId: p.id, refundId, stripeRefundId, card: p.stripePaymentId !== null, ...(eventId ? { seatReleasedAt: eventId } : {}) },
    });
    const [u] = await tx.select({ email: users.email, firstName: users.firstName }).from(users).where(eq(users.id, p.userId));
    if (u) {
      await queueEmail(tx, ["refund", refundId], {
        to: u.email,
        userId: p.userId,
        kind: PAYMENT_EMAIL_KINDS.refund,
        subject: `Refund of ${formatUsd(check.cents)}`,
        text:
          `Hello ${u.firstName},\n\nWe refunded ${formatUsd(check.cents)} of your payment "${p.description ?? p.type}"` +
          `${p.stripePaymentId ? " to your card (5–10 business days to show)" : ""}.\nReason: ${input.reason}\n` +
          `${eventId ? "Your registration is cancelled and your seat goes to the next person waiting.\n" : ""}` +
          `\nReceipt: ${receiptUrl(deps, p.id)}\n`,
      });
    }
    return { ok: true as const, cents: check.cents, repeated: false, seat: eventId ? { eventId, userId: p.userId } : null };
  });
}

export type OfflineInput =
  | { kind: "dues"; userId: string; tier: MembershipTier; cents: number; reference: string; attempt: string }
  | { kind: "donation"; userId: string; cents: number; reference: string; attempt: string; dedication: string };

/** A check or cash taken by the office: a COMPLETED payment, its effect (dues extended), a receipt, audited; once per form attempt. */
export async function recordOfflinePayment(deps: AdminPaymentDeps, actor: AuditActor, input: OfflineInput): Promise<{ paymentId: string; repeated: boolean }> {
  const id = await derivedId("offline", input.userId, input.attempt);
  return await deps.db.transaction(async (tx) => {
    const description =
      input.kind === "dues" ? `${input.tier.name} membership dues (${input.tier.duration} months)` : input.dedication ? `Donation in honor of ${input.dedication}` : "Donation to the chapter";
    const [made] = await tx
      .insert(payments)
      .values({
        id,
        userId: input.userId,
        type: input.kind === "dues" ? "MEMBERSHIP" : "DONATION",
        status: "COMPLETED",
        amount: fromCents(input.cents),
        description,
        referenceId: input.reference,
        processedAt: deps.now,
        details: {
          offlineReference: input.reference,
          ...(input.kind === "dues" ? { tierId: input.tier.id, term: "term" as const, months: input.tier.duration } : input.dedication ? { dedication: input.dedication } : {}),
        },
      })
      .onConflictDoNothing()
      .returning();
    if (!made) return { paymentId: id, repeated: true };
    if (input.kind === "dues") await applyDues(tx, deps, input.userId, input.tier.id, input.tier.duration, `offline: ${input.reference}`, actor);
    await recordAdminAction(tx, actor, {
      action: "PAYMENT_PROCESSED",
      targetUserId: input.userId,
      details: `Offline payment of ${formatUsd(input.cents)} recorded (${input.reference}): ${description}`,
      after: { status: "COMPLETED", reference: input.reference },
      extra: { paymentId: id, amount: made.amount },
    });
    await queueReceipt(tx, deps, made);
    return { paymentId: id, repeated: false };
  });
}
