// npm run bench -- directory: the member directory's search (searchMembers, listedIn "members")
// over ~5,000 members (`seed --scale 10000` adds 5,000 to the demo's 200): a name or company
// with a typo, a skill within a radius, and a certification filter. Latency percentiles and
// EXPLAIN ANALYZE of each shape, with the indexes each one uses.
// Driver: node-postgres over TCP to the local embedded Postgres: the database's work plus one
// local round trip, not the Neon HTTP path the Worker uses. The Worker sends the typo-tolerance
// setting (set_config, transaction-local) in the same batch as the search; here it is set once
// for the session, which the planner and the index see the same way.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Bench } from "../../scripts/bench.ts";
import { seedScale } from "../../scripts/seed.ts";
import * as schema from "../../src/db/schema/index.ts";
import { searchMembers, WORD_SIMILARITY_THRESHOLD, type MemberSearch } from "../../src/db/search.ts";

const SCALE = 10_000; // projects; members are half of it
const SEARCHES = 300;
const WARMUP = 30;

const PLACES = [
  { name: "Oakland", lat: 37.8044, lng: -122.2712 },
  { name: "San Francisco", lat: 37.7749, lng: -122.4194 },
  { name: "San Jose", lat: 37.3382, lng: -121.8863 },
  { name: "Sacramento", lat: 38.5816, lng: -121.4944 },
  { name: "Fresno", lat: 36.7378, lng: -119.7871 },
];
// Real surnames and company words of the seed, each with a letter dropped, swapped or wrong.
const TYPOS = [
  "Martnez", "Hernandz", "Washingtn", "Robinsn", "Nguyn", "Okafr", "Chvez", "Gutierez", "Jonson", "Thompsn",
  "Mendosa", "Castilo", "Patell", "Santoz", "Bautsta", "Adeymi", "Kealoha", "Whitfeld", "Reyes Concrte", "Delgdo",
  "Electrc", "Plumbng", "Landscapng", "Mechancal", "Roofng & Waterproofing",
];
const SKILLS = ["Concrete", "Electrical", "Plumbing", "HVAC", "Grading", "Roofing", "Landscaping", "Drywall", "Painting", "Solar PV", "Paving", "Trucking", "Estimating", "Fire Sprinklers"];
const CERTS: NonNullable<MemberSearch["credential"]>[] = [
  { type: "DBE" }, { type: "MBE" }, { type: "SBE" }, { type: "WBE" }, { type: "DVBE" }, { type: "SBA_8A" },
  { type: "CSLB_LICENSE", classification: "C-10" }, { type: "CSLB_LICENSE", classification: "B" }, { type: "CSLB_LICENSE", classification: "A" },
];

type Shape = "name with a typo" | "skill + radius" | "certification";
type Search = Omit<MemberSearch, "limit" | "offset">;

function workload(i: number): { shape: Shape; search: Search } {
  const place = PLACES[i % PLACES.length]!;
  switch (i % 3) {
    case 0:
      return { shape: "name with a typo", search: { q: TYPOS[i % TYPOS.length]!, listedIn: "members" } };
    case 1:
      return {
        shape: "skill + radius",
        search: { skills: [SKILLS[i % SKILLS.length]!], near: { lat: place.lat, lng: place.lng, miles: [10, 25, 50][i % 3]! }, listedIn: "members", sort: i % 2 ? "distance" : "relevance" },
      };
    default:
      return {
        shape: "certification",
        search: { credential: CERTS[i % CERTS.length]!, listedIn: "members", sort: i % 2 ? "name" : "relevance", ...(i % 4 === 2 ? { language: "Spanish" } : {}) },
      };
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const fmt = (ms: number) => ms.toFixed(2);

/**
 * CPU time the Postgres backend has spent on-CPU, in ms (Linux /proc/<pid>/schedstat), or null
 * elsewhere. On a shared machine wall-clock time includes waiting for a core; this does not.
 */
function backendCpuMs(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return null;
  }
}

async function explain(client: pg.Client, query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string> {
  const { sql: text, params } = query.toSQL();
  const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

/** The indexes a plan reads (every index of ours is named idx_…). */
const used = (plan: string) => [...new Set(plan.match(/\bidx_\w+/g) ?? [])];

const bench: Bench = {
  needs: { database: true, worker: false },

  async prepare(databaseUrl) {
    const t0 = performance.now();
    await seedScale(databaseUrl, SCALE);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      // Fresh statistics and flushed GIN pending lists, as autovacuum would leave a live database
      // (the database's 8 s statement timeout is for requests, not for this).
      await client.query("SET statement_timeout = 0");
      await client.query("VACUUM ANALYZE users, credentials, user_skills, zip_codes");
    } finally {
      await client.end();
    }
    console.log(`data: scripts/seed.ts seedScale(${SCALE}), ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  },

  async run({ databaseUrl }) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const db = drizzle({ client, schema });
    try {
      await client.query(`SET pg_trgm.word_similarity_threshold = ${WORD_SIMILARITY_THRESHOLD}`);
      const counts = await db.execute<{ members: number; listed: number; public: number; credentials: number; verified: number }>(sql`
        select (select count(*)::int from users where deleted_at is null) as members,
               (select count(*)::int from users where deleted_at is null and is_active and is_verified and directory_visibility <> 'HIDDEN') as listed,
               (select count(*)::int from users where deleted_at is null and is_active and is_verified and directory_visibility = 'PUBLIC') as public,
               (select count(*)::int from credentials) as credentials,
               (select count(*)::int from credentials where status = 'VERIFIED') as verified`);
      const c = counts.rows[0]!;
      const { rows: ver } = await client.query<{ server_version: string }>("show server_version");
      console.log(`driver: node-postgres (pg) over local TCP; PostgreSQL ${ver[0]?.server_version}`);
      console.log(`members=${c.members} (listed ${c.listed}, public ${c.public}); credentials=${c.credentials} (verified ${c.verified})`);

      const { rows: pids } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
      const pid = pids[0]!.pid;
      const { rows: load } = await client.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where state = 'active'");
      console.log(`machine: ${(await import("node:os")).cpus().length} cores, load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")}; active backends ${load[0]?.n}`);
      const all: number[] = [];
      const cpu: number[] = [];
      const cpuByShape = new Map<Shape, number[]>();
      const byShape = new Map<Shape, number[]>();
      const samples: { ms: number; shape: Shape; search: Search; total: number }[] = [];
      for (let i = 0; i < WARMUP + SEARCHES; i++) {
        const { shape, search } = workload(i);
        const c0 = backendCpuMs(pid);
        const t0 = performance.now();
        const rows = await searchMembers(db, { ...search, limit: 20, offset: 0 });
        const ms = performance.now() - t0;
        const c1 = backendCpuMs(pid);
        if (i < WARMUP) continue;
        all.push(ms);
        if (c0 !== null && c1 !== null) {
          cpu.push(c1 - c0);
          cpuByShape.set(shape, [...(cpuByShape.get(shape) ?? []), c1 - c0]);
        }
        byShape.set(shape, [...(byShape.get(shape) ?? []), ms]);
        samples.push({ ms, shape, search, total: rows[0]?.total ?? 0 });
      }
      all.sort((a, b) => a - b);
      console.log(`${all.length} searches (limit 20), ${WARMUP} warm-up not counted`);
      for (const [shape, times] of byShape) {
        times.sort((a, b) => a - b);
        const matches = samples.filter((s) => s.shape === shape).map((s) => s.total);
        const mean = matches.reduce((a, b) => a + b, 0) / Math.max(1, matches.length);
        const cpuTimes = (cpuByShape.get(shape) ?? []).sort((a, b) => a - b);
        const cpuText = cpuTimes.length ? ` | backend cpu p50_ms=${fmt(percentile(cpuTimes, 50))} p99_ms=${fmt(percentile(cpuTimes, 99))}` : "";
        console.log(`  ${shape.padEnd(18)} n=${String(times.length).padStart(3)} p50_ms=${fmt(percentile(times, 50))} p99_ms=${fmt(percentile(times, 99))}${cpuText} | mean matches ${mean.toFixed(0)}`);
      }
      console.log("slowest:");
      for (const x of [...samples].sort((a, b) => b.ms - a.ms).slice(0, 5)) {
        console.log(`  ${fmt(x.ms).padStart(8)} ms  ${x.shape}: ${JSON.stringify(x.search)} → ${x.total} matches`);
      }

      const shapes: [string, Search][] = [
        ['{ q: "Martnez" }', { q: "Martnez", listedIn: "members" }],
        ['{ skills: ["Concrete"], near: Oakland 25 mi }', { skills: ["Concrete"], near: { ...PLACES[0]!, miles: 25 }, listedIn: "members" }],
        ['{ credential: DBE }', { credential: { type: "DBE" }, listedIn: "members" }],
        ['{ credential: CSLB C-10, sort: name }', { credential: { type: "CSLB_LICENSE", classification: "C-10" }, listedIn: "members", sort: "name" }],
      ];
      for (const [label, search] of shapes) {
        const plan = await explain(client, searchMembers(db, { ...search, limit: 20, offset: 0 }));
        console.log(`\nEXPLAIN ANALYZE searchMembers(${label}) uses: ${used(plan).join(" + ") || "no index"}`);
        console.log(
          plan
            .split("\n")
            .filter((l) => /Scan|Join|Sort Method|WindowAgg|Execution Time|Rows Removed|Recheck/.test(l))
            .map((l) => `  ${l.trim()}`)
            .join("\n"),
        );
      }

      if (cpu.length) {
        cpu.sort((a, b) => a - b);
        console.log(`\nbackend cpu (time on a core, without waiting for one): p50_ms=${fmt(percentile(cpu, 50))} p99_ms=${fmt(percentile(cpu, 99))}`);
      }
      console.log(`directory: members=${c.members} p50_ms=${fmt(percentile(all, 50))} p99_ms=${fmt(percentile(all, 99))}`);
    } finally {
      await client.end();
    }
  },
};
export default bench;
