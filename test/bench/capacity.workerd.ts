// Runs inside workerd, started by test/bench/capacity.ts (not part of `npm test`: the
// workerd suite excludes test/bench/). It drives the real EventCapacity object through
// the Worker-side client and prints one CAPACITY_BENCH line that the bench reads.
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { reserveSeat, seatSnapshot } from "../../src/features/events/capacity.ts";

interface BenchBindings {
  BENCH_LATENCY_EVENT: string;
  BENCH_RACE_EVENT: string;
  /** JSON array of member ids. */
  BENCH_MEMBERS: string;
  BENCH_SEATS: string;
}

const FREE = { paid: false, amountCents: 0, holdMs: 60_000 };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

it("measures reservations on one event object", async () => {
  const b = env as unknown as BenchBindings;
  const members: string[] = JSON.parse(b.BENCH_MEMBERS);
  const seats = Number(b.BENCH_SEATS);

  // The first call is cold: vitest transforms the modules on demand (wrangler dev and
  // production load a pre-built bundle) and the object loads its state from Postgres.
  // It is reported on its own, not mixed into the percentiles.
  const [first, ...rest] = members.slice(0, 2 * seats);
  const coldStarted = performance.now();
  await reserveSeat(env, b.BENCH_LATENCY_EVENT, { userId: first!, ...FREE });
  const coldMs = performance.now() - coldStarted;

  // Latency: one member at a time, each call awaited (decision + write-through to Postgres).
  const latencies: number[] = [];
  for (const userId of rest) {
    const started = performance.now();
    await reserveSeat(env, b.BENCH_LATENCY_EVENT, { userId, ...FREE });
    latencies.push(performance.now() - started);
  }
  latencies.sort((x, y) => x - y);

  // Throughput: every member at once on a second event, as when a popular event opens.
  const started = performance.now();
  const results = await Promise.all(members.map((userId) => reserveSeat(env, b.BENCH_RACE_EVENT, { userId, ...FREE })));
  const elapsedMs = performance.now() - started;
  const snapshot = await seatSnapshot(env, b.BENCH_RACE_EVENT);
  expect(snapshot.pendingWrites).toBe(0);

  const report = {
    latency: {
      coldMs,
      calls: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies[latencies.length - 1],
    },
    race: {
      calls: results.length,
      elapsedMs,
      confirmed: results.filter((r) => r.outcome === "confirmed").length,
      waitlisted: results.filter((r) => r.outcome === "waitlisted").length,
      allSynced: results.every((r) => r.synced),
      snapshot,
    },
  };
  console.log(`CAPACITY_BENCH ${JSON.stringify(report)}`);
}, 300_000);
