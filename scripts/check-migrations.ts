// npx tsx scripts/check-migrations.ts: proves migrations/ against a throwaway embedded
// Postgres: they apply (twice, the second a no-op), the triggers and CHECKs behave, and
// the search and radius helpers use their indexes. Also replays the migrations on top of
// earthdistance 1.1, what PostgreSQL 15-17 ship, to prove earth_point() is needed and works.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { isId, newId } from "../src/db/ids.ts";
import * as schema from "../src/db/schema/index.ts";
import { projects, users } from "../src/db/schema/index.ts";
import { searchMembers, searchProjects } from "../src/db/search.ts";
import { applyMigrations } from "./lib/migrate.ts";
import { freePort } from "./lib/ports.ts";
import { ensureDatabase, startEmbeddedPostgres } from "./lib/postgres.ts";

const step = (msg: string) => console.log(`ok  ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function expectPgError(code: string, what: string, run: () => Promise<unknown>) {
  try {
    await run();
  } catch (err) {
    // drizzle wraps the driver error; the SQLSTATE is on the cause.
    const e = err as { code?: string; cause?: { code?: string } };
    const got = e.code ?? e.cause?.code;
    assert.equal(got, code, `${what}: expected SQLSTATE ${code}, got ${got} (${String(err)})`);
    step(`${what} is rejected (${code})`);
    return;
  }
  assert.fail(`${what}: expected SQLSTATE ${code}, but the statement succeeded`);
}

async function explain(client: pg.Client, query: { toSQL(): { sql: string; params: unknown[] } }) {
  const { sql: text, params } = query.toSQL();
  const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${text}`, params);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

async function checkMain(url: string) {
  await applyMigrations(url);
  step("migrations apply to an empty database");
  await applyMigrations(url);
  step("a second run is a no-op");

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = drizzle({ client, schema });
  try {
    // Every table with updated_at carries the trigger.
    const { rows: missing } = await client.query<{ table_name: string }>(`
      select c.table_name from information_schema.columns c
      where c.table_schema = 'public' and c.column_name = 'updated_at'
        and not exists (select 1 from pg_trigger t where t.tgrelid = ('public.' || c.table_name)::regclass
                          and t.tgname = c.table_name || '_set_updated_at')`);
    assert.deepEqual(missing, [], "tables with updated_at but no set_updated_at trigger");
    step("every updated_at column has its trigger");

    const id = newId();
    assert.ok(isId(id) && id.length === 25, `newId shape: ${id}`);
    const [author] = await db
      .insert(users)
      .values({
        email: "ana@example.org",
        password: "x",
        firstName: "Ana",
        lastName: "Okafor",
        company: "Okafor Electric",
        skills: ["electrical", "solar"],
        coordinates: { lat: 37.8044, lng: -122.2712 }, // Oakland, as jsonb only
      })
      .returning();
    assert.ok(author && isId(author.id));
    assert.equal(author.latitude, 37.8044, "latitude derived from coordinates jsonb");
    assert.deepEqual(author.languages, ["English"]);
    assert.deepEqual(author.notificationPreferences, { email: true, sms: false, push: true });
    step("user insert: id, defaults, and lat/lng derived from coordinates");

    const [project] = await db
      .insert(projects)
      .values({
        title: "Solar carport installation",
        description: "Design and install a 200 kW photovoltaic carport for a school district.",
        category: "COMMERCIAL",
        status: "BIDDING_OPEN",
        keywords: ["photovoltaic"],
        skillsRequired: ["electrical"],
        location: "Oakland",
        organization: "Oakland Unified",
        budgetMin: "150000.00",
        budgetMax: "250000.00",
        latitude: 37.8,
        longitude: -122.27,
        createdById: author.id,
      })
      .returning();
    assert.ok(project?.searchVector?.includes("'solar':1A"), `search_vector on insert: ${project?.searchVector}`);
    if (!project) throw new Error("unreachable");
    assert.deepEqual(project.coordinates, { lat: 37.8, lng: -122.27 }, "coordinates jsonb derived from lat/lng");
    step("project insert fills search_vector (title weighted A) and coordinates jsonb");

    await sleep(20); // now() is the transaction start; a later transaction must stamp a later time
    const [edited] = await db
      .update(projects)
      .set({ description: "Battery storage retrofit for a warehouse." })
      .where(eq(projects.id, project.id))
      .returning();
    assert.ok(edited?.searchVector?.includes("batteri"), `search_vector after edit: ${edited?.searchVector}`);
    if (!edited) throw new Error("unreachable");
    assert.ok(edited.updatedAt > project.updatedAt, "updated_at moves on update");
    step("an edit re-computes search_vector and moves updated_at");

    const seeded = new Date("2020-01-01T00:00:00Z");
    const [kept] = await db.update(users).set({ updatedAt: seeded }).where(eq(users.id, author.id)).returning();
    assert.equal(kept?.updatedAt.toISOString(), seeded.toISOString(), "an explicit updated_at is kept");
    step("an explicit updated_at (seeds, imports) is kept");

    // A second, far-away project (Los Angeles) and a soft-deleted one.
    await db.insert(projects).values([
      {
        title: "Solar farm maintenance",
        description: "Panel cleaning.",
        category: "MAINTENANCE",
        latitude: 34.05,
        longitude: -118.24,
        createdById: author.id,
      },
      {
        title: "Solar deleted",
        description: "Gone.",
        category: "MAINTENANCE",
        createdById: author.id,
        deletedAt: new Date(),
      },
    ]);

    const bySolar = await searchProjects(db, { q: "solar", limit: 10, offset: 0 });
    assert.deepEqual(bySolar.map((r) => r.title).sort(), ["Solar carport installation", "Solar farm maintenance"]);
    assert.equal(bySolar[0]?.total, 2);
    assert.ok(!("searchVector" in (bySolar[0] ?? {})));
    const byBattery = await searchProjects(db, { q: "battery -warehouse", limit: 10, offset: 0 });
    assert.equal(byBattery.length, 0, "websearch syntax: -exclusion");
    const near = await searchProjects(db, { q: "solar", near: { lat: 37.87, lng: -122.27, miles: 10 }, limit: 10, offset: 0 });
    assert.deepEqual(near.map((r) => r.title), ["Solar carport installation"]);
    assert.ok(near[0]!.distanceMiles! > 4 && near[0]!.distanceMiles! < 6, `distance ${near[0]?.distanceMiles}`);
    const budget = await searchProjects(db, { minBudget: 20_000_000, maxBudget: 30_000_000, limit: 10, offset: 0 });
    assert.deepEqual(budget.map((r) => r.title), ["Solar carport installation"]);
    const newest = await searchProjects(db, { status: ["DRAFT"], limit: 10, offset: 0 });
    assert.deepEqual(newest.map((r) => r.title), ["Solar farm maintenance"]);
    step("searchProjects: text, websearch syntax, radius, budget (cents), status, soft delete");

    await db.insert(users).values([
      { email: "b@example.org", password: "x", firstName: "John", lastName: "Smith", skills: ["concrete"] },
      { email: "c@example.org", password: "x", firstName: "Joan", lastName: "Smyth", company: "Smyth Concrete", skills: ["concrete", "electrical"] },
      { email: "d@example.org", password: "x", firstName: "Gone", lastName: "Smith", deletedAt: new Date() },
    ]);
    const fuzzy = await searchMembers(db, { q: "jon smith", limit: 10, offset: 0 });
    assert.equal(fuzzy[0]?.firstName, "John", `fuzzy: ${JSON.stringify(fuzzy.map((m) => m.firstName))}`);
    assert.ok(fuzzy.every((m) => m.lastName !== "Smith" || m.firstName !== "Gone"));
    assert.ok(!("password" in (fuzzy[0] ?? {})));
    const bySkill = await searchMembers(db, { skills: ["concrete", "electrical"], limit: 10, offset: 0 });
    assert.deepEqual(bySkill.map((m) => [m.firstName, m.skillMatches]), [["Joan", 2], ["Ana", 1], ["John", 1]]);
    const byCompany = await searchMembers(db, { q: "okafor electrc", near: { lat: 37.8, lng: -122.27, miles: 5 }, limit: 10, offset: 0 });
    assert.deepEqual(byCompany.map((m) => m.firstName), ["Ana"]);
    step("searchMembers: trigram name/company, skills overlap ranking, radius, soft delete");

    // CHECK constraints and uniques.
    const base = { title: "t", description: "d", category: "COMMERCIAL" as const, createdById: author.id };
    await expectPgError("23514", "budget_min > budget_max", () =>
      db.insert(projects).values({ ...base, budgetMin: "10", budgetMax: "5" }));
    await expectPgError("23514", "latitude 91", () => db.insert(projects).values({ ...base, latitude: 91, longitude: 0 }));
    await expectPgError("23514", "latitude without longitude", () => db.insert(projects).values({ ...base, latitude: 1 }));
    await expectPgError("23514", "event over capacity", () =>
      db.insert(schema.events).values({
        title: "t", description: "d", type: "MEETING", createdById: author.id,
        startDate: new Date(), endDate: new Date(), maxCapacity: 1, currentCapacity: 2,
      }));
    await expectPgError("23514", "event ending before it starts", () =>
      db.insert(schema.events).values({
        title: "t", description: "d", type: "MEETING", createdById: author.id,
        startDate: new Date("2030-01-02"), endDate: new Date("2030-01-01"),
      }));
    const [course] = await db.insert(schema.courses).values({ title: "c", description: "d" }).returning();
    await db.insert(schema.courseModules).values({ courseId: course!.id, title: "m1", order: 1 });
    await expectPgError("23505", "duplicate course module order", () =>
      db.insert(schema.courseModules).values({ courseId: course!.id, title: "m2", order: 1 }));
    await expectPgError("23514", "progress 101", () =>
      db.insert(schema.courseEnrollments).values({ courseId: course!.id, userId: author.id, progress: 101 }));

    // Enough rows that the planner prefers the indexes on cost alone (no enable_seqscan tricks).
    await client.query(
      `insert into projects (id, title, description, category, status, skills_required, latitude, longitude, created_by_id)
       select 'cbulkproject' || i, (array['Roof replacement','Parking lot paving','HVAC upgrade','School renovation','Bridge retrofit'])[1 + i % 5]
                || ' ' || i || case when i % 1000 = 0 then ' solar' else '' end,
              'Work package ' || i, 'COMMERCIAL', 'BIDDING_OPEN', array['carpentry'],
              32 + (i % 1000) / 111.0, -124 + (i % 997) / 99.7, $1
       from generate_series(1, 20000) i`,
      [author.id],
    );
    await client.query(
      `insert into users (id, email, password, first_name, last_name, company, skills, latitude, longitude)
       select 'cbulkuser' || i, 'bulk' || i || '@example.org', 'x', (array['Maria','Luis','Kwame','Mei','Raj','Tomas'])[1 + i % 6] || i,
              'Lastname' || i, 'Company ' || i, array['skill' || (i % 200)],
              32 + (i % 1000) / 111.0, -124 + (i % 997) / 99.7
       from generate_series(1, 20000) i`,
    );
    await client.query("vacuum analyze"); // also flushes the GIN pending lists the bulk insert filled

    // EXPLAIN the helpers' own queries, so a drifted expression (index unused) fails here.
    const helperPlans: [string, { toSQL(): { sql: string; params: unknown[] } }, RegExp][] = [
      ["searchProjects(q)", searchProjects(db, { q: "solar", limit: 10, offset: 0 }), /idx_projects_search/],
      ["searchProjects(near)", searchProjects(db, { near: { lat: 37.8, lng: -122.27, miles: 10 }, limit: 10, offset: 0 }), /idx_projects_geo/],
      ["searchMembers(q)", searchMembers(db, { q: "jon", limit: 10, offset: 0 }), /idx_users_(name|company)_trgm/],
      ["searchMembers(near)", searchMembers(db, { near: { lat: 37.8, lng: -122.27, miles: 10 }, limit: 10, offset: 0 }), /idx_users_geo/],
      ["searchMembers(skills)", searchMembers(db, { skills: ["skill7"], limit: 10, offset: 0 }), /idx_users_skills/],
    ];
    for (const [what, query, index] of helperPlans) {
      const plan = await explain(client, query);
      if (process.env.SHOW_PLANS) console.log(plan);
      assert.match(plan, index, `${what} plan:\n${plan}`);
      step(`${what} uses ${index.source}`);
    }
  } finally {
    await client.end();
  }
}

/** PostgreSQL 15-17 ship earthdistance 1.1, whose ll_to_earth breaks under a restricted search_path. */
async function checkEarthdistance11(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("create extension cube; create extension earthdistance version '1.1'");
    await client.query("create table probe (lat float8, lng float8)");
    const direct = await client
      .query("create index on probe using gist (ll_to_earth(lat, lng))")
      .then(() => "ok", (e: Error) => e.message);
    console.log(`..  ll_to_earth index on earthdistance 1.1: ${direct}`);
    await client.query("drop table probe");
  } finally {
    await client.end();
  }
  await applyMigrations(url);
  const c2 = new pg.Client({ connectionString: url });
  await c2.connect();
  try {
    const { rows } = await c2.query("select extversion from pg_extension where extname = 'earthdistance'");
    assert.equal(rows[0]?.extversion, "1.1");
    const db = drizzle({ client: c2, schema });
    const [u] = await db.insert(users).values({ email: "e@x.org", password: "x", firstName: "E", lastName: "F", latitude: 37.8, longitude: -122.27 }).returning();
    await c2.query("reindex table users"); // runs with the restricted search_path on 17+
    const found = await searchMembers(db, { near: { lat: 37.81, lng: -122.27, miles: 2 }, limit: 5, offset: 0 });
    assert.deepEqual(found.map((m) => m.id), [u!.id]);
    step("on earthdistance 1.1 the migrations, REINDEX and radius search work via earth_point()");
  } finally {
    await c2.end();
  }
}

const dataDir = mkdtempSync(path.join(tmpdir(), "portal-migrations-"));
const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg"), port: await freePort(), persistent: false });
try {
  const { rows } = await (async () => {
    const c = new pg.Client({ connectionString: server.adminUrl });
    await c.connect();
    try {
      return await c.query<{ server_version: string }>("show server_version");
    } finally {
      await c.end();
    }
  })();
  console.log(`..  PostgreSQL ${rows[0]?.server_version}`);
  await ensureDatabase(server.adminUrl, "check_main");
  await checkMain(server.urlFor("check_main"));
  await ensureDatabase(server.adminUrl, "check_ed11");
  await checkEarthdistance11(server.urlFor("check_ed11"));
  console.log("all migration checks passed");
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
