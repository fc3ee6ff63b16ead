import { DurableObject } from "cloudflare:workers";
import * as z from "zod";
import { newId } from "../db/ids.ts";
import {
  checkCapacityChange,
  reservationFor,
  seatStatusFor,
  seatsLeft,
  type SeatCounts,
} from "../features/events/rules.ts";
import { log } from "../lib/log.ts";
import type {
  CapacityResult,
  ConfirmResult,
  Effects,
  Promotion,
  ReleaseResult,
  ReserveInput,
  ReserveResult,
  SeatPosition,
  SeatStatus,
  Snapshot,
} from "../features/events/capacity.ts";
import { followUpsSchema, type FollowUps } from "../features/events/follow-ups.ts";
import {
  CAPACITY_KEY,
  loadEventSeats,
  SCHEMA,
  writeOwedFollowUps,
  writeThrough,
  type Meta,
  type PendingRow,
  type SeatRow,
} from "./event-capacity-storage.ts";

const reserveInput = z.object({
  userId: z.string().min(1),
  registrationId: z.string().min(1).optional(),
  paid: z.boolean(),
  amountCents: z.number().int().min(0),
  holdMs: z.number().int().positive(),
  promotionHoldMs: z.number().int().positive().optional(),
  paymentId: z.string().min(1).optional(),
}) satisfies z.ZodType<ReserveInput>; // the contract's fields, documented in capacity.ts
type Decision = { now: number; promoted: Promotion[] };

/** While writes are pending, an alarm this far out retries them even if the object was evicted mid-flush. */
const SAFETY_NET_MS = 30_000;
const MAX_RETRY_MS = 60_000;

/**
 * The single authority on one event's seats (one object per event, idFromName(eventId)).
 *
 * Every decision is ONE transactionSync over the object's SQLite with no await inside,
 * so concurrent calls are serialized by the object and a seat can never be sold twice.
 * The same transaction writes the changed rows into an outbox; a flush then upserts
 * them into Postgres by ids chosen before the write (retries never duplicate) and
 * deletes them from the outbox. If Postgres is down, the outbox waits for the next
 * call or the alarm. Holds expire through one alarm set to the earliest expiry.
 * If the storage is empty (first use, or lost), the state is rebuilt from Postgres.
 *
 * So every change to who holds a seat (register, pay, cancel, admin moves, capacity) must
 * go through this object; a registration written to Postgres behind its back is invisible
 * to it, and conflicting with it stalls the write-through until removed. Check-in
 * (ATTENDED / NO_SHOW) may be written directly: the write-through never undoes it.
 *
 * Every RPC takes the eventId: an object cannot learn the name it was addressed by.
 */
export class EventCapacity extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private loading: Promise<void> | null = null;
  private flushing: Promise<boolean> | null = null;
  private queuedFlush: Promise<boolean> | null = null;
  private retryDelayMs = 0;
  private retryAt: number | null = null;
  private safetyAt: number | null = null;
  /** The alarm time last set, so a burst of decisions does not rewrite an unchanged alarm; undefined = unknown. */
  private armedAt: number | null | undefined = undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
  }

  // ------------------------------------------------------------------ RPC

  async reserve(eventId: string, raw: ReserveInput): Promise<ReserveResult> {
    const input = reserveInput.parse(raw);
    await this.ensureLoaded(eventId);
    const decision = this.decide((d) => {
      const existing = this.seat(input.userId);
      if (existing && existing.status !== "CANCELLED") return { outcome: "already" as const, ...this.describe(existing) };
      const status = reservationFor(this.counts(), input.paid, input.amountCents);
      const meta = this.meta()!;
      const registrationId = existing?.registration_id ?? input.registrationId ?? newId();
      const holdExpiresAt = status === "HELD" ? d.now + input.holdMs : null;
      // A member who cancels an unpaid hold and registers again keeps the hold's first deadline:
      // otherwise cancel + register would renew it forever and keep the seat from everyone else.
      const earlierDeadline = existing?.status === "CANCELLED" && existing.hold_expires_at !== null && existing.hold_expires_at > d.now ? existing.hold_expires_at : null;
      const holdUntil = holdExpiresAt !== null && earlierDeadline !== null ? Math.min(holdExpiresAt, earlierDeadline) : holdExpiresAt;
      const position = status === "WAITLISTED" ? meta.next_position : null;
      if (position !== null) this.sql.exec("UPDATE meta SET next_position = next_position + 1");
      this.sql.exec(
        `INSERT INTO seats (user_id, registration_id, status, hold_expires_at, position, needs_payment, amount_cents,
           paid_at, payment_id, promotion_hold_ms, registered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, hold_expires_at = excluded.hold_expires_at,
           position = excluded.position, needs_payment = excluded.needs_payment, amount_cents = excluded.amount_cents,
           paid_at = NULL, payment_id = excluded.payment_id, promotion_hold_ms = excluded.promotion_hold_ms, registered_at = excluded.registered_at`,
        input.userId, registrationId, status, holdUntil, position, input.paid ? 1 : 0, input.amountCents,
        // The held seat's payment is linked by the write-through, so the link survives any failure after the decision.
        status === "HELD" ? (input.paymentId ?? null) : null,
        input.promotionHoldMs ?? input.holdMs, d.now,
      );
      this.touch(registrationId);
      const outcome = status === "CONFIRMED" ? "confirmed" : status === "HELD" ? "held" : "waitlisted";
      // A newcomer joins at the back, so their rank is the waitlist's length (no counting).
      const rank = status === "WAITLISTED" ? this.counts().waitlisted : undefined;
      return { outcome: outcome as ReserveResult["outcome"], ...this.describe(this.seat(input.userId)!, rank) };
    });
    return { ...decision, synced: await this.requestFlush() };
  }

  /**
   * A held seat's payment arrived (or an admin recorded it offline). With takeFreeSeat (a card
   * payment that came after its hold lapsed, or for a seat no longer held) the member takes a
   * free seat if there is one ("confirmed-late"); else "no-seat" and the caller refunds.
   */
  async confirm(eventId: string, userId: string, opts: { paymentId?: string; takeFreeSeat?: boolean } = {}): Promise<ConfirmResult> {
    await this.ensureLoaded(eventId);
    const decision = this.decide((d) => {
      const seat = this.seat(userId);
      if (opts.takeFreeSeat && seat && (seat.status === "CANCELLED" || seat.status === "WAITLISTED")) {
        const left = seatsLeft(this.counts());
        if (left !== null && left <= 0) return { outcome: "no-seat" as const };
        this.sql.exec(
          "UPDATE seats SET status = 'CONFIRMED', hold_expires_at = NULL, position = NULL, paid_at = ?, payment_id = ? WHERE user_id = ?",
          d.now, opts.paymentId ?? null, userId,
        );
        this.touch(seat.registration_id);
        return { outcome: "confirmed-late" as const };
      }
      // An expired hold keeps its expiry on the cancelled row, so a late payment reads as "expired".
      // (A hold the member cancelled keeps it too, for reserve; until it passes, that seat is "not-held".)
      if (seat?.status === "CANCELLED" && seat.hold_expires_at !== null && seat.hold_expires_at <= d.now) return { outcome: "expired" as const };
      if (seat?.status === "CONFIRMED") return { outcome: "already" as const };
      if (seat?.status !== "HELD") return { outcome: "not-held" as const };
      this.sql.exec(
        "UPDATE seats SET status = 'CONFIRMED', hold_expires_at = NULL, paid_at = ?, payment_id = ? WHERE user_id = ?",
        d.now, opts.paymentId ?? null, userId,
      );
      this.touch(seat.registration_id);
      return { outcome: "confirmed" as const };
    });
    return { ...decision, synced: await this.requestFlush() };
  }

  /** The member cancels: frees a confirmed or held seat, or leaves the waitlist; the next waiter moves up. */
  async release(eventId: string, userId: string): Promise<ReleaseResult> {
    await this.ensureLoaded(eventId);
    const decision = this.decide(() => {
      const seat = this.seat(userId);
      if (!seat || seat.status === "CANCELLED") return { outcome: "not-registered" as const };
      this.cancel(seat);
      return { outcome: seat.status === "WAITLISTED" ? ("left-waitlist" as const) : ("released" as const) };
    });
    return { ...decision, synced: await this.requestFlush() };
  }

  /**
   * Releases several members in one decision and one write-through, in the order given
   * (event cancellation: waiters first, so freed holds promote nobody).
   */
  async releaseMany(eventId: string, userIds: string[]): Promise<Effects & { released: number }> {
    if (!Array.isArray(userIds) || userIds.some((u) => typeof u !== "string")) throw new TypeError("userIds must be a list of ids");
    await this.ensureLoaded(eventId);
    const decision = this.decide(() => {
      let released = 0;
      for (const userId of userIds) {
        const seat = this.seat(userId);
        if (!seat || seat.status === "CANCELLED") continue;
        this.cancel(seat);
        released++;
      }
      return { released };
    });
    return { ...decision, synced: await this.requestFlush() };
  }

  /** Expires holds due at `now` (default: the clock) and promotes into the freed seats. The alarm does this on its own. */
  async expireHolds(eventId: string, now?: number): Promise<Effects & { expired: string[] }> {
    if (now !== undefined && !Number.isFinite(now)) throw new TypeError("now must be a time in milliseconds");
    await this.ensureLoaded(eventId);
    const decision = this.decide((d) => ({ expired: d.expired }), now);
    return { ...decision, synced: await this.requestFlush() };
  }

  /** null = no limit. Raising promotes from the waitlist; lowering below the seats taken is refused. */
  async setCapacity(eventId: string, capacity: number | null): Promise<CapacityResult> {
    await this.ensureLoaded(eventId);
    const decision = this.decide(() => {
      const check = checkCapacityChange(capacity, this.counts());
      if (!check.ok) return check;
      this.sql.exec("UPDATE meta SET capacity = ?", capacity);
      this.touch(CAPACITY_KEY);
      return { ok: true as const, capacity };
    });
    return { ...decision, synced: await this.requestFlush() } as CapacityResult;
  }

  async snapshot(eventId: string): Promise<Snapshot> {
    await this.ensureLoaded(eventId);
    const c = this.counts();
    const pendingWrites = this.pendingWrites();
    return { eventId, ...c, seatsLeft: seatsLeft(c), pendingWrites };
  }

  async position(eventId: string, userId: string): Promise<SeatPosition | null> {
    await this.ensureLoaded(eventId);
    const seat = this.seat(userId);
    return seat ? this.describe(seat) : null;
  }

  /**
   * Keeps a decided seat's follow-ups that Postgres could not take, and writes them with the
   * next flush (now, or the alarm's retries). Keyed by their email id: handing them twice keeps one.
   */
  async oweFollowUps(eventId: string, raw: FollowUps): Promise<{ synced: boolean }> {
    const f = followUpsSchema.parse(raw);
    await this.ensureLoaded(eventId);
    const key = f.email?.id ?? `payments:${f.registrationId}:${f.cancelPaymentsExcept ?? ""}`;
    this.sql.exec("INSERT OR IGNORE INTO owed_follow_ups (id, body) VALUES (?, ?)", key, JSON.stringify(f));
    return { synced: await this.requestFlush() };
  }

  /** Pushes every change decided so far to Postgres; false when Postgres could not be reached. */
  async flush(eventId: string): Promise<boolean> {
    await this.ensureLoaded(eventId);
    return this.requestFlush();
  }

  override async alarm(): Promise<void> {
    this.armedAt = undefined; // the alarm that woke us is spent
    this.safetyAt = null;
    if (!this.meta()) return;
    const { promoted, expired } = this.decide((d) => ({ expired: d.expired }));
    if (expired.length || promoted.length) log("info", "event holds expired", { expired: expired.length, promoted: promoted.length });
    await this.requestFlush();
  }

  // ------------------------------------------------------------------ decisions (synchronous)

  /**
   * Runs `fn` in one storage transaction, after expiring due holds (and promoting into them)
   * and before promoting into any seat fn freed; then re-arms the alarm. No awaits: this is
   * the serialization point.
   */
  private decide<T extends object>(fn: (d: Decision & { expired: string[] }) => T, nowOverride?: number) {
    const d = { now: nowOverride ?? Date.now(), promoted: [] as Promotion[], expired: [] as string[] };
    const out = this.ctx.storage.transactionSync(() => {
      const due = this.sql
        .exec<SeatRow>("SELECT * FROM seats WHERE status = 'HELD' AND hold_expires_at <= ?", d.now)
        .toArray();
      for (const seat of due) {
        this.sql.exec("UPDATE seats SET status = 'CANCELLED' WHERE user_id = ?", seat.user_id);
        this.touch(seat.registration_id);
        d.expired.push(seat.user_id);
      }
      this.promote(d); // before fn, so a newcomer queues behind waiters who just got a seat
      const result = fn(d);
      this.promote(d);
      return result;
    });
    this.armAlarm();
    return { ...out, promoted: d.promoted };
  }

  private cancel(seat: SeatRow): void {
    // A cancelled hold keeps its deadline (reserve reads it); the write-through sends it only for HELD rows.
    this.sql.exec(
      "UPDATE seats SET status = 'CANCELLED', hold_expires_at = CASE WHEN status = 'HELD' THEN hold_expires_at END, position = NULL WHERE user_id = ?",
      seat.user_id,
    );
    this.touch(seat.registration_id);
  }

  /** While a seat is free, the first waiter takes it: confirmed if free for them, else held for payment. */
  private promote(d: Decision): void {
    for (;;) {
      const left = seatsLeft(this.counts());
      if (left !== null && left <= 0) return;
      const next = this.sql
        .exec<SeatRow>("SELECT * FROM seats WHERE status = 'WAITLISTED' ORDER BY position LIMIT 1")
        .toArray()[0];
      if (!next) return;
      const status = seatStatusFor(next.needs_payment === 1, next.amount_cents);
      const holdExpiresAt = status === "HELD" ? d.now + next.promotion_hold_ms : null;
      this.sql.exec(
        "UPDATE seats SET status = ?, hold_expires_at = ?, position = NULL WHERE user_id = ?",
        status, holdExpiresAt, next.user_id,
      );
      this.touch(next.registration_id, true);
      d.promoted.push({
        userId: next.user_id,
        registrationId: next.registration_id,
        status,
        holdExpiresAt: holdExpiresAt === null ? null : new Date(holdExpiresAt),
      });
    }
  }

  /** Queues a row for Postgres. The version lets a flush delete only what it wrote, not a newer change. */
  private touch(key: string, promoted = false): void {
    this.sql.exec(
      `INSERT INTO outbox (key, version, email_id) VALUES (?, 1, ?)
       ON CONFLICT (key) DO UPDATE SET version = version + 1, email_id = coalesce(excluded.email_id, email_id)`,
      key, promoted ? newId() : null,
    );
  }

  private meta(): Meta | null {
    return this.sql.exec<Meta>("SELECT event_id, capacity, next_position FROM meta").toArray()[0] ?? null;
  }

  private seat(userId: string): SeatRow | null {
    return this.sql.exec<SeatRow>("SELECT * FROM seats WHERE user_id = ?", userId).toArray()[0] ?? null;
  }

  private counts(): SeatCounts {
    const c = { capacity: this.meta()!.capacity, confirmed: 0, held: 0, waitlisted: 0 };
    for (const row of this.sql.exec<{ status: SeatStatus; n: number }>("SELECT status, n FROM seat_counts")) {
      if (row.status === "CONFIRMED") c.confirmed = row.n;
      else if (row.status === "HELD") c.held = row.n;
      else if (row.status === "WAITLISTED") c.waitlisted = row.n;
    }
    return c;
  }

  private describe(seat: SeatRow, knownRank?: number): SeatPosition & { registrationId: string } {
    const out: SeatPosition = {
      status: seat.status,
      registrationId: seat.registration_id,
      decidedAt: seat.registered_at,
      amountCents: seat.amount_cents,
      paymentId: seat.payment_id,
    };
    if (seat.status === "WAITLISTED" && seat.position !== null) {
      out.position = knownRank ?? this.sql
        .exec<{ n: number }>("SELECT count(*) AS n FROM seats WHERE status = 'WAITLISTED' AND position <= ?", seat.position)
        .one().n;
    }
    if (seat.status === "HELD" && seat.hold_expires_at !== null) out.holdExpiresAt = new Date(seat.hold_expires_at);
    return out;
  }

  /** Rows waiting for Postgres: seat changes and owed follow-ups. */
  private pendingWrites(): number {
    return this.sql.exec<{ n: number }>("SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM owed_follow_ups) AS n").one().n;
  }

  /** One alarm: the earliest hold expiry, or sooner when pending writes need a retry. */
  private armAlarm(): void {
    const hold = this.sql
      .exec<{ t: number | null }>("SELECT min(hold_expires_at) AS t FROM seats WHERE status = 'HELD'")
      .one().t;
    const pending = this.pendingWrites() > 0;
    if (pending) this.safetyAt ??= Date.now() + SAFETY_NET_MS;
    else this.safetyAt = null;
    const retry = pending ? (this.retryAt ?? this.safetyAt) : null;
    const next = hold === null ? retry : retry === null ? hold : Math.min(hold, retry);
    if (next === this.armedAt) return;
    this.armedAt = next;
    const op = next === null ? this.ctx.storage.deleteAlarm() : this.ctx.storage.setAlarm(next);
    op.catch((err: unknown) => log("error", "event capacity alarm not set", { error: String(err) }));
  }

  // ------------------------------------------------------------------ Postgres

  private async ensureLoaded(eventId: string): Promise<void> {
    if (typeof eventId !== "string" || eventId === "") throw new TypeError("eventId is required");
    if (!this.meta()) {
      // One load, shared by every call that arrives meanwhile; none decides before it is done.
      this.loading ??= this.rebuild(eventId).finally(() => (this.loading = null));
      await this.loading;
    }
    const owner = this.meta()!.event_id;
    if (owner !== eventId) throw new Error(`This EventCapacity object belongs to event ${owner}, not ${eventId}.`);
  }

  private async rebuild(eventId: string): Promise<void> {
    const state = await loadEventSeats(this.env, eventId);
    if (this.meta()) return;
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        "INSERT INTO meta (id, event_id, capacity, next_position) VALUES (1, ?, ?, ?)",
        eventId, state.capacity, state.nextPosition,
      );
      for (const s of state.seats) {
        this.sql.exec(
          `INSERT INTO seats (user_id, registration_id, status, hold_expires_at, position, needs_payment, amount_cents,
             paid_at, payment_id, promotion_hold_ms, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          s.user_id, s.registration_id, s.status, s.hold_expires_at, s.position, s.needs_payment, s.amount_cents,
          s.paid_at, s.payment_id, s.promotion_hold_ms, s.registered_at,
        );
      }
    });
    this.armAlarm(); // holds loaded from Postgres expire like any other
    log("info", "event capacity rebuilt from Postgres", { eventId, seats: state.seats.length, capacity: state.capacity });
  }

  /**
   * Coalesced flush: at most one write to Postgres at a time (so writes land in decision
   * order), and every caller that arrives during one waits for the next, which picks up
   * all rows queued meanwhile in one multi-row upsert. Never throws: false = still pending.
   */
  private requestFlush(): Promise<boolean> {
    if (!this.flushing) {
      this.flushing = this.runFlush().finally(() => (this.flushing = null));
      return this.flushing;
    }
    this.queuedFlush ??= this.flushing.then(() => {
      this.queuedFlush = null;
      return this.requestFlush();
    });
    return this.queuedFlush;
  }

  private async runFlush(): Promise<boolean> {
    try {
      for (;;) {
        const meta = this.meta();
        const rows = this.sql
          .exec<PendingRow>(
            `SELECT o.key, o.version, o.email_id, s.* FROM outbox o LEFT JOIN seats s ON s.registration_id = o.key
             ORDER BY o.rowid LIMIT 5000`,
          )
          .toArray();
        if (!meta || rows.length === 0) break;
        const c = this.counts();
        await writeThrough(this.env, { eventId: meta.event_id, capacity: c.capacity, taken: c.confirmed + c.held, rows });
        this.ctx.storage.transactionSync(() => {
          for (const r of rows) this.sql.exec("DELETE FROM outbox WHERE key = ? AND version = ?", r.key, r.version);
        });
        if (rows.length < 5000) break;
      }
      // After the seat rows: a follow-up may cancel payments the registration row refers to.
      const owed = this.sql.exec<{ id: string; body: string }>("SELECT id, body FROM owed_follow_ups ORDER BY rowid LIMIT 500").toArray();
      if (owed.length > 0) {
        await writeOwedFollowUps(this.env, owed.map((o) => JSON.parse(o.body) as FollowUps));
        this.ctx.storage.transactionSync(() => {
          for (const o of owed) this.sql.exec("DELETE FROM owed_follow_ups WHERE id = ?", o.id);
        });
      }
      this.retryDelayMs = 0;
      this.retryAt = null;
      return true;
    } catch (err) {
      this.retryDelayMs = Math.min(MAX_RETRY_MS, Math.max(1000, this.retryDelayMs * 2));
      this.retryAt = Date.now() + this.retryDelayMs;
      // The driver's error, not drizzle's wrapper: that one quotes the whole statement and all its parameters.
      const cause = ((err as { cause?: unknown }).cause ?? err) as { message?: unknown; type?: unknown };
      log("warn", "event capacity write-through failed; will retry", {
        eventId: this.meta()?.event_id,
        error: String(cause.message || cause.type || cause).slice(0, 300),
        retryInMs: this.retryDelayMs,
      });
      return false;
    } finally {
      this.armAlarm();
    }
  }
}
