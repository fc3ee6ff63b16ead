// Registering and cancelling: the pure rules first, then the EventCapacity object (the only
// one that decides seats), with the Postgres writes ordered around it so that a failure at any
// point leaves nothing dangling. The object cannot join a Postgres transaction, so:
//   1. a paid registration writes its PENDING payment FIRST, under an id chosen here, and
//      records the registration id (also chosen here) as the payment's reference_id;
//   2. the object decides (reserve/release) and writes the registration row through itself;
//   3. one transaction then settles the payment (cancelled unless a seat is held for it) and
//      queues the member's email. If the object call throws, the payment is cancelled.
// Members promoted by a release are emailed by the object's own write-through (capacity.ts),
// so the route only asks the outbox to deliver soon.
import { and, eq } from "drizzle-orm";
import type { CurrentUser } from "../../auth/session.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import { eventRegistrations, type Event } from "../../db/schema/events.ts";
import { payments } from "../../db/schema/payments.ts";
import { log } from "../../lib/log.ts";
import { formatUsd, fromCents } from "../../lib/money.ts";
import { enqueueEmail } from "../outbox/outbox.ts";
import { releaseSeat, reserveSeat, seatPosition, type ReserveResult } from "./capacity.ts";
import { loadPricedMember } from "./queries.ts";
import { canCancel, canRegister, DEFAULT_PROMOTION_HOLD_MS, priceFor, type Refusal } from "./rules.ts";
import { placeOf, type NoticeCode } from "./view.ts";
import { formatDateTime, formatWhen } from "../../lib/time.ts";

/** Until card payments exist a held seat waits for an offline payment: days, not minutes, but never past the start. */
export const OFFLINE_PAYMENT_HOLD_MS = 72 * 3_600_000;
const MIN_HOLD_MS = 60_000;

export function holdFor(event: Pick<Event, "startDate">, now: Date): number {
  return Math.max(MIN_HOLD_MS, Math.min(OFFLINE_PAYMENT_HOLD_MS, event.startDate.getTime() - now.getTime()));
}

export interface RegistrationDeps {
  env: Pick<Env, "EVENT_CAPACITY">;
  db: Db;
  publicUrl: string;
  now: Date;
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
  if (before && before.status !== "CANCELLED") return { ok: true, notice: "already", emailed: false };

  const price = priceFor(event, await loadPricedMember(db, user.id), now);
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
    });
  } catch (err) {
    if (paymentId) await cancelPayment(db, paymentId).catch((e) => log("error", "payment left pending", { paymentId, error: String(e) }));
    throw err;
  }

  const notice: NoticeCode = result.outcome === "confirmed" ? "registered" : result.outcome;
  await db.transaction(async (tx) => {
    if (paymentId && result.outcome !== "held") await cancelPayment(tx, paymentId);
    if (paymentId && result.outcome === "held" && result.synced) {
      // The link for the admin screens; payments.reference_id keeps it even when the object rewrites the row.
      await tx.update(eventRegistrations).set({ paymentId }).where(eq(eventRegistrations.id, result.registrationId));
    }
    if (result.outcome !== "already") {
      await enqueueEmail(tx, { ...registrationEmail(deps, event, user, result, price.cents), userId: user.id });
    }
  });
  return { ok: true, notice, emailed: result.outcome !== "already" || result.promoted.length > 0 };
}

export async function cancel(deps: RegistrationDeps, event: Event, user: CurrentUser): Promise<RegistrationResult> {
  const { env, db, now } = deps;
  const allowed = canCancel(event, now);
  if (!allowed.ok) return { ...allowed, status: 409 };
  const before = await seatPosition(env, event.id, user.id);
  const released = await releaseSeat(env, event.id, user.id);
  if (released.outcome === "not-registered" || !before) return { ok: true, notice: "not-registered", emailed: released.promoted.length > 0 };
  await db.transaction(async (tx) => {
    await tx
      .update(payments)
      .set({ status: "CANCELLED" })
      .where(
        and(
          eq(payments.userId, user.id),
          eq(payments.type, "EVENT_REGISTRATION"),
          eq(payments.status, "PENDING"),
          eq(payments.referenceId, before.registrationId),
        ),
      );
    await enqueueEmail(tx, {
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
    });
  });
  return { ok: true, notice: released.outcome === "left-waitlist" ? "left-waitlist" : "cancelled", emailed: true };
}

async function cancelPayment(db: DbOrTx, paymentId: string): Promise<void> {
  await db.update(payments).set({ status: "CANCELLED" }).where(and(eq(payments.id, paymentId), eq(payments.status, "PENDING")));
}

function eventUrl(deps: Pick<RegistrationDeps, "publicUrl">, event: Pick<Event, "id">): string {
  return new URL(`/events/${event.id}`, deps.publicUrl).href;
}

function registrationEmail(deps: RegistrationDeps, event: Event, user: CurrentUser, result: ReserveResult, cents: number) {
  const url = eventUrl(deps, event);
  const when = formatWhen(event.startDate, event.endDate);
  const where = placeOf(event);
  const hello = `Hello ${user.firstName},\n\n`;
  if (result.outcome === "waitlisted") {
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
  if (result.outcome === "held") {
    const until = result.holdExpiresAt ? ` until ${formatDateTime(result.holdExpiresAt)}` : "";
    return {
      to: user.email,
      kind: EMAIL_KINDS.held,
      subject: `Your seat is held: ${event.title}`,
      text:
        `${hello}We are holding a seat for you at "${event.title}"${until}.\n\n` +
        `To keep it, pay ${formatUsd(cents)}: pay at the door or ask the chapter office to record your payment. ` +
        `Card payment on the portal is coming soon.\n\n${when}\n${where}\n\nDetails, or to cancel: ${url}\n`,
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
