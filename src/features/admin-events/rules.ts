// Pure pieces of the event admin screens: fill rates,
// labels, notice codes, the cancellation email. No I/O; tested in
// test/integration/admin-events-rules.test.ts.
import type { EventStatus, RegistrationStatus } from "../../db/schema/events.ts";
import { toCents } from "../../lib/money.ts";
import { noticeTable } from "../../lib/notices.ts";


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
export const eventAdminNotices = noticeTable({
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
});
export type EventNoticeCode = keyof typeof eventAdminNotices.messages;

/** A refusal that carries its message out of a transaction (and rolls it back). */
export class ActionRefused extends Error {}
