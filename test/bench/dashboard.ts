// npm run bench -- dashboard: the admin dashboard's response time at `seed --scale 10000`
// (the demo plus 10,000 opportunities and 5,000 members), with the year of daily roll-ups
// the seed backfills, recomputed after the bulk rows are in (the cron's job on a live portal).
// Timed from this process to `wrangler dev` over loopback, one request at a time: the Worker's
// work plus its database round trips (live numbers + trend rows, one batch).
import { createHash, randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import os from "node:os";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Bench } from "../../scripts/bench.ts";
import { backfillMetrics, DEMO_LOGINS, seedScale } from "../../scripts/seed.ts";
import { startOfUtcDay } from "../../scripts/seed/time.ts";

const SCALE = 10_000;
const WARMUP = 10;
const RUNS = 100;
const SESSION_COOKIE = "__Host-portal_session";

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

const bench: Bench = {
  needs: { database: true, worker: true },

  async prepare(databaseUrl) {
    const t0 = performance.now();
    await seedScale(databaseUrl, SCALE);
    const t1 = performance.now();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query("SET statement_timeout = 0");
      const rows = await backfillMetrics(drizzle({ client }), startOfUtcDay());
      const t2 = performance.now();
      await client.query("VACUUM ANALYZE");
      console.log(`data: seedScale(${SCALE}) ${((t1 - t0) / 1000).toFixed(1)} s; roll-up backfill of 365 days ${rows} rows in ${((t2 - t1) / 1000).toFixed(1)} s`);
    } finally {
      await client.end();
    }
  },

  async run({ url, databaseUrl }) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const id = encodeBase32LowerCaseNoPadding(randomBytes(15));
    const secret = encodeBase32LowerCaseNoPadding(randomBytes(20));
    await client.query(
      `INSERT INTO sessions (id, user_id, secret_hash, expires_at, two_factor_verified)
       SELECT $1, id, $2, now() + interval '1 day', true FROM users WHERE email = $3`,
      [id, createHash("sha256").update(secret).digest("hex"), DEMO_LOGINS.admin],
    );
    const { rows } = await client.query<{ users: number; projects: number; metrics: number }>(
      "select (select count(*)::int from users) as users, (select count(*)::int from projects) as projects, (select count(*)::int from system_metrics) as metrics",
    );
    await client.end();
    console.log(`users=${rows[0]!.users} projects=${rows[0]!.projects} system_metrics=${rows[0]!.metrics}`);
    console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    const cookie = `${SESSION_COOKIE}=${id}.${secret}`;
    const times: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const started = performance.now();
      const res = await fetch(`${url}/admin`, { headers: { cookie }, redirect: "manual" });
      const body = await res.arrayBuffer();
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`GET /admin answered ${res.status}`);
      if (i === 0) console.log(`GET /admin: ${body.byteLength} B of HTML`);
      if (i >= WARMUP) times.push(ms);
    }
    times.sort((a, b) => a - b);
    console.log(`${RUNS} requests, ${WARMUP} warm-up not counted`);
    console.log(`dashboard: p50_ms=${percentile(times, 50).toFixed(1)} p99_ms=${percentile(times, 99).toFixed(1)}`);
  },
};
export default bench;
