// What a payment does once it is paid, as steps a webhook, an admin's offline payment or a
// cron call inside THEIR transaction: dues extended, a seat confirmed, receipts queued.
// Every email is named by what caused it (derivedId), so a repeated step queues it once.
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "../../db/client.ts";
import { roles, userRoles, users } from "../../db/schema/accounts.ts";
import { emailOutbox } from "../../db/schema/auth.ts";
import { membershipTiers, payments, type Payment } from "../../db/schema/payments.ts";
import { recordAdminAction, type AuditActor } from "../../lib/audit.ts";
import { formatUsd, toCents } from "../../lib/money.ts";
import { formatDate, formatDateTime } from "../../lib/time.ts";
import { derivedId } from "./stripe.ts";
import { extendExpiry } from "./rules.ts";

export const PAYMENT_EMAIL_KINDS = {
  receipt: "PAYMENT_RECEIPT",
  duesFailed: "DUES_PAYMENT_FAILED",
  duesReminder: "DUES_REMINDER",
  lapsed: "MEMBERSHIP_LAPSED",
  lateSeat: "EVENT_LATE_PAYMENT",
  refund: "PAYMENT_REFUNDED",
} as const;

export interface EffectDeps {
  publicUrl: string;
  now: Date;
}

/** The actor of changes nobody clicked (webhooks, the cron): the member themselves, marked as the system. */
export function systemActor(userId: string, what: string): AuditActor {
  return { userId, requestId: what, ipAddress: null, userAgent: "system" };
}

/** Queues an email named by its cause; false when that cause's email was queued before. */
export async function queueEmail(tx: Pick<DbOrTx, "insert">, cause: string[], email: { to: string; userId: string; kind: string; subject: string; text: string }): Promise<boolean> {
  const rows = await tx
    .insert(emailOutbox)
    .values({ id: await derivedId("email", ...cause), toAddress: email.to, userId: email.userId, kind: email.kind, subject: email.subject, textBody: email.text })
    .onConflictDoNothing()
    .returning({ id: emailOutbox.id });
  return rows.length > 0;
}

export function receiptUrl(deps: Pick<EffectDeps, "publicUrl">, paymentId: string): string {
  return new URL(`/account/payments/${paymentId}`, deps.publicUrl).href;
}

/** The emailed copy of the receipt page. */
export async function queueReceipt(tx: Tx, deps: EffectDeps, payment: Payment): Promise<void> {
  const [u] = await tx.select({ email: users.email, firstName: users.firstName }).from(users).where(eq(users.id, payment.userId));
  if (!u) return;
  await queueEmail(tx, ["receipt", payment.id], {
    to: u.email,
    userId: payment.userId,
    kind: PAYMENT_EMAIL_KINDS.receipt,
    subject: `Receipt: ${formatUsd(toCents(payment.amount))} — ${payment.description ?? "payment"}`,
    text:
      `Hello ${u.firstName},\n\nThank you. We received your payment.\n\n` +
      `${payment.description ?? "Payment"}\nAmount: ${formatUsd(toCents(payment.amount))} (USD)\nDate: ${formatDateTime(payment.processedAt ?? deps.now)}\nReceipt number: ${payment.id}\n\n` +
      `Your receipt, to print or keep: ${receiptUrl(deps, payment.id)}\n`,
  });
}

/**
 * Marks a payment paid (from PENDING, PROCESSING, CANCELLED or FAILED: money arrived whatever
 * we thought before) and returns it; null when it was already COMPLETED or REFUNDED.
 */
export async function markPaid(tx: Tx, paymentId: string, now: Date, stripe: { paymentIntent?: string | null; customer?: string | null; sessionId?: string | null }): Promise<Payment | null> {
  const [p] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("no key update");
  if (!p || p.status === "COMPLETED" || p.status === "REFUNDED") return null;
  const [done] = await tx
    .update(payments)
    .set({
      status: "COMPLETED",
      processedAt: now,
      ...(stripe.paymentIntent ? { stripePaymentId: stripe.paymentIntent } : {}),
      ...(stripe.customer ? { stripeCustomerId: stripe.customer } : {}),
      ...(stripe.sessionId ? { stripeCheckoutSessionId: stripe.sessionId } : {}),
    })
    .where(eq(payments.id, p.id))
    .returning();
  return done!;
}

/**
 * Dues paid: the membership runs `months` more from the later of now and its expiry, the tier
 * is recorded, a failed-payment flag and a lapse are cleared, and the member role (switched
 * off by a lapse) is on again. Audited as a renewal.
 */
export async function applyDues(tx: Tx, deps: EffectDeps, userId: string, tierId: string, months: number, how: string, actor?: AuditActor): Promise<Date | null> {
  const [u] = await tx
    .select({ membershipExpiresAt: users.membershipExpiresAt, membershipTierId: users.membershipTierId, lapsedAt: users.membershipLapsedAt })
    .from(users)
    .where(eq(users.id, userId))
    .for("update");
  if (!u) return null;
  const expires = extendExpiry(u.membershipExpiresAt, deps.now, months);
  await tx
    .update(users)
    .set({ membershipExpiresAt: expires, membershipTierId: tierId, duesPaymentFailedAt: null, membershipLapsedAt: null })
    .where(eq(users.id, userId));
  if (u.lapsedAt) {
    await tx
      .update(userRoles)
      .set({ isActive: true })
      .where(and(eq(userRoles.userId, userId), sql`${userRoles.roleId} = (select ${roles.id} from ${roles} where ${roles.name} = 'member')`));
  }
  const [tier] = await tx.select({ name: membershipTiers.name }).from(membershipTiers).where(eq(membershipTiers.id, tierId));
  await recordAdminAction(tx, actor ?? systemActor(userId, how), {
    action: "MEMBERSHIP_RENEWED",
    targetUserId: userId,
    details: `${tier?.name ?? "Membership"} dues paid (${how}): membership runs until ${formatDate(expires)}`,
    before: { membershipExpiresAt: u.membershipExpiresAt?.toISOString() ?? null, membershipTierId: u.membershipTierId },
    after: { membershipExpiresAt: expires.toISOString(), membershipTierId: tierId },
  });
  return expires;
}

export async function tierMonths(tx: Pick<Tx, "select">, tierId: string): Promise<number | null> {
  const [t] = await tx.select({ duration: membershipTiers.duration }).from(membershipTiers).where(eq(membershipTiers.id, tierId));
  return t?.duration ?? null;
}
