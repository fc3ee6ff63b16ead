// npm run seed: deterministic demo data for the member portal.
//
//   npm run seed                     seed DATABASE_URL when it has no users yet (else: says so, exits 0)
//   npm run seed -- --reset          empty every portal table, then seed
//   npm run seed -- --scale 10000    also ADD 10,000 projects and 5,000 members (benchmarks)
//
// Determinism: ids and content come from a seeded PRNG (scripts/seed/random.ts), so they
// never change between runs. Timestamps are offsets from an anchor, the start of the
// current UTC day, so "upcoming" events stay upcoming: two runs on the same day write
// identical rows (password hashes aside, which are salted).
//
// Refuses to run when APP_ENV or NODE_ENV is production: the demo logins have a
// published password.
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { hashPassword } from "../src/auth/password.ts";
import * as schema from "../src/db/schema/index.ts";
import { applyMigrations } from "./lib/migrate.ts";
import { localSecrets } from "./lib/stack.ts";
import { buildDemo, SEED } from "./seed/demo.ts";
import { DEMO_EMAILS } from "./seed/members.ts";
import { Rng } from "./seed/random.ts";
import { buildScale } from "./seed/scale.ts";
import { Clock, isoDay, startOfUtcDay } from "./seed/time.ts";
import { scaleCredentials } from "./seed/credentials.ts";
import { seedCertificates, seedPublicUrl } from "./seed/certificates.ts";
import { METRIC_DAYS } from "./seed/audit.ts";
import { rollUpDays } from "../src/features/admin-dashboard/rollup.ts";
import { addDays } from "../src/features/admin-dashboard/rules.ts";
import { countUsers, insertRows, SEED_LOCK, tableCounts, truncatePortalTables, type SeedDb, type SeedTx, writeBatches } from "./seed/write.ts";

export const DEMO_LOGINS = { admin: DEMO_EMAILS.admin, member: DEMO_EMAILS.member, password: "portal-demo-2026" };

export interface SeedOptions {
  /** Defaults to PASSWORD_PEPPER, else the pepper `npm run dev` gives the Worker (.data/local-secrets.json). */
  pepper?: string;
  /** Defaults to the start of the current UTC day. */
  anchor?: Date;
  /** The portal URL seeded certificates name as their issuer (default: PUBLIC_URL, else `npm run dev`'s). */
  publicUrl?: string;
}

export interface SeedResult {
  counts: Record<string, number>;
  ms: number;
}

/** The pepper is looked up only when something is about to be hashed, so a no-op run writes no secrets file. */
function resolvePepper(opts: SeedOptions): string {
  return opts.pepper ?? process.env.PASSWORD_PEPPER ?? localSecrets().PASSWORD_PEPPER;
}

async function withDb<T>(url: string, fn: (db: SeedDb) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("set client_min_messages = warning");
    return await fn(drizzle({ client, schema }));
  } finally {
    await client.end();
  }
}

async function writeDemo(tx: SeedTx, opts: SeedOptions): Promise<void> {
  const data = buildDemo(opts.anchor ?? startOfUtcDay());
  const pepper = resolvePepper(opts);
  // Two real hashes for the demo logins; everyone else shares one hash of a password nobody knows.
  const [adminHash, memberHash, othersHash] = await Promise.all([
    hashPassword(DEMO_LOGINS.password, pepper),
    hashPassword(DEMO_LOGINS.password, pepper),
    hashPassword(crypto.randomUUID(), pepper),
  ]);
  for (const batch of data.batches) {
    if (batch.table !== schema.users) continue;
    for (const u of batch.rows) {
      u.password = u.id === data.loginIds.admin ? adminHash : u.id === data.loginIds.member ? memberHash : othersHash;
    }
  }
  await writeBatches(tx, data.batches);
  // A signed certificate for every completed course enrolment (after the enrolments exist).
  await seedCertificates(tx, { publicUrl: opts.publicUrl ?? seedPublicUrl() });
  await backfillMetrics(tx, opts.anchor ?? startOfUtcDay());
}

/** The dashboard's daily roll-up over the last METRIC_DAYS days up to the anchor, so its trends have a year to show. */
export async function backfillMetrics(db: SeedDb | SeedTx, anchor: Date): Promise<number> {
  const to = isoDay(anchor);
  // A year in one statement can outlast the database's 8 s limit meant for requests (in a transaction, this one only).
  await db.execute(sql`SET LOCAL statement_timeout = 0`);
  return rollUpDays(db, addDays(to, -(METRIC_DAYS - 1)), to);
}

/**
 * Seeds the demo data set into an empty database (migrations already applied).
 * Throws if the database has users, unless `reset` empties every portal table first.
 */
export async function seedDemo(url: string, opts: SeedOptions & { reset?: boolean } = {}): Promise<SeedResult> {
  const started = Date.now();
  return withDb(url, (db) =>
    db.transaction(async (tx) => {
      await tx.execute(SEED_LOCK);
      if (opts.reset) await truncatePortalTables(tx);
      else if ((await countUsers(tx)) > 0) throw new Error("The database already has users: run with --reset to replace its data.");
      await writeDemo(tx, opts);
      return { counts: await tableCounts(tx), ms: Date.now() - started };
    }),
  );
}

/** Seeds the demo data when the database has no users. True when it seeded. Safe to race: one wins. */
export async function seedIfEmpty(url: string, opts: SeedOptions = {}): Promise<boolean> {
  return withDb(url, (db) =>
    db.transaction(async (tx) => {
      await tx.execute(SEED_LOCK);
      if ((await countUsers(tx)) > 0) return false;
      await writeDemo(tx, opts);
      return true;
    }),
  );
}

/**
 * ADDS n projects and n/2 members for benchmarks (the demo data first, when the database
 * is empty). Ids are deterministic for a given database state, and a second run adds
 * more rows instead of colliding with the first.
 */
export async function seedScale(url: string, n: number, opts: SeedOptions = {}): Promise<SeedResult> {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`--scale needs a positive whole number, not ${n}`);
  const started = Date.now();
  await seedIfEmpty(url, opts);
  const passwordHash = await hashPassword(crypto.randomUUID(), resolvePepper(opts));
  return withDb(url, (db) =>
    db.transaction(async (tx) => {
      await tx.execute(SEED_LOCK);
      const state = await tx.execute<{ users: number; projects: number; bulk: number }>(sql`
        select (select count(*)::int from users) as users,
               (select count(*)::int from projects) as projects,
               (select coalesce(max((regexp_match(email, '\\.(\\d+)@[^@]+\\.example\\.net$'))[1]::int), 0) from users) as bulk`);
      const { users, projects, bulk } = state.rows[0]!;
      const admins = await tx.execute<{ id: string }>(sql`select id from users where member_type = 'admin' and deleted_at is null order by id`);
      const memberRole = await tx.execute<{ id: string }>(sql`select id from roles where name = 'member'`);
      const creators = admins.rows.map((r) => r.id);
      if (!creators.length) throw new Error("No admin account to own the bulk projects: seed the demo data first.");
      const rng = new Rng(`${SEED}/scale/${users}/${projects}`);
      const data = buildScale(rng, new Clock(opts.anchor ?? startOfUtcDay()), {
        projects: n,
        members: Math.floor(n / 2),
        firstIndex: bulk + 1,
        firstProjectIndex: projects + 1,
        creators,
        memberRoleId: memberRole.rows[0]?.id ?? null,
        assignedBy: creators[0]!,
        passwordHash,
      });
      await insertRows(tx, schema.users, data.users);
      await insertRows(tx, schema.userSkills, data.skills);
      await insertRows(tx, schema.userRoles, data.roles);
      await insertRows(tx, schema.credentials, scaleCredentials(rng.fork("credentials"), data.users, isoDay(opts.anchor ?? startOfUtcDay())));
      await insertRows(tx, schema.projects, data.projects);
      return { counts: await tableCounts(tx), ms: Date.now() - started };
    }),
  );
}

// --- CLI ----------------------------------------------------------------------

function productionReason(env: NodeJS.ProcessEnv): string | null {
  if (env.APP_ENV === "production") return "APP_ENV=production";
  if (env.NODE_ENV === "production") return "NODE_ENV=production";
  return null;
}

/** Drizzle wraps the driver's error in one whose message holds the whole statement and its parameters. */
function describeError(err: unknown): string {
  const cause = (err as { cause?: unknown })?.cause as { message?: string; detail?: string; constraint?: string } | undefined;
  if (cause?.message) return [cause.message, cause.detail, cause.constraint && `(constraint ${cause.constraint})`].filter(Boolean).join(" ");
  const message = err instanceof Error ? err.message : String(err);
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

function printCounts(counts: Record<string, number>): void {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  const width = Math.max(...entries.map(([name]) => name.length));
  for (const [name, n] of entries) console.log(`    ${name.padEnd(width)}  ${n.toLocaleString("en-US")}`);
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { reset: { type: "boolean", default: false }, scale: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
    strict: true,
  });
  if (values.help) {
    console.log("Usage: npm run seed [-- --reset] [-- --scale N]\n  Seeds DATABASE_URL with demo data (only when it has no users, unless --reset).\n  --scale N also adds N projects and N/2 members for benchmarks.");
    return 0;
  }
  const refused = productionReason(process.env);
  if (refused) {
    console.error(`✗ Refusing to seed: ${refused}. Demo data and its published passwords must never reach production.`);
    return 1;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("✗ DATABASE_URL is not set: point it at the database to seed (npm run dev seeds its own local database automatically).");
    return 1;
  }
  const scale = values.scale === undefined ? null : Number(values.scale);
  if (scale !== null && (!Number.isInteger(scale) || scale < 1)) {
    console.error(`✗ --scale needs a positive whole number, not "${values.scale}".`);
    return 1;
  }

  await applyMigrations(url);
  console.log("• Migrations applied");
  const started = Date.now();
  if (values.reset) {
    const r = await seedDemo(url, { reset: true });
    console.log(`• Emptied the portal tables and seeded demo data in ${(r.ms / 1000).toFixed(1)} s`);
  } else if (await seedIfEmpty(url)) {
    console.log(`• Seeded demo data in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else if (scale === null) {
    const users = await withDb(url, (db) => countUsers(db));
    console.log(`• The database already has ${users} users; nothing changed. Run \`npm run seed -- --reset\` to replace its data.`);
    return 0;
  }
  if (scale !== null) {
    const r = await seedScale(url, scale);
    console.log(`• Added ${scale.toLocaleString("en-US")} projects and ${Math.floor(scale / 2).toLocaleString("en-US")} members in ${(r.ms / 1000).toFixed(1)} s`);
  }
  const counts = await withDb(url, (db) => tableCounts(db));
  console.log("  Rows now:");
  printCounts(counts);
  console.log(`\n  Demo logins (password ${DEMO_LOGINS.password}): ${DEMO_LOGINS.admin}, ${DEMO_LOGINS.member}`);
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`✗ ${describeError(err)}`);
      process.exit(1);
    },
  );
}
