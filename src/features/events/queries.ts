// Reads for the member event pages. "Visible" everywhere here means: not a DRAFT and not
// soft-deleted; the list narrows that further to upcoming or past.
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { eventFiles, eventRegistrations, events, type Event, type EventRegistration } from "../../db/schema/events.ts";
import type { PricedMember } from "./rules.ts";
import { CHAPTER_TIME_ZONE } from "../../lib/time.ts";
import { monthOf, PAST_STATUSES, UPCOMING_STATUSES, type EventFilters } from "./view.ts";

const visible = and(ne(events.status, "DRAFT"), isNull(events.deletedAt))!;

/** The columns an event card needs (no description, agenda or other jsonb). */
const cardColumns = {
  id: events.id,
  title: events.title,
  type: events.type,
  status: events.status,
  startDate: events.startDate,
  endDate: events.endDate,
  location: events.location,
  isVirtual: events.isVirtual,
  price: events.price,
  memberPrice: events.memberPrice,
  earlyBirdPrice: events.earlyBirdPrice,
  earlyBirdDeadline: events.earlyBirdDeadline,
  maxCapacity: events.maxCapacity,
  currentCapacity: events.currentCapacity,
};
export type EventCardRow = Pick<Event, keyof typeof cardColumns>;

function listWhere(filters: EventFilters, now: Date): SQL {
  const past = filters.when === "past";
  const parts: SQL[] = [
    visible,
    past
      ? and(inArray(events.status, PAST_STATUSES), or(lt(events.endDate, now), eq(events.status, "COMPLETED")))!
      : and(inArray(events.status, UPCOMING_STATUSES), gte(events.endDate, now))!,
  ];
  if (filters.type) parts.push(eq(events.type, filters.type));
  if (filters.format) parts.push(eq(events.isVirtual, filters.format === "virtual"));
  const month = monthOf(filters);
  if (month) {
    // The month as the chapter lives it: midnight Pacific on the 1st to midnight on the next 1st.
    const first = sql`make_timestamp(${month.year}::int, ${month.month}::int, 1, 0, 0, 0)`;
    parts.push(
      sql`${events.startDate} >= (${first} at time zone ${CHAPTER_TIME_ZONE})`,
      sql`${events.startDate} < ((${first} + interval '1 month') at time zone ${CHAPTER_TIME_ZONE})`,
    );
  }
  return and(...parts)!;
}

export async function listEvents(
  db: Db,
  filters: EventFilters,
  page: { limit: number; offset: number },
  now: Date,
): Promise<{ rows: EventCardRow[]; total: number }> {
  const where = listWhere(filters, now);
  const order = filters.when === "past" ? [desc(events.startDate), desc(events.id)] : [asc(events.startDate), asc(events.id)];
  const [rows, totals] = await Promise.all([
    db.select(cardColumns).from(events).where(where).orderBy(...order).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(events).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

/** The event if a member may see it (not DRAFT, not deleted), else null. */
export async function findVisibleEvent(db: Db, id: string): Promise<Event | null> {
  const [row] = await db.select().from(events).where(and(eq(events.id, id), visible));
  return row ?? null;
}

export type SeatEventRow = Pick<Event, "id" | "status" | "startDate" | "maxCapacity" | "currentCapacity">;

/** Just enough to answer the seat poll (one small indexed read). */
export async function findVisibleSeatEvent(db: Db, id: string): Promise<SeatEventRow | null> {
  const [row] = await db
    .select({ id: events.id, status: events.status, startDate: events.startDate, maxCapacity: events.maxCapacity, currentCapacity: events.currentCapacity })
    .from(events)
    .where(and(eq(events.id, id), visible));
  return row ?? null;
}

export async function listEventFiles(db: Db, eventId: string) {
  return db
    .select({ id: eventFiles.id, fileName: eventFiles.fileName, fileType: eventFiles.fileType, fileSize: eventFiles.fileSize })
    .from(eventFiles)
    .where(eq(eventFiles.eventId, eventId))
    .orderBy(asc(eventFiles.uploadedAt), asc(eventFiles.id));
}

/** A file of this event (never another event's), if the event is visible. */
export async function findEventFile(db: Db, eventId: string, fileId: string) {
  const [row] = await db
    .select({ fileName: eventFiles.fileName, filePath: eventFiles.filePath, fileType: eventFiles.fileType, fileSize: eventFiles.fileSize })
    .from(eventFiles)
    .innerJoin(events, eq(events.id, eventFiles.eventId))
    .where(and(eq(eventFiles.id, fileId), eq(eventFiles.eventId, eventId), visible));
  return row ?? null;
}

/** What pricing needs to know about the viewer (CurrentUser does not carry the membership dates). */
export async function loadPricedMember(db: DbOrTx, userId: string): Promise<NonNullable<PricedMember> | null> {
  const [row] = await db
    .select({ membershipExpiresAt: users.membershipExpiresAt, deletedAt: users.deletedAt, isActive: users.isActive })
    .from(users)
    .where(eq(users.id, userId));
  return row ?? null;
}

export async function findRegistration(db: DbOrTx, eventId: string, userId: string): Promise<EventRegistration | null> {
  const [row] = await db
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.userId, userId)));
  return row ?? null;
}

export interface MyEventRow {
  eventId: string;
  title: string;
  eventStatus: Event["status"];
  startDate: Date;
  endDate: Date;
  location: string | null;
  isVirtual: boolean;
  registration: Pick<EventRegistration, "status" | "paid" | "holdExpiresAt" | "amount" | "registeredAt">;
}

/** The member's registrations (every status) on events still visible, soonest first within each half. */
export async function listMyRegistrations(db: Db, userId: string, limit = 200): Promise<MyEventRow[]> {
  const rows = await db
    .select({
      eventId: events.id,
      title: events.title,
      eventStatus: events.status,
      startDate: events.startDate,
      endDate: events.endDate,
      location: events.location,
      isVirtual: events.isVirtual,
      status: eventRegistrations.status,
      paid: eventRegistrations.paid,
      holdExpiresAt: eventRegistrations.holdExpiresAt,
      amount: eventRegistrations.amount,
      registeredAt: eventRegistrations.registeredAt,
    })
    .from(eventRegistrations)
    .innerJoin(events, eq(events.id, eventRegistrations.eventId))
    .where(and(eq(eventRegistrations.userId, userId), visible))
    .orderBy(desc(events.startDate))
    .limit(limit);
  return rows.map(({ status, paid, holdExpiresAt, amount, registeredAt, ...event }) => ({
    ...event,
    registration: { status, paid, holdExpiresAt, amount, registeredAt },
  }));
}
