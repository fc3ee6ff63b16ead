// Moving a registration between the waitlist and a seat, through the EventCapacity object
// (the one authority on seats) and within its capacity.
//
// The object seats the waitlist first come, first served and does so at every decision, so
// a free seat with people waiting lasts only until its next decision. "Seat from the
// waitlist" therefore asks the object to decide now (a same-capacity setCapacity: it fills
// free seats from the waitlist, in order) and succeeds if this member got one; a full event
// is refused. "Move to the waitlist" frees the seat (the first waiter takes it) and queues
// the member again at the back. The object has no call to pick one waiter out of order.
import type { Event } from "../../db/schema/events.ts";
import { toCents } from "../../lib/money.ts";
import type { AttendeeRow } from "./queries.ts";
import { releaseSeat, reserveSeat, seatPosition, seatSnapshot, setEventCapacity } from "../events/capacity.ts";
import { DEFAULT_HOLD_MS, DEFAULT_PROMOTION_HOLD_MS } from "../events/rules.ts";
import type { AdminContext } from "../../http/admin.ts";

export type MoveResult =
  | { ok: true; before: Record<string, unknown>; after: Record<string, unknown>; extra: Record<string, unknown> }
  | { ok: false; message: string };

const nameOf = (r: AttendeeRow) => `${r.firstName} ${r.lastName}`;

export async function moveRegistration(c: AdminContext, event: Event, reg: AttendeeRow, to: "confirmed" | "waitlist"): Promise<MoveResult> {
  return to === "confirmed" ? seatFromWaitlist(c, event, reg) : moveToWaitlist(c, event, reg);
}

async function seatFromWaitlist(c: AdminContext, event: Event, reg: AttendeeRow): Promise<MoveResult> {
  if (reg.status !== "WAITLISTED") return { ok: false, message: `${nameOf(reg)} is not on the waitlist.` };
  const snap = await seatSnapshot(c.env, event.id);
  if (snap.seatsLeft !== null && snap.seatsLeft <= 0) {
    return {
      ok: false,
      message:
        `The event is full: ${snap.confirmed + snap.held} of ${snap.capacity} seats are taken (${snap.held} held for payment). ` +
        "Raise the capacity on the event page (that seats the waitlist in order), or free a seat first.",
    };
  }
  const decided = await setEventCapacity(c.env, event.id, snap.capacity);
  const now = await seatPosition(c.env, event.id, reg.userId);
  const promoted = decided.promoted.map((p) => p.userId);
  if (now?.status !== "CONFIRMED" && now?.status !== "HELD") {
    return {
      ok: false,
      message:
        `The free seats went to the people ahead of ${nameOf(reg)} on the waitlist (first come, first served)` +
        (now?.position ? `; ${nameOf(reg)} is now number ${now.position}.` : "."),
    };
  }
  return {
    ok: true,
    before: { status: "WAITLISTED", waitlistPosition: reg.waitlistRank },
    after: { status: "REGISTERED", seat: now.status, holdExpiresAt: now.holdExpiresAt ?? null },
    extra: { promotedWithThem: promoted.filter((id) => id !== reg.userId) },
  };
}

async function moveToWaitlist(c: AdminContext, event: Event, reg: AttendeeRow): Promise<MoveResult> {
  if (reg.status !== "REGISTERED") return { ok: false, message: `${nameOf(reg)} has no seat to give up.` };
  if (reg.paid || reg.payment?.status === "COMPLETED") {
    return { ok: false, message: `${nameOf(reg)} has paid for the seat. Cancel the registration and refund it instead.` };
  }
  const snap = await seatSnapshot(c.env, event.id);
  if (snap.waitlisted === 0) {
    return {
      ok: false,
      message: `Nobody is waiting, so the seat would go straight back to ${nameOf(reg)}. The waitlist is for when the event is full.`,
    };
  }
  const amountCents = reg.amount ? toCents(reg.amount) : 0;
  const released = await releaseSeat(c.env, event.id, reg.userId);
  const again = await reserveSeat(c.env, event.id, {
    userId: reg.userId,
    registrationId: reg.id,
    paid: amountCents > 0,
    amountCents,
    holdMs: DEFAULT_HOLD_MS,
    promotionHoldMs: DEFAULT_PROMOTION_HOLD_MS,
  });
  return {
    ok: true,
    before: { status: "REGISTERED", seat: reg.holdExpiresAt ? "HELD" : "CONFIRMED" },
    after: { status: again.status === "WAITLISTED" ? "WAITLISTED" : "REGISTERED", waitlistPosition: again.position ?? null },
    extra: { seatWentTo: released.promoted.map((p) => p.userId) },
  };
}
