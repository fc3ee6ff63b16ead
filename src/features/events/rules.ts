// Event rules with no I/O: pricing, who may register or cancel, the lifecycle, and
// the seat arithmetic the EventCapacity object applies. Tested in test/unit/event-rules.test.ts.
import type { User } from "../../db/schema/accounts.ts";
import type { Event, EventStatus, RegistrationStatus } from "../../db/schema/events.ts";
import { formatUsd, toCents } from "../../lib/money.ts";
import { membershipStatus } from "../payments/rules.ts";

// ---------------------------------------------------------------- pricing

export type PriceRule = "member" | "early-bird" | "standard" | "free";

export interface Price {
  cents: number;
  rule: PriceRule;
  /** One sentence for the page: what applies and why. */
  why: string;
  /** The early-bird deadline when that rule applied, for the page to format in the member's zone. */
  until?: Date;
}

export type PricedEvent = Pick<Event, "price" | "memberPrice" | "earlyBirdPrice" | "earlyBirdDeadline">;
/** null for a visitor who is not signed in. */
export type PricedMember = Pick<User, "membershipExpiresAt" | "deletedAt" | "isActive"> | null;

/**
 * Active: an enabled, not deleted account whose membership has not lapsed: no end date, an end
 * in the future, or an end within the dues grace period (DUES_GRACE_DAYS) while the renewal is
 * sorted out. The one rule for member prices (events, courses).
 */
export function isActiveMember(member: PricedMember, now: Date, graceDays: number): boolean {
  if (!member || member.deletedAt || !member.isActive) return false;
  return membershipStatus({ membershipExpiresAt: member.membershipExpiresAt, membershipTierId: null }, now, graceDays) !== "lapsed";
}

/**
 * The price this member pays now. Every tier the member qualifies for is a candidate
 * (member price for active members; early-bird price strictly before its deadline; the
 * standard price always) and the LOWEST wins, ties going to member, then early-bird.
 * Why lowest rather than "member price first": with member $40 and early-bird $30, a
 * fixed precedence would charge a member more than a visitor on the same day.
 * An early-bird price without a deadline never applies (there is no window to be early in).
 */
export function priceFor(event: PricedEvent, member: PricedMember, now: Date, graceDays: number): Price {
  const standard = toCents(event.price);
  if (standard === 0) return { cents: 0, rule: "free", why: "This event is free." };
  let best: Price = { cents: standard, rule: "standard", why: "Standard price." };
  if (event.earlyBirdPrice !== null && event.earlyBirdDeadline && now.getTime() < event.earlyBirdDeadline.getTime()) {
    const cents = toCents(event.earlyBirdPrice);
    if (cents < best.cents) {
      best = { cents, rule: "early-bird", why: "Early-bird price: you are registering before the early-bird deadline.", until: event.earlyBirdDeadline };
    }
  }
  if (event.memberPrice !== null && isActiveMember(member, now, graceDays)) {
    const cents = toCents(event.memberPrice);
    if (cents <= best.cents) best = { cents, rule: "member", why: "Member price: your membership is active." };
  }
  return best;
}

// ---------------------------------------------------------------- registration

export type Refusal = { ok: false; reason: string; message: string };
export type Allowed = { ok: true };

export type RegistrableEvent = Pick<Event, "status" | "startDate" | "registrationDeadline" | "deletedAt">;

export function canRegister(event: RegistrableEvent, now: Date): Allowed | Refusal {
  if (event.deletedAt || event.status !== "REGISTRATION_OPEN") {
    return { ok: false, reason: "not-open", message: "Registration is not open for this event." };
  }
  if (now.getTime() >= event.startDate.getTime()) {
    return { ok: false, reason: "started", message: "This event has already started." };
  }
  if (event.registrationDeadline && now.getTime() > event.registrationDeadline.getTime()) {
    return { ok: false, reason: "deadline-passed", message: "The registration deadline has passed." };
  }
  return { ok: true };
}

/** Cancelling frees the seat for the next person, which only makes sense before the start. */
export function canCancel(event: Pick<Event, "status" | "startDate">, now: Date): Allowed | Refusal {
  if (event.status === "CANCELLED" || event.status === "COMPLETED") {
    return { ok: false, reason: "final", message: "This event is over; there is nothing to cancel." };
  }
  if (now.getTime() >= event.startDate.getTime()) {
    return { ok: false, reason: "started", message: "This event has already started." };
  }
  return { ok: true };
}

// ---------------------------------------------------------------- lifecycle

/**
 * DRAFT → PUBLISHED → REGISTRATION_OPEN → REGISTRATION_CLOSED → IN_PROGRESS → COMPLETED,
 * CANCELLED from any state that is not final. One addition: REGISTRATION_CLOSED may
 * reopen, because an admin who raises the capacity after closing wants the seats sold.
 */
const TRANSITIONS: Record<EventStatus, readonly EventStatus[]> = {
  DRAFT: ["PUBLISHED", "CANCELLED"],
  PUBLISHED: ["REGISTRATION_OPEN", "CANCELLED"],
  REGISTRATION_OPEN: ["REGISTRATION_CLOSED", "CANCELLED"],
  REGISTRATION_CLOSED: ["IN_PROGRESS", "REGISTRATION_OPEN", "CANCELLED"],
  IN_PROGRESS: ["COMPLETED", "CANCELLED"],
  COMPLETED: [],
  CANCELLED: [],
};

export function nextStatuses(status: EventStatus): readonly EventStatus[] {
  return TRANSITIONS[status];
}

export function canTransition(from: EventStatus, to: EventStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

// ---------------------------------------------------------------- seats

/** How long a paid seat is held for payment after a member reserves it. */
export const DEFAULT_HOLD_MS = 15 * 60_000;
/** A promoted member learns of the seat by email, so their hold must outlast a night's sleep. */
export const DEFAULT_PROMOTION_HOLD_MS = 24 * 3_600_000;

/**
 * Registrations that hold a seat, as Postgres records them: REGISTERED (confirmed, or held for
 * payment), and after the event ATTENDED and NO_SHOW (they held one too, as the object counts them).
 */
export const SEAT_STATUSES = ["REGISTERED", "ATTENDED", "NO_SHOW"] as const satisfies readonly RegistrationStatus[];

export interface SeatCounts {
  /** null: no limit. */
  capacity: number | null;
  confirmed: number;
  held: number;
  waitlisted: number;
}

export function seatsTaken(c: Pick<SeatCounts, "confirmed" | "held">): number {
  return c.confirmed + c.held;
}

/** null when the event has no limit. */
export function seatsLeft(c: Omit<SeatCounts, "waitlisted">): number | null {
  return c.capacity === null ? null : Math.max(0, c.capacity - seatsTaken(c));
}

/** A paying member holds the seat until the payment arrives; everyone else is confirmed at once. */
export function seatStatusFor(paid: boolean, amountCents: number): "CONFIRMED" | "HELD" {
  return paid && amountCents > 0 ? "HELD" : "CONFIRMED";
}

/**
 * A newcomer gets a seat only when one is free AND nobody is waiting: first come, first served.
 * (The object promotes before deciding, so a free seat with a waitlist is only momentary.)
 */
export function reservationFor(c: SeatCounts, paid: boolean, amountCents: number): "CONFIRMED" | "HELD" | "WAITLISTED" {
  const left = seatsLeft(c);
  if ((left === null || left > 0) && c.waitlisted === 0) return seatStatusFor(paid, amountCents);
  return "WAITLISTED";
}

/** Holds and confirmations are promises made to members, so capacity may not drop below them. */
export function checkCapacityChange(capacity: number | null, c: SeatCounts): Allowed | Refusal {
  if (capacity !== null && (!Number.isSafeInteger(capacity) || capacity < 0)) {
    return { ok: false, reason: "invalid", message: "Capacity must be a whole number of seats, 0 or more." };
  }
  const taken = seatsTaken(c);
  if (capacity !== null && capacity < taken) {
    return {
      ok: false,
      reason: "below-taken",
      message:
        `Cannot lower capacity to ${capacity}: ${taken} seats are already taken ` +
        `(${c.confirmed} confirmed, ${c.held} held for payment). Choose at least ${taken}, or cancel registrations first.`,
    };
  }
  return { ok: true };
}

// ---------------------------------------------------------------- promotion email

export interface PromotionNotice {
  firstName: string;
  eventTitle: string;
  eventUrl: string;
  status: "CONFIRMED" | "HELD";
  holdExpiresAt: Date | null;
  amountCents: number;
}

/** The email a member gets when a freed seat comes to them from the waitlist. */
export function promotionEmail(n: PromotionNotice): { subject: string; text: string } {
  if (n.status === "CONFIRMED") {
    return {
      subject: `You're in: ${n.eventTitle}`,
      text:
        `Hello ${n.firstName},\n\nA seat opened at "${n.eventTitle}" and it is yours: you are registered.\n\n` +
        `Details, or to cancel if you can no longer come: ${n.eventUrl}\n`,
    };
  }
  const until = n.holdExpiresAt ? ` until ${n.holdExpiresAt.toUTCString()}` : "";
  return {
    subject: `A seat is waiting for you: ${n.eventTitle}`,
    text:
      `Hello ${n.firstName},\n\nA seat opened at "${n.eventTitle}". We are holding it for you${until}.\n\n` +
      `Pay ${formatUsd(n.amountCents)} to confirm it: ${n.eventUrl}\n\nIf you do not pay in time, the seat goes to the next person waiting.\n`,
  };
}
