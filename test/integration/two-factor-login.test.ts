// The second step of sign-in: /login/two-factor with a pending session.
import { eq } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "../../src/auth/secret-box.ts";
import { createSession } from "../../src/auth/session.ts";
import { generateRecoveryCodes, SESSION_COOKIE } from "../../src/auth/tokens.ts";
import { createTotpSecret, totpStep } from "../../src/auth/totp.ts";
import { users } from "../../src/db/schema/accounts.ts";
import { recoveryCodes, sessions } from "../../src/db/schema/auth.ts";
import { createAccount } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();
const KEY = (env as unknown as { TOTP_ENCRYPTION_KEY: string }).TOTP_ENCRYPTION_KEY;

async function memberWithTwoFactor() {
  const member = await createAccount(db);
  const secret = createTotpSecret();
  await db
    .update(users)
    .set({ twoFactorEnabled: true, twoFactorSecret: await encryptSecret(secret, KEY, member.id), twoFactorLastStep: null })
    .where(eq(users.id, member.id));
  const { codes, hashes } = generateRecoveryCodes(10);
  await db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId: member.id, codeHash })));
  return { member, secret, codes };
}

/** As after the password step: a session that still owes the second factor. */
async function pendingSession(userId: string) {
  const s = await createSession(db, userId, { twoFactorVerified: false });
  return { id: s.id, cookie: `${SESSION_COOKIE}=${s.token}` };
}

function sessionCookieFrom(res: Response): string | null {
  const m = new RegExp(`${SESSION_COOKIE}=([a-z2-7]{24}\\.[a-z2-7]{32})`).exec(res.headers.get("set-cookie") ?? "");
  return m ? `${SESSION_COOKIE}=${m[1]}` : null;
}

const submit = (cookie: string, code: string, extra: Record<string, string> = {}) =>
  postForm("/login/two-factor", { code, ...extra }, { headers: { cookie } });

describe("a session waiting for the second factor", () => {
  it("is not signed in, and is shown the code form", async () => {
    const { member } = await memberWithTwoFactor();
    const pending = await pendingSession(member.id);
    const account = await get("/account", { headers: { cookie: pending.cookie } });
    expect(account.status).toBe(303);
    expect(account.headers.get("location")).toMatch(/^\/login/);

    const page = await get("/login/two-factor", { headers: { cookie: pending.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toMatch(/<form method="post" action="\/login\/two-factor">/);
    expect(html).toMatch(/<label for="f-code">/);
    expect(html).toMatch(/id="f-code"[^>]*inputmode="numeric"/);
    expect(html).toMatch(/id="f-code"[^>]*autocomplete="one-time-code"/);
    expect(html).toContain('href="/login/two-factor?use=recovery"');

    const recovery = await (await get("/login/two-factor?use=recovery", { headers: { cookie: pending.cookie } })).text();
    expect(recovery).toContain("Recovery code");
    expect(recovery).not.toMatch(/id="f-code"[^>]*inputmode="numeric"/);
  });

  it("with a valid app code, gets a new fully signed-in session and loses the pending one", async () => {
    const { member, secret } = await memberWithTwoFactor();
    const pending = await pendingSession(member.id);
    const res = await submit(pending.cookie, generateTOTP(secret, 30, 6));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account");
    const fresh = sessionCookieFrom(res);
    expect(fresh).not.toBeNull();
    expect(fresh).not.toBe(pending.cookie);

    const rows = await db.select().from(sessions).where(eq(sessions.userId, member.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toBe(pending.id);
    expect(rows[0]!.twoFactorVerified).toBe(true);
    expect((await get("/account", { headers: { cookie: fresh! } })).status).toBe(200);
    expect((await get("/account", { headers: { cookie: pending.cookie } })).status).toBe(303);
  });

  it("refuses the same app code a second time", async () => {
    const { member, secret } = await memberWithTwoFactor();
    const code = generateTOTP(secret, 30, 6);
    expect((await submit((await pendingSession(member.id)).cookie, code)).status).toBe(303);
    const second = await pendingSession(member.id);
    const replay = await submit(second.cookie, code);
    expect(replay.status).toBe(422);
    expect(await replay.text()).toContain("That code didn");
    expect(sessionCookieFrom(replay)).toBeNull();
    expect((await get("/account", { headers: { cookie: second.cookie } })).status).toBe(303);
    // The next code from the app is fine.
    expect((await submit(second.cookie, generateHOTP(secret, BigInt(totpStep() + 1), 6))).status).toBe(303);
  });

  it("lets only one of two simultaneous sign-ins with the same code through", async () => {
    const { member, secret } = await memberWithTwoFactor();
    const code = generateTOTP(secret, 30, 6);
    const [a, b] = [await pendingSession(member.id), await pendingSession(member.id)];
    const results = await Promise.all([submit(a.cookie, code), submit(b.cookie, code)]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 422]);
    await Promise.all(results.map((r) => r.body?.cancel()));
  });

  it("accepts a recovery code once, however it is typed", async () => {
    const { member, codes } = await memberWithTwoFactor();
    const typed = codes[0]!.toLowerCase().replace(/-/g, " ");
    const first = await submit((await pendingSession(member.id)).cookie, typed);
    expect(first.status).toBe(303);
    const used = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, member.id));
    expect(used.filter((r) => r.usedAt !== null)).toHaveLength(1);

    const again = await submit((await pendingSession(member.id)).cookie, codes[0]!);
    expect(again.status).toBe(422);
    const html = await again.text();
    expect(html).toContain("That code didn");
    // A recovery code was typed, so the form comes back ready for one.
    expect(html).toContain("Recovery code");
  });

  it("refuses the 6th attempt within 30 minutes even when the code is right", async () => {
    const { member, secret } = await memberWithTwoFactor();
    const pending = await pendingSession(member.id);
    const right = generateTOTP(secret, 30, 6);
    const wrong = right === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) expect((await submit(pending.cookie, wrong)).status).toBe(422);
    const sixth = await submit(pending.cookie, right);
    expect(sixth.status).toBe(429);
    expect(await sixth.text()).toMatch(/Too many attempts[^<]*try again in 30 minutes/);
    expect(sessionCookieFrom(sixth)).toBeNull();
    expect((await get("/account", { headers: { cookie: pending.cookie } })).status).toBe(303);
    // The right code was not even looked at, so it is still unused.
    const [state] = await db.select({ lastStep: users.twoFactorLastStep }).from(users).where(eq(users.id, member.id));
    expect(state!.lastStep).toBeNull();
  });

  it("counts attempts per member, not per session", async () => {
    const { member, secret } = await memberWithTwoFactor();
    for (let i = 0; i < 5; i++) await (await submit((await pendingSession(member.id)).cookie, "000001")).text();
    const res = await submit((await pendingSession(member.id)).cookie, generateTOTP(secret, 30, 6));
    expect(res.status).toBe(429);
  });

  it("goes on to a safe next page, never to another site", async () => {
    const { member, secret } = await memberWithTwoFactor();
    const ok = await submit((await pendingSession(member.id)).cookie, generateTOTP(secret, 30, 6), { next: "/account/security" });
    expect(ok.headers.get("location")).toBe("/account/security");
    const evil = await submit((await pendingSession(member.id)).cookie, generateHOTP(secret, BigInt(totpStep() + 1), 6), {
      next: "//evil.example/",
    });
    expect(evil.status).toBe(303);
    expect(evil.headers.get("location")).toBe("/account");
  });

  it.each([
    ["empty", "", "Enter the code."],
    ["overlong", "9".repeat(5000), "not a code we would give you"],
    ["markup", "<script>alert(1)</script>", "That code didn"],
  ])("answers a %s code with 422 and never echoes it", async (_label, code, message) => {
    const { member } = await memberWithTwoFactor();
    const pending = await pendingSession(member.id);
    const res = await submit(pending.cookie, code);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain("99999999");
  });
});

describe("without a pending session", () => {
  it("sends anonymous visitors to /login and signed-in members to /account", async () => {
    for (const res of [await get("/login/two-factor"), await postForm("/login/two-factor", { code: "123456" })]) {
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/login");
    }
    const member = await createAccount(db);
    const s = await createSession(db, member.id, { twoFactorVerified: true });
    const res = await get("/login/two-factor", { headers: { cookie: `${SESSION_COOKIE}=${s.token}` } });
    expect(res.headers.get("location")).toBe("/account");
  });
});

describe("enrolment, then signing in", () => {
  it("does not let the code used to turn two-factor on sign in again", async () => {
    const member = await createAccount(db);
    const setup = await createSession(db, member.id, { twoFactorVerified: false });
    const cookie = `${SESSION_COOKIE}=${setup.token}`;
    await (await get("/account/two-factor", { headers: { cookie } })).text();
    const [row] = await db.select({ box: users.twoFactorSecret }).from(users).where(eq(users.id, member.id));
    const secret = await decryptSecret(row!.box!, KEY, member.id);
    const enrolCode = generateTOTP(secret, 30, 6);
    expect((await postForm("/account/two-factor", { code: enrolCode }, { headers: { cookie } })).status).toBe(200);

    const pending = await pendingSession(member.id);
    expect((await submit(pending.cookie, enrolCode)).status).toBe(422);
    expect((await submit(pending.cookie, generateHOTP(secret, BigInt(totpStep() + 1), 6))).status).toBe(303);
  });
});

describe("a pending session signed out from another device", () => {
  it("gets no new session even with a right code", async () => {
    const { member, secret } = await memberWithTwoFactor();
    const pending = await pendingSession(member.id);
    const page = await get("/login/two-factor", { headers: { cookie: pending.cookie } });
    expect(page.status).toBe(200);
    await db.delete(sessions).where(eq(sessions.id, pending.id));
    const res = await submit(pending.cookie, generateTOTP(secret, 30, 6));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
    expect(sessionCookieFrom(res)).toBeNull();
    expect(await db.select().from(sessions).where(eq(sessions.userId, member.id))).toHaveLength(0);
  });
});
