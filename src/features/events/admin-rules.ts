// Pure pieces of the event admin screens: Pacific wall-clock time ↔ UTC, fill rates,
// labels, notice codes, the cancellation email. No I/O; tested in
// test/integration/admin-events-rules.test.ts.
import type { EventStatus, RegistrationStatus } from "../../db/schema/events.ts";
import { toCents } from "../../lib/money.ts";
import { CHAPTER_TIME_ZONE } from "../../lib/time.ts";
import { pickNotice } from "../../lib/notices.ts";


const wallClock = new Intl.DateTimeFormat("en-US", {
  timeZone: CHAPTER_TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

function wallParts(at: Date): { y: number; mo: number; d: number; h: number; mi: number } {
  const p = Object.fromEntries(wallClock.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute) };
}

/** How far Pacific wall-clock time is ahead of UTC at this instant (negative: -7 h or -8 h). */
function offsetMs(at: number): number {
  const w = wallParts(new Date(at));
  const wallAsUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi);
  return wallAsUtc - Math.floor(at / 60_000) * 60_000;
}

/** A stored instant as a datetime-local value in Pacific time: "2026-03-08T18:30". */
export function toPacificInput(date: Date | null | undefined): string {
  if (!date) return "";
  const w = wallParts(date);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${w.y}-${two(w.mo)}-${two(w.d)}T${two(w.h)}:${two(w.mi)}`;
}

/**
 * A datetime-local value read as Pacific wall-clock time, as a UTC instant. null when it
 * is not a real time, or is a time the clocks skip (2:30 on the spring-forward night).
 * In the autumn's repeated hour the earlier (daylight) instant is taken.
 */
export function fromPacificInput(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::00)?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (y < 2000 || y > 2200 || h > 23 || mi > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  // Try both offsets the zone uses around this time; keep the earliest that maps back to the same wall clock.
  const candidates = [wall - offsetMs(wall - 12 * 3_600_000), wall - offsetMs(wall + 12 * 3_600_000)].sort((a, b) => a - b);
  const normalised = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}`;
  for (const at of candidates) if (toPacificInput(new Date(at)) === normalised) return new Date(at);
  return null;
}

const displayFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: CHAPTER_TIME_ZONE,
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZoneName: "short",
});

/** "Mar 8, 2026, 6:30 PM PDT" */
export function formatPacific(date: Date | null | undefined): string {
  return date ? displayFormat.format(date) : "—";
}

/** Whole percent of seats taken; null for an event without a limit. A 0-seat event is full. */
export function fillRate(taken: number, capacity: number | null): number | null {
  if (capacity === null) return null;
  if (capacity <= 0) return 100;
  return Math.round((taken / capacity) * 100);
}

export const EVENT_STATUS_LABEL: Record<EventStatus, string> = {
  DRAFT: "Draft",
  PUBLISHED: "Published",
  REGISTRATION_OPEN: "Registration open",
  REGISTRATION_CLOSED: "Registration closed",
  IN_PROGRESS: "In progress",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
};

/** The button that moves an event into this status: says what happens. */
export const TRANSITION_LABEL: Record<EventStatus, string> = {
  DRAFT: "Back to draft",
  PUBLISHED: "Publish",
  REGISTRATION_OPEN: "Open registration",
  REGISTRATION_CLOSED: "Close registration",
  IN_PROGRESS: "Start the event",
  COMPLETED: "Mark completed",
  CANCELLED: "Cancel the event and notify registrants",
};

export const REGISTRATION_STATUS_LABEL: Record<RegistrationStatus, string> = {
  REGISTERED: "Registered",
  WAITLISTED: "Waitlisted",
  ATTENDED: "Checked in",
  NO_SHOW: "No-show",
  CANCELLED: "Cancelled",
};

/** Only drafts and cancelled events may disappear: anything else has members relying on it. */
export function canDeleteEvent(status: EventStatus): boolean {
  return status === "DRAFT" || status === "CANCELLED";
}

/** No-shows are a verdict on a finished event: after its end, or once marked completed. */
export function canMarkNoShows(event: { status: EventStatus; endDate: Date }, now: Date): boolean {
  if (event.status === "CANCELLED" || event.status === "DRAFT") return false;
  return event.status === "COMPLETED" || now.getTime() >= event.endDate.getTime();
}

/** Owes money and has not paid it, with a seat (or a place at the event): an offline payment can be recorded. */
export function owesPayment(r: {
  amount: string | null;
  paid: boolean;
  status: RegistrationStatus;
  payment: { status: string } | null;
}): boolean {
  const owed = r.amount ? toCents(r.amount) : 0;
  return owed > 0 && !r.paid && r.payment?.status !== "COMPLETED" && r.status !== "WAITLISTED" && r.status !== "CANCELLED";
}

/** Statuses of an event that is on: published, whatever its registration is doing. */
export const DOOR_STATUSES = ["PUBLISHED", "REGISTRATION_OPEN", "REGISTRATION_CLOSED", "IN_PROGRESS"] as const satisfies readonly EventStatus[];
/** "The day's events" at the door: starting within the next 36 hours or started in the last 12. */
export const DOOR_BEFORE_MS = 36 * 3_600_000;
export const DOOR_AFTER_MS = 12 * 3_600_000;

/**
 * Whether event staff (check-in without events:manage) may open an event's door list: only
 * an event that is on and happening about now. Drafts, cancelled and past events' lists (names,
 * companies, who came) are for organisers.
 */
export function isAtTheDoor(event: { status: EventStatus; startDate: Date; deletedAt?: Date | null }, now: Date): boolean {
  if (event.deletedAt) return false;
  if (!(DOOR_STATUSES as readonly EventStatus[]).includes(event.status)) return false;
  const start = event.startDate.getTime();
  return start >= now.getTime() - DOOR_AFTER_MS && start <= now.getTime() + DOOR_BEFORE_MS;
}

/** Check-in happens at the door of an event that is on. */
export function canCheckIn(status: EventStatus): boolean {
  return status !== "DRAFT" && status !== "CANCELLED";
}

/** The email every registrant and waiter gets when an event is cancelled. */
export function cancellationEmail(n: { firstName: string; eventTitle: string; when: string; waitlisted: boolean; eventsUrl: string }) {
  return {
    subject: `Cancelled: ${n.eventTitle}`,
    text:
      `Hello ${n.firstName},\n\n"${n.eventTitle}" (${n.when}) has been cancelled. We are sorry for the change of plans.\n\n` +
      (n.waitlisted
        ? "You were on the waitlist; nothing more is needed from you.\n\n"
        : "Your registration is cancelled. If you paid, the chapter office will refund you; unpaid invoices are void.\n\n") +
      `Other upcoming events: ${n.eventsUrl}\n`,
  };
}

/** JSON with object keys sorted, so a jsonb value read back (keys reordered by Postgres) compares equal. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** `?notice=` codes of the event screens: the URL picks a fixed message, it never supplies one. */
export const EVENT_NOTICES = {
  created: "Event created as a draft. Publish it when it is ready.",
  saved: "Event saved.",
  unchanged: "Nothing changed, so nothing was saved.",
  status: "Status changed.",
  cancelled: "Event cancelled. Registrants and the waitlist are being emailed; pending payments were cancelled.",
  deleted: "Event deleted.",
  file_added: "File uploaded.",
  file_deleted: "File deleted.",
  paid: "Payment recorded; the seat is confirmed.",
  seated: "Moved from the waitlist to a seat.",
  waitlisted: "Moved to the back of the waitlist; the seat went to the next person waiting.",
  no_shows: "Everyone registered who did not check in is now marked as a no-show.",
  checked_in: "Checked in.",
} as const;
export type EventNoticeCode = keyof typeof EVENT_NOTICES;

export function eventNotice(code: string | undefined): string | undefined {
  return pickNotice(EVENT_NOTICES, code);
}
