// npm run bench -- capacity: the EventCapacity Durable Object on one event, in workerd with
// real Postgres. Latency: 2 x SEATS reservations one after another (p50/p99 of one call,
// decision + write-through, which opens a Postgres connection per flush: most of the time).
// Throughput: MEMBERS reservations at once for SEATS seats (decisions per second end to
// end, coalesced write-through included, and the oversell check against Postgres).
//
// How it is driven: there is no registration route yet and no test-only routes in the
// product, so Node cannot reach the object through `wrangler dev`. Instead this starts
// vitest with the Workers plugin (the same workerd the Worker runs in) on
// test/bench/capacity.workerd.ts, which calls the object through the Worker-side client
// (src/features/events/capacity.ts). Once the registration route exists, this bench should
// switch to `needs.worker: true` and measure POSTs to that route, HTTP included.
import pg from "pg";
import type { Bench } from "../../scripts/bench.ts";
import { startDbProxy } from "../../scripts/lib/db-proxy.ts";
import { freePort } from "../../scripts/lib/ports.ts";
import { localSecrets, root } from "../../scripts/lib/stack.ts";
import { newId } from "../../src/db/ids.ts";

const SEATS = 150;
const MEMBERS = 2_000;

const prepared = { latencyEvent: "", raceEvent: "", members: [] as string[] };

interface Report {
  latency: { coldMs: number; calls: number; p50Ms: number; p99Ms: number; maxMs: number };
  race: {
    calls: number;
    elapsedMs: number;
    confirmed: number;
    waitlisted: number;
    allSynced: boolean;
    snapshot: { confirmed: number; held: number; waitlisted: number };
  };
}

const bench: Bench = {
  needs: { database: true, worker: false },

  /** An owner, MEMBERS members and two open events of SEATS seats, each in one statement. */
  async prepare(databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const owner = newId();
      prepared.members = Array.from({ length: MEMBERS }, () => newId());
      const ids = [owner, ...prepared.members];
      await client.query(
        `INSERT INTO users (id, email, password, first_name, last_name)
         SELECT id, 'bench-' || id || '@bench.example.org', 'not-a-real-hash', 'Bench', 'Member' FROM unnest($1::text[]) AS id`,
        [ids],
      );
      prepared.latencyEvent = newId();
      prepared.raceEvent = newId();
      await client.query(
        `INSERT INTO events (id, title, description, type, status, start_date, end_date, max_capacity, created_by_id)
         SELECT id, title, 'Capacity benchmark', 'NETWORKING', 'REGISTRATION_OPEN',
                now() + interval '7 days', now() + interval '7 days 2 hours', $3, $4
         FROM unnest($1::text[], $2::text[]) AS e(id, title)`,
        [[prepared.latencyEvent, prepared.raceEvent], ["Bench: latency", "Bench: race"], SEATS, owner],
      );
    } finally {
      await client.end();
    }
  },

  async run({ databaseUrl }) {
    const proxy = await startDbProxy(await freePort());
    let report: Report | undefined;
    try {
      const { startVitest } = await import("vitest/node");
      const { cloudflareTest } = await import("@cloudflare/vitest-plugin");
      const vitest = await startVitest(
        "test",
        [],
        {
          config: false,
          root,
          include: ["test/bench/capacity.workerd.ts"],
          watch: false,
          reporters: [
            "default",
            {
              onUserConsoleLog(log) {
                const line = log.content.trim();
                if (line.startsWith("CAPACITY_BENCH ")) report = JSON.parse(line.slice("CAPACITY_BENCH ".length));
              },
            },
          ],
        },
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  APP_ENV: "development",
                  PUBLIC_URL: "http://localhost",
                  DATABASE_URL: databaseUrl,
                  DB_WS_PROXY: `127.0.0.1:${proxy.port}`,
                  ...localSecrets(),
                  BENCH_LATENCY_EVENT: prepared.latencyEvent,
                  BENCH_RACE_EVENT: prepared.raceEvent,
                  BENCH_MEMBERS: JSON.stringify(prepared.members),
                  BENCH_SEATS: String(SEATS),
                },
              },
            }),
          ],
        },
      );
      const failed = vitest.state.getCountOfFailedTests();
      await vitest.close();
      if (failed > 0 || !report) throw new Error("the workerd part of the benchmark failed; see its output above");
    } finally {
      await proxy.close();
    }

    // Postgres, not only the object, must agree that nobody was oversold.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ registered: number; waitlisted: number; current: number }>(
      `SELECT count(*) FILTER (WHERE r.status = 'REGISTERED')::int AS registered,
              count(*) FILTER (WHERE r.status = 'WAITLISTED')::int AS waitlisted,
              (SELECT current_capacity FROM events WHERE id = $1) AS current
       FROM event_registrations r WHERE r.event_id = $1`,
      [prepared.raceEvent],
    );
    await client.end();
    const pgRow = rows[0]!;

    const { latency, race } = report;
    const decisionsPerS = Math.round(race.calls / (race.elapsedMs / 1000));
    const oversold = Math.max(0, race.confirmed - SEATS, race.snapshot.confirmed + race.snapshot.held - SEATS, pgRow.registered - SEATS);
    const fmt = (ms: number) => ms.toFixed(1);
    console.log(`first reservation (cold object, loads from Postgres): ${fmt(latency.coldMs)} ms`);
    console.log(`latency (${latency.calls} reservations one at a time): p50=${fmt(latency.p50Ms)} ms p99=${fmt(latency.p99Ms)} ms max=${fmt(latency.maxMs)} ms`);
    console.log(`race (${race.calls} at once for ${SEATS} seats): ${fmt(race.elapsedMs)} ms, ${decisionsPerS} decisions/s, all written through: ${race.allSynced}`);
    console.log(`object: confirmed=${race.snapshot.confirmed} held=${race.snapshot.held} waitlisted=${race.snapshot.waitlisted}`);
    console.log(`postgres: registered=${pgRow.registered} waitlisted=${pgRow.waitlisted} current_capacity=${pgRow.current}`);
    if (pgRow.registered !== race.confirmed || pgRow.waitlisted !== race.waitlisted || pgRow.current !== race.confirmed) {
      throw new Error("Postgres and the object disagree");
    }
    console.log(`capacity: confirmed=${race.confirmed} oversold=${oversold} decisions_per_s=${decisionsPerS} p99_ms=${Math.round(latency.p99Ms)}`);
  },
};
export default bench;
