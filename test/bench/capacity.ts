// npm run bench -- capacity: the EventCapacity Durable Object on one event, in workerd with
// real Postgres. Latency: 2 x SEATS reservations one after another (p50/p99 of one call,
// decision + write-through, which opens a Postgres connection per flush: most of the time).
// Throughput: MEMBERS reservations at once for SEATS seats (decisions per second end to
// end, coalesced write-through included, and the oversell check against Postgres).
//
// How it is driven: the object-level figures come from vitest with the Workers plugin (the
// same workerd the Worker runs in) on test/bench/capacity.workerd.ts, calling the object
// through the Worker-side client (src/features/events/capacity.ts). The latency a member
// sees comes from POST /events/:id/register on `wrangler dev`, HTTP, session, rules,
// object and write-through included: HTTP_LATENCY_CALLS one after another, then
// HTTP_RACE_CALLS at once (HTTP_CONCURRENCY in flight) for SEATS seats; a registration that
// does not answer its 303 is counted as a failure (http_errors), not a crash of the benchmark.
import { createHash, randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import pg from "pg";
import type { Bench } from "../../scripts/bench.ts";
import { startDbProxy } from "../../scripts/lib/db-proxy.ts";
import { freePort } from "../../scripts/lib/ports.ts";
import { DEV_CERTIFICATE_SIGNING_KEY_JSON } from "../../scripts/lib/dev-certificate-key.ts";
import { LOCAL_STRIPE_SECRET_KEY, localSecrets, root } from "../../scripts/lib/stack.ts";
import { newId } from "../../src/db/ids.ts";

const SEATS = 150;
const MEMBERS = 2_000;
const HTTP_LATENCY_CALLS = 200;
const HTTP_RACE_CALLS = 600;
const HTTP_CONCURRENCY = 200;
const SESSION_COOKIE = "__Host-portal_session";

const prepared = {
  latencyEvent: "",
  raceEvent: "",
  members: [] as string[],
  httpLatencyEvent: "",
  httpRaceEvent: "",
  /** Session cookies of verified members, made the way src/auth/session.ts stores them (only a hash of the secret). */
  cookies: [] as string[],
};

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

/** Two open, free events for the HTTP part, and verified members with live sessions. */
async function prepareHttp(client: pg.Client): Promise<void> {
  const owner = newId();
  const members = Array.from({ length: HTTP_LATENCY_CALLS + HTTP_RACE_CALLS }, () => newId());
  await client.query(
    `INSERT INTO users (id, email, password, first_name, last_name, is_verified)
     SELECT id, 'bench-http-' || id || '@bench.example.org', 'not-a-real-hash', 'Bench', 'Member', true FROM unnest($1::text[]) AS id`,
    [[owner, ...members]],
  );
  const sessions = members.map((userId) => {
    const id = encodeBase32LowerCaseNoPadding(randomBytes(15));
    const secret = encodeBase32LowerCaseNoPadding(randomBytes(20));
    return { id, userId, hash: createHash("sha256").update(secret).digest("hex"), cookie: `${SESSION_COOKIE}=${id}.${secret}` };
  });
  await client.query(
    `INSERT INTO sessions (id, user_id, secret_hash, expires_at, two_factor_verified)
     SELECT id, user_id, hash, now() + interval '1 day', true FROM unnest($1::text[], $2::text[], $3::text[]) AS s(id, user_id, hash)`,
    [sessions.map((x) => x.id), sessions.map((x) => x.userId), sessions.map((x) => x.hash)],
  );
  prepared.cookies = sessions.map((x) => x.cookie);
  prepared.httpLatencyEvent = newId();
  prepared.httpRaceEvent = newId();
  await client.query(
    `INSERT INTO events (id, title, description, type, status, start_date, end_date, max_capacity, created_by_id)
     SELECT id, title, 'Capacity benchmark through the Worker', 'NETWORKING', 'REGISTRATION_OPEN',
            now() + interval '7 days', now() + interval '7 days 2 hours', cap, $4
     FROM unnest($1::text[], $2::text[], $3::int[]) AS e(id, title, cap)`,
    [[prepared.httpLatencyEvent, prepared.httpRaceEvent], ["Bench: HTTP latency", "Bench: HTTP race"], [HTTP_LATENCY_CALLS, SEATS], owner],
  );
}

/** Registrations that did not answer the 303 redirect, by status (or "network"). */
const httpErrors = new Map<string, number>();

/** One registration as a browser sends it; returns the milliseconds it took. */
async function registerOverHttp(url: string, eventId: string, cookie: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/events/${eventId}/register`, {
    method: "POST",
    headers: { cookie, origin: url, "content-type": "application/x-www-form-urlencoded" },
    body: "",
    redirect: "manual",
  }).catch(() => null);
  await res?.arrayBuffer();
  const status = res ? String(res.status) : "network";
  if (status !== "303") httpErrors.set(status, (httpErrors.get(status) ?? 0) + 1);
  return performance.now() - started;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function runHttp(url: string): Promise<{ p50: number; p99: number; max: number; raceMs: number; racePerS: number }> {
  const cookies = [...prepared.cookies];
  const latencies: number[] = [];
  for (const cookie of cookies.splice(0, HTTP_LATENCY_CALLS)) latencies.push(await registerOverHttp(url, prepared.httpLatencyEvent, cookie));
  latencies.sort((a, b) => a - b);
  const raceCookies = cookies.splice(0, HTTP_RACE_CALLS);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: HTTP_CONCURRENCY }, async () => {
      while (next < raceCookies.length) await registerOverHttp(url, prepared.httpRaceEvent, raceCookies[next++]!);
    }),
  );
  const raceMs = performance.now() - started;
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1)!,
    raceMs,
    racePerS: Math.round(raceCookies.length / (raceMs / 1000)),
  };
}

const bench: Bench = {
  needs: { database: true, worker: true },

  /** An owner, MEMBERS members and two open events of SEATS seats, each in one statement. */
  async prepare(databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await prepareHttp(client);
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

  async run({ url, databaseUrl }) {
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
                  // Config requires a Stripe key; this bench makes no Stripe call.
                  STRIPE_SECRET_KEY: LOCAL_STRIPE_SECRET_KEY,
                  CERTIFICATE_SIGNING_KEY: DEV_CERTIFICATE_SIGNING_KEY_JSON,
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

    const http = await runHttp(url);

    // Postgres, not only the object, must agree that nobody was oversold.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const counts = (eventId: string) =>
      client
        .query<{ registered: number; waitlisted: number; current: number }>(
          `SELECT count(*) FILTER (WHERE r.status = 'REGISTERED')::int AS registered,
                  count(*) FILTER (WHERE r.status = 'WAITLISTED')::int AS waitlisted,
                  (SELECT current_capacity FROM events WHERE id = $1) AS current
           FROM event_registrations r WHERE r.event_id = $1`,
          [eventId],
        )
        .then((r) => r.rows[0]!);
    const pgRow = await counts(prepared.raceEvent);
    const httpRow = await counts(prepared.httpRaceEvent);
    await client.end();

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
    console.log(`through the Worker (POST /events/:id/register, ${HTTP_LATENCY_CALLS} one at a time): p50=${fmt(http.p50)} ms p99=${fmt(http.p99)} ms max=${fmt(http.max)} ms`);
    console.log(
      `through the Worker (${HTTP_RACE_CALLS} members, ${HTTP_CONCURRENCY} in flight, ${SEATS} seats): ${fmt(http.raceMs)} ms, ${http.racePerS} registrations/s; postgres: registered=${httpRow.registered} waitlisted=${httpRow.waitlisted} current_capacity=${httpRow.current}`,
    );
    const httpOversold = Math.max(0, httpRow.registered - SEATS, httpRow.current - SEATS);
    const errors = [...httpErrors.values()].reduce((a, b) => a + b, 0);
    console.log(`failed registrations through the Worker: ${errors}${errors ? ` (${[...httpErrors].map(([s, n]) => `${s}: ${n}`).join(", ")})` : ""}`);
    console.log(`registrations in Postgres for the race: ${httpRow.registered + httpRow.waitlisted} of ${HTTP_RACE_CALLS}`);
    console.log(
      `capacity: confirmed=${race.confirmed} oversold=${Math.max(oversold, httpOversold)} decisions_per_s=${decisionsPerS} p99_ms=${Math.round(http.p99)} http_errors=${errors} http_regs_per_s=${http.racePerS}`,
    );
  },
};
export default bench;
