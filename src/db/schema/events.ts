import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, text, unique } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { payments } from "./payments.ts";
import { createdAt, geoChecks, geoColumns, id, money, nonNegative, storedFileColumns, timestamptz, updatedAt } from "./columns.ts";
import type { LatLng } from "./columns.ts";

export const eventStatusEnum = pgEnum("event_status", [
  "DRAFT",
  "PUBLISHED",
  "REGISTRATION_OPEN",
  "REGISTRATION_CLOSED",
  "IN_PROGRESS",
  "COMPLETED",
  "CANCELLED",
]);
export const eventTypeEnum = pgEnum("event_type", [
  "NETWORKING",
  "TRAINING",
  "CONFERENCE",
  "WORKSHOP",
  "MEETING",
  "AWARDS",
  "FUNDRAISER",
]);
// WAITLISTED is not in the seed; a full event needs somewhere to put the next member.
export const registrationStatusEnum = pgEnum("registration_status", [
  "REGISTERED",
  "WAITLISTED",
  "ATTENDED",
  "NO_SHOW",
  "CANCELLED",
]);

export const events = pgTable(
  "events",
  {
    id: id(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    type: eventTypeEnum("type").notNull(),
    status: eventStatusEnum("status").notNull().default("DRAFT"),

    startDate: timestamptz("start_date").notNull(),
    endDate: timestamptz("end_date").notNull(),
    registrationDeadline: timestamptz("registration_deadline"),
    maxCapacity: integer("max_capacity"),
    currentCapacity: integer("current_capacity").notNull().default(0),

    location: text("location"),
    address: jsonb("address"),
    coordinates: jsonb("coordinates").$type<LatLng>(),
    ...geoColumns(),
    isVirtual: boolean("is_virtual").notNull().default(false),
    virtualUrl: text("virtual_url"),

    price: money("price").notNull().default("0"),
    memberPrice: money("member_price"),
    earlyBirdPrice: money("early_bird_price"),
    earlyBirdDeadline: timestamptz("early_bird_deadline"),

    agenda: jsonb("agenda"),
    speakers: jsonb("speakers"),
    sponsors: jsonb("sponsors"),
    materials: jsonb("materials"),

    createdAt: createdAt(),
    updatedAt: updatedAt(),
    publishedAt: timestamptz("published_at"),
    deletedAt: timestamptz("deleted_at"),

    createdById: text("created_by_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    updatedById: text("updated_by_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("idx_events_status").on(t.status).where(sql`deleted_at IS NULL`),
    index("idx_events_date").on(t.startDate, t.endDate),
    index("idx_events_type").on(t.type, t.status),
    index("idx_events_geo").using("gist", t.geo),
    index("idx_events_created_by").on(t.createdById),
    check("events_dates_check", sql`${t.endDate} >= ${t.startDate}`),
    // The EventCapacity Durable Object is the single writer, but the database is the last word.
    check("events_capacity_check", sql`${t.maxCapacity} IS NULL OR ${t.currentCapacity} <= ${t.maxCapacity}`),
    nonNegative("events_max_capacity_check", t.maxCapacity),
    nonNegative("events_current_capacity_check", t.currentCapacity),
    nonNegative("events_price_check", t.price),
    nonNegative("events_member_price_check", t.memberPrice),
    nonNegative("events_early_bird_price_check", t.earlyBirdPrice),
    ...geoChecks("events", t),
  ],
);

export const eventRegistrations = pgTable(
  "event_registrations",
  {
    id: id(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: registrationStatusEnum("status").notNull().default("REGISTERED"),
    paid: boolean("paid").notNull().default(false),
    paidAt: timestamptz("paid_at"),
    amount: money("amount"),
    notes: text("notes"),
    registeredAt: timestamptz("registered_at").notNull().defaultNow(),
    // Written by the EventCapacity Durable Object (src/objects/EventCapacity.ts), the single
    // authority on seats; these columns let it rebuild its state from Postgres.
    /** Set while a REGISTERED seat is held for payment; past it, the seat returns to the pool. */
    holdExpiresAt: timestamptz("hold_expires_at"),
    /** Ordering key of a WAITLISTED row (monotonic per event, not the rank: the rank moves as people leave). */
    waitlistPosition: integer("waitlist_position"),
    /** The payment that confirmed a held seat. */
    paymentId: text("payment_id").references(() => payments.id, { onDelete: "set null" }),
  },
  (t) => [
    unique("event_registrations_event_id_user_id_key").on(t.eventId, t.userId),
    index("idx_event_registrations_user").on(t.userId),
    // Seat counts and the waitlist in order, per event (attendee lists, the object's rebuild).
    index("idx_event_registrations_event_status").on(t.eventId, t.status, t.waitlistPosition),
    // Registrations by day (the dashboard's roll-up).
    index("idx_event_registrations_registered").on(t.registeredAt),
    index("idx_event_registrations_payment").on(t.paymentId).where(sql`payment_id IS NOT NULL`),
    nonNegative("event_registrations_amount_check", t.amount),
    check("event_registrations_hold_check", sql`${t.holdExpiresAt} IS NULL OR ${t.status} = 'REGISTERED'`),
    check("event_registrations_waitlist_position_check", sql`${t.waitlistPosition} IS NULL OR ${t.status} = 'WAITLISTED'`),
  ],
);

export const eventFiles = pgTable(
  "event_files",
  {
    id: id(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    ...storedFileColumns(() => users.id),
  },
  (t) => [index("idx_event_files_event").on(t.eventId), nonNegative("event_files_file_size_check", t.fileSize)],
);

export type Event = typeof events.$inferSelect;
export type NewEvent = typeof events.$inferInsert;
export type EventRegistration = typeof eventRegistrations.$inferSelect;
export type EventFile = typeof eventFiles.$inferSelect;
export type EventStatus = (typeof eventStatusEnum.enumValues)[number];
export type EventType = (typeof eventTypeEnum.enumValues)[number];
export type RegistrationStatus = (typeof registrationStatusEnum.enumValues)[number];
