// scripts/seed.ts: the demo data set loads into a freshly migrated database, respects
// every constraint, tells the same story on every run, keeps its invariants (seat
// counts, application counts, progress), the demo logins work, --scale adds rows,
// and the CLI refuses production.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../scripts/lib/migrate.ts";
import { dropDatabase, ensureDatabase } from "../../scripts/lib/postgres.ts";
import { root } from "../../scripts/lib/stack.ts";
import { DEMO_LOGINS, seedDemo, seedIfEmpty, seedScale } from "../../scripts/seed.ts";
import { buildDemo } from "../../scripts/seed/demo.ts";
import { startOfUtcDay } from "../../scripts/seed/time.ts";
import { verifyPassword } from "../../src/auth/password.ts";
import { PERMISSION_CATALOG, SYSTEM_ROLES } from "../../src/auth/permissions.ts";
import { projectCategoryEnum, projectStatusEnum } from "../../src/db/schema/index.ts";
import { DEV_CERTIFICATE_SIGNING_KEY } from "../../scripts/lib/dev-certificate-key.ts";
import { seedPublicUrl } from "../../scripts/seed/certificates.ts";
import { publicJwk, verifyCredentialJwt } from "../../src/features/certificates/signing.ts";
import { differingFacts, signedFacts } from "../../src/features/certificates/verify.ts";

const baseUrl = process.env.PORTAL_TEST_DATABASE_URL;
if (!baseUrl) throw new Error("Run with `npm test`: it starts Postgres and sets PORTAL_TEST_DATABASE_URL.");

const PEPPER = "seed-test-pepper-0123456789abcdef0123456789";
// Pinned so both seeded databases share one anchor even if the test straddles midnight UTC.
const ANCHOR = startOfUtcDay();
const stamp = `${Date.now()}_${process.pid}`;
const adminUrl = urlFor("postgres");
const names = { a: `seed_test_a_${stamp}`, b: `seed_test_b_${stamp}`, scale: `seed_test_scale_${stamp}` };

function urlFor(db: string): string {
  const u = new URL(baseUrl!);
  u.pathname = `/${db}`;
  return u.toString();
}

let client: pg.Client;
async function rows<T extends pg.QueryResultRow>(text: string, params: unknown[] = [], c = client): Promise<T[]> {
  return (await c.query<T>(text, params)).rows;
}
async function count(table: string, where = "true", c = client): Promise<number> {
  return (await rows<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, [], c))[0]!.n;
}

/** Everything the PRNG decides, across the main tables (not password hashes, which are salted). */
async function digest(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const parts: string[] = [];
    for (const q of [
      "select id, email, company, member_type, membership_expires_at, latitude, longitude, certifications from users order by id",
      "select id, title, status, category, budget_min, budget_max, deadline_date, deleted_at from projects order by id",
      "select id, project_id, user_id, status, bid_amount from project_applications order by id",
      "select id, title, status, start_date, current_capacity from events order by id",
      "select id, event_id, user_id, status, amount from event_registrations order by id",
      "select id, course_id, user_id, status, progress from course_enrollments order by id",
      "select id, user_id, type, status, amount, stripe_payment_id from payments order by id",
      "select id, sender_id, receiver_id, content, status from messages order by id",
      "select id, action, user_id, target_user_id, created_at from admin_actions order by id",
    ]) parts.push(JSON.stringify((await c.query(q)).rows));
    return createHash("sha256").update(parts.join("\n")).digest("hex");
  } finally {
    await c.end();
  }
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/seed.ts"), ...args], {
      cwd: root,
      env: { ...process.env, PASSWORD_PEPPER: PEPPER, ...env },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

let seedMs = 0;

beforeAll(async () => {
  await ensureDatabase(adminUrl, names.a);
  await applyMigrations(urlFor(names.a));
  const result = await seedDemo(urlFor(names.a), { pepper: PEPPER, anchor: ANCHOR });
  seedMs = result.ms;
  client = new pg.Client({ connectionString: urlFor(names.a) });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  for (const name of Object.values(names)) await dropDatabase(adminUrl, name);
});

describe("npm run seed: demo data", () => {
  it("loads in well under 15 seconds", () => {
    expect(seedMs).toBeLessThan(15_000);
  });

  it("fills every table with a demo-sized number of rows", async () => {
    const expected: Record<string, [number, number]> = {
      users: [195, 210],
      user_skills: [600, 1400],
      permissions: [PERMISSION_CATALOG.length, PERMISSION_CATALOG.length],
      roles: [SYSTEM_ROLES.length, SYSTEM_ROLES.length + 3],
      role_permissions: [SYSTEM_ROLES.reduce((n, r) => n + r.permissions.length, 0), 40],
      user_roles: [120, 210],
      projects: [55, 70],
      project_applications: [150, 600],
      project_files: [60, 300],
      events: [18, 24],
      event_registrations: [600, 2000],
      event_files: [1, 40],
      courses: [6, 6],
      course_modules: [24, 48],
      course_enrollments: [100, 350],
      messages: [60, 300],
      announcements: [8, 14],
      membership_tiers: [3, 4],
      payments: [500, 2500],
      admin_actions: [100, 500],
      member_feedback: [15, 40],
      system_metrics: [7300, 7300], // 365 days × 18 roll-up rows + 365 × 2 page-view rows
    };
    for (const [table, [lo, hi]] of Object.entries(expected)) {
      const n = await count(table);
      expect(n, table).toBeGreaterThanOrEqual(lo);
      expect(n, table).toBeLessThanOrEqual(hi);
    }
  });

  it("has both demo logins, with the right types, verifying with the published password", async () => {
    const logins = await rows<{ email: string; member_type: string; is_verified: boolean; is_active: boolean; deleted_at: Date | null; password: string; membership_expires_at: Date; city: string; company: string; roles: string[] }>(
      `select u.*, array(select r.name from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id and ur.is_active) as roles
         from users u where email = any($1) order by email`,
      [[DEMO_LOGINS.admin, DEMO_LOGINS.member]],
    );
    expect(logins.map((u) => u.email)).toEqual([DEMO_LOGINS.admin, DEMO_LOGINS.member]);
    const [admin, member] = logins as [(typeof logins)[0], (typeof logins)[0]];
    expect(admin).toMatchObject({ member_type: "admin", is_verified: true, is_active: true, deleted_at: null, roles: ["admin"] });
    expect(member).toMatchObject({ member_type: "REGULAR", is_verified: true, is_active: true, deleted_at: null, city: "Oakland", roles: ["member"] });
    expect(member.company).toBeTruthy();
    const monthsLeft = (member.membership_expires_at.getTime() - ANCHOR.getTime()) / (30.4 * 86_400_000);
    expect(monthsLeft).toBeGreaterThan(7);
    expect(monthsLeft).toBeLessThan(9);
    expect(await count("user_skills", `user_id = (select id from users where email = '${DEMO_LOGINS.member}')`)).toBeGreaterThanOrEqual(3);
    for (const u of logins) {
      expect((await verifyPassword(u.password, DEMO_LOGINS.password, PEPPER)).ok, u.email).toBe(true);
      expect((await verifyPassword(u.password, "wrong-password", PEPPER)).ok).toBe(false);
    }
    // Everyone else shares one hash of a password nobody knows.
    const [other] = await rows<{ password: string }>("select password from users where email not in ($1, $2) limit 1", [DEMO_LOGINS.admin, DEMO_LOGINS.member]);
    expect((await verifyPassword(other!.password, DEMO_LOGINS.password, PEPPER)).ok).toBe(false);
  });

  it("covers the membership cases: admins, unverified, expired, expiring, lifetime, deactivated, locked", async () => {
    expect(await count("users", "member_type = 'admin'")).toBeGreaterThanOrEqual(3);
    expect(await count("users", "not is_verified")).toBeGreaterThanOrEqual(5);
    expect(await count("users", "membership_expires_at < now()")).toBeGreaterThanOrEqual(10);
    expect(await count("users", "membership_expires_at between now() and now() + interval '30 days'")).toBeGreaterThanOrEqual(5);
    expect(await count("users", "membership_expires_at is null")).toBeGreaterThanOrEqual(1);
    const deactivated = await count("users", "deleted_at is not null and not is_active");
    expect(deactivated).toBeGreaterThanOrEqual(1);
    expect(deactivated).toBeLessThanOrEqual(2);
    expect(await count("users", "locked_until > now()")).toBe(1);
    // Coordinates: both shapes set, agreeing, in Northern California.
    expect(await count("users", "latitude is null or coordinates is null or (coordinates->>'lat')::float8 <> latitude")).toBe(0);
    expect(await count("users", "latitude not between 37.2 and 38.9 or longitude not between -122.9 and -120.8")).toBe(0);
    const certs = await rows<{ t: string }>("select distinct c->>'type' as t from users, jsonb_array_elements(certifications) c order by 1");
    expect(certs.map((c) => c.t)).toEqual(expect.arrayContaining(["CSLB", "DBE", "MBE", "SBE", "DVBE", "WBE"]));
  });

  it("loads the full permission catalogue and system roles, and role grants that must not count", async () => {
    expect(await count("permissions", "is_system_permission")).toBe(PERMISSION_CATALOG.length);
    expect(await count("roles", "is_system_role")).toBe(SYSTEM_ROLES.length);
    for (const role of SYSTEM_ROLES) {
      const granted = await rows<{ name: string }>(
        "select p.name from role_permissions rp join roles r on r.id = rp.role_id join permissions p on p.id = rp.permission_id where r.name = $1 order by 1",
        [role.name],
      );
      expect(granted.map((g) => g.name), role.name).toEqual([...role.permissions].sort());
    }
    const chairs = await rows<{ is_active: boolean; expired: boolean }>(
      "select ur.is_active, coalesce(ur.expires_at < now(), false) as expired from user_roles ur join roles r on r.id = ur.role_id where r.name = 'committee chair'",
    );
    expect(chairs.some((c) => c.expired)).toBe(true);
    expect(chairs.some((c) => !c.is_active)).toBe(true);
    expect(chairs.some((c) => c.is_active && !c.expired)).toBe(true);
    expect(await count("user_roles ur join roles r on r.id = ur.role_id", "r.name = 'event staff'")).toBeGreaterThanOrEqual(2);
  });

  it("has projects in every status and category, with consistent budgets, dates and application counts", async () => {
    const statuses = await rows<{ status: string }>("select distinct status from projects where deleted_at is null order by 1");
    expect(statuses.map((s) => s.status).sort()).toEqual([...projectStatusEnum.enumValues].sort());
    const categories = await rows<{ category: string }>("select distinct category from projects where deleted_at is null");
    expect(categories.map((c) => c.category).sort()).toEqual([...projectCategoryEnum.enumValues].sort());
    expect(await count("projects", "deleted_at is not null")).toBeGreaterThanOrEqual(1);
    expect(await count("projects", "status = 'BIDDING_OPEN' and deadline_date <= now()")).toBe(0);
    expect(await count("projects", "status in ('BIDDING_CLOSED', 'AWARDED', 'COMPLETED') and deadline_date > now()")).toBe(0);
    expect(await count("projects", "search_vector is null")).toBe(0);
    expect(await count("projects p", "application_count <> (select count(*) from project_applications a where a.project_id = p.id and a.status <> 'WITHDRAWN')")).toBe(0);
    // Awarded and completed work has exactly one approved bid.
    expect(await count("projects p", "status in ('AWARDED', 'COMPLETED') and deleted_at is null and (select count(*) from project_applications a where a.project_id = p.id and a.status = 'APPROVED') <> 1")).toBe(0);
    expect(await count("project_files", "file_path not like 'projects/' || project_id || '/%.pdf'")).toBe(0);
  });

  it("keeps each event's current_capacity equal to its seats taken, with one event nearly full", async () => {
    // Seats taken as the EventCapacity object counts them (src/objects/event-capacity-sync.ts):
    // REGISTERED, ATTENDED and NO_SHOW rows (a no-show still held a seat).
    const events = await rows<{ title: string; status: string; max_capacity: number | null; current_capacity: number; taken: number; past: boolean; open: number }>(`
      select e.title, e.status, e.max_capacity, e.current_capacity, e.end_date < now() as past,
             (select count(*)::int from event_registrations r where r.event_id = e.id and r.status in ('REGISTERED', 'ATTENDED', 'NO_SHOW')) as taken,
             (select count(*)::int from event_registrations r where r.event_id = e.id and r.status = 'REGISTERED') as open
        from events e`);
    for (const e of events) {
      expect(e.current_capacity, e.title).toBe(e.taken);
      if (e.past) expect(e.open, `${e.title} is over: nobody is still just REGISTERED`).toBe(0);
    }
    const nearlyFull = events.filter((e) => !e.past && e.max_capacity && e.current_capacity >= 0.9 * e.max_capacity && e.current_capacity < e.max_capacity);
    expect(nearlyFull.length).toBeGreaterThanOrEqual(1);
    expect(events.some((e) => e.past && e.status === "COMPLETED")).toBe(true);
    expect(events.some((e) => !e.past && e.status === "REGISTRATION_OPEN")).toBe(true);
    expect(await count("event_registrations", "status = 'NO_SHOW'")).toBeGreaterThan(0);
    expect(await count("event_registrations", "paid and payment_id is null")).toBe(0);
  });

  it("keeps course progress consistent with enrollment status, and module order unique", async () => {
    expect(await count("courses c", "(select count(*) from course_modules m where m.course_id = c.id) not between 4 and 8")).toBe(0);
    expect(await count("course_enrollments", "status = 'COMPLETED' and (progress <> 100 or completed_at is null)")).toBe(0);
    expect(await count("course_enrollments", "status = 'ENROLLED' and progress <> 0")).toBe(0);
    expect(await count("course_enrollments", "status = 'IN_PROGRESS' and progress not between 1 and 99")).toBe(0);
    expect(await count("course_enrollments", "status <> 'COMPLETED' and completed_at is not null")).toBe(0);
  });

  it("gives the demo member one completed course with a valid certificate linked to it, and courses in progress", async () => {
    const mine = await rows<{ status: string; certificate_id: string | null; credential: string | null; revoked_at: Date | null; recipient_name: string; course_title: string; hours: string; issued_at: Date }>(
      `select e.status, c.id as certificate_id, c.credential, c.revoked_at, c.recipient_name, c.course_title, c.hours, c.issued_at
       from course_enrollments e join users u on u.id = e.user_id left join certificates c on c.enrollment_id = e.id
       where u.email = $1`,
      [DEMO_LOGINS.member],
    );
    const completed = mine.filter((e) => e.status === "COMPLETED");
    expect(completed).toHaveLength(1);
    expect(mine.filter((e) => e.status === "IN_PROGRESS").length).toBeGreaterThanOrEqual(1);
    expect(mine.filter((e) => e.status !== "COMPLETED" && e.certificate_id)).toEqual([]);
    const cert = completed[0]!;
    expect(cert.certificate_id).toBeTruthy();
    expect(cert.revoked_at).toBeNull();
    // Valid as the certificate's page checks it: the development key's signature, this certificate's id, and the row saying what was signed.
    const publicUrl = seedPublicUrl();
    const checked = await verifyCredentialJwt(cert.credential!, [publicJwk(DEV_CERTIFICATE_SIGNING_KEY, publicUrl)], publicUrl);
    expect(checked).toMatchObject({ ok: true, certificateId: cert.certificate_id });
    if (!checked.ok) return;
    const record = { recipientName: cert.recipient_name, courseTitle: cert.course_title, hours: Number(cert.hours).toFixed(2), issuedAt: cert.issued_at };
    expect(differingFacts(signedFacts(checked.credential), record)).toEqual([]);
  });

  it("writes no past-tense timestamp in the future", async () => {
    const columns = [
      "users.created_at", "users.member_since", "users.last_successful_login", "projects.created_at", "projects.published_at",
      "projects.closed_at", "project_applications.submitted_at", "project_applications.reviewed_at", "event_registrations.registered_at",
      "payments.created_at", "payments.processed_at", "messages.sent_at", "messages.read_at", "announcements.sent_at",
      "admin_actions.created_at", "member_feedback.responded_at", "course_enrollments.completed_at", "system_metrics.recorded_at",
    ];
    for (const col of columns) {
      const [table, column] = col.split(".") as [string, string];
      expect(await count(table, `${column} > now()`), col).toBe(0);
    }
  });

  it("is deterministic: a second fresh database gets identical rows and ids", async () => {
    await ensureDatabase(adminUrl, names.b);
    await applyMigrations(urlFor(names.b));
    await seedDemo(urlFor(names.b), { pepper: PEPPER, anchor: ANCHOR });
    expect(await digest(urlFor(names.b))).toBe(await digest(urlFor(names.a)));
  });

  it("draws the same ids and text whatever the day: only timestamps follow the anchor", () => {
    const pick = (anchor: Date) =>
      buildDemo(anchor).batches.map((b) => b.rows.map((r) => [r.id, r.email, r.title, r.company, r.content, r.status].join("|")).sort().join("\n")).join("\n\n");
    expect(pick(new Date(Date.UTC(2026, 10, 25)))).toBe(pick(new Date(Date.UTC(2027, 5, 1))));
  });

  it("seedIfEmpty leaves a seeded database alone", async () => {
    const before = await count("users");
    expect(await seedIfEmpty(urlFor(names.a), { pepper: PEPPER })).toBe(false);
    expect(await count("users")).toBe(before);
  });

  it("seedScale adds N projects and N/2 members on top, and again on a second run", async () => {
    await ensureDatabase(adminUrl, names.scale);
    await applyMigrations(urlFor(names.scale));
    const url = urlFor(names.scale);
    await seedScale(url, 300, { pepper: PEPPER, anchor: ANCHOR }); // seeds the demo data first: the database is empty
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const demoUsers = await count("users", "true", client);
      const demoProjects = await count("projects", "true", client);
      expect(await count("users", "true", c)).toBe(demoUsers + 150);
      expect(await count("projects", "true", c)).toBe(demoProjects + 300);
      await seedScale(url, 100, { pepper: PEPPER, anchor: ANCHOR });
      expect(await count("users", "true", c)).toBe(demoUsers + 200);
      expect(await count("projects", "true", c)).toBe(demoProjects + 400);
      // Bulk members can be found and matched like real ones.
      expect(await count("users", "email like '%.example.net' and (latitude is null or cardinality(skills) = 0)", c)).toBe(0);
      expect(await count("user_skills", "true", c)).toBeGreaterThan(await count("user_skills", "true", client));
    } finally {
      await c.end();
    }
  });
});

describe("npm run seed: command line", () => {
  it("refuses to run when APP_ENV or NODE_ENV is production", async () => {
    const productions: Array<Record<string, string>> = [{ APP_ENV: "production" }, { NODE_ENV: "production" }];
    for (const env of productions) {
      const { code, out } = await runCli([], { ...env, DATABASE_URL: urlFor(names.a) });
      expect(code).not.toBe(0);
      expect(out).toMatch(/Refusing to seed: (APP|NODE)_ENV=production/);
      expect(out.trim().split("\n")).toHaveLength(1);
    }
  });

  it("refuses without DATABASE_URL", async () => {
    const { code, out } = await runCli([], { DATABASE_URL: "", APP_ENV: "development", NODE_ENV: "test" });
    expect(code).not.toBe(0);
    expect(out).toMatch(/DATABASE_URL is not set/);
  });

  it("leaves a database that already has members alone, and exits 0", async () => {
    const before = await count("users");
    const { code, out } = await runCli([], { DATABASE_URL: urlFor(names.a), APP_ENV: "development", NODE_ENV: "test" });
    expect(code, out).toBe(0);
    expect(out).toMatch(/already has \d+ users; nothing changed/);
    expect(await count("users")).toBe(before);
  });
});
