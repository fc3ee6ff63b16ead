// What the EventCapacity object keeps: its SQLite schema, and its two conversations with
// Postgres, loading an event's seats when its storage is empty and writing decided changes
// through. A Pool is made and ended inside each call: Workers cannot keep sockets across requests.
import { asc, eq, inArray, sql } from "drizzle-orm";
import { loadConfig, type Config } from "../config.ts";
import { createDb, type Db } from "../db/client.ts";
import { eventRegistrations, events, users } from "../db/schema/index.ts";
import { DEFAULT_PROMOTION_HOLD_MS, promotionEmail } from "../features/events/rules.ts";
import { fromCents, toCents } from "../lib/money.ts";
import type { SeatStatus } from "../features/events/capacity.ts";
import { writeFollowUps, type FollowUps } from "../features/events/follow-ups.ts";

/** A type, not an interface: SqlStorage rows need the implicit index signature. */
export type SeatRow = {
  user_id: string;
  registration_id: string;
  status: SeatStatus;
  hold_expires_at: number | null;
  position: number | null;
  needs_payment: number;
  amount_cents: number;
  paid_at: number | null;
  payment_id: string | null;
  promotion_hold_ms: number;
  registered_at: number;
};
export type Meta = { event_id: string; capacity: number | null; next_position: number };

/** The object's SQLite: run at every start (IF NOT EXISTS), also after storage was wiped. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  event_id TEXT NOT NULL,
  capacity INTEGER,
  next_position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS seats (
  user_id TEXT PRIMARY KEY,
  registration_id TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('CONFIRMED', 'HELD', 'WAITLISTED', 'CANCELLED')),
  hold_expires_at INTEGER,
  position INTEGER,
  needs_payment INTEGER NOT NULL,
  amount_cents INTEGER NOT NULL,
  paid_at INTEGER,
  payment_id TEXT,
  promotion_hold_ms INTEGER NOT NULL,
  registered_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS seats_by_status ON seats (status, position);
CREATE INDEX IF NOT EXISTS seats_by_hold ON seats (status, hold_expires_at);
-- Seat counts kept by triggers, so a decision reads them in O(1) instead of counting 2,000 rows.
CREATE TABLE IF NOT EXISTS seat_counts (status TEXT PRIMARY KEY, n INTEGER NOT NULL);
INSERT OR IGNORE INTO seat_counts (status, n) VALUES ('CONFIRMED', 0), ('HELD', 0), ('WAITLISTED', 0), ('CANCELLED', 0);
CREATE TRIGGER IF NOT EXISTS seats_counted_insert AFTER INSERT ON seats BEGIN
  UPDATE seat_counts SET n = n + 1 WHERE status = NEW.status;
END;
CREATE TRIGGER IF NOT EXISTS seats_counted_update AFTER UPDATE OF status ON seats WHEN OLD.status != NEW.status BEGIN
  UPDATE seat_counts SET n = n - 1 WHERE status = OLD.status;
  UPDATE seat_counts SET n = n + 1 WHERE status = NEW.status;
END;
CREATE TABLE IF NOT EXISTS outbox (
  key TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  email_id TEXT
);
-- A decided seat's follow-ups (follow-ups.ts) that Postgres could not take at the decision:
-- kept here, keyed by the email they queue, until the write-through writes them.
CREATE TABLE IF NOT EXISTS owed_follow_ups (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL
);`;

/** Outbox key of an event-level change (max_capacity); registration rows use their id. */
export const CAPACITY_KEY = "#capacity";
/** email_outbox.kind of the message a member gets when promoted from the waitlist. */
export const PROMOTION_EMAIL_KIND = "EVENT_SEAT_PROMOTED";

type Nullable<T> = { [K in keyof T]: T[K] | null };
/** An outbox row joined with its seat (all seat fields null for CAPACITY_KEY). */
export type PendingRow = { key: string; version: number; email_id: string | null } & Nullable<SeatRow>;

function config(env: Env): Config {
  return loadConfig(env as unknown as Record<string, unknown>);
}

async function withDb<T>(env: Env, run: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const cfg = config(env);
  const { db, pool } = createDb(cfg);
  try {
    return await run(db, cfg);
  } finally {
    await pool.end().catch(() => {});
  }
}

export interface LoadedSeats {
  capacity: number | null;
  nextPosition: number;
  seats: SeatRow[];
}

/**
 * The object's state as Postgres knows it. REGISTERED is HELD while an unpaid hold is set
 * (a hold already past is loaded as is and expires at the object's next decision), otherwise
 * CONFIRMED; ATTENDED and NO_SHOW occupied seats, so they count as CONFIRMED. Waitlist order
 * is waitlist_position, then registered_at for rows that have none.
 */
export async function loadEventSeats(env: Env, eventId: string): Promise<LoadedSeats> {
  return withDb(env, async (db) => {
    const [event] = await db.select({ maxCapacity: events.maxCapacity }).from(events).where(eq(events.id, eventId));
    if (!event) throw new Error(`Event ${eventId} does not exist.`);
    const rows = await db
      .select()
      .from(eventRegistrations)
      .where(eq(eventRegistrations.eventId, eventId))
      .orderBy(asc(eventRegistrations.waitlistPosition), asc(eventRegistrations.registeredAt));
    let nextPosition = 1 + Math.max(0, ...rows.map((r) => r.waitlistPosition ?? 0));
    const seats = rows.map((r): SeatRow => {
      const amountCents = r.amount === null ? 0 : toCents(r.amount);
      let status: SeatRow["status"];
      if (r.status === "WAITLISTED") status = "WAITLISTED";
      else if (r.status === "CANCELLED") status = "CANCELLED";
      else if (r.status === "REGISTERED" && r.holdExpiresAt && !r.paid) status = "HELD";
      else status = "CONFIRMED";
      return {
        user_id: r.userId,
        registration_id: r.id,
        status,
        hold_expires_at: status === "HELD" ? r.holdExpiresAt!.getTime() : null,
        position: status === "WAITLISTED" ? (r.waitlistPosition ?? nextPosition++) : null,
        needs_payment: amountCents > 0 ? 1 : 0,
        amount_cents: amountCents,
        paid_at: r.paidAt?.getTime() ?? (r.paid ? r.registeredAt.getTime() : null),
        payment_id: r.paymentId,
        promotion_hold_ms: DEFAULT_PROMOTION_HOLD_MS,
        registered_at: r.registeredAt.getTime(),
      };
    });
    return { capacity: event.maxCapacity, nextPosition, seats };
  });
}

export interface WriteBatch {
  eventId: string;
  capacity: number | null;
  /** Confirmed + held, as the object counts them now. */
  taken: number;
  rows: PendingRow[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const param = (value: unknown) => sql.param(value);

/**
 * One statement, so it is atomic and one round trip however many rows: the registrations
 * upserted by their pre-chosen ids (a retry rewrites the same rows), promotion emails
 * inserted by ids chosen at the decision (a retry sends nothing twice), and the event's
 * current_capacity (and max_capacity when it changed) set to the object's count.
 * Arrays travel as single parameters through unnest, so 2,000 rows cost no more statements than 1.
 */
export async function writeThrough(env: Env, batch: WriteBatch): Promise<void> {
  const regs = batch.rows.filter((r) => r.user_id !== null && r.status !== null);
  const capacityChanged = batch.rows.some((r) => r.key === CAPACITY_KEY);
  await withDb(env, async (db, cfg) => {
    const emails = await promotionEmails(db, cfg, batch.eventId, regs);
    await db.execute(sql`
      WITH input AS (
        SELECT * FROM unnest(
          ${param(regs.map((r) => r.registration_id))}::text[],
          ${param(regs.map((r) => r.user_id))}::text[],
          ${param(regs.map((r) => (r.status === "CONFIRMED" || r.status === "HELD" ? "REGISTERED" : r.status)))}::registration_status[],
          ${param(regs.map((r) => r.status === "CONFIRMED" && r.paid_at !== null))}::boolean[],
          ${param(regs.map((r) => (r.status === "CONFIRMED" ? iso(r.paid_at) : null)))}::timestamptz[],
          ${param(regs.map((r) => fromCents(r.amount_cents ?? 0)))}::numeric[],
          ${param(regs.map((r) => iso(r.registered_at)))}::timestamptz[],
          ${param(regs.map((r) => (r.status === "HELD" ? iso(r.hold_expires_at) : null)))}::timestamptz[],
          ${param(regs.map((r) => (r.status === "WAITLISTED" ? r.position : null)))}::integer[],
          ${param(regs.map((r) => r.payment_id))}::text[]
        ) AS t(id, user_id, status, paid, paid_at, amount, registered_at, hold_expires_at, waitlist_position, payment_id)
      ), upserted AS (
        INSERT INTO event_registrations AS r
          (id, event_id, user_id, status, paid, paid_at, amount, registered_at, hold_expires_at, waitlist_position, payment_id)
        SELECT id, ${batch.eventId}, user_id, status, paid, paid_at, amount, registered_at, hold_expires_at, waitlist_position, payment_id
        FROM input
        ON CONFLICT (id) DO UPDATE SET
          -- Check-in is recorded by admins in Postgres; a seat the object still calls confirmed must not undo it.
          status = CASE WHEN r.status IN ('ATTENDED', 'NO_SHOW') AND excluded.status = 'REGISTERED' THEN r.status ELSE excluded.status END,
          paid = excluded.paid, paid_at = excluded.paid_at, amount = excluded.amount, registered_at = excluded.registered_at,
          hold_expires_at = excluded.hold_expires_at, waitlist_position = excluded.waitlist_position, payment_id = excluded.payment_id
        RETURNING 1
      ), emails AS (
        INSERT INTO email_outbox (id, user_id, to_address, subject, text_body, kind)
        SELECT * FROM unnest(
          ${param(emails.map((e) => e.id))}::text[], ${param(emails.map((e) => e.userId))}::text[],
          ${param(emails.map((e) => e.to))}::text[], ${param(emails.map((e) => e.subject))}::text[],
          ${param(emails.map((e) => e.text))}::text[], ${param(emails.map(() => PROMOTION_EMAIL_KIND))}::text[]
        )
        ON CONFLICT (id) DO NOTHING
        RETURNING 1
      )
      UPDATE events SET
        current_capacity = ${batch.taken},
        max_capacity = CASE WHEN ${capacityChanged} THEN ${batch.capacity}::integer ELSE max_capacity END
      WHERE id = ${batch.eventId} AND (current_capacity <> ${batch.taken} OR ${capacityChanged})`);
  });
}

/** Writes follow-ups the object was handed (each idempotent), in one connection. */
export async function writeOwedFollowUps(env: Env, list: FollowUps[]): Promise<void> {
  await withDb(env, async (db) => {
    for (const f of list) await writeFollowUps(db, f);
  });
}

/** Emails for rows promoted from the waitlist that still hold their seat at flush time. */
async function promotionEmails(db: Db, cfg: Config, eventId: string, rows: PendingRow[]) {
  const promoted = rows.filter((r) => r.email_id !== null && (r.status === "CONFIRMED" || r.status === "HELD"));
  if (promoted.length === 0) return [];
  const [event] = await db.select({ title: events.title }).from(events).where(eq(events.id, eventId));
  const people = await db
    .select({ id: users.id, email: users.email, firstName: users.firstName })
    .from(users)
    .where(inArray(users.id, promoted.map((r) => r.user_id!)));
  const byId = new Map(people.map((p) => [p.id, p]));
  const eventUrl = new URL(`/events/${eventId}`, cfg.PUBLIC_URL).href;
  return promoted.flatMap((r) => {
    const person = byId.get(r.user_id!);
    if (!person || !event) return [];
    const { subject, text } = promotionEmail({
      firstName: person.firstName,
      eventTitle: event.title,
      eventUrl,
      status: r.status as "CONFIRMED" | "HELD",
      holdExpiresAt: r.hold_expires_at === null ? null : new Date(r.hold_expires_at),
      amountCents: r.amount_cents ?? 0,
    });
    return [{ id: r.email_id!, userId: person.id, to: person.email, subject, text }];
  });
}
