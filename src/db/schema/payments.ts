import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { createdAt, id, money, nonNegative, timestamptz, updatedAt } from "./columns.ts";

export const paymentStatusEnum = pgEnum("payment_status", [
  "PENDING",
  "PROCESSING",
  "COMPLETED",
  "FAILED",
  "REFUNDED",
  "CANCELLED",
]);
export const paymentTypeEnum = pgEnum("payment_type", [
  "MEMBERSHIP",
  "EVENT_REGISTRATION",
  "SPONSORSHIP",
  "DONATION",
  "TRAINING",
]);

export const payments = pgTable(
  "payments",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: paymentTypeEnum("type").notNull(),
    status: paymentStatusEnum("status").notNull().default("PENDING"),

    amount: money("amount").notNull(),
    currency: text("currency").notNull().default("USD"),
    description: text("description"),
    /** External payment reference. */
    referenceId: text("reference_id"),

    stripePaymentId: text("stripe_payment_id"),
    stripeCustomerId: text("stripe_customer_id"),
    /** The Checkout Session that collects (or collected) this payment. */
    stripeCheckoutSessionId: text("stripe_checkout_session_id"),
    /** The subscription invoice this dues payment is for (one payment per invoice). */
    stripeInvoiceId: text("stripe_invoice_id"),
    /** Sum of the refunds (payment_refunds); status REFUNDED once it reaches the amount. */
    refundedAmount: money("refunded_amount").notNull().default("0"),
    /** What the payment is for: tier id and term, event id, dedication, sponsorship package... */
    details: jsonb("details").$type<PaymentDetails>(),

    createdAt: createdAt(),
    processedAt: timestamptz("processed_at"),
  },
  (t) => [
    // nullsFirst: drizzle-kit writes DESC as DESC NULLS LAST, which a plain ORDER BY ... DESC cannot use.
    index("idx_payments_user").on(t.userId, t.createdAt.desc().nullsFirst()),
    index("idx_payments_status").on(t.status, t.type),
    // A replayed Stripe webhook must find the payment it already recorded, not add a second one.
    uniqueIndex("payments_stripe_payment_id_key").on(t.stripePaymentId),
    uniqueIndex("payments_stripe_checkout_session_id_key").on(t.stripeCheckoutSessionId),
    uniqueIndex("payments_stripe_invoice_id_key").on(t.stripeInvoiceId),
    index("idx_payments_created").on(t.createdAt.desc().nullsFirst()),
    // Money received by day (the dashboard's revenue, the ledger's "money received"): definitions.ts paymentReceivedIn.
    index("idx_payments_received").on(sql`coalesce(processed_at, created_at)`).where(sql`status IN ('COMPLETED', 'REFUNDED')`),
    nonNegative("payments_amount_check", t.amount),
    check("payments_refunded_amount_check", sql`${t.refundedAmount} >= 0 AND ${t.refundedAmount} <= ${t.amount}`),
  ],
);

/** What a payment is for, beside its type (payments.details). */
export type PaymentDetails = {
  tierId?: string;
  /** Dues: "subscription" renews itself; "term" is one term paid once. */
  term?: "subscription" | "term";
  months?: number;
  eventId?: string;
  registrationId?: string;
  dedication?: string;
  packageId?: string;
  /** Offline payments: "check 1234" or "cash". */
  offlineReference?: string;
  /** Set when a late event payment found no seat and was refunded. */
  lateOutcome?: "seat" | "refunded";
};

/**
 * The webhook ledger: one row per Stripe event id, written in the same transaction as the
 * event's effect, so a repeated or concurrent delivery finds it and does nothing.
 */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    /** The object the event is about (cs_..., in_..., sub_..., ch_...). */
    objectId: text("object_id"),
    /** What the handler did, for the admin ledger and debugging ("extended dues", "ignored"...). */
    outcome: text("outcome").notNull(),
    receivedAt: timestamptz("received_at").notNull().defaultNow(),
  },
  (t) => [index("idx_stripe_events_received").on(t.receivedAt.desc().nullsFirst())],
);

/** Refunds of a payment, full or partial; the Stripe refund id makes a repeat a no-op. */
export const paymentRefunds = pgTable(
  "payment_refunds",
  {
    id: id(),
    paymentId: text("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "cascade" }),
    amount: money("amount").notNull(),
    reason: text("reason").notNull(),
    stripeRefundId: text("stripe_refund_id"),
    /** The admin who refunded; null for automatic refunds (a late payment with no seat). */
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("idx_payment_refunds_payment").on(t.paymentId),
    uniqueIndex("payment_refunds_stripe_refund_id_key").on(t.stripeRefundId),
    check("payment_refunds_amount_check", sql`${t.amount} > 0`),
  ],
);

/** Sponsorship packages an admin defines (Gold, Silver...). */
export const sponsorshipPackages = pgTable(
  "sponsorship_packages",
  {
    id: id(),
    name: text("name").notNull().unique(),
    description: text("description").notNull(),
    price: money("price").notNull(),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [nonNegative("sponsorship_packages_price_check", t.price)],
);

export const membershipTiers = pgTable(
  "membership_tiers",
  {
    id: id(),
    name: text("name").notNull().unique(),
    description: text("description").notNull(),
    price: money("price").notNull(),
    /** Months. */
    duration: integer("duration").notNull(),
    benefits: jsonb("benefits"),
    /** The tier's recurring Price in Stripe (auto-renewing dues); null: one-term payments only. */
    stripePriceId: text("stripe_price_id"),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    nonNegative("membership_tiers_price_check", t.price),
    nonNegative("membership_tiers_duration_check", t.duration),
  ],
);

export type Payment = typeof payments.$inferSelect;
export type NewPayment = typeof payments.$inferInsert;
export type MembershipTier = typeof membershipTiers.$inferSelect;
export type NewMembershipTier = typeof membershipTiers.$inferInsert;
export type StripeEventRow = typeof stripeEvents.$inferSelect;
export type PaymentRefund = typeof paymentRefunds.$inferSelect;
export type SponsorshipPackage = typeof sponsorshipPackages.$inferSelect;
export type PaymentStatus = (typeof paymentStatusEnum.enumValues)[number];
export type PaymentType = (typeof paymentTypeEnum.enumValues)[number];
