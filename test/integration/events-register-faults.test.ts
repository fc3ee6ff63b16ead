// Faults between the EventCapacity object's decision and the Postgres writes that follow it
// (the member's email, the payment's state, the held seat's payment link): the member is told
// what the object decided, never an error for a seat they hold, and after retries every
// follow-up has happened exactly once. The fault is a lock on email_outbox held by the test:
// the writes that need it fail on the lock timeout, as they would on a dropped connection.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { payments } from "../../src/db/schema/payments.ts";
import { flushSeats, oweFollowUps, seatSnapshot } from "../../src/features/events/capacity.ts";
import { useTestDb } from "../helpers/db.ts";
import { emailsTo, openEvent, post, registrationOf, signedInMember } from "./events-fixtures.ts";

const db = useTestDb();

const paymentsOf = (userId: string) => db.select().from(payments).where(and(eq(payments.userId, userId), eq(payments.type, "EVENT_REGISTRATION")));

/** Runs `during` while email_outbox cannot be written, then lets it go. */
async function withOutboxLocked<T>(during: () => Promise<T>): Promise<T> {
  let out: T | undefined;
  await db.transaction(async (tx) => {
    await tx.execute(sql`lock table email_outbox in exclusive mode`);
    out = await during();
  });
  return out as T;
}

async function eventually(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("not reached in time");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("registration when Postgres fails after the seat is decided", () => {
  it("tells the member their seat is held, and a retry leaves one email, one pending payment, linked", async () => {
    const e = await openEvent(db, { price: "20.00" });
    const a = await signedInMember(db);
    const first = await withOutboxLocked(() => post(`/events/${e.id}/register`, a));
    expect(first.status).toBe(303);
    expect(first.location).toMatch(/notice=held|\/checkout\/cs_test_/);

    // The member tries again (or the background retry got there first): same answer, nothing twice.
    const retry = await post(`/events/${e.id}/register`, a);
    expect(retry.location).toContain("notice=already");
    await eventually(async () => (await emailsTo(db, a.id)).length > 0);
    await flushSeats(env, e.id);
    expect((await emailsTo(db, a.id)).map((m) => m.kind)).toEqual(["EVENT_SEAT_HELD"]);
    const [payment, ...others] = await paymentsOf(a.id);
    expect(others).toEqual([]);
    expect(payment).toMatchObject({ status: "PENDING" });
    expect(await registrationOf(db, e.id, a.id)).toMatchObject({ status: "REGISTERED", paymentId: payment!.id });
  });

  it("tells a free member they are registered and queues their email once, without their retry", async () => {
    const e = await openEvent(db);
    const a = await signedInMember(db);
    const first = await withOutboxLocked(() => post(`/events/${e.id}/register`, a));
    expect(first.location).toContain("notice=registered");
    await eventually(async () => (await emailsTo(db, a.id)).length > 0);
    expect((await post(`/events/${e.id}/register`, a)).location).toContain("notice=already");
    expect((await emailsTo(db, a.id)).map((m) => m.kind)).toEqual(["EVENT_REGISTERED"]);
  });
});

describe("cancellation when Postgres fails after the seat is released", () => {
  it("tells the member it is cancelled, then cancels the payment and emails once", async () => {
    const e = await openEvent(db, { price: "20.00" });
    const a = await signedInMember(db);
    await post(`/events/${e.id}/register`, a);
    const res = await withOutboxLocked(() => post(`/events/${e.id}/cancel`, a));
    expect(res.status).toBe(303);
    expect(res.location).toContain("notice=cancelled");
    await eventually(async () => (await emailsTo(db, a.id)).some((m) => m.kind === "EVENT_REGISTRATION_CANCELLED"));
    await flushSeats(env, e.id);
    expect((await emailsTo(db, a.id)).map((m) => m.kind).sort()).toEqual(["EVENT_REGISTRATION_CANCELLED", "EVENT_SEAT_HELD"]);
    expect((await paymentsOf(a.id)).map((p) => p.status)).toEqual(["CANCELLED"]);
    expect(await registrationOf(db, e.id, a.id)).toMatchObject({ status: "CANCELLED" });
  });
});

describe("follow-ups that Postgres cannot take outlive the request", () => {
  it("are kept by the capacity object, not by the request, and written once when Postgres is back", async () => {
    const e = await openEvent(db, { price: "20.00" });
    const a = await signedInMember(db);
    const pendingDuringOutage = await withOutboxLocked(async () => {
      const res = await post(`/events/${e.id}/register`, a);
      expect(res.location).toMatch(/notice=held|\/checkout\/cs_test_/);
      // The seat row and the member's email + payment follow-ups wait in the object's storage.
      return (await seatSnapshot(env, e.id)).pendingWrites;
    });
    expect(pendingDuringOutage).toBe(2);
    // Nobody retries the request: the object's own flush (its alarm, or any later call) writes them.
    expect(await flushSeats(env, e.id)).toBe(true);
    expect((await seatSnapshot(env, e.id)).pendingWrites).toBe(0);
    expect((await emailsTo(db, a.id)).map((m) => m.kind)).toEqual(["EVENT_SEAT_HELD"]);
    const [payment, ...others] = await paymentsOf(a.id);
    expect(others).toEqual([]);
    expect(await registrationOf(db, e.id, a.id)).toMatchObject({ status: "REGISTERED", paymentId: payment!.id });
  });

  it("keeps one copy when the same follow-ups are handed over twice", async () => {
    const e = await openEvent(db);
    const a = await signedInMember(db);
    await post(`/events/${e.id}/register`, a);
    const [sent] = await emailsTo(db, a.id);
    const followUps = {
      label: "registration" as const,
      registrationId: (await registrationOf(db, e.id, a.id))!.id,
      cancelPaymentsExcept: null,
      email: { id: sent!.id, to: a.email, subject: sent!.subject, text: "again", kind: sent!.kind, userId: a.id },
    };
    await withOutboxLocked(async () => {
      await oweFollowUps(env, e.id, followUps);
      await oweFollowUps(env, e.id, followUps);
    });
    await flushSeats(env, e.id);
    expect(await emailsTo(db, a.id)).toHaveLength(1);
  });
});
