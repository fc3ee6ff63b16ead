// Pure pieces of the member event pages: the list's filters, how times and prices are
// worded, the notices a redirect may ask for, and the member's own registration state.
import * as z from "zod";
import { eventTypeEnum, type Event, type EventStatus, type EventType } from "../../db/schema/events.ts";
import { formatUsd, toCents } from "../../lib/money.ts";
import type { Price, PricedMember } from "./rules.ts";
import { noticeTable } from "../../lib/notices.ts";
import { formatDate, formatDateTime } from "../../lib/time.ts";
import { choices } from "../../lib/fields.ts";

export const EVENT_TYPES = eventTypeEnum.enumValues;
export const TYPE_LABELS: Record<EventType, string> = {
  NETWORKING: "Networking",
  TRAINING: "Training",
  CONFERENCE: "Conference",
  WORKSHOP: "Workshop",
  MEETING: "Meeting",
  AWARDS: "Awards",
  FUNDRAISER: "Fundraiser",
};

/** Listed as upcoming. DRAFT is never shown; CANCELLED and COMPLETED only on their own pages and in the past view. */
export const UPCOMING_STATUSES: EventStatus[] = ["PUBLISHED", "REGISTRATION_OPEN", "REGISTRATION_CLOSED", "IN_PROGRESS"];
export const PAST_STATUSES: EventStatus[] = [...UPCOMING_STATUSES, "COMPLETED"];

// ---------------------------------------------------------------- filters

export const FORMAT_FILTER = choices({ "": "Virtual or in person", "in-person": "In person", virtual: "Virtual" }, "Choose virtual or in person.");
export const WHEN_FILTER = choices({ "": "Upcoming", past: "Past" }, "Choose upcoming or past events.");

/** Filters of /events. Unknown keys (page) are ignored; every value is bounded before it reaches SQL. */
export const eventFiltersSchema = z.object({
  type: z.enum(["", ...EVENT_TYPES], { error: "Choose an event type from the list." }).default(""),
  format: FORMAT_FILTER.schema.default(""),
  month: z
    .string()
    .max(7, "Choose a month like 2026-12.")
    .regex(/^$|^(20\d\d)-(0[1-9]|1[0-2])$/, "Choose a month like 2026-12 (year, then month 01 to 12).")
    .default(""),
  when: WHEN_FILTER.schema.default(""),
});
export type EventFilters = z.infer<typeof eventFiltersSchema>;
export const EMPTY_FILTERS: EventFilters = { type: "", format: "", month: "", when: "" };

/** The month filter as year and month numbers, or null. */
export function monthOf(filters: Pick<EventFilters, "month">): { year: number; month: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(filters.month);
  return m ? { year: Number(m[1]), month: Number(m[2]) } : null;
}

// ---------------------------------------------------------------- places and prices

export type Placed = Pick<Event, "isVirtual" | "location">;
/** "Virtual", or the venue's name; "Place to be announced" when an in-person event has none yet. */
export function placeOf(e: Placed): string {
  if (e.isVirtual) return "Virtual";
  return e.location?.trim() || "Place to be announced";
}

export interface PriceTier {
  label: string;
  cents: number;
  note?: string;
  applies: boolean;
}

/**
 * Every tier the event has, with the one priceFor chose marked. The sentence says why it
 * applies in the member's terms ("your membership is active until Mar 1, 2027").
 */
export function priceTiers(
  event: Pick<Event, "price" | "memberPrice" | "earlyBirdPrice" | "earlyBirdDeadline">,
  price: Price,
  now: Date,
): PriceTier[] {
  const tiers: PriceTier[] = [{ label: "Standard price", cents: toCents(event.price), applies: price.rule === "standard" }];
  if (event.earlyBirdPrice !== null && event.earlyBirdDeadline) {
    const open = now.getTime() < event.earlyBirdDeadline.getTime();
    tiers.push({
      label: "Early-bird price",
      cents: toCents(event.earlyBirdPrice),
      note: open ? `until ${formatDateTime(event.earlyBirdDeadline)}` : `ended ${formatDate(event.earlyBirdDeadline)}`,
      applies: price.rule === "early-bird",
    });
  }
  if (event.memberPrice !== null) {
    tiers.push({ label: "Member price", cents: toCents(event.memberPrice), note: "for members with an active membership", applies: price.rule === "member" });
  }
  return price.rule === "free" ? [] : tiers;
}

/** Why this viewer pays what they pay, in one sentence. */
export function priceReason(price: Price, member: PricedMember, signedIn: boolean, memberPriceCents: number | null, now: Date): string {
  switch (price.rule) {
    case "free":
      return "This event is free.";
    case "member": {
      const ends = member?.membershipExpiresAt;
      if (!ends) return "Member price — your membership is active.";
      if (ends.getTime() <= now.getTime()) {
        return `Member price — your membership ended on ${formatDate(ends)} and is in its renewal grace period; renew to keep member prices.`;
      }
      return `Member price — your membership is active until ${formatDate(ends)}.`;
    }
    case "early-bird":
      return `Early-bird price until ${price.until ? formatDateTime(price.until) : "the deadline"}.`;
    case "standard": {
      if (memberPriceCents === null || memberPriceCents >= price.cents) return "Standard price.";
      const memberOffer = `members with an active membership pay ${formatUsd(memberPriceCents)}`;
      if (!signedIn) return `Standard price. Sign in: ${memberOffer}.`;
      return `Standard price: ${memberOffer}, and yours is not active. Renew with the chapter office to get it.`;
    }
  }
}

// ---------------------------------------------------------------- seats and the member's own state

/** What a seat count says: known by the EventCapacity object for live events, by Postgres afterwards. */
export interface SeatInfo {
  /** null: no seat limit. */
  capacity: number | null;
  left: number | null;
  waitlisted: number;
}

export type MyRegistration =
  | { status: "none" }
  | { status: "CONFIRMED" }
  | { status: "HELD"; holdExpiresAt: Date | null; amountCents: number }
  | { status: "WAITLISTED"; position: number | null }
  | { status: "CANCELLED" }
  | { status: "ATTENDED" }
  | { status: "NO_SHOW" };

/** The join link is for members whose seat is theirs: confirmed (free or paid) or checked in. */
export function seesJoinLink(state: MyRegistration): boolean {
  return state.status === "CONFIRMED" || state.status === "ATTENDED";
}

/** A member holding a seat (SEAT_STATUSES in rules.ts): the event's channel is open to them. */
export function holdsSeat(state: MyRegistration): boolean {
  return state.status === "CONFIRMED" || state.status === "HELD" || state.status === "ATTENDED" || state.status === "NO_SHOW";
}

/** A member holds (or waits for) a place and may give it up. */
export function holdsPlace(state: MyRegistration): boolean {
  return state.status === "CONFIRMED" || state.status === "HELD" || state.status === "WAITLISTED";
}

// ---------------------------------------------------------------- notices

/**
 * What a redirect may ask the event page to say with `?notice=code`. Only these codes are
 * known; anything else shows nothing, so a crafted link cannot put words on our page.
 */
export const eventNotices = noticeTable({
  registered: { tone: "good", text: "You are registered. We emailed you the details." },
  held: {
    tone: "good",
    text: "Your seat is held for you. Pay by card below before the hold ends, or the seat goes to the next person waiting.",
  },
  waitlisted: { tone: "good", text: "The event is full, so you are on the waitlist. We will email you if a seat opens." },
  already: { tone: "info", text: "You were already registered for this event; nothing changed." },
  cancelled: { tone: "good", text: "Your registration is cancelled and your seat went back to the pool." },
  "left-waitlist": { tone: "good", text: "You left the waitlist." },
  "not-registered": { tone: "info", text: "You had no registration to cancel." },
} satisfies Record<string, { tone: "good" | "info" | "bad"; text: string }>);
export type NoticeCode = keyof typeof eventNotices.messages;
