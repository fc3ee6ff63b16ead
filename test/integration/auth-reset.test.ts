// Forgotten passwords: enumeration-safe request, rate limits, single-use and
// 1-hour links, policy checked before the link is used, every session revoked.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { users } from "../../src/db/schema/accounts.ts";
import { emailOutbox, emailTokens, sessions } from "../../src/db/schema/auth.ts";
import { createAccount, sessionCookie, TEST_PASSWORD } from "../helpers/auth.ts";
import { uniqueEmail, useTestDb } from "../helpers/db.ts";
import { get, ORIGIN, postForm } from "../helpers/http.ts";

const db = useTestDb();
const NEW_PASSWORD = "gravel ladder summer quilt";

let ipCounter = 0;
const newIp = () => `198.20.${Math.floor(Math.random() * 250)}.${++ipCounter % 250}`;

function forgotRequest(email: string, ip = newIp()) {
  return new Request(`${ORIGIN}/forgot-password`, {
    method: "POST",
    headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": ip },
    body: new URLSearchParams({ email }).toString(),
    redirect: "manual",
  });
}

/** The response as soon as it is sent, and the work left for after it (the link is made there). */
async function forgotTimed(email: string, ip = newIp()) {
  const ctx = createExecutionContext();
  const started = performance.now();
  const res = await worker.fetch(forgotRequest(email, ip), env, ctx);
  const ms = performance.now() - started;
  return { res, ms, afterResponse: () => waitOnExecutionContext(ctx) };
}

/** Asks for a link and waits for the work after the response too, as the member's inbox would. */
async function forgot(email: string, ip = newIp()) {
  const { res, afterResponse } = await forgotTimed(email, ip);
  await afterResponse();
  return res;
}

function login(email: string, password: string) {
  return postForm("/login", { email, password }, { headers: { "cf-connecting-ip": newIp() } });
}

async function emailsTo(address: string, kind?: string) {
  const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address)).orderBy(asc(emailOutbox.createdAt));
  return kind ? rows.filter((r) => r.kind === kind) : rows;
}

function resetToken(text: string): string {
  const m = /http:\/\/localhost\/reset-password\?token=([a-z2-7]{52})/.exec(text);
  if (!m) throw new Error(`no reset link in: ${text}`);
  return m[1]!;
}

/** Asks for a reset link for this account and returns the token from the email. */
async function requestReset(email: string): Promise<string> {
  expect((await forgot(email)).status).toBe(200);
  const mails = await emailsTo(email, "RESET_PASSWORD");
  return resetToken(mails.at(-1)!.textBody);
}

const normalise = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

describe("POST /forgot-password", () => {
  it("answers the same for a member and an unknown address, and emails only the member", async () => {
    const member = await createAccount(db);
    const unknown = uniqueEmail("nobody");
    const known = await forgot(member.email.toUpperCase());
    const other = await forgot(unknown);
    expect(known.status).toBe(200);
    expect(other.status).toBe(200);
    const [a, b] = [await known.text(), await other.text()];
    expect(a).toContain("If an account uses");
    expect(normalise(a).replace(member.email, "EMAIL")).toBe(normalise(b).replace(unknown, "EMAIL"));

    const mails = await emailsTo(member.email, "RESET_PASSWORD");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.userId).toBe(member.id);
    expect(await emailsTo(unknown)).toEqual([]);
  });

  it("answers both a member's and an unknown address without touching Postgres: the link is made after the response", async () => {
    const member = await createAccount(db);
    const unknown = uniqueEmail("nobody");
    // With the accounts and tokens tables locked, any path that looked up the address or made a
    // token before answering would hang here. Both must answer, identically, while the lock holds.
    let pending: Array<() => Promise<void>> = [];
    await db.transaction(async (tx) => {
      await tx.execute(sql`LOCK TABLE users, email_tokens, email_outbox IN ACCESS EXCLUSIVE MODE`);
      const timeout = (ms: number) => new Promise<"timed out">((r) => setTimeout(() => r("timed out"), ms));
      for (const email of [member.email, unknown]) {
        const answered = await Promise.race([forgotTimed(email), timeout(3000)]);
        expect(answered, email).not.toBe("timed out");
        if (answered === "timed out") return;
        expect(answered.res.status).toBe(200);
        expect(await answered.res.text()).toContain("If an account uses");
        pending.push(answered.afterResponse);
      }
    });
    // The lock is gone: the work after the response now sends the member's link, and nothing else.
    for (const finish of pending) await finish();
    pending = [];
    expect(await emailsTo(member.email, "RESET_PASSWORD")).toHaveLength(1);
    expect(await emailsTo(unknown)).toEqual([]);
  });

  it("answers a member's address as fast as an unknown one (median difference under 15 ms)", async () => {
    const members = await Promise.all(Array.from({ length: 8 }, () => createAccount(db)));
    const known: number[] = [];
    const other: number[] = [];
    for (const m of members) {
      // Interleaved, each one's after-response work finished before the next starts.
      for (const [email, into] of [[m.email, known], [uniqueEmail("nobody"), other]] as const) {
        const { res, ms, afterResponse } = await forgotTimed(email);
        expect(res.status).toBe(200);
        await res.text();
        into.push(ms);
        await afterResponse();
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const figures = { memberMedianMs: median(known), unknownMedianMs: median(other), differenceMs: median(known) - median(other) };
    console.log(`forgot-password timing: ${JSON.stringify(figures)}`);
    expect(Math.abs(figures.differenceMs)).toBeLessThan(15);
  });

  it("sends nothing to a deactivated account, with the same answer", async () => {
    const member = await createAccount(db);
    await db.update(users).set({ isActive: false }).where(eq(users.id, member.id));
    const res = await forgot(member.email);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("If an account uses");
    expect(await emailsTo(member.email)).toEqual([]);
  });

  it("re-renders a malformed address with 422", async () => {
    const res = await forgot("not an email <b>");
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Enter an email address like name@example.com.");
    expect(html).toContain('value="not an email &lt;b&gt;"');
  });

  it("limits one network to 5 requests in 15 minutes", async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i++) expect((await forgot(uniqueEmail("flood"), ip)).status).toBe(200);
    const res = await forgot(uniqueEmail("flood"), ip);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("sends one address at most 3 links an hour, with the same page after", async () => {
    const member = await createAccount(db);
    for (let i = 0; i < 4; i++) {
      const res = await forgot(member.email);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("If an account uses");
    }
    expect(await emailsTo(member.email, "RESET_PASSWORD")).toHaveLength(3);
  });
});

describe("reset links", () => {
  it("last 1 hour", async () => {
    const member = await createAccount(db);
    await requestReset(member.email);
    const [row] = await db.select().from(emailTokens).where(eq(emailTokens.userId, member.id));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeGreaterThan(3595_000);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeLessThanOrEqual(3605_000);
  });

  it("set a new password once, revoke every session, reset the lockout and email a notice", async () => {
    const member = await createAccount(db);
    const phone = await sessionCookie(db, member.id);
    await sessionCookie(db, member.id);
    await db.update(users).set({ failedLoginAttempts: 7, lockedUntil: new Date(Date.now() + 3600_000) }).where(eq(users.id, member.id));
    const token = await requestReset(member.email);

    const form = await get(`/reset-password?token=${token}`);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain(`name="token" value="${token}"`);
    expect(html).toMatch(/name="password" type="password"[^>]*autocomplete="new-password"/);

    const done = await postForm("/reset-password", { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(done.status).toBe(200);
    const page = await done.text();
    expect(page).toContain("Your password has been changed");
    expect(page).toContain('href="/login"');
    // Not signed in by the reset.
    expect(done.headers.getSetCookie().filter((c) => c.includes("portal_session") && !c.includes("Max-Age=0"))).toEqual([]);

    expect(await db.select().from(sessions).where(eq(sessions.userId, member.id))).toEqual([]);
    expect((await get("/login", { headers: { cookie: phone } })).status).toBe(200);
    const [user] = await db.select().from(users).where(eq(users.id, member.id));
    expect(user).toMatchObject({ failedLoginAttempts: 0, lockedUntil: null });
    expect(await emailsTo(member.email, "PASSWORD_CHANGED")).toHaveLength(1);

    expect((await login(member.email, TEST_PASSWORD)).status).toBe(422);
    expect((await login(member.email, NEW_PASSWORD)).status).toBe(303);

    // Single use.
    const again = await postForm("/reset-password", { token, password: "another fine passphrase", confirmPassword: "another fine passphrase" });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('href="/forgot-password"');
    expect((await get(`/reset-password?token=${token}`)).status).toBe(400);
  });

  it("keep working after a refused password: the policy is checked before the link is used", async () => {
    const member = await createAccount(db);
    const token = await requestReset(member.email);
    const short = await postForm("/reset-password", { token, password: "too-short", confirmPassword: "too-short" });
    expect(short.status).toBe(422);
    const html = await short.text();
    expect(html).toContain("Use at least 12 characters");
    expect(html).not.toContain("too-short");
    expect(html).toContain(`name="token" value="${token}"`);
    const differ = await postForm("/reset-password", { token, password: NEW_PASSWORD, confirmPassword: "something else" });
    expect(differ.status).toBe(422);
    expect(await differ.text()).toContain("The two passwords are different.");
    const withEmail = await postForm("/reset-password", { token, password: `${member.email}-x`, confirmPassword: `${member.email}-x` });
    expect(withEmail.status).toBe(422);

    expect((await get(`/reset-password?token=${token}`)).status).toBe(200);
    expect((await postForm("/reset-password", { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(200);
  });

  it("stop working after an hour, and an expired one changes nothing", async () => {
    const member = await createAccount(db);
    const token = await requestReset(member.email);
    await db.update(emailTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(emailTokens.userId, member.id));
    const [before] = await db.select({ password: users.password }).from(users).where(eq(users.id, member.id));

    const page = await get(`/reset-password?token=${token}`);
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain("expired or was already used");
    expect(html).toContain('<a href="/forgot-password">');
    const post = await postForm("/reset-password", { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(post.status).toBe(400);
    const [after] = await db.select({ password: users.password }).from(users).where(eq(users.id, member.id));
    expect(after!.password).toBe(before!.password);
    expect(await emailsTo(member.email, "PASSWORD_CHANGED")).toEqual([]);
  });

  it("only the newest link works", async () => {
    const member = await createAccount(db);
    const first = await requestReset(member.email);
    const second = await requestReset(member.email);
    expect((await get(`/reset-password?token=${first}`)).status).toBe(400);
    expect((await get(`/reset-password?token=${second}`)).status).toBe(200);
  });

  it("refuse junk tokens", async () => {
    for (const token of ["", "x", "a".repeat(52), "<script>"]) {
      expect((await get(`/reset-password?token=${encodeURIComponent(token)}`)).status).toBe(400);
      expect((await postForm("/reset-password", { token, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(400);
    }
  });
});
