import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
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

    createdAt: createdAt(),
    processedAt: timestamptz("processed_at"),
  },
  (t) => [
    // nullsFirst: drizzle-kit writes DESC as DESC NULLS LAST, which a plain ORDER BY ... DESC cannot use.
    index("idx_payments_user").on(t.userId, t.createdAt.desc().nullsFirst()),
    index("idx_payments_status").on(t.status, t.type),
    // A replayed Stripe webhook must find the payment it already recorded, not add a second one.
    uniqueIndex("payments_stripe_payment_id_key").on(t.stripePaymentId),
    nonNegative("payments_amount_check", t.amount),
  ],
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
export type PaymentStatus = (typeof paymentStatusEnum.enumValues)[number];
export type PaymentType = (typeof paymentTypeEnum.enumValues)[number];
