// Where a page learns seat counts and the member's own state. Before an event starts the
// EventCapacity object is the authority (exact, and it answers without Postgres, which matters
// for a count polled every 10 s); once it has started, is over or cancelled, nothing changes
// seats any more and Postgres (written through by the object, check-in by admins) is the record.
import type { Db } from "../../db/client.ts";
import type { Event } from "../../db/schema/events.ts";
import { toCents } from "../../lib/money.ts";
import { seatPosition, seatSnapshot } from "./capacity.ts";
import { findRegistration } from "./queries.ts";
import { seatsLeft } from "./rules.ts";
import type { MyRegistration, SeatInfo } from "./view.ts";

const LIVE_STATUSES: ReadonlySet<Event["status"]> = new Set(["PUBLISHED", "REGISTRATION_OPEN", "REGISTRATION_CLOSED"]);

/** Seats can still change: published, not started, not over, not cancelled. */
export function isLive(event: Pick<Event, "status" | "startDate">, now: Date): boolean {
  return LIVE_STATUSES.has(event.status) && event.startDate.getTime() > now.getTime();
}

/** current_capacity counts confirmed + held seats, as the object last wrote it. */
export function seatsFromPostgres(event: Pick<Event, "maxCapacity" | "currentCapacity">): SeatInfo {
  return {
    capacity: event.maxCapacity,
    left: seatsLeft({ capacity: event.maxCapacity, confirmed: event.currentCapacity, held: 0 }),
    waitlisted: 0,
  };
}

export async function seatsFor(
  env: Pick<Env, "EVENT_CAPACITY">,
  event: Pick<Event, "id" | "status" | "startDate" | "maxCapacity" | "currentCapacity">,
  now: Date,
): Promise<SeatInfo> {
  if (!isLive(event, now)) return seatsFromPostgres(event);
  const s = await seatSnapshot(env, event.id);
  return { capacity: s.capacity, left: s.seatsLeft, waitlisted: s.waitlisted };
}

/**
 * The member's registration. Live events ask the object (exact status and waitlist rank even
 * if a write-through is pending); the row in Postgres adds what only it knows: the amount owed
 * and check-in (ATTENDED / NO_SHOW).
 */
export async function myRegistration(
  env: Pick<Env, "EVENT_CAPACITY">,
  db: Db,
  event: Event,
  userId: string,
  now: Date,
): Promise<MyRegistration> {
  const [row, seat] = await Promise.all([
    findRegistration(db, event.id, userId),
    isLive(event, now) ? seatPosition(env, event.id, userId) : null,
  ]);
  if (row?.status === "ATTENDED" || row?.status === "NO_SHOW") return { status: row.status };
  const amountCents = row?.amount ? toCents(row.amount) : 0;
  if (seat) {
    if (seat.status === "HELD") return { status: "HELD", holdExpiresAt: seat.holdExpiresAt ?? null, amountCents };
    if (seat.status === "WAITLISTED") return { status: "WAITLISTED", position: seat.position ?? null };
    return { status: seat.status };
  }
  if (!row) return { status: "none" };
  if (row.status === "WAITLISTED") return { status: "WAITLISTED", position: null };
  if (row.status === "CANCELLED") return { status: "CANCELLED" };
  if (row.holdExpiresAt && !row.paid) return { status: "HELD", holdExpiresAt: row.holdExpiresAt, amountCents };
  return { status: "CONFIRMED" };
}
