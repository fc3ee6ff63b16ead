// The demo certificates: the seed signs one certificate for every COMPLETED course enrolment,
// in Node, with the published development key. Checked here with Node's own Ed25519
// (crypto.verify), independently of jose, against the public key as /issuer/jwks.json gives it.
import { createPublicKey, verify } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CERTIFICATE_SIGNING_KEY } from "../../scripts/lib/dev-certificate-key.ts";
import { applyMigrations } from "../../scripts/lib/migrate.ts";
import { dropDatabase, ensureDatabase } from "../../scripts/lib/postgres.ts";
import { DEMO_LOGINS, seedDemo } from "../../scripts/seed.ts";
import { startOfUtcDay } from "../../scripts/seed/time.ts";
import { publicJwk } from "../../src/features/certificates/signing.ts";

const baseUrl = process.env.PORTAL_TEST_DATABASE_URL;
if (!baseUrl) throw new Error("Run with `npm test`: it starts Postgres and sets PORTAL_TEST_DATABASE_URL.");

const PUBLIC_URL = "http://localhost:8787";
const name = `certificates_seed_${Date.now()}_${process.pid}`;
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
  await seedDemo(urlFor(name), { pepper: "certificates-seed-pepper-0123456789abcdef0", anchor: startOfUtcDay(), publicUrl: PUBLIC_URL });
  client = new pg.Client({ connectionString: urlFor(name) });
  await client.connect();
}, 120_000);

afterAll(async () => {
  await client?.end();
  await dropDatabase(urlFor("postgres"), name);
});

const jwksKey = createPublicKey({ key: { ...publicJwk(DEV_CERTIFICATE_SIGNING_KEY, PUBLIC_URL) }, format: "jwk" });

describe("the demo certificates", () => {
  it("issues exactly one certificate for every COMPLETED enrolment and none for any other", async () => {
    const [row] = await q<{ completed: number; certified: number; strays: number }>(`
      select
        (select count(*)::int from course_enrollments where status = 'COMPLETED') as completed,
        (select count(*)::int from certificates c join course_enrollments e on e.id = c.enrollment_id where e.status = 'COMPLETED') as certified,
        (select count(*)::int from certificates c join course_enrollments e on e.id = c.enrollment_id where e.status <> 'COMPLETED') as strays`);
    expect(row!.completed).toBeGreaterThan(0);
    expect(row).toMatchObject({ certified: row!.completed, strays: 0 });
  });

  it("gives the demo member a certificate for each course they completed", async () => {
    const rows = await q<{ completed: number; certificates: number }>(
      `select count(e.id)::int as completed, count(c.id)::int as certificates
       from course_enrollments e join users u on u.id = e.user_id left join certificates c on c.enrollment_id = e.id
       where u.email = $1 and e.status = 'COMPLETED'`,
      [DEMO_LOGINS.member],
    );
    expect(rows[0]!.certificates).toBe(rows[0]!.completed);
  });

  it("signs every credential with the development key: Node's Ed25519 verifies each one, and a changed one fails", async () => {
    const rows = await q<{ id: string; credential: string; recipient_name: string; course_title: string }>("select id, credential, recipient_name, course_title from certificates");
    for (const r of rows) {
      const [h, p, s] = r.credential.split(".");
      const header = JSON.parse(Buffer.from(h!, "base64url").toString("utf8"));
      expect(header).toEqual({ alg: "EdDSA", typ: "vc+jwt", kid: `${PUBLIC_URL}/issuer/jwks.json#${DEV_CERTIFICATE_SIGNING_KEY.kid}` });
      expect(verify(null, Buffer.from(`${h}.${p}`), jwksKey, Buffer.from(s!, "base64url"))).toBe(true);
      const vc = JSON.parse(Buffer.from(p!, "base64url").toString("utf8"));
      expect(vc.id).toBe(`${PUBLIC_URL}/certificates/${r.id}`);
      expect(vc.issuer.id).toBe(`${PUBLIC_URL}/issuer`);
      expect(vc.credentialSubject.identifier[0].identityHash).toBe(r.recipient_name);
      expect(vc.credentialSubject.achievement.name).toBe(r.course_title);
    }
    const [h, p, s] = rows[0]!.credential.split(".");
    const forged = Buffer.from(Buffer.from(p!, "base64url").toString("utf8").replace(rows[0]!.recipient_name, "Someone Else")).toString("base64url");
    expect(verify(null, Buffer.from(`${h}.${forged}`), jwksKey, Buffer.from(s!, "base64url"))).toBe(false);
  });
});
