// The EventCapacity Durable Object against real Postgres: each decision, the alarm,
// write-through (and its retry), and rebuilding from Postgres when storage is empty.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { emailOutbox, eventRegistrations, events, payments, type User } from "../../src/db/schema/index.ts";
import {
  capacityStub,
  confirmSeat,
  flushSeats,
  releaseSeat,
  reserveSeat,
  seatPosition,
  seatSnapshot,
  setEventCapacity,
} from "../../src/features/events/capacity.ts";
import type { EventCapacity } from "../../src/objects/EventCapacity.ts";
import { makeEvent, makeUser, useTestDb } from "../helpers/db.ts";

const db = useTestDb();
let owner: User;
beforeAll(async () => {
  owner = await makeUser(db, { firstName: "Event", lastName: "Owner" });
});

const FREE = { paid: false, amountCents: 0, holdMs: 60_000 };
const PAID = { paid: true, amountCents: 4500, holdMs: 60_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openEvent(maxCapacity: number | null) {
  return makeEvent(db, owner.id, { maxCapacity, status: "REGISTRATION_OPEN" });
}
async function people(n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await makeUser(db, { firstName: `M${i}` })).id);
  return out;
}
async function pgRows(eventId: string) {
  return db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, eventId));
}
async function pgEvent(eventId: string) {
  const [row] = await db.select().from(events).where(eq(events.id, eventId));
  return row!;
}
const rowOf = (rows: Awaited<ReturnType<typeof pgRows>>, userId: string) => rows.find((r) => r.userId === userId);
/** Storage must be touched inside the object's own context. */
const inObject = <R>(eventId: string, fn: (storage: DurableObjectStorage) => R | Promise<R>) =>
  runInDurableObject(capacityStub(env, eventId), (_: EventCapacity, state) => fn(state.storage));
const alarmOf = (eventId: string) => inObject(eventId, (storage) => storage.getAlarm());

describe("reserve", () => {
  it("confirms a free event at once, waitlists in order when full, and answers 'already' to a repeat", async () => {
    const e = await openEvent(2);
    const [a, b, c, d] = await people(4);
    const ra = await reserveSeat(env, e.id, { userId: a!, ...FREE });
    expect(ra).toMatchObject({ outcome: "confirmed", status: "CONFIRMED", synced: true });
    expect(await reserveSeat(env, e.id, { userId: b!, ...FREE })).toMatchObject({ outcome: "confirmed" });
    expect(await reserveSeat(env, e.id, { userId: c!, ...FREE })).toMatchObject({ outcome: "waitlisted", position: 1 });
    expect(await reserveSeat(env, e.id, { userId: d!, ...FREE })).toMatchObject({ outcome: "waitlisted", position: 2 });
    const again = await reserveSeat(env, e.id, { userId: a!, ...FREE });
    expect(again).toMatchObject({ outcome: "already", status: "CONFIRMED", registrationId: ra.registrationId });

    expect(await seatSnapshot(env, e.id)).toMatchObject({ capacity: 2, confirmed: 2, held: 0, waitlisted: 2, seatsLeft: 0, pendingWrites: 0 });
    const rows = await pgRows(e.id);
    expect(rows).toHaveLength(4);
    expect(rowOf(rows, a!)).toMatchObject({ id: ra.registrationId, status: "REGISTERED", paid: false, amount: "0.00", holdExpiresAt: null });
    expect(rowOf(rows, c!)).toMatchObject({ status: "WAITLISTED" });
    expect(rowOf(rows, c!)!.waitlistPosition!).toBeLessThan(rowOf(rows, d!)!.waitlistPosition!);
    expect((await pgEvent(e.id)).currentCapacity).toBe(2);
  });

  it("uses the caller's registration id for a first registration", async () => {
    const e = await openEvent(5);
    const [a] = await people(1);
    const registrationId = newId();
    expect(await reserveSeat(env, e.id, { userId: a!, registrationId, ...FREE })).toMatchObject({ registrationId });
    expect((await pgRows(e.id))[0]!.id).toBe(registrationId);
  });

  it("holds a paid seat until payment, then confirms it and records the payment", async () => {
    const e = await openEvent(1);
    const [a, b] = await people(2);
    const held = await reserveSeat(env, e.id, { userId: a!, ...PAID });
    expect(held).toMatchObject({ outcome: "held", status: "HELD" });
    expect(held.holdExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 50_000);
    let row = rowOf(await pgRows(e.id), a!)!;
    expect(row).toMatchObject({ status: "REGISTERED", paid: false, amount: "45.00" });
    expect(row.holdExpiresAt?.getTime()).toBe(held.holdExpiresAt!.getTime());
    expect(await reserveSeat(env, e.id, { userId: b!, ...PAID })).toMatchObject({ outcome: "waitlisted", position: 1 });
    expect(await confirmSeat(env, e.id, b!)).toMatchObject({ outcome: "not-held" });

    const [payment] = await db.insert(payments).values({ userId: a!, type: "EVENT_REGISTRATION", status: "COMPLETED", amount: "45.00" }).returning();
    expect(await confirmSeat(env, e.id, a!, payment!.id)).toMatchObject({ outcome: "confirmed", synced: true });
    expect(await confirmSeat(env, e.id, a!)).toMatchObject({ outcome: "already" });
    row = rowOf(await pgRows(e.id), a!)!;
    expect(row).toMatchObject({ status: "REGISTERED", paid: true, holdExpiresAt: null, paymentId: payment!.id });
    expect(row.paidAt).toBeInstanceOf(Date);
    expect(await seatSnapshot(env, e.id)).toMatchObject({ confirmed: 1, held: 0, waitlisted: 1 });
  });

  it("rejects malformed input", async () => {
    const e = await openEvent(1);
    await expect(reserveSeat(env, e.id, { userId: "x", paid: false, amountCents: -1, holdMs: 1 })).rejects.toThrow();
    await expect(reserveSeat(env, e.id, { userId: "", ...FREE })).rejects.toThrow();
  });
});

describe("release and promotion", () => {
  it("gives a freed seat to the first waiter, emails them, and moves the rest up", async () => {
    const e = await openEvent(1);
    const [a, b, c] = await people(3);
    const ra = await reserveSeat(env, e.id, { userId: a!, ...FREE });
    await reserveSeat(env, e.id, { userId: b!, ...FREE });
    await reserveSeat(env, e.id, { userId: c!, ...FREE });

    const released = await releaseSeat(env, e.id, a!);
    expect(released).toMatchObject({ outcome: "released", synced: true });
    expect(released.promoted).toEqual([expect.objectContaining({ userId: b, status: "CONFIRMED", holdExpiresAt: null })]);
    expect(await seatPosition(env, e.id, c!)).toMatchObject({ status: "WAITLISTED", position: 1 });
    const rows = await pgRows(e.id);
    expect(rowOf(rows, a!)).toMatchObject({ status: "CANCELLED" });
    expect(rowOf(rows, b!)).toMatchObject({ status: "REGISTERED", waitlistPosition: null });
    expect((await pgEvent(e.id)).currentCapacity).toBe(1);
    const mail = await db.select().from(emailOutbox).where(eq(emailOutbox.userId, b!));
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ kind: "EVENT_SEAT_PROMOTED", subject: "You're in: Test event" });

    // Coming back after cancelling re-uses the registration: one row per (event, member).
    const back = await reserveSeat(env, e.id, { userId: a!, ...FREE });
    expect(back).toMatchObject({ outcome: "waitlisted", position: 2, registrationId: ra.registrationId });
    expect(await seatSnapshot(env, e.id)).toMatchObject({ confirmed: 1, waitlisted: 2 });
    expect((await pgRows(e.id)).filter((r) => r.userId === a)).toHaveLength(1);
  });

  it("lets a waiter leave the waitlist, and answers not-registered to a stranger", async () => {
    const e = await openEvent(1);
    const [a, b, stranger] = await people(3);
    await reserveSeat(env, e.id, { userId: a!, ...FREE });
    await reserveSeat(env, e.id, { userId: b!, ...FREE });
    expect(await releaseSeat(env, e.id, b!)).toMatchObject({ outcome: "left-waitlist", promoted: [] });
    expect(await releaseSeat(env, e.id, b!)).toMatchObject({ outcome: "not-registered" });
    expect(await releaseSeat(env, e.id, stranger!)).toMatchObject({ outcome: "not-registered" });
    expect(await seatSnapshot(env, e.id)).toMatchObject({ confirmed: 1, waitlisted: 0 });
    expect(rowOf(await pgRows(e.id), b!)).toMatchObject({ status: "CANCELLED", waitlistPosition: null });
  });
});

describe("hold expiry", () => {
  it("returns an unpaid seat when its hold expires and holds it for the next waiter", async () => {
    const e = await openEvent(1);
    const [a, b] = await people(2);
    await reserveSeat(env, e.id, { userId: a!, ...PAID });
    await reserveSeat(env, e.id, { userId: b!, ...PAID, promotionHoldMs: 120_000 });
    const future = Date.now() + 61_000;
    const result = await capacityStub(env, e.id).expireHolds(e.id, future);
    expect(result.expired).toEqual([a]);
    expect(result.promoted).toEqual([expect.objectContaining({ userId: b, status: "HELD" })]);
    expect(result.promoted[0]!.holdExpiresAt!.getTime()).toBe(future + 120_000);
    const rows = await pgRows(e.id);
    expect(rowOf(rows, a!)).toMatchObject({ status: "CANCELLED", holdExpiresAt: null });
    expect(rowOf(rows, b!)).toMatchObject({ status: "REGISTERED", paid: false });
    expect((await db.select().from(emailOutbox).where(eq(emailOutbox.userId, b!)))[0]?.subject).toMatch(/A seat is waiting/);
  });

  it("refuses to confirm a hold that has expired", async () => {
    const e = await openEvent(1);
    const [a, b] = await people(2);
    await reserveSeat(env, e.id, { userId: a!, ...PAID, holdMs: 30 });
    await reserveSeat(env, e.id, { userId: b!, ...FREE });
    await sleep(60);
    // Whether the alarm or this call expired the hold first, a late payment reads as "expired".
    expect(await confirmSeat(env, e.id, a!)).toMatchObject({ outcome: "expired" });
    expect(await seatPosition(env, e.id, a!)).toMatchObject({ status: "CANCELLED" });
    expect(await seatPosition(env, e.id, b!)).toMatchObject({ status: "CONFIRMED" });
  });

  it("does not renew an unpaid hold by cancel + register: the first deadline stays until it has passed", async () => {
    const e = await openEvent(5);
    const [a] = await people(1);
    const first = await reserveSeat(env, e.id, { userId: a!, ...PAID, holdMs: 60_000 });
    const deadline = first.holdExpiresAt!.getTime();
    for (let i = 0; i < 3; i++) {
      await sleep(5);
      expect(await releaseSeat(env, e.id, a!)).toMatchObject({ outcome: "released" });
      // Paying for a seat just given up is not a payment for a hold.
      expect(await confirmSeat(env, e.id, a!)).toMatchObject({ outcome: "not-held" });
      const again = await reserveSeat(env, e.id, { userId: a!, ...PAID, holdMs: 60_000 });
      expect(again).toMatchObject({ outcome: "held" });
      expect(again.holdExpiresAt!.getTime()).toBe(deadline);
    }
    expect(rowOf(await pgRows(e.id), a!)!.holdExpiresAt?.getTime()).toBe(deadline);
  });

  it("gives a fresh hold to a member registering again after their first deadline passed", async () => {
    const e = await openEvent(5);
    const [a] = await people(1);
    await reserveSeat(env, e.id, { userId: a!, ...PAID, holdMs: 200 });
    await releaseSeat(env, e.id, a!);
    await sleep(250);
    // The seat was free for anyone meanwhile; now it is a new registration like anyone's.
    const later = await reserveSeat(env, e.id, { userId: a!, ...PAID, holdMs: 60_000 });
    expect(later.holdExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 50_000);
  });

  it("expires holds through the alarm, armed at the earliest expiry", async () => {
    const e = await openEvent(1);
    const [a, b] = await people(2);
    const held = await reserveSeat(env, e.id, { userId: a!, ...PAID, holdMs: 400 });
    expect(await alarmOf(e.id)).toBe(held.holdExpiresAt!.getTime());
    await reserveSeat(env, e.id, { userId: b!, ...PAID });
    await sleep(Math.max(0, held.holdExpiresAt!.getTime() - Date.now()) + 50);
    await runDurableObjectAlarm(capacityStub(env, e.id)); // it may already have fired on its own
    // snapshot() decides nothing: only the alarm can have moved these seats.
    expect(await seatSnapshot(env, e.id)).toMatchObject({ confirmed: 0, held: 1, waitlisted: 0, pendingWrites: 0 });
    const b2 = await seatPosition(env, e.id, b!);
    expect(b2).toMatchObject({ status: "HELD" });
    expect(await alarmOf(e.id)).toBe(b2!.holdExpiresAt!.getTime());
    expect(rowOf(await pgRows(e.id), a!)).toMatchObject({ status: "CANCELLED" });
  });
});

describe("capacity changes", () => {
  it("promotes from the waitlist when raised, and refuses to drop below the seats taken", async () => {
    const e = await openEvent(1);
    const [a, b, c] = await people(3);
    for (const u of [a, b, c]) await reserveSeat(env, e.id, { userId: u!, ...FREE });
    const raised = await setEventCapacity(env, e.id, 3);
    expect(raised).toMatchObject({ ok: true, capacity: 3, synced: true });
    expect(raised.promoted.map((p) => p.userId)).toEqual([b, c]);
    expect(await pgEvent(e.id)).toMatchObject({ maxCapacity: 3, currentCapacity: 3 });

    const lowered = await setEventCapacity(env, e.id, 2);
    expect(lowered).toMatchObject({ ok: false, reason: "below-taken" });
    expect(!lowered.ok && lowered.message).toMatch(/Cannot lower capacity to 2: 3 seats are already taken/);
    expect(await seatSnapshot(env, e.id)).toMatchObject({ capacity: 3, confirmed: 3 });
    expect((await pgEvent(e.id)).maxCapacity).toBe(3);

    await releaseSeat(env, e.id, c!);
    expect(await setEventCapacity(env, e.id, 2)).toMatchObject({ ok: true });
    expect(await pgEvent(e.id)).toMatchObject({ maxCapacity: 2, currentCapacity: 2 });
  });
});

describe("rebuild from Postgres", () => {
  it("loads seats, holds and the waitlist order into a fresh object", async () => {
    const e = await openEvent(3);
    const [confirmed, heldLive, heldPast, w1, w2, gone] = await people(6);
    const t = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    const ids = { w1: newId(), gone: newId() };
    await db.insert(eventRegistrations).values([
      { eventId: e.id, userId: confirmed!, status: "ATTENDED" },
      { eventId: e.id, userId: heldLive!, status: "REGISTERED", amount: "20.00", holdExpiresAt: t(10) },
      { eventId: e.id, userId: heldPast!, status: "REGISTERED", amount: "20.00", holdExpiresAt: t(-1) },
      { id: ids.w1, eventId: e.id, userId: w1!, status: "WAITLISTED", waitlistPosition: 4, registeredAt: t(-5) },
      { eventId: e.id, userId: w2!, status: "WAITLISTED", waitlistPosition: null, registeredAt: t(-50) },
      { id: ids.gone, eventId: e.id, userId: gone!, status: "CANCELLED" },
    ]);
    expect(await seatSnapshot(env, e.id)).toMatchObject({ capacity: 3, confirmed: 1, held: 2, waitlisted: 2 });
    expect(await seatPosition(env, e.id, w1!)).toMatchObject({ position: 1, registrationId: ids.w1 });
    expect(await seatPosition(env, e.id, w2!)).toMatchObject({ position: 2 });

    // The past hold expires at the next decision and its seat goes to the first waiter.
    const back = await reserveSeat(env, e.id, { userId: gone!, ...FREE });
    expect(back).toMatchObject({ outcome: "waitlisted", position: 2, registrationId: ids.gone });
    expect(back.promoted.map((p) => p.userId)).toEqual([w1]);
    const rows = await pgRows(e.id);
    expect(rows).toHaveLength(6);
    expect(rowOf(rows, confirmed!)).toMatchObject({ status: "ATTENDED" });
    expect(rowOf(rows, heldPast!)).toMatchObject({ status: "CANCELLED" });
    expect(rowOf(rows, w1!)).toMatchObject({ status: "REGISTERED", id: ids.w1 });
    expect(rowOf(rows, gone!)!.waitlistPosition!).toBeGreaterThan(4);
    expect((await pgEvent(e.id)).currentCapacity).toBe(3);
  });

  it("rebuilds the same state after the object's storage is lost", async () => {
    const e = await openEvent(2);
    const users = await people(4);
    for (const u of users) await reserveSeat(env, e.id, { userId: u, ...PAID });
    await releaseSeat(env, e.id, users[0]!);
    const before = await seatSnapshot(env, e.id);
    const positions = await Promise.all(users.map((u) => seatPosition(env, e.id, u)));

    await inObject(e.id, (storage) => storage.deleteAll());
    const tablesLeft = await inObject(e.id, (storage) => storage.sql.exec("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").one().n);
    expect(tablesLeft).toBe(0); // really gone: what follows can only come from Postgres
    await evictDurableObject(capacityStub(env, e.id));
    expect(await seatSnapshot(env, e.id)).toEqual(before);
    expect(await Promise.all(users.map((u) => seatPosition(env, e.id, u)))).toEqual(positions);
  });

  it("refuses an event that does not exist, and a call addressed to another event's object", async () => {
    await expect(seatSnapshot(env, newId())).rejects.toThrow(/does not exist/);
    const e = await openEvent(1);
    await seatSnapshot(env, e.id);
    const other = newId();
    await expect((async () => await capacityStub(env, e.id).snapshot(other))()).rejects.toThrow(/belongs to event/);
  });
});

describe("write-through", () => {
  it("is idempotent: replaying every change writes the same rows and no second email", async () => {
    const e = await openEvent(1);
    const [a, b] = await people(2);
    await reserveSeat(env, e.id, { userId: a!, ...FREE });
    await reserveSeat(env, e.id, { userId: b!, ...FREE });
    await releaseSeat(env, e.id, a!);
    const rowsBefore = await pgRows(e.id);
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.userId, b!));

    // As if a flush reached Postgres but the object died before clearing its outbox.
    await inObject(e.id, (storage) => {
      storage.sql.exec("INSERT INTO outbox (key, version, email_id) SELECT registration_id, 1, ? FROM seats", mail!.id);
    });
    expect((await seatSnapshot(env, e.id)).pendingWrites).toBe(2);
    expect(await flushSeats(env, e.id)).toBe(true);
    expect(await flushSeats(env, e.id)).toBe(true);
    expect((await seatSnapshot(env, e.id)).pendingWrites).toBe(0);
    expect(await pgRows(e.id)).toEqual(expect.arrayContaining(rowsBefore));
    expect(await pgRows(e.id)).toHaveLength(2);
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.userId, b!))).toHaveLength(1);
  });

  it("keeps a decision in the outbox when Postgres refuses it, and completes it on a later flush", async () => {
    const e = await openEvent(5);
    const [a, b] = await people(2);
    await reserveSeat(env, e.id, { userId: a!, ...FREE }); // loads the object before the conflict exists
    const conflict = newId();
    await db.insert(eventRegistrations).values({ id: conflict, eventId: e.id, userId: b!, status: "CANCELLED" });

    const decided = await reserveSeat(env, e.id, { userId: b!, ...FREE });
    expect(decided).toMatchObject({ outcome: "confirmed", synced: false });
    expect(await seatSnapshot(env, e.id)).toMatchObject({ confirmed: 2, pendingWrites: 1 });
    expect((await pgEvent(e.id)).currentCapacity).toBe(1); // the whole write failed, not half of it
    const alarm = await alarmOf(e.id);
    expect(alarm).not.toBeNull(); // a retry is scheduled
    expect(alarm!).toBeLessThanOrEqual(Date.now() + 60_000);

    await db.delete(eventRegistrations).where(eq(eventRegistrations.id, conflict));
    await runDurableObjectAlarm(capacityStub(env, e.id));
    expect((await seatSnapshot(env, e.id)).pendingWrites).toBe(0);
    expect(rowOf(await pgRows(e.id), b!)).toMatchObject({ id: decided.registrationId, status: "REGISTERED" });
    expect((await pgEvent(e.id)).currentCapacity).toBe(2);
  });

  it("keeps deciding while Postgres is unreachable and catches up afterwards", async () => {
    const e = await openEvent(5);
    const [a, b] = await people(2);
    await reserveSeat(env, e.id, { userId: a!, ...FREE });
    const stub = capacityStub(env, e.id);
    // No hook in the product: the test swaps the instance's env for one whose database proxy is dead.
    const realEnv = await runInDurableObject(stub, (instance: EventCapacity) => {
      const holder = instance as unknown as { env: Env };
      const saved = holder.env;
      holder.env = { ...saved, DB_WS_PROXY: "127.0.0.1:1" };
      return saved;
    });
    expect(await releaseSeat(env, e.id, a!)).toMatchObject({ outcome: "released", synced: false });
    expect(await reserveSeat(env, e.id, { userId: b!, ...FREE })).toMatchObject({ outcome: "confirmed", synced: false });
    expect((await seatSnapshot(env, e.id)).pendingWrites).toBe(2);
    expect(await pgRows(e.id)).toEqual([expect.objectContaining({ userId: a, status: "REGISTERED" })]);

    await runInDurableObject(stub, (instance: EventCapacity) => {
      (instance as unknown as { env: Env }).env = realEnv;
    });
    expect(await flushSeats(env, e.id)).toBe(true);
    const rows = await pgRows(e.id);
    expect(rowOf(rows, a!)).toMatchObject({ status: "CANCELLED" });
    expect(rowOf(rows, b!)).toMatchObject({ status: "REGISTERED" });
    expect(await db.select().from(events).where(and(eq(events.id, e.id), eq(events.currentCapacity, 1)))).toHaveLength(1);
  });
});
