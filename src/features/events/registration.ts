// Registering and cancelling: the pure rules first, then the EventCapacity object (the only
// one that decides seats), with the Postgres writes ordered around it so that a failure at any
// point leaves nothing dangling. The object cannot join a Postgres transaction, so:
//   1. a paid registration writes its PENDING payment FIRST, under an id chosen here, and
//      records the registration id (also chosen here) as the payment's reference_id;
//   2. the object decides (reserve/release) and writes the registration row through itself;
//   3. one batch then settles the payment (cancelled unless a seat is held for it; the held
//      seat's link is written through by the object) and queues the member's email under an
//      id derived from the decision, so the follow-ups happen once however often they are
//      redone (follow-ups.ts). When Postgres cannot take them, the object keeps them and
//      writes them once it is back; a retry that finds the seat already taken redoes them too.
//      So the member is told what the object decided, never an error for a seat they hold.
//      If the object call throws, the payment is cancelled.
// Members promoted by a release are emailed by the object's own write-through (capacity.ts),
// so the route only asks the outbox to deliver soon.
import { and, eq } from "drizzle-orm";
import type { CurrentUser } from "../../auth/session.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import type { Event } from "../../db/schema/events.ts";
import { payments } from "../../db/schema/payments.ts";
import { isDatabaseUnavailable } from "../../http/errors.ts";
import { log } from "../../lib/log.ts";
import { formatUsd, fromCents } from "../../lib/money.ts";
import { oweFollowUps, releaseSeat, reserveSeat, seatPosition, type ReserveResult, type SeatPosition } from "./capacity.ts";
import { writeFollowUps, type FollowUps } from "./follow-ups.ts";
import { loadPricedMember } from "./queries.ts";
import { canCancel, canRegister, DEFAULT_PROMOTION_HOLD_MS, priceFor, type Refusal } from "./rules.ts";
import { placeOf, type NoticeCode } from "./view.ts";
import { formatDateTime, formatWhen } from "../../lib/time.ts";
import { sqlStateOf } from "../../db/sqlstate.ts";

/**
 * A held seat waits for the member's card payment (Checkout, whose session ends with the hold,
 * at least Stripe's 30 minutes): long enough to pay, short enough not to keep the seat from
 * others. Never past the start. Admins can still record an offline payment while it is held.
 */
export const CARD_PAYMENT_HOLD_MS = 45 * 60_000;
const MIN_HOLD_MS = 60_000;

export function holdFor(event: Pick<Event, "startDate">, now: Date): number {
  return Math.max(MIN_HOLD_MS, Math.min(CARD_PAYMENT_HOLD_MS, event.startDate.getTime() - now.getTime()));
}

export interface RegistrationDeps {
  env: Pick<Env, "EVENT_CAPACITY">;
  db: Db;
  publicUrl: string;
  now: Date;
  /** DUES_GRACE_DAYS: a member keeps member prices through it. */
  graceDays: number;
}

/** emailed: this call queued an email (its own, or a promoted member's through the object). */
export type RegistrationResult = { ok: true; notice: NoticeCode; emailed: boolean } | (Refusal & { status: 403 | 409 });

export const EMAIL_KINDS = {
  registered: "EVENT_REGISTERED",
  held: "EVENT_SEAT_HELD",
  waitlisted: "EVENT_WAITLISTED",
  cancelled: "EVENT_REGISTRATION_CANCELLED",
} as const;

export async function register(deps: RegistrationDeps, event: Event, user: CurrentUser): Promise<RegistrationResult> {
  const { env, db, now } = deps;
  if (!user.isVerified) {
    return { ok: false, status: 403, reason: "unverified", message: "Confirm your email address first: open the link we emailed you, then register." };
  }
  const allowed = canRegister(event, now);
  if (!allowed.ok) return { ...allowed, status: 409 };

  // Asking first spares a paid member a payment row when they are already in.
  const before = await seatPosition(env, event.id, user.id);
  if (before && before.status !== "CANCELLED") {
    // A retry, or a second click: finish what the first attempt may not have (nothing twice).
    await writeFollowUps(db, await registrationFollowUps(deps, event, user, { outcome: "already", ...before }));
    return { ok: true, notice: "already", emailed: false };
  }

  const price = priceFor(event, await loadPricedMember(db, user.id), now, deps.graceDays);
  const paid = price.cents > 0;
  // The object keeps a member's first registration id for good, so a re-registration reuses it.
  const registrationId = before?.registrationId ?? newId();
  const paymentId = paid ? newId() : null;
  if (paymentId) {
    await db.insert(payments).values({
      id: paymentId,
      userId: user.id,
      type: "EVENT_REGISTRATION",
      status: "PENDING",
      amount: fromCents(price.cents),
      description: `Event registration: ${event.title}`.slice(0, 300),
      referenceId: registrationId,
      details: { eventId: event.id, registrationId },
    });
  }

  let result: ReserveResult;
  try {
    result = await reserveSeat(env, event.id, {
      userId: user.id,
      registrationId,
      paid,
      amountCents: price.cents,
      holdMs: holdFor(event, now),
      promotionHoldMs: DEFAULT_PROMOTION_HOLD_MS,
      ...(paymentId ? { paymentId } : {}),
    });
  } catch (err) {
    if (paymentId) await cancelPayment(db, paymentId).catch((e) => log("error", "payment left pending", { paymentId, error: String(e) }));
    throw err;
  }

  // The seat is decided: from here on the answer is what the object decided.
  await settleOrOwe(deps, event.id, { ...(await registrationFollowUps(deps, event, user, result)), ownPaymentId: paymentId });
  const notice: NoticeCode = result.outcome === "confirmed" ? "registered" : result.outcome;
  return { ok: true, notice, emailed: result.outcome !== "already" || result.promoted.length > 0 };
}

async function registrationFollowUps(
  deps: RegistrationDeps,
  event: Event,
  user: CurrentUser,
  seat: ReserveResult | (SeatPosition & { outcome: "already" }),
): Promise<FollowUps> {
  const held = seat.status === "HELD";
  return {
    label: "registration",
    registrationId: seat.registrationId,
    cancelPaymentsExcept: held ? (seat.paymentId ?? "none") : null,
    email: {
      id: await decisionId(seat.registrationId, seat.decidedAt, "registered"),
      ...registrationEmail(deps, event, user, seat, seat.amountCents),
      userId: user.id,
    },
  };
}

/**
 * Writes the follow-ups now; when Postgres cannot take them, the event's capacity object
 * keeps them in its storage and writes them once Postgres is back (its alarm retries), so
 * the member's answer stands and nothing is lost however long Postgres stays away.
 */
async function settleOrOwe(deps: RegistrationDeps, eventId: string, f: FollowUps): Promise<void> {
  try {
    await writeFollowUps(deps.db, f);
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    log("warn", "follow-ups of a decided seat handed to the capacity object", { what: f.label, registrationId: f.registrationId, code: sqlStateOf(err) });
    await oweFollowUps(deps.env, eventId, f);
  }
}

/**
 * The id of the email a decision owes: derived from the registration and the moment it was
 * decided, so every attempt at the follow-ups names the same email and it is queued once.
 */
async function decisionId(registrationId: string, decidedAt: number, what: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${registrationId}:${decidedAt}:${what}`)));
  // Shaped like newId(): "c" + 24 base32 characters (120 bits of the digest).
  const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  let id = "c";
  for (let bit = 0; id.length < 25; bit += 5) {
    const byte = bit >> 3;
    const word = (digest[byte]! << 8) | digest[byte + 1]!;
    id += ALPHABET[(word >> (11 - (bit & 7))) & 31];
  }
  return id;
}

export async function cancel(deps: RegistrationDeps, event: Event, user: CurrentUser): Promise<RegistrationResult> {
  const { env, now } = deps;
  const allowed = canCancel(event, now);
  if (!allowed.ok) return { ...allowed, status: 409 };
  const before = await seatPosition(env, event.id, user.id);
  const released = await releaseSeat(env, event.id, user.id);
  if (released.outcome === "not-registered" || !before) return { ok: true, notice: "not-registered", emailed: released.promoted.length > 0 };
  await settleOrOwe(deps, event.id, {
    label: "cancellation",
    registrationId: before.registrationId,
    cancelPaymentsExcept: null,
    email: {
      id: await decisionId(before.registrationId, before.decidedAt, "cancelled"),
      to: user.email,
      userId: user.id,
      kind: EMAIL_KINDS.cancelled,
      subject: `Cancelled: ${event.title}`,
      text:
        `Hello ${user.firstName},\n\n` +
        (released.outcome === "left-waitlist"
          ? `You left the waitlist for "${event.title}".`
          : `Your registration for "${event.title}" (${formatWhen(event.startDate, event.endDate)}) is cancelled. Your seat went to the next person waiting.`) +
        `\n\nChanged your mind? Register again while registration is open: ${eventUrl(deps, event)}\n`,
    },
  });
  return { ok: true, notice: released.outcome === "left-waitlist" ? "left-waitlist" : "cancelled", emailed: true };
}

async function cancelPayment(db: DbOrTx, paymentId: string): Promise<void> {
  await db.update(payments).set({ status: "CANCELLED" }).where(and(eq(payments.id, paymentId), eq(payments.status, "PENDING")));
}

function eventUrl(deps: Pick<RegistrationDeps, "publicUrl">, event: Pick<Event, "id">): string {
  return new URL(`/events/${event.id}`, deps.publicUrl).href;
}

function registrationEmail(deps: RegistrationDeps, event: Event, user: CurrentUser, result: SeatPosition, cents: number) {
  const url = eventUrl(deps, event);
  const when = formatWhen(event.startDate, event.endDate);
  const where = placeOf(event);
  const hello = `Hello ${user.firstName},\n\n`;
  if (result.status === "WAITLISTED") {
    return {
      to: user.email,
      kind: EMAIL_KINDS.waitlisted,
      subject: `You're on the waitlist: ${event.title}`,
      text:
        `${hello}"${event.title}" is full, so you are on the waitlist` +
        (result.position ? ` (number ${result.position} in line)` : "") +
        `. If a seat opens we give it to the next person in line and email you.\n\n${when}\n${where}\n\nYour place, or to leave the waitlist: ${url}\n`,
    };
  }
  if (result.status === "HELD") {
    const until = result.holdExpiresAt ? ` until ${formatDateTime(result.holdExpiresAt)}` : "";
    return {
      to: user.email,
      kind: EMAIL_KINDS.held,
      subject: `Your seat is held: ${event.title}`,
      text:
        `${hello}We are holding a seat for you at "${event.title}"${until}.\n\n` +
        `To keep it, pay ${formatUsd(cents)} by card on the event page ("Pay by card") before the hold ends. ` +
        `An unpaid hold goes back to the next person waiting.\n\n${when}\n${where}\n\nPay, see details, or cancel: ${url}\n`,
    };
  }
  return {
    to: user.email,
    kind: EMAIL_KINDS.registered,
    subject: `You're registered: ${event.title}`,
    text:
      `${hello}You are registered for "${event.title}".\n\n${when}\n${where}\n\n` +
      (event.isVirtual ? "The link to join is on the event page once you are signed in.\n\n" : "") +
      `Details, or to cancel if you can no longer come: ${url}\n`,
  };
}
