// THE RACE: a popular event opens and 2,000 members register in the same instant for
// 150 seats. Exactly 150 get a seat, 1,850 wait in a gap-free order, nobody is oversold,
// and Postgres says the same as the object. Five events, so one lucky run proves nothing.
import { env } from "cloudflare:workers";
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { eventRegistrations, events, users } from "../../src/db/schema/index.ts";
import { reserveSeat, seatSnapshot } from "../../src/features/events/capacity.ts";
import { makeEvent, makeUser, useTestDb } from "../helpers/db.ts";

const MEMBERS = 2_000;
const SEATS = 150;
const RUNS = 5;

const db = useTestDb();
let memberIds: string[] = [];
let ownerId = "";

beforeAll(async () => {
  ownerId = (await makeUser(db, { firstName: "Race", lastName: "Owner" })).id;
  // One multi-row insert, not 2,000 round trips.
  const tag = newId();
  const rows = Array.from({ length: MEMBERS }, (_, i) => ({
    email: `race-${tag}-${i}@test.example.org`,
    password: "not-a-real-hash",
    firstName: "Racer",
    lastName: String(i),
  }));
  memberIds = (await db.insert(users).values(rows).returning({ id: users.id })).map((r) => r.id);
});

async function pgCount(eventId: string, status: "REGISTERED" | "WAITLISTED") {
  const [row] = await db
    .select({ n: count() })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.status, status)));
  return row!.n;
}

describe("the registration race", () => {
  it(`seats exactly ${SEATS} of ${MEMBERS} simultaneous registrations, ${RUNS} times over`, async () => {
    expect(memberIds).toHaveLength(MEMBERS);
    const timings: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const event = await makeEvent(db, ownerId, { title: `Race ${run}`, maxCapacity: SEATS, status: "REGISTRATION_OPEN" });
      const started = performance.now();
      const results = await Promise.all(
        memberIds.map((userId) => reserveSeat(env, event.id, { userId, paid: false, amountCents: 0, holdMs: 60_000 })),
      );
      timings.push(performance.now() - started);

      const confirmed = results.filter((r) => r.outcome === "confirmed");
      const waitlisted = results.filter((r) => r.outcome === "waitlisted");
      expect(confirmed).toHaveLength(SEATS);
      expect(waitlisted).toHaveLength(MEMBERS - SEATS);
      // Every waiter has a distinct place, 1..1850, with no gaps: first come, first served.
      expect(waitlisted.map((r) => r.position).sort((x, y) => x! - y!)).toEqual(
        Array.from({ length: MEMBERS - SEATS }, (_, i) => i + 1),
      );
      expect(new Set(results.map((r) => r.registrationId)).size).toBe(MEMBERS);
      expect(results.every((r) => r.synced)).toBe(true);

      expect(await seatSnapshot(env, event.id)).toMatchObject({
        capacity: SEATS,
        confirmed: SEATS,
        held: 0,
        waitlisted: MEMBERS - SEATS,
        seatsLeft: 0,
        pendingWrites: 0,
      });
      expect(await pgCount(event.id, "REGISTERED")).toBe(SEATS);
      expect(await pgCount(event.id, "WAITLISTED")).toBe(MEMBERS - SEATS);
      const [row] = await db.select({ current: events.currentCapacity }).from(events).where(eq(events.id, event.id));
      expect(row!.current).toBe(SEATS);
      // Postgres holds the very registrations the object granted, by their ids.
      const registered = await db
        .select({ id: eventRegistrations.id })
        .from(eventRegistrations)
        .where(and(eq(eventRegistrations.eventId, event.id), eq(eventRegistrations.status, "REGISTERED")));
      expect(registered.map((r) => r.id).sort()).toEqual(confirmed.map((r) => r.registrationId).sort());
    }
    console.log(
      `race: ${RUNS} x ${MEMBERS} reservations for ${SEATS} seats; oversold=0; ` +
        `ms per run: ${timings.map((t) => t.toFixed(0)).join(", ")}`,
    );
  }, 120_000);
});
