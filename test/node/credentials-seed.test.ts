// The credentials vault's data: the demo seed carries users.certifications over into
// credentials (the demo member's fixed set included), and an existing database gets the
// one-time copy after its migrations — once, PENDING or EXPIRED, never again once the vault
// has rows.
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { carryOverCertifications } from "../../scripts/lib/carry-certifications.ts";
import { applyMigrations } from "../../scripts/lib/migrate.ts";
import { dropDatabase, ensureDatabase } from "../../scripts/lib/postgres.ts";
import { DEMO_LOGINS, seedDemo } from "../../scripts/seed.ts";
import { isoDay, startOfUtcDay } from "../../scripts/seed/time.ts";
import * as schema from "../../src/db/schema/index.ts";

const baseUrl = process.env.PORTAL_TEST_DATABASE_URL;
if (!baseUrl) throw new Error("Run with `npm test`: it starts Postgres and sets PORTAL_TEST_DATABASE_URL.");

const ANCHOR = startOfUtcDay();
const name = `credentials_seed_${Date.now()}_${process.pid}`;
function urlFor(db: string): string {
  const u = new URL(baseUrl!);
  u.pathname = `/${db}`;
  return u.toString();
}

let client: pg.Client;
const q = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows;

beforeAll(async () => {
  await ensureDatabase(urlFor("postgres"), name);
  await applyMigrations(urlFor(name));
  await seedDemo(urlFor(name), { pepper: "credentials-seed-pepper-0123456789abcdef012", anchor: ANCHOR });
  client = new pg.Client({ connectionString: urlFor(name) });
  await client.connect();
}, 120_000);

afterAll(async () => {
  await client?.end();
  await dropDatabase(urlFor("postgres"), name);
});

describe("the demo vault", () => {
  it("gives member@example.org a verified CSLB licence with C-10, a verified MBE expiring in 20 days and a pending liability certificate with a PDF", async () => {
    const rows = await q<{ type: string; status: string; classification: string | null; expires_on: string; document_key: string | null; document_size: number | null }>(
      `select c.type, c.status, c.classification, to_char(c.expires_on, 'YYYY-MM-DD') as expires_on, c.document_key, c.document_size
       from credentials c join users u on u.id = c.user_id where u.email = $1`,
      [DEMO_LOGINS.member],
    );
    const of = (type: string) => rows.find((r) => r.type === type)!;
    expect(of("CSLB_LICENSE")).toMatchObject({ status: "VERIFIED", classification: "A, C-8, C-10" });
    expect(of("MBE")).toMatchObject({ status: "VERIFIED", expires_on: isoDay(new Date(ANCHOR.getTime() + 20 * 86_400_000)) });
    expect(of("GENERAL_LIABILITY")).toMatchObject({ status: "PENDING" });
    expect(of("GENERAL_LIABILITY").document_key).toMatch(/^credentials\/c[a-z2-7]{24}\/c[a-z2-7]{24}$/);
    expect(of("GENERAL_LIABILITY").document_size).toBeGreaterThan(300);
  });

  it("carries every member's certifications over: one CSLB licence per number, passed dates EXPIRED, unverified members PENDING", async () => {
    const [counts] = await q<{ members: number; with_credentials: number; expired_wrong: number; unverified_verified: number; duplicate_licences: number }>(`
      select
        (select count(*)::int from users where jsonb_array_length(coalesce(certifications, '[]'::jsonb)) > 0) as members,
        (select count(distinct user_id)::int from credentials) as with_credentials,
        (select count(*)::int from credentials where expires_on < $1::date and status <> 'EXPIRED') as expired_wrong,
        (select count(*)::int from credentials c join users u on u.id = c.user_id where not u.is_verified and c.status = 'VERIFIED') as unverified_verified,
        (select count(*)::int from (select user_id, number from credentials where type = 'CSLB_LICENSE' group by 1, 2 having count(*) > 1) d) as duplicate_licences`,
      [isoDay(ANCHOR)],
    );
    expect(counts!.with_credentials).toBe(counts!.members);
    expect(counts!.members).toBeGreaterThan(100);
    expect(counts).toMatchObject({ expired_wrong: 0, unverified_verified: 0, duplicate_licences: 0 });
  });
});

describe("the one-time copy into an existing database", () => {
  it("copies once while the vault is empty, as PENDING or EXPIRED, and never again", async () => {
    const db = drizzle({ client, schema });
    await q("delete from credentials");
    const today = isoDay(ANCHOR);
    const first = await carryOverCertifications(db, today);
    expect(first).toBeGreaterThan(100);
    const statuses = await q<{ status: string }>("select distinct status from credentials order by 1");
    expect(statuses.map((s) => s.status).sort()).toEqual(["EXPIRED", "PENDING"]);
    expect(await carryOverCertifications(db, today)).toBe(0);
    // A member deletes a carried-over credential: a later migrate does not bring it back.
    const [gone] = await q<{ id: string }>("delete from credentials where id = (select min(id) from credentials) returning id");
    await applyMigrations(urlFor(name));
    expect(await q("select 1 from credentials where id = $1", [gone!.id])).toHaveLength(0);
    const [{ n }] = (await q<{ n: number }>("select count(*)::int as n from credentials")) as [{ n: number }];
    expect(n).toBe(first - 1);
  });
});
