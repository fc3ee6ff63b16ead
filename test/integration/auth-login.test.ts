// Sign-in and sign-out: cookie, fixation, enumeration, lockout, per-IP limit,
// open redirects, CSRF, deactivated accounts, two-factor hand-off, rehash.
import { scryptSync } from "node:crypto";
import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { encodeBase64NoPadding } from "@oslojs/encoding";
import { eq } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TEST_SCRYPT_PARAMS } from "../../src/auth/password.ts";
import { SESSION_COOKIE } from "../../src/auth/tokens.ts";
import { users } from "../../src/db/schema/accounts.ts";
import { sessions } from "../../src/db/schema/auth.ts";
import { createAccount, sessionCookie, TEST_PASSWORD } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();
const MISMATCH = "That email and password do not match an account.";

let ipCounter = 0;
/** A fresh client address per test, so the per-IP limiter of one test never touches another. */
const newIp = () => `198.18.${Math.floor(Math.random() * 250)}.${++ipCounter % 250}`;

function login(form: Record<string, string>, opts: { ip?: string; cookie?: string; origin?: string } = {}) {
  const headers: Record<string, string> = { "cf-connecting-ip": opts.ip ?? newIp() };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin) headers.origin = opts.origin;
  return postForm("/login", form, { headers });
}

function sessionSetCookie(res: Response): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
}

/** The Cookie header a browser would send back, and the session id inside the token. */
function issued(res: Response): { cookie: string; sessionId: string } {
  const set = sessionSetCookie(res);
  if (!set) throw new Error(`no session cookie (status ${res.status})`);
  const pair = set.split(";")[0]!;
  return { cookie: pair, sessionId: pair.slice(SESSION_COOKIE.length + 1).split(".")[0]! };
}

async function sessionRow(id: string) {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

async function userRow(id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row!;
}

/** Per-response noise (CSP nonce) taken out, so two pages can be compared byte for byte. */
const normalise = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

describe("GET /login", () => {
  it("is a plain form posting email and password, with labels and autocomplete", async () => {
    const res = await get("/login");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toMatch(/<form method="post" action="\/login"/);
    expect(html).toMatch(/<label for="f-email">/);
    expect(html).toMatch(/name="email" type="email"[^>]*autocomplete="email"/);
    expect(html).toMatch(/name="password" type="password"[^>]*autocomplete="current-password"/);
    expect(html.match(/<h1/g)).toHaveLength(1);
    expect(html).toContain('href="/forgot-password"');
    expect(html).toContain('href="/register"');
  });

  it("carries a safe next path in a hidden field and drops an unsafe one", async () => {
    expect(await (await get("/login?next=%2Fevents%3Fmonth%3D3")).text()).toContain('name="next" value="/events?month=3"');
    for (const next of ["//evil.example", "https://evil.example", "/\\evil.example"]) {
      expect(await (await get(`/login?next=${encodeURIComponent(next)}`)).text()).not.toContain('name="next"');
    }
  });

  it("sends a signed-in member to their account", async () => {
    const member = await createAccount(db);
    const res = await get("/login", { headers: { cookie: await sessionCookie(db, member.id) } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account");
  });
});

describe("POST /login", () => {
  it("signs in with a __Host- cookie that is HttpOnly, Secure, SameSite=Lax, Path=/ and goes to /account", async () => {
    const member = await createAccount(db);
    const before = new Date();
    const res = await login({ email: member.email, password: TEST_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account");
    const set = sessionSetCookie(res)!;
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; Secure/);
    expect(set).toMatch(/; SameSite=Lax/);
    expect(set).toMatch(/; Path=\//);
    expect(set).not.toMatch(/Domain=/i);
    const { sessionId, cookie } = issued(res);
    const row = await sessionRow(sessionId);
    expect(row).toMatchObject({ userId: member.id, twoFactorVerified: true });
    const user = await userRow(member.id);
    expect(user.lastSuccessfulLogin!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    // The cookie works: the guest-only page now sends the member on.
    expect((await get("/login", { headers: { cookie } })).headers.get("location")).toBe("/account");
  });

  it("accepts the email in any case and with spaces around it", async () => {
    const member = await createAccount(db);
    const res = await login({ email: `  ${member.email.toUpperCase()} `, password: TEST_PASSWORD });
    expect(res.status).toBe(303);
  });

  it("makes a new session at every sign-in", async () => {
    const member = await createAccount(db);
    const a = issued(await login({ email: member.email, password: TEST_PASSWORD }));
    const b = issued(await login({ email: member.email, password: TEST_PASSWORD }));
    expect(a.sessionId).not.toBe(b.sessionId);
  });

  it("deletes the session the browser already held (no fixation)", async () => {
    const member = await createAccount(db);
    await db.update(users).set({ twoFactorEnabled: true }).where(eq(users.id, member.id));
    // A session waiting for its second factor reaches the form (a full one is sent to /account).
    const planted = await sessionCookie(db, member.id, { twoFactorVerified: false });
    const plantedId = planted.slice(SESSION_COOKIE.length + 1).split(".")[0]!;
    expect(await sessionRow(plantedId)).toBeDefined();
    const other = await createAccount(db);
    const res = await login({ email: other.email, password: TEST_PASSWORD }, { cookie: planted });
    expect(res.status).toBe(303);
    expect(await sessionRow(plantedId)).toBeUndefined();
    expect(issued(res).sessionId).not.toBe(plantedId);
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const member = await createAccount(db);
    const wrong = await login({ email: member.email, password: "not the password at all" });
    const unknown = await login({ email: `nobody-${crypto.randomUUID()}@test.example.org`, password: "not the password at all" });
    expect(wrong.status).toBe(422);
    expect(unknown.status).toBe(wrong.status);
    const [a, b] = [await wrong.text(), await unknown.text()];
    expect(a).toContain(MISMATCH);
    // The typed email is kept in the form; with it taken out, the pages are the same.
    expect(normalise(a).replace(member.email, "EMAIL")).toBe(normalise(b).replace(/nobody-[^"]+@test\.example\.org/, "EMAIL"));
    expect(sessionSetCookie(wrong)).toBeUndefined();
    expect(a).not.toContain("not the password at all");
  });

  it("re-renders a blank form with 422 and messages beside the fields", async () => {
    const res = await login({ email: "", password: "" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="form-errors"');
    expect(html).toContain("Enter your email address.");
    expect(html).toContain("Enter your password.");
    expect(html).toMatch(/aria-invalid="true"/);
  });

  it("throttles one client to 5 attempts per address, the same for unknown addresses, and never checks the password past it", async () => {
    const member = await createAccount(db);
    const ip = newIp();
    const unknown = `nobody-${Date.now()}@test.example.org`;
    for (let i = 1; i <= 5; i++) {
      for (const email of [member.email, unknown]) {
        const res = await login({ email, password: `wrong guess ${i}` }, { ip });
        expect(res.status).toBe(422);
        expect(await res.text()).toContain(MISMATCH);
      }
    }
    // The 6th attempt from this client is refused before any password check, even the right one,
    // with the same page for a member's address and for an address nobody has.
    const [real, nobody] = [await login({ email: member.email, password: TEST_PASSWORD }, { ip }), await login({ email: unknown, password: "x" }, { ip })];
    expect([real.status, nobody.status]).toEqual([429, 429]);
    expect(sessionSetCookie(real)).toBeUndefined();
    expect(Number(real.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(normalise(await real.text())).toBe(normalise(await nobody.text()));
    // Failures are counted for the admin screens, but nothing locks the account.
    const user = await userRow(member.id);
    expect(user).toMatchObject({ failedLoginAttempts: 5, lockedUntil: null });
    expect(user.lastFailedLogin).not.toBeNull();

    // The owner on another network is not affected by the stranger's attempts, and gets in.
    const owner = await login({ email: member.email, password: TEST_PASSWORD });
    expect(owner.status).toBe(303);
    expect((await userRow(member.id)).failedLoginAttempts).toBe(0);
  });

  it("lets the member back in from the same client once they get it right (their count starts afresh)", async () => {
    const member = await createAccount(db);
    const ip = newIp();
    for (let i = 1; i <= 4; i++) expect((await login({ email: member.email, password: `typo ${i}` }, { ip })).status).toBe(422);
    expect((await login({ email: member.email, password: TEST_PASSWORD }, { ip })).status).toBe(303);
    for (let i = 1; i <= 4; i++) expect((await login({ email: member.email, password: `typo again ${i}` }, { ip })).status).toBe(422);
  });

  it("answers a locked account like a wrong password (422, same page) unless the password is right", async () => {
    const locked = await createAccount(db);
    const open = await createAccount(db);
    await db.update(users).set({ lockedUntil: new Date(Date.now() + 10 * 60_000), failedLoginAttempts: 9 }).where(eq(users.id, locked.id));
    const [a, b] = [
      await login({ email: locked.email, password: "wrong guess" }),
      await login({ email: open.email, password: "wrong guess" }),
    ];
    expect([a.status, b.status]).toEqual([422, 422]);
    expect(normalise(await a.text()).replace(locked.email, "EMAIL")).toBe(normalise(await b.text()).replace(open.email, "EMAIL"));

    // Only someone who knows the password learns of the lock.
    const right = await login({ email: locked.email, password: TEST_PASSWORD });
    expect(right.status).toBe(429);
    expect(sessionSetCookie(right)).toBeUndefined();
    expect(await right.text()).toMatch(/locked for now\. Try again in 10 minutes \(at \d\d:\d\d UTC\)/);
  });

  it("limits one address to 20 attempts in 15 minutes, then answers 429 with Retry-After", async () => {
    const ip = newIp();
    for (let i = 0; i < 20; i++) {
      const res = await login({ email: "someone@test.example.org", password: "" }, { ip });
      expect(res.status, `attempt ${i + 1}`).toBe(422);
    }
    const res = await login({ email: "someone@test.example.org", password: "" }, { ip });
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    expect(await res.text()).toMatch(/try again in \d+ minutes? \(at \d\d:\d\d UTC\)/);
    // Another address is not affected.
    expect((await login({ email: "someone@test.example.org", password: "" })).status).toBe(422);
  });

  it("follows a safe next path and refuses open redirects", async () => {
    const member = await createAccount(db);
    const go = async (next: string) => (await login({ email: member.email, password: TEST_PASSWORD, next })).headers.get("location");
    expect(await go("/events?month=3")).toBe("/events?month=3");
    expect(await go("//evil.example")).toBe("/account");
    expect(await go("https://evil.example")).toBe("/account");
    expect(await go("/\\evil.example")).toBe("/account");
  });

  it("refuses a sign-in posted from another site (CSRF)", async () => {
    const member = await createAccount(db);
    const res = await login({ email: member.email, password: TEST_PASSWORD }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(sessionSetCookie(res)).toBeUndefined();
  });

  it("answers a deactivated or deleted account like a wrong password, even with the right one", async () => {
    const inactive = await createAccount(db);
    await db.update(users).set({ isActive: false }).where(eq(users.id, inactive.id));
    const deleted = await createAccount(db);
    await db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, deleted.id));
    for (const account of [inactive, deleted]) {
      const res = await login({ email: account.email, password: TEST_PASSWORD });
      expect(res.status).toBe(422);
      expect(sessionSetCookie(res)).toBeUndefined();
      expect(await res.text()).toContain(MISMATCH);
    }
  });

  it("lets an unverified account sign in (it holds no permissions until verified)", async () => {
    const member = await createAccount(db, { verified: false });
    const res = await login({ email: member.email, password: TEST_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account");
  });

  it("sends a two-factor account to /login/two-factor with a session not yet verified", async () => {
    const member = await createAccount(db);
    await db.update(users).set({ twoFactorEnabled: true }).where(eq(users.id, member.id));
    const res = await login({ email: member.email, password: TEST_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login/two-factor");
    const row = await sessionRow(issued(res).sessionId);
    expect(row?.twoFactorVerified).toBe(false);
  });

  it("upgrades a hash made with weaker scrypt parameters at sign-in", async () => {
    const member = await createAccount(db);
    const pepper = (env as unknown as { PASSWORD_PEPPER: string }).PASSWORD_PEPPER;
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const peppered = hmac(SHA256, new TextEncoder().encode(pepper), new TextEncoder().encode(TEST_PASSWORD));
    const key = scryptSync(peppered, salt, 32, { N: 1024, r: 8, p: 1 });
    const weak = `scrypt$N=1024,r=8,p=1$${encodeBase64NoPadding(salt)}$${encodeBase64NoPadding(new Uint8Array(key))}`;
    await db.update(users).set({ password: weak }).where(eq(users.id, member.id));
    expect((await login({ email: member.email, password: TEST_PASSWORD })).status).toBe(303);
    const stored = (await userRow(member.id)).password;
    // Under APP_ENV=test new hashes use the cheap test parameters (production's are tested in test/unit/auth/password.test.ts).
    const { N, r, p } = TEST_SCRYPT_PARAMS;
    expect(stored.startsWith(`scrypt$N=${N},r=${r},p=${p}$`)).toBe(true);
    // And the new hash still opens the account.
    expect((await login({ email: member.email, password: TEST_PASSWORD })).status).toBe(303);
  });
});

describe("POST /logout", () => {
  it("deletes the session, clears the cookie and goes home", async () => {
    const member = await createAccount(db);
    const { cookie, sessionId } = issued(await login({ email: member.email, password: TEST_PASSWORD }));
    const res = await postForm("/logout", {}, { headers: { cookie } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect(await sessionRow(sessionId)).toBeUndefined();
    expect(sessionSetCookie(res)).toMatch(/Max-Age=0/);
    // The old cookie no longer signs anyone in.
    expect((await get("/login", { headers: { cookie } })).status).toBe(200);
  });

  it("sends a signed-out browser home without error", async () => {
    const res = await postForm("/logout", {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
  });

  it("refuses a sign-out posted from another site", async () => {
    const member = await createAccount(db);
    const { cookie, sessionId } = issued(await login({ email: member.email, password: TEST_PASSWORD }));
    const res = await postForm("/logout", {}, { headers: { cookie, origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expect(await sessionRow(sessionId)).toBeDefined();
  });
});
