// Reads of the event admin screens. Writes live beside their routes, inside the
// transaction that also writes the AdminAction row.
import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { isId } from "../../db/ids.ts";
import { users } from "../../db/schema/accounts.ts";
import { eventFiles, eventRegistrations, events, type Event, type RegistrationStatus } from "../../db/schema/events.ts";
import type { PaymentStatus } from "../../db/schema/payments.ts";
import type { AttendeeFilters, EventFilters } from "./forms.ts";
import { DOOR_AFTER_MS, DOOR_BEFORE_MS, DOOR_STATUSES } from "./rules.ts";
import { escapeLike } from "../../db/search.ts";
import { CSV_MAX_ROWS } from "../../lib/csv.ts";
import { eventUpcomingAt, instant } from "../admin-dashboard/definitions.ts";

export type Reader = Db | Tx;
type Page = { limit: number; offset: number };

/** Seats as Postgres counts them: ATTENDED and NO_SHOW held a seat too (as the object counts them). */
const SEATED: RegistrationStatus[] = ["REGISTERED", "ATTENDED", "NO_SHOW"];

// Correlated subqueries name the outer table in full: drizzle renders a column inside a
// selected sql`` unqualified, which the inner FROM would capture.
const registeredCount = sql<number>`(SELECT count(*)::int FROM event_registrations r
  WHERE r.event_id = "events"."id" AND r.status IN ('REGISTERED', 'ATTENDED', 'NO_SHOW'))`;
const waitlistCount = sql<number>`(SELECT count(*)::int FROM event_registrations r
  WHERE r.event_id = "events"."id" AND r.status = 'WAITLISTED')`;

function eventWhere(f: EventFilters, now: Date): SQL {
  const conds: SQL[] = [isNull(events.deletedAt)];
  if (f.status) conds.push(eq(events.status, f.status));
  if (f.when === "upcoming") conds.push(gte(events.endDate, now));
  if (f.when === "past") conds.push(lt(events.endDate, now));
  if (f.when === "scheduled") conds.push(eventUpcomingAt(instant(now)));
  return and(...conds)!;
}

const listColumns = {
  id: events.id,
  title: events.title,
  type: events.type,
  status: events.status,
  startDate: events.startDate,
  endDate: events.endDate,
  maxCapacity: events.maxCapacity,
  isVirtual: events.isVirtual,
  location: events.location,
  registered: registeredCount,
  waitlisted: waitlistCount,
};
export type AdminEventRow = { [K in keyof typeof listColumns]: K extends "registered" | "waitlisted" ? number : Event[K & keyof Event] };

export async function listAdminEvents(db: Reader, f: EventFilters, page: Page, now = new Date()) {
  const where = eventWhere(f, now);
  // Upcoming: soonest first. Past and everything: most recent first.
  const order = f.when === "upcoming" || f.when === "scheduled" ? [asc(events.startDate), asc(events.id)] : [desc(events.startDate), asc(events.id)];
  const rows = await db.select(listColumns).from(events).where(where).orderBy(...order).limit(page.limit).offset(page.offset);
  const [total] = await db.select({ n: count() }).from(events).where(where);
  return { rows: rows as AdminEventRow[], total: total?.n ?? 0 };
}

export async function exportAdminEvents(db: Reader, f: EventFilters, now = new Date()) {
  return (await db
    .select(listColumns)
    .from(events)
    .where(eventWhere(f, now))
    .orderBy(desc(events.startDate), asc(events.id))
    .limit(CSV_MAX_ROWS + 1)) as AdminEventRow[];
}

/** A live (not deleted) event, or null; junk ids never reach Postgres. */
export async function findEvent(db: Reader, id: string): Promise<Event | null> {
  if (!isId(id)) return null;
  const [row] = await db.select().from(events).where(and(eq(events.id, id), isNull(events.deletedAt)));
  return row ?? null;
}

/** The same, locked for the transaction that changes it. */
export async function lockEvent(tx: Tx, id: string): Promise<Event | null> {
  const [row] = await tx.select().from(events).where(and(eq(events.id, id), isNull(events.deletedAt))).for("update");
  return row ?? null;
}

export async function filesOf(db: Reader, eventId: string) {
  return db.select().from(eventFiles).where(eq(eventFiles.eventId, eventId)).orderBy(asc(eventFiles.uploadedAt));
}

export interface SeatCountsPg {
  registered: number;
  attended: number;
  waitlisted: number;
  held: number;
}

export async function registrationCounts(db: Reader, eventId: string): Promise<SeatCountsPg> {
  const [row] = await db
    .select({
      registered: sql<number>`count(*) FILTER (WHERE ${inArray(eventRegistrations.status, SEATED)})::int`,
      attended: sql<number>`count(*) FILTER (WHERE ${eventRegistrations.status} = 'ATTENDED')::int`,
      waitlisted: sql<number>`count(*) FILTER (WHERE ${eventRegistrations.status} = 'WAITLISTED')::int`,
      held: sql<number>`count(*) FILTER (WHERE ${eventRegistrations.status} = 'REGISTERED' AND ${eventRegistrations.holdExpiresAt} IS NOT NULL)::int`,
    })
    .from(eventRegistrations)
    .where(eq(eventRegistrations.eventId, eventId));
  return row ?? { registered: 0, attended: 0, waitlisted: 0, held: 0 };
}

export interface LinkedPayment {
  id: string;
  status: PaymentStatus;
  amount: string;
  description: string | null;
  processedAt: string | null;
}

/**
 * The payment of a registration: the one that confirmed the seat (payment_id), else the
 * EVENT_REGISTRATION payment whose reference is the registration id; a completed one first.
 * Restricted to the member's payments so idx_payments_user serves it.
 */
const linkedPayment = sql<LinkedPayment | null>`(
  SELECT json_build_object('id', p.id, 'status', p.status, 'amount', p.amount::text, 'description', p.description,
    'processedAt', p.processed_at)
  FROM payments p
  WHERE p.user_id = "event_registrations"."user_id"
    AND (p.id = "event_registrations"."payment_id" OR (p.reference_id = "event_registrations"."id" AND p.type = 'EVENT_REGISTRATION'))
  ORDER BY (p.status = 'COMPLETED') DESC, p.created_at DESC
  LIMIT 1)`;

const waitlistRank = sql<number | null>`CASE WHEN "event_registrations"."status" = 'WAITLISTED' THEN (
  SELECT count(*)::int FROM event_registrations w
  WHERE w.event_id = "event_registrations"."event_id" AND w.status = 'WAITLISTED'
    AND w.waitlist_position <= "event_registrations"."waitlist_position") END`;

const attendeeColumns = {
  id: eventRegistrations.id,
  userId: eventRegistrations.userId,
  status: eventRegistrations.status,
  paid: eventRegistrations.paid,
  paidAt: eventRegistrations.paidAt,
  amount: eventRegistrations.amount,
  notes: eventRegistrations.notes,
  registeredAt: eventRegistrations.registeredAt,
  holdExpiresAt: eventRegistrations.holdExpiresAt,
  waitlistRank,
  firstName: users.firstName,
  lastName: users.lastName,
  email: users.email,
  company: users.company,
  payment: linkedPayment,
};
export interface AttendeeRow {
  id: string;
  userId: string;
  status: RegistrationStatus;
  paid: boolean;
  paidAt: Date | null;
  amount: string | null;
  notes: string | null;
  registeredAt: Date;
  holdExpiresAt: Date | null;
  waitlistRank: number | null;
  firstName: string;
  lastName: string;
  email: string;
  company: string | null;
  payment: LinkedPayment | null;
}

/** A search by name or company, and by email only for those allowed to see addresses. */
function personMatches(q: string, opts: { byEmail: boolean } = { byEmail: true }): SQL | undefined {
  if (!q) return undefined;
  const pattern = `%${escapeLike(q)}%`;
  return or(
    ilike(sql`${users.firstName} || ' ' || ${users.lastName}`, pattern),
    ilike(users.company, pattern),
    opts.byEmail ? ilike(users.email, pattern) : undefined,
  );
}

function attendeeWhere(eventId: string, f: AttendeeFilters): SQL {
  return and(eq(eventRegistrations.eventId, eventId), f.status ? eq(eventRegistrations.status, f.status) : undefined, personMatches(f.q))!;
}

// Everyone else by name, then the waitlist in its order.
const attendeeOrder = [
  sql`"event_registrations"."status" = 'WAITLISTED'`,
  asc(eventRegistrations.waitlistPosition),
  asc(users.lastName),
  asc(users.firstName),
  asc(eventRegistrations.id),
];

export async function listAttendees(db: Reader, eventId: string, f: AttendeeFilters, page: Page) {
  const where = attendeeWhere(eventId, f);
  // Together, so the request sends them in one round trip.
  const [rows, [total]] = await Promise.all([
    db
      .select(attendeeColumns)
      .from(eventRegistrations)
      .innerJoin(users, eq(users.id, eventRegistrations.userId))
      .where(where)
      .orderBy(...attendeeOrder)
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: count() })
      .from(eventRegistrations)
      .innerJoin(users, eq(users.id, eventRegistrations.userId))
      .where(where),
  ]);
  return { rows: rows as AttendeeRow[], total: total?.n ?? 0 };
}

export async function exportAttendees(db: Reader, eventId: string, f: AttendeeFilters): Promise<AttendeeRow[]> {
  return (await db
    .select(attendeeColumns)
    .from(eventRegistrations)
    .innerJoin(users, eq(users.id, eventRegistrations.userId))
    .where(attendeeWhere(eventId, f))
    .orderBy(...attendeeOrder)
    .limit(CSV_MAX_ROWS + 1)) as AttendeeRow[];
}

/** One registration of this event with its person and payment; null if it belongs elsewhere. */
export async function findAttendee(db: Reader, eventId: string, registrationId: string): Promise<AttendeeRow | null> {
  if (!isId(registrationId)) return null;
  const [row] = await db
    .select(attendeeColumns)
    .from(eventRegistrations)
    .innerJoin(users, eq(users.id, eventRegistrations.userId))
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.id, registrationId)));
  return (row as AttendeeRow | undefined) ?? null;
}

/**
 * The door list: people with a seat (registered or already in), matching the search. Event
 * staff search by name or company only: matching emails would let them probe who is registered.
 */
export async function checkinList(db: Reader, eventId: string, q: string, limit: number, opts: { byEmail: boolean }) {
  return (await db
    .select(attendeeColumns)
    .from(eventRegistrations)
    .innerJoin(users, eq(users.id, eventRegistrations.userId))
    .where(and(eq(eventRegistrations.eventId, eventId), inArray(eventRegistrations.status, ["REGISTERED", "ATTENDED"]), personMatches(q, opts)))
    .orderBy(asc(users.lastName), asc(users.firstName), asc(eventRegistrations.id))
    .limit(limit)) as AttendeeRow[];
}

/** Events at the door now (the same window and statuses as isAtTheDoor). */
export async function doorEvents(db: Reader, now = new Date()) {
  return db
    .select({ id: events.id, title: events.title, startDate: events.startDate, location: events.location, isVirtual: events.isVirtual })
    .from(events)
    .where(
      and(
        isNull(events.deletedAt),
        inArray(events.status, [...DOOR_STATUSES]),
        sql`${events.startDate} between ${new Date(now.getTime() - DOOR_AFTER_MS)} and ${new Date(now.getTime() + DOOR_BEFORE_MS)}`,
      ),
    )
    .orderBy(events.startDate)
    .limit(20);
}
