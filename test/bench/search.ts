// npm run bench -- search: ranked project search (src/db/search.ts) over ~10,000
// projects: latency percentiles for ~200 realistic searches, and EXPLAIN ANALYZE of a
// ranked query (GIN idx_projects_search) and a radius query (GiST idx_projects_geo).
// Driver: node-postgres over TCP to the local embedded Postgres. This measures the
// database's work plus one local round trip, not the Neon WebSocket path the Worker uses.
import { performance } from "node:perf_hooks";
import { count } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Bench } from "../../scripts/bench.ts";
import * as seedModule from "../../scripts/seed.ts";
import { newId } from "../../src/db/ids.ts";
import * as schema from "../../src/db/schema/index.ts";
import { projects, users, type NewProject, type ProjectCategory, type ProjectStatus } from "../../src/db/schema/index.ts";
import { searchProjects, type ProjectSearch } from "../../src/db/search.ts";

const SCALE = 10_000;
const SEARCHES = 200;
const WARMUP = 20;
const OAKLAND = { lat: 37.8044, lng: -122.2712 };

let seededBy = "";

// ---------------------------------------------------------------------------------------
// Data: scripts/seed.ts seedScale() when it exists; otherwise a local generator.

type SeedScale = (url: string, projects: number) => Promise<unknown>;

/** Deterministic PRNG (mulberry32) so every run benchmarks the same data. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const weighted = <T>(xs: readonly (readonly [T, number])[]): T => {
    let r = next() * xs.reduce((s, [, w]) => s + w, 0);
    for (const [x, w] of xs) if ((r -= w) < 0) return x;
    return xs[xs.length - 1]![0];
  };
  return { next, pick, weighted };
}

const CITIES = [
  ["Oakland", 37.8044, -122.2712, 8],
  ["San Francisco", 37.7749, -122.4194, 8],
  ["Berkeley", 37.8715, -122.273, 3],
  ["Hayward", 37.6688, -122.0808, 3],
  ["Fremont", 37.5485, -121.9886, 3],
  ["Richmond", 37.9358, -122.3477, 2],
  ["Walnut Creek", 37.9101, -122.0652, 2],
  ["San Jose", 37.3382, -121.8863, 6],
  ["Sacramento", 38.5816, -121.4944, 6],
  ["Stockton", 37.9577, -121.2908, 3],
  ["Fresno", 36.7378, -119.7871, 5],
  ["Los Angeles", 34.0522, -118.2437, 12],
  ["Long Beach", 33.7701, -118.1937, 4],
  ["San Diego", 32.7157, -117.1611, 8],
  ["Riverside", 33.9533, -117.3962, 4],
  ["Bakersfield", 35.3733, -119.0187, 3],
  ["Santa Rosa", 38.4405, -122.7144, 2],
  ["Redding", 40.5865, -122.3917, 1],
] as const;

const STREETS = ["Broadway", "International Blvd", "MacArthur Blvd", "Telegraph Ave", "San Pablo Ave", "Main St", "1st Street", "El Camino Real", "Mission St", "Foothill Blvd", "Harbor Dr", "Market St"];
const SCHOOLS = ["Lincoln Elementary", "Roosevelt Middle School", "Jefferson High School", "Cesar Chavez Elementary", "Washington High School", "Sequoia Elementary"];
const ORGS = ["City of Oakland", "Caltrans District 4", "Oakland Unified School District", "Port of Oakland", "East Bay MUD", "BART", "County of Alameda", "City of San Jose", "Los Angeles Unified", "Sacramento Regional Transit", "UC Berkeley Capital Projects", "Kaiser Permanente Facilities", "San Diego Unified Port District", "City of Fresno", "AC Transit"];
const FUNDING = ["Federal (IIJA)", "State bond (Prop 51)", "Measure KK", "General fund", "FTA grant", "Private"];

const TEMPLATES: Record<ProjectCategory, { titles: string[]; skills: string[]; keywords: string[] }> = {
  INFRASTRUCTURE: {
    titles: ["Asphalt resurfacing of {street}", "Storm drain replacement on {street}", "Water main replacement, phase {n}", "Traffic signal modernization at {street}", "Sewer lining rehabilitation, {city}", "Bridge seismic retrofit over {creek} Creek", "Complete streets and bike lanes on {street}", "Curb ramp ADA upgrades citywide, package {n}"],
    skills: ["paving", "asphalt", "concrete", "excavation", "traffic control", "underground utilities", "surveying"],
    keywords: ["public works", "prevailing wage", "Caltrans", "civil", "roadway", "pavement"],
  },
  COMMERCIAL: {
    titles: ["HVAC replacement at {org} headquarters", "Tenant improvement, {street} office suite", "Electrical service upgrade to 2000A at {street}", "Roof replacement, {city} distribution center", "Fire alarm system upgrade, {street} tower", "Elevator modernization at {street}"],
    skills: ["HVAC", "electrical", "roofing", "fire protection", "drywall", "project management"],
    keywords: ["commercial", "tenant improvement", "design-build", "mechanical", "title 24"],
  },
  RENOVATION: {
    titles: ["School modernization at {school}", "ADA restroom upgrades at {school}", "Library renovation, {city} main branch", "Seismic retrofit of {city} City Hall", "Window and door replacement at {school}", "Gymnasium renovation at {school}"],
    skills: ["carpentry", "accessibility", "seismic", "painting", "flooring", "electrical"],
    keywords: ["modernization", "DSA", "ADA", "accessibility", "school facilities", "historic"],
  },
  NEW_CONSTRUCTION: {
    titles: ["New fire station {n}, {city}", "Affordable housing, {n}0 units on {street}", "New classroom building at {school}", "Transit center and plaza, {city}", "Community health clinic on {street}", "Parking structure, {n}00 stalls"],
    skills: ["general contracting", "concrete", "structural steel", "framing", "MEP coordination"],
    keywords: ["ground-up", "LEED", "prevailing wage", "CM at risk", "design-bid-build"],
  },
  MAINTENANCE: {
    titles: ["Annual HVAC maintenance, {org} facilities", "Landscape maintenance, {city} parks", "On-call electrical services, {org}", "Pavement crack sealing, {city}", "Janitorial services, {org} offices", "Backflow testing and repair, {city}"],
    skills: ["HVAC", "electrical", "landscaping", "plumbing", "janitorial"],
    keywords: ["on-call", "task order", "multi-year", "service contract", "preventive maintenance"],
  },
  RESIDENTIAL: {
    titles: ["Accessory dwelling unit on {street}", "Single-family remodel in {city}", "Senior housing rehabilitation, {street}", "Weatherization program, {city} homes", "Multifamily re-roof, {street} apartments"],
    skills: ["framing", "roofing", "plumbing", "insulation", "finish carpentry"],
    keywords: ["residential", "ADU", "weatherization", "rehabilitation", "housing"],
  },
  SPECIALTY: {
    titles: ["Solar photovoltaic carport at {school}", "EV charging stations at {org} depot", "Asbestos and lead abatement at {school}", "Battery energy storage at {city} water plant", "LED streetlight conversion, {city}", "Underground storage tank removal on {street}"],
    skills: ["solar", "electrical", "abatement", "hazardous materials", "energy storage", "low voltage"],
    keywords: ["renewable", "sustainability", "abatement", "EV", "energy efficiency", "photovoltaic"],
  },
};

const SENTENCES = [
  "Work includes demolition, disposal and site restoration.",
  "Contractor shall coordinate closely with the owner's representative and maintain access for the public.",
  "Prevailing wage rates apply; certified payroll is required.",
  "A mandatory pre-bid walk is scheduled two weeks before bids are due.",
  "Bidders must hold an active license in good standing.",
  "Small and local business participation goals apply to this contract.",
  "Work must be phased to keep the facility operating throughout construction.",
  "Submittals, RFIs and pay applications are managed through the owner's project portal.",
  "The engineer's estimate is provided for information only.",
  "Bid, performance and payment bonds are required.",
];

async function generateProjects(url: string, n: number): Promise<void> {
  const r = rng(20260522);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const db = drizzle({ client: pool, schema });
  try {
    const creators = Array.from({ length: 40 }, (_, i) => ({
      id: newId(),
      email: `bench-owner-${i}-${newId()}@example.org`,
      password: "x",
      firstName: r.pick(["Maria", "James", "Wei", "Aisha", "Carlos", "Priya", "Tom", "Keiko"]),
      lastName: r.pick(["Garcia", "Nguyen", "Smith", "Okafor", "Patel", "Johnson", "Kim", "Lopez"]),
      company: r.pick(ORGS),
    }));
    await db.insert(users).values(creators);

    const statuses: (readonly [ProjectStatus, number])[] = [
      ["BIDDING_OPEN", 30], ["PUBLISHED", 20], ["DRAFT", 10], ["BIDDING_CLOSED", 10], ["AWARDED", 15], ["COMPLETED", 10], ["CANCELLED", 5],
    ];
    const categories: (readonly [ProjectCategory, number])[] = [
      ["INFRASTRUCTURE", 25], ["COMMERCIAL", 20], ["RENOVATION", 18], ["NEW_CONSTRUCTION", 12], ["MAINTENANCE", 12], ["RESIDENTIAL", 6], ["SPECIALTY", 7],
    ];
    const cityWeights = CITIES.map((c) => [c, c[3]] as const);
    const rows: NewProject[] = [];
    for (let i = 0; i < n; i++) {
      const category = r.weighted(categories);
      const t = TEMPLATES[category];
      const [city, lat, lng] = r.weighted(cityWeights);
      const org = r.pick(ORGS);
      const title = r
        .pick(t.titles)
        .replace("{street}", r.pick(STREETS))
        .replace("{school}", r.pick(SCHOOLS))
        .replace("{org}", org)
        .replace("{city}", city)
        .replace("{creek}", r.pick(["Sausal", "Peralta", "Coyote", "Alameda", "Arroyo"]))
        .replace("{n}", String(1 + Math.floor(r.next() * 9)));
      const skills = [...new Set([r.pick(t.skills), r.pick(t.skills)])];
      const keywords = [...new Set([r.pick(t.keywords), r.pick(t.keywords)])];
      const estimate = Math.round(Math.exp(Math.log(25_000) + r.next() * Math.log(20_000_000 / 25_000)) / 100) * 100;
      const hasBudget = r.next() > 0.1;
      const created = new Date(Date.UTC(2024, 0, 1) + Math.floor(r.next() * 800) * 86_400_000);
      const placed = r.next() > 0.05;
      rows.push({
        title,
        description: `${title} for ${org}. ${r.pick(SENTENCES)} ${r.pick(SENTENCES)} Scope requires ${skills.join(" and ")} work. ${r.pick(SENTENCES)}`,
        category,
        status: r.weighted(statuses),
        source: r.next() > 0.7 ? "CALTRANS" : "MANUAL",
        sector: [r.pick(["public", "private", "education", "transportation", "utilities"])],
        budgetMin: hasBudget ? (estimate * 0.85).toFixed(2) : null,
        budgetMax: hasBudget ? (estimate * 1.15).toFixed(2) : null,
        estimatedValue: hasBudget ? estimate.toFixed(2) : null,
        fundingSource: r.pick(FUNDING),
        location: `${city}, CA`,
        latitude: placed ? lat + (r.next() - 0.5) * 0.2 : null,
        longitude: placed ? lng + (r.next() - 0.5) * 0.2 : null,
        deadlineDate: new Date(created.getTime() + (20 + Math.floor(r.next() * 60)) * 86_400_000),
        estimatedDuration: 30 + Math.floor(r.next() * 700),
        skillsRequired: skills,
        keywords,
        experienceRequired: Math.floor(r.next() * 10),
        bondingRequired: estimate > 500_000,
        organization: org,
        createdAt: created,
        updatedAt: created,
        deletedAt: r.next() < 0.02 ? created : null,
        createdById: r.pick(creators).id,
      });
    }
    for (let i = 0; i < rows.length; i += 500) await db.insert(projects).values(rows.slice(i, i + 500));
  } finally {
    await pool.end();
  }
}

// ---------------------------------------------------------------------------------------
// The workload.

const TERMS = [
  "asphalt resurfacing",
  "electrical",
  "school modernization",
  "ADA",
  "HVAC replacement",
  "roof replacement",
  "storm drain",
  "solar",
  "seismic retrofit",
  "water main",
  "traffic signal",
  "affordable housing",
  "EV charging",
  "abatement",
  "landscape maintenance",
  "fire alarm",
  '"tenant improvement"',
  "paving -crack",
  "library renovation",
  "prevailing wage concrete",
];

type Variant = { name: string; filters: Omit<ProjectSearch, "q" | "limit" | "offset"> };
const VARIANTS: Variant[] = [
  { name: "text only", filters: {} },
  { name: "category", filters: { category: "INFRASTRUCTURE" } },
  { name: "open for bidding", filters: { status: "BIDDING_OPEN" } },
  { name: "budget $250k-$5M", filters: { minBudget: 25_000_000, maxBudget: 500_000_000 } },
  { name: "near Oakland 25 mi", filters: { near: { ...OAKLAND, miles: 25 } } },
  {
    name: "open + budget + near",
    filters: { status: ["BIDDING_OPEN", "PUBLISHED"], minBudget: 10_000_000, near: { ...OAKLAND, miles: 25 } },
  },
  { name: "category + open", filters: { category: "COMMERCIAL", status: "BIDDING_OPEN" } },
  { name: "text, page 2", filters: {} },
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
const fmt = (ms: number) => ms.toFixed(2);

async function explain(client: pg.Client, query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string> {
  const { sql, params } = query.toSQL();
  const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

const bench: Bench = {
  needs: { database: true, worker: false },

  async prepare(databaseUrl) {
    const seedScale = (seedModule as unknown as { seedScale?: SeedScale }).seedScale;
    const t0 = performance.now();
    if (typeof seedScale === "function") {
      await seedScale(databaseUrl, SCALE);
      seededBy = "scripts/seed.ts seedScale()";
    } else {
      await generateProjects(databaseUrl, SCALE);
      seededBy = "bench's own generator (scripts/seed.ts has no seedScale yet)";
    }
    // Fresh statistics and flushed GIN pending lists, as autovacuum would leave a live database.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      // Maintenance sets its own limit (the database's 8 s statement timeout is for requests).
      await client.query("SET statement_timeout = 0");
      await client.query("VACUUM ANALYZE projects, project_applications, zip_codes");
    } finally {
      await client.end();
    }
    console.log(`data: ${seededBy}, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  },

  async run({ databaseUrl }) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const db = drizzle({ client, schema });
    try {
      const [{ n: total } = { n: 0 }] = await db.select({ n: count() }).from(projects);
      const { rows: ver } = await client.query<{ server_version: string }>("show server_version");
      console.log(`driver: node-postgres (pg) over local TCP; PostgreSQL ${ver[0]?.server_version}; projects=${total}`);

      const plan: { q: string; variant: Variant; offset: number }[] = [];
      for (let i = 0; plan.length < WARMUP + SEARCHES; i++) {
        const variant = VARIANTS[i % VARIANTS.length]!;
        plan.push({ q: TERMS[(i * 7) % TERMS.length]!, variant, offset: variant.name === "text, page 2" ? 20 : 0 });
      }

      const all: number[] = [];
      const byVariant = new Map<string, number[]>();
      const samples: { ms: number; q: string; variant: string; total: number }[] = [];
      let matches = 0;
      for (const [i, s] of plan.entries()) {
        const t0 = performance.now();
        const rows = await searchProjects(db, { q: s.q, ...s.variant.filters, limit: 20, offset: s.offset });
        const ms = performance.now() - t0;
        if (i < WARMUP) continue;
        all.push(ms);
        byVariant.set(s.variant.name, [...(byVariant.get(s.variant.name) ?? []), ms]);
        matches += rows[0]?.total ?? 0;
        samples.push({ ms, q: s.q, variant: s.variant.name, total: rows[0]?.total ?? 0 });
      }
      all.sort((a, b) => a - b);
      const p50 = percentile(all, 50);
      const p95 = percentile(all, 95);
      const p99 = percentile(all, 99);
      console.log(`${all.length} ranked searches (limit 20), ${WARMUP} warm-up not counted; mean matches per search ${(matches / all.length).toFixed(0)}`);
      for (const [name, times] of byVariant) {
        times.sort((a, b) => a - b);
        console.log(`  ${name.padEnd(22)} n=${String(times.length).padStart(3)} p50_ms=${fmt(percentile(times, 50))} p95_ms=${fmt(percentile(times, 95))}`);
      }
      console.log(`all: p50_ms=${fmt(p50)} p95_ms=${fmt(p95)} p99_ms=${fmt(p99)} max_ms=${fmt(all[all.length - 1]!)}`);
      console.log("slowest:");
      for (const x of samples.sort((a, b) => b.ms - a.ms).slice(0, 5)) {
        console.log(`  ${fmt(x.ms).padStart(8)} ms  q=${JSON.stringify(x.q)} (${x.variant}), ${x.total} matches`);
      }

      const rankedPlan = await explain(client, searchProjects(db, { q: "asphalt resurfacing", status: "BIDDING_OPEN", limit: 20, offset: 0 }));
      const ginUsed = /idx_projects_search/.test(rankedPlan);
      console.log(`\nEXPLAIN ANALYZE searchProjects({ q: "asphalt resurfacing", status: "BIDDING_OPEN" }):`);
      console.log(rankedPlan.replace(/^/gm, "  "));

      const radiusPlan = await explain(client, searchProjects(db, { near: { ...OAKLAND, miles: 25 }, status: "BIDDING_OPEN", limit: 20, offset: 0 }));
      const geoUsed = /idx_projects_geo/.test(radiusPlan);
      console.log(`\nEXPLAIN ANALYZE searchProjects({ near: Oakland 25 mi, status: "BIDDING_OPEN" }):`);
      console.log(radiusPlan.replace(/^/gm, "  "));

      // The costliest shape: a broad term (thousands of matches) ranked, counted and paged.
      const broad = samples.reduce((a, b) => (b.total > a.total ? b : a), samples[0]!);
      const broadPlan = await explain(client, searchProjects(db, { q: broad.q, limit: 20, offset: 20 }));
      console.log(`\nEXPLAIN ANALYZE searchProjects({ q: ${JSON.stringify(broad.q)}, offset: 20 }), ${broad.total} matches (key lines):`);
      console.log(
        broadPlan
          .split("\n")
          .filter((l) => /Scan|WindowAgg|Sort Method|Storage|Execution Time|Rows Removed/.test(l))
          .map((l) => `  ${l.trim()}`)
          .join("\n"),
      );

      const bothPlan = await explain(client, searchProjects(db, { q: "electrical", near: { ...OAKLAND, miles: 25 }, limit: 20, offset: 0 }));
      const indexesInBoth = ["idx_projects_search", "idx_projects_geo"].filter((ix) => bothPlan.includes(ix));
      console.log(`\nEXPLAIN ANALYZE searchProjects({ q: "electrical", near: Oakland 25 mi }) uses: ${indexesInBoth.join(" + ") || "no index"}`);

      console.log(`\ngin_index_used=${ginUsed} (ranked query), geo_index_used=${geoUsed} (radius query)`);
      console.log(`search: projects=${total} p50_ms=${fmt(p50)} p99_ms=${fmt(p99)} gin_index_used=${ginUsed}`);
    } finally {
      await client.end();
    }
  },
};
export default bench;
