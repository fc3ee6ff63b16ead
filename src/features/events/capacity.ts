// The EventCapacity Durable Object as the Worker sees it: the contract of its RPC methods,
// and thin functions over the stub. One object per event, addressed by the event id, which
// is also passed on every call (an object cannot learn the name it was addressed by).
// Routes check the pure rules first (canRegister, priceFor), then call these. Each awaits
// the RPC, so callers get a plain Promise: an error thrown in the object rejects where it is awaited.
import type { FollowUps } from "./follow-ups.ts";
import type { SeatCounts } from "./rules.ts";

export type SeatStatus = "CONFIRMED" | "HELD" | "WAITLISTED" | "CANCELLED";

export interface ReserveInput {
  userId: string;
  /** Used only for a member's first registration: the id then stays the same per (event, member). */
  registrationId?: string;
  /** The event charges this member: with amountCents > 0 the seat is HELD until payment. */
  paid: boolean;
  /** What this member pays (priceFor), kept for the registration and for a later promotion. */
  amountCents: number;
  /** How long a held seat waits for payment. */
  holdMs: number;
  /** The hold given if this member is later promoted from the waitlist (default: holdMs). */
  promotionHoldMs?: number;
  /** The PENDING payment made for this registration: linked to a held seat by the write-through. */
  paymentId?: string;
}

export interface Promotion {
  userId: string;
  registrationId: string;
  status: "CONFIRMED" | "HELD";
  holdExpiresAt: Date | null;
}

/**
 * What every mutating call reports besides its outcome. Promoted members are already
 * emailed (the object's write-through queues the email), so callers need not.
 */
export interface Effects {
  promoted: Promotion[];
  /** false: Postgres was unreachable; the change waits in the object's outbox and is retried. */
  synced: boolean;
}

export interface ReserveResult extends Effects, SeatPosition {
  outcome: "confirmed" | "held" | "waitlisted" | "already";
}
export interface ConfirmResult extends Effects {
  outcome: "confirmed" | "already" | "expired" | "not-held" | "confirmed-late" | "no-seat";
}
export interface ReleaseResult extends Effects {
  outcome: "released" | "left-waitlist" | "not-registered";
}
export type CapacityResult = Effects & ({ ok: true; capacity: number | null } | { ok: false; reason: string; message: string });
export interface Snapshot extends SeatCounts {
  eventId: string;
  seatsLeft: number | null;
  /** Changes decided but not yet in Postgres. */
  pendingWrites: number;
}
export interface SeatPosition {
  status: SeatStatus;
  registrationId: string;
  /** When the member last registered (ms): names the decision, so its follow-ups can be redone idempotently. */
  decidedAt: number;
  amountCents: number;
  paymentId: string | null;
  position?: number;
  holdExpiresAt?: Date;
}

type Bindings = Pick<Env, "EVENT_CAPACITY">;

export function capacityStub(env: Bindings, eventId: string) {
  return env.EVENT_CAPACITY.get(env.EVENT_CAPACITY.idFromName(eventId));
}

/**
 * Registers a member: confirmed at once (free), a seat held until holdMs for payment,
 * or a place on the waitlist when full. Asking again answers "already" with their status.
 */
export async function reserveSeat(env: Bindings, eventId: string, input: ReserveInput): Promise<ReserveResult> {
  return await capacityStub(env, eventId).reserve(eventId, input);
}

/** Payment recorded for a held seat; "expired" when the hold ran out first (the seat went back). */
export async function confirmSeat(env: Bindings, eventId: string, userId: string, paymentId?: string, opts: { takeFreeSeat?: boolean } = {}): Promise<ConfirmResult> {
  return await capacityStub(env, eventId).confirm(eventId, userId, { ...(paymentId ? { paymentId } : {}), ...opts });
}

/** Cancellation: frees the seat (or the waitlist place) and promotes the next waiter. */
export async function releaseSeat(env: Bindings, eventId: string, userId: string): Promise<ReleaseResult> {
  return await capacityStub(env, eventId).release(eventId, userId);
}

/** Releases a set of members in one call, in the order given (event cancellation). */
export async function releaseSeats(env: Bindings, eventId: string, userIds: string[]): Promise<Effects & { released: number }> {
  return await capacityStub(env, eventId).releaseMany(eventId, userIds);
}

/** null capacity = no limit. Refused (ok: false, with a message for the admin) below the seats taken. */
export async function setEventCapacity(env: Bindings, eventId: string, capacity: number | null): Promise<CapacityResult> {
  return await capacityStub(env, eventId).setCapacity(eventId, capacity);
}

/** Counts and seats left, for "N seats left" and admin fill rates. */
export async function seatSnapshot(env: Bindings, eventId: string): Promise<Snapshot> {
  return await capacityStub(env, eventId).snapshot(eventId);
}

/** This member's status, waitlist rank (1 = next) or hold expiry; null if never registered. */
export async function seatPosition(env: Bindings, eventId: string, userId: string): Promise<SeatPosition | null> {
  return await capacityStub(env, eventId).position(eventId, userId);
}

/** Hands the object a decided seat's follow-ups that Postgres could not take; it writes them once Postgres is back. */
export async function oweFollowUps(env: Bindings, eventId: string, followUps: FollowUps): Promise<void> {
  await capacityStub(env, eventId).oweFollowUps(eventId, followUps);
}

/** Pushes the object's pending changes to Postgres (a sweep, or before reading registrations in bulk). */
export async function flushSeats(env: Bindings, eventId: string): Promise<boolean> {
  return await capacityStub(env, eventId).flush(eventId);
}
