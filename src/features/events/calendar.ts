// Calendars: one event as .ics, the chapter's subscribable feed, and each member's personal
// "my events" feed behind a secret URL. The secret is 256 random bits; only its SHA-256 is
// stored (users.calendar_token_hash, unique), and a request is matched by hashing the token it
// brings and looking the hash up, so the table never holds a usable URL.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { and, asc, eq, gte, inArray, isNull, ne } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { eventRegistrations, events, type Event } from "../../db/schema/events.ts";
import { writeCalendar, type IcsEvent } from "../../lib/ics.ts";
import { placeOf, TYPE_LABELS } from "./view.ts";
import { parseAddress } from "./content.ts";

export const PROD_ID = "-//Chapter Member Portal//Events//EN";
/** The chapter feed keeps recent history so a subscriber's calendar does not lose last month's events. */
export const FEED_HISTORY_DAYS = 90;
const FEED_LIMIT = 500;

const TOKEN_PATTERN = /^[a-z2-7]{52}$/;

export function newCalendarToken(): { token: string; hash: string } {
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(32)));
  return { token, hash: calendarTokenHash(token) };
}

export function calendarTokenHash(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** "/calendar/<token>.ics" → the token, or null for anything that is not shaped like one (no query then). */
export function parseCalendarFile(file: string): string | null {
  const token = file.endsWith(".ics") ? file.slice(0, -4) : "";
  return TOKEN_PATTERN.test(token) ? token : null;
}

/** Replaces the member's feed secret; the old URL stops working in the same statement. */
export async function regenerateCalendarToken(db: Db, userId: string): Promise<string> {
  const { token, hash } = newCalendarToken();
  await db.update(users).set({ calendarTokenHash: hash }).where(eq(users.id, userId));
  return token;
}

export async function hasCalendarToken(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ hash: users.calendarTokenHash }).from(users).where(eq(users.id, userId));
  return Boolean(row?.hash);
}

export async function findCalendarOwner(db: Db, token: string): Promise<{ id: string; firstName: string } | null> {
  const [row] = await db
    .select({ id: users.id, firstName: users.firstName })
    .from(users)
    .where(and(eq(users.calendarTokenHash, calendarTokenHash(token)), eq(users.isActive, true), isNull(users.deletedAt)));
  return row ?? null;
}

type FeedEvent = Pick<
  Event,
  "id" | "title" | "description" | "type" | "status" | "startDate" | "endDate" | "location" | "address" | "isVirtual" | "virtualUrl" | "updatedAt"
>;
const feedColumns = {
  id: events.id,
  title: events.title,
  description: events.description,
  type: events.type,
  status: events.status,
  startDate: events.startDate,
  endDate: events.endDate,
  location: events.location,
  address: events.address,
  isVirtual: events.isVirtual,
  virtualUrl: events.virtualUrl,
  updatedAt: events.updatedAt,
};
const published = and(ne(events.status, "DRAFT"), isNull(events.deletedAt))!;

/** Every published event ending in the last 90 days or later (cancelled ones too, so subscribers see them go). */
export async function chapterFeedEvents(db: Db, now: Date): Promise<FeedEvent[]> {
  const since = new Date(now.getTime() - FEED_HISTORY_DAYS * 86_400_000);
  return db.select(feedColumns).from(events).where(and(published, gte(events.endDate, since))).orderBy(asc(events.startDate)).limit(FEED_LIMIT);
}

/** The member's events: those they are registered for (held seats included) or waiting for. */
export async function personalFeedEvents(db: Db, userId: string) {
  return db
    .select({ ...feedColumns, registration: eventRegistrations.status, holdExpiresAt: eventRegistrations.holdExpiresAt, paid: eventRegistrations.paid })
    .from(eventRegistrations)
    .innerJoin(events, eq(events.id, eventRegistrations.eventId))
    .where(and(eq(eventRegistrations.userId, userId), inArray(eventRegistrations.status, ["REGISTERED", "WAITLISTED", "ATTENDED"]), published))
    .orderBy(asc(events.startDate))
    .limit(FEED_LIMIT);
}

function locationOf(e: FeedEvent): string {
  if (e.isVirtual) return "Virtual";
  const address = parseAddress(e.address);
  return [placeOf(e), ...(address?.lines ?? [])].join(", ");
}

export function toIcsEvent(e: FeedEvent, publicUrl: string, extra: { note?: string; joinUrl?: string | null } = {}): IcsEvent {
  const url = new URL(`/events/${e.id}`, publicUrl);
  const description = [extra.note, extra.joinUrl ? `Join: ${extra.joinUrl}` : null, e.description, `Details: ${url.href}`]
    .filter(Boolean)
    .join("\n\n");
  return {
    uid: `${e.id}@${url.host}`,
    stamp: e.updatedAt,
    start: e.startDate,
    end: e.endDate,
    summary: e.status === "CANCELLED" ? `Cancelled: ${e.title}` : e.title,
    description,
    location: locationOf(e),
    url: url.href,
    status: e.status === "CANCELLED" ? "CANCELLED" : "CONFIRMED",
    categories: [TYPE_LABELS[e.type]],
  };
}

export function eventCalendar(e: FeedEvent, publicUrl: string): string {
  return writeCalendar({ prodId: PROD_ID, events: [toIcsEvent(e, publicUrl)] });
}

export function chapterCalendar(rows: FeedEvent[], publicUrl: string): string {
  return writeCalendar({ prodId: PROD_ID, name: "Chapter events", refreshMinutes: 60, events: rows.map((e) => toIcsEvent(e, publicUrl)) });
}

export function personalCalendar(rows: Awaited<ReturnType<typeof personalFeedEvents>>, publicUrl: string): string {
  return writeCalendar({
    prodId: PROD_ID,
    name: "My chapter events",
    refreshMinutes: 60,
    events: rows.map((r) => {
      const held = r.registration === "REGISTERED" && r.holdExpiresAt !== null && !r.paid;
      const confirmed = (r.registration === "REGISTERED" && !held) || r.registration === "ATTENDED";
      const note =
        r.registration === "WAITLISTED"
          ? "You are on the waitlist for this event."
          : held
            ? "Your seat is held until you pay; see the event page."
            : "You are registered.";
      const ics = toIcsEvent(r, publicUrl, { note, joinUrl: confirmed && r.isVirtual ? r.virtualUrl : null });
      return { ...ics, status: r.status === "CANCELLED" ? "CANCELLED" : confirmed ? "CONFIRMED" : "TENTATIVE" };
    }),
  });
}
