// Payments: reads for the member's pages (their dues, their history, one receipt).
import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { membershipTiers, payments, paymentRefunds, sponsorshipPackages } from "../../db/schema/payments.ts";

export async function loadMembership(db: Db, userId: string) {
  const [[member], tiers] = await Promise.all([
    db
      .select({
        membershipExpiresAt: users.membershipExpiresAt,
        membershipTierId: users.membershipTierId,
        stripeSubscriptionId: users.stripeSubscriptionId,
        stripeCustomerId: users.stripeCustomerId,
        duesPaymentFailedAt: users.duesPaymentFailedAt,
        membershipLapsedAt: users.membershipLapsedAt,
      })
      .from(users)
      .where(eq(users.id, userId)),
    db.select().from(membershipTiers).where(eq(membershipTiers.isActive, true)).orderBy(asc(membershipTiers.price)),
  ]);
  return { member: member ?? null, tiers };
}

export type MembershipView = Awaited<ReturnType<typeof loadMembership>>;

export async function findActiveTier(db: Db, tierId: string) {
  const [t] = await db.select().from(membershipTiers).where(and(eq(membershipTiers.id, tierId), eq(membershipTiers.isActive, true)));
  return t ?? null;
}

export const HISTORY_PER_PAGE = 25;

export async function listOwnPayments(db: Db, userId: string, window: { limit: number; offset: number }) {
  const [rows, [total]] = await Promise.all([
    db.select().from(payments).where(eq(payments.userId, userId)).orderBy(desc(payments.createdAt), desc(payments.id)).limit(window.limit).offset(window.offset),
    db.select({ n: count() }).from(payments).where(eq(payments.userId, userId)),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** One payment with its payer and refunds; the caller decides who may see it. */
export async function loadReceipt(db: Db, paymentId: string) {
  const [[row], refunds] = await Promise.all([
    db
      .select({ payment: payments, payer: { firstName: users.firstName, lastName: users.lastName, email: users.email, company: users.company } })
      .from(payments)
      .innerJoin(users, eq(users.id, payments.userId))
      .where(eq(payments.id, paymentId)),
    db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, paymentId)).orderBy(asc(paymentRefunds.createdAt)),
  ]);
  return row ? { ...row, refunds } : null;
}

export type Receipt = NonNullable<Awaited<ReturnType<typeof loadReceipt>>>;

export async function listActivePackages(db: Db) {
  return db.select().from(sponsorshipPackages).where(eq(sponsorshipPackages.isActive, true)).orderBy(desc(sponsorshipPackages.price));
}

export async function findActivePackage(db: Db, id: string) {
  const [p] = await db.select().from(sponsorshipPackages).where(and(eq(sponsorshipPackages.id, id), eq(sponsorshipPackages.isActive, true)));
  return p ?? null;
}

/** The member's latest payment for a seat at this event (what the page says after Checkout). */
export async function latestSeatPayment(db: Db, userId: string, eventId: string) {
  const [p] = await db
    .select({ status: payments.status, details: payments.details })
    .from(payments)
    .where(and(eq(payments.userId, userId), eq(payments.type, "EVENT_REGISTRATION"), sql`${payments.details}->>'eventId' = ${eventId}`))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(1);
  return p ?? null;
}
