// Turning two-factor on and managing it from /account/two-factor.
import { and, eq, isNull } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "../../src/auth/secret-box.ts";
import { createSession } from "../../src/auth/session.ts";
import { generateRecoveryCodes, hashRecoveryCode, SESSION_COOKIE } from "../../src/auth/tokens.ts";
import { createTotpSecret, totpStep } from "../../src/auth/totp.ts";
import { users } from "../../src/db/schema/accounts.ts";
import { emailOutbox, recoveryCodes, sessions } from "../../src/db/schema/auth.ts";
import { createAccount, TEST_PASSWORD } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();
const KEY = (env as unknown as { TOTP_ENCRYPTION_KEY: string }).TOTP_ENCRYPTION_KEY;
const RECOVERY_CODE = /\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}\b/g;

async function memberWithTwoDevices() {
  const member = await createAccount(db);
  const here = await createSession(db, member.id, { twoFactorVerified: false, userAgent: "phone" });
  const there = await createSession(db, member.id, { twoFactorVerified: false, userAgent: "laptop" });
  return {
    member,
    hereId: here.id,
    here: `${SESSION_COOKIE}=${here.token}`,
    there: `${SESSION_COOKIE}=${there.token}`,
  };
}

async function factorState(userId: string) {
  const [row] = await db
    .select({ enabled: users.twoFactorEnabled, box: users.twoFactorSecret, lastStep: users.twoFactorLastStep })
    .from(users)
    .where(eq(users.id, userId));
  return row!;
}

/** What the test's "authenticator app" knows: the secret, read back out of the box. */
async function secretOf(userId: string): Promise<Uint8Array> {
  const { box } = await factorState(userId);
  return decryptSecret(box!, KEY, userId);
}

/** Two-factor on, set up directly; no code used yet. */
async function enableDirectly(userId: string) {
  const secret = createTotpSecret();
  await db
    .update(users)
    .set({ twoFactorEnabled: true, twoFactorSecret: await encryptSecret(secret, KEY, userId), twoFactorLastStep: null })
    .where(eq(users.id, userId));
  const { codes, hashes } = generateRecoveryCodes(10);
  await db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
  return { secret, codes };
}

const codeAt = (secret: Uint8Array, offset = 0) => generateHOTP(secret, BigInt(totpStep() + offset), 6);

async function signedInCookie(userId: string) {
  const s = await createSession(db, userId, { twoFactorVerified: true });
  return `${SESSION_COOKIE}=${s.token}`;
}

describe("starting enrolment", () => {
  it("shows a server-drawn QR code and the setup key, and stores only an encrypted secret", async () => {
    const { member, here } = await memberWithTwoDevices();
    const res = await get("/account/two-factor", { headers: { cookie: here } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toMatch(/<svg [^>]*role="img" aria-label="QR code[^"]*"/);
    expect(html).toMatch(/<path fill="#000" d="M\d/);
    expect(html).toMatch(/<a href="otpauth:\/\/totp\/[^"]+secret=[A-Z2-7]+[^"]*">Open the setup/);
    expect(html).toMatch(/id="f-code"[^>]*inputmode="numeric"/);
    expect(html).toMatch(/id="f-code"[^>]*autocomplete="one-time-code"/);

    const key = /<code id="setup-key">([A-Z2-7 ]+)<\/code>/.exec(html)?.[1];
    expect(key).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const state = await factorState(member.id);
    expect(state.enabled).toBe(false);
    expect(state.box).toMatch(/^v1\./);
    expect(state.box).not.toContain(key!.replace(/ /g, ""));
    const secret = await decryptSecret(state.box!, KEY, member.id);
    expect(encodeBase32UpperCaseNoPadding(secret)).toBe(key!.replace(/ /g, ""));
    // Bound to this member: the same box on another row does not open.
    await expect(decryptSecret(state.box!, KEY, "someone-else")).rejects.toThrow();
  });

  it("reuses the pending secret on reload, so a scanned code keeps working", async () => {
    const { member, here } = await memberWithTwoDevices();
    await (await get("/account/two-factor", { headers: { cookie: here } })).text();
    const first = await secretOf(member.id);
    const html = await (await get("/account/two-factor", { headers: { cookie: here } })).text();
    expect(html).toContain(encodeBase32UpperCaseNoPadding(first).slice(0, 4));
    expect(await secretOf(member.id)).toEqual(first);
  });
});

describe("confirming enrolment", () => {
  it("turns two-factor on, shows 10 recovery codes once, stores their hashes, signs out other devices", async () => {
    const { member, here, hereId, there } = await memberWithTwoDevices();
    await (await get("/account/two-factor", { headers: { cookie: here } })).text();
    const code = generateTOTP(await secretOf(member.id), 30, 6);

    const res = await postForm("/account/two-factor", { code }, { headers: { cookie: here } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain("Save your recovery codes");
    expect(html).toContain("only this once");
    const shown = html.match(RECOVERY_CODE) ?? [];
    expect(new Set(shown).size).toBe(10);

    const state = await factorState(member.id);
    expect(state.enabled).toBe(true);
    expect(state.lastStep).toBeGreaterThanOrEqual(totpStep() - 1);
    const stored = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, member.id));
    expect(stored.map((r) => r.codeHash).sort()).toEqual(shown.map((c) => hashRecoveryCode(c)!).sort());
    expect(JSON.stringify(stored)).not.toContain(shown[0]!);

    const left = await db.select().from(sessions).where(eq(sessions.userId, member.id));
    expect(left.map((s) => [s.id, s.twoFactorVerified])).toEqual([[hereId, true]]);
    expect((await get("/account", { headers: { cookie: here } })).status).toBe(200);
    expect((await get("/account", { headers: { cookie: there } })).status).toBe(303);
    const mail = await db.select().from(emailOutbox).where(and(eq(emailOutbox.userId, member.id), eq(emailOutbox.kind, "TWO_FACTOR_ENABLED")));
    expect(mail).toHaveLength(1);

    // Shown once: the page now offers management, not the codes.
    const after = await (await get("/account/two-factor", { headers: { cookie: here } })).text();
    expect(after).toContain("10 unused recovery codes");
    expect(after.match(RECOVERY_CODE)).toBeNull();
  });

  it("replaces recovery codes left from an earlier enrolment", async () => {
    const { member, here } = await memberWithTwoDevices();
    await db.insert(recoveryCodes).values({ userId: member.id, codeHash: "stale-hash" });
    await (await get("/account/two-factor", { headers: { cookie: here } })).text();
    await postForm("/account/two-factor", { code: generateTOTP(await secretOf(member.id), 30, 6) }, { headers: { cookie: here } });
    const stored = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, member.id));
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.codeHash)).not.toContain("stale-hash");
  });

  it.each([
    ["a wrong code", "000000", 422, "didn"],
    ["letters", "abcdef", 422, "Enter the 6 digits"],
    ["an overlong value", "1".repeat(500), 422, "not a code we would give you"],
    ["nothing", "", 422, "Enter the code."],
  ])("refuses %s with the form again and leaves two-factor off", async (_label, code, status, message) => {
    const { member, here } = await memberWithTwoDevices();
    await (await get("/account/two-factor", { headers: { cookie: here } })).text();
    const secret = await secretOf(member.id);
    const real = generateTOTP(secret, 30, 6);
    const tried = code === "000000" && real === "000000" ? "111111" : code;
    const res = await postForm("/account/two-factor", { code: tried }, { headers: { cookie: here } });
    expect(res.status).toBe(status);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toMatch(/<svg [^>]*role="img"/);
    expect((await factorState(member.id)).enabled).toBe(false);
    expect(await secretOf(member.id)).toEqual(secret);
    expect(await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, member.id))).toHaveLength(0);
  });
});

describe("managing two-factor", () => {
  it("shows how many recovery codes are left, and the security page says it is on", async () => {
    const member = await createAccount(db);
    await enableDirectly(member.id);
    const cookie = await signedInCookie(member.id);
    expect(await (await get("/account/two-factor", { headers: { cookie } })).text()).toContain("10 unused recovery codes");
    expect(await (await get("/account/security", { headers: { cookie } })).text()).toMatch(/<strong>On\.<\/strong>/);
  });

  it("turns off only with the password and a current code", async () => {
    const member = await createAccount(db);
    const { secret } = await enableDirectly(member.id);
    const cookie = await signedInCookie(member.id);
    const other = await signedInCookie(member.id);

    const wrongPassword = await postForm("/account/two-factor/disable", { password: "not the password", code: codeAt(secret) }, { headers: { cookie } });
    expect(wrongPassword.status).toBe(422);
    expect(await wrongPassword.text()).toContain("That password is not right.");
    const noCode = await postForm("/account/two-factor/disable", { password: TEST_PASSWORD }, { headers: { cookie } });
    expect(noCode.status).toBe(422);
    const wrongCode = await postForm("/account/two-factor/disable", { password: TEST_PASSWORD, code: "12345" }, { headers: { cookie } });
    expect(wrongCode.status).toBe(422);
    expect(await wrongCode.text()).toContain("That code didn");
    expect((await factorState(member.id)).enabled).toBe(true);

    const res = await postForm("/account/two-factor/disable", { password: TEST_PASSWORD, code: codeAt(secret) }, { headers: { cookie } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account/security?notice=two-factor-off");
    expect(await factorState(member.id)).toEqual({ enabled: false, box: null, lastStep: null });
    expect(await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, member.id))).toHaveLength(0);
    expect((await get("/account", { headers: { cookie } })).status).toBe(200);
    expect((await get("/account", { headers: { cookie: other } })).status).toBe(303);
    const mail = await db.select().from(emailOutbox).where(and(eq(emailOutbox.userId, member.id), eq(emailOutbox.kind, "TWO_FACTOR_DISABLED")));
    expect(mail).toHaveLength(1);
  });

  it("turns off with a recovery code instead of the app", async () => {
    const member = await createAccount(db);
    const { codes } = await enableDirectly(member.id);
    const cookie = await signedInCookie(member.id);
    const res = await postForm("/account/two-factor/disable", { password: TEST_PASSWORD, code: codes[3]! }, { headers: { cookie } });
    expect(res.status).toBe(303);
    expect((await factorState(member.id)).enabled).toBe(false);
  });

  it("makes a new set of recovery codes; the old set stops working", async () => {
    const member = await createAccount(db);
    const { secret, codes: old } = await enableDirectly(member.id);
    const cookie = await signedInCookie(member.id);
    const res = await postForm("/account/two-factor/recovery-codes", { password: TEST_PASSWORD, code: codeAt(secret) }, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const fresh = (await res.text()).match(RECOVERY_CODE) ?? [];
    expect(new Set(fresh).size).toBe(10);
    expect(fresh.some((c) => old.includes(c))).toBe(false);
    const stored = await db.select({ h: recoveryCodes.codeHash }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, member.id), isNull(recoveryCodes.usedAt)));
    expect(stored.map((r) => r.h).sort()).toEqual(fresh.map((c) => hashRecoveryCode(c)!).sort());

    // An old code no longer counts as a factor.
    const withOld = await postForm("/account/two-factor/recovery-codes", { password: TEST_PASSWORD, code: old[0]! }, { headers: { cookie } });
    expect(withOld.status).toBe(422);
    const mail = await db.select().from(emailOutbox).where(and(eq(emailOutbox.userId, member.id), eq(emailOutbox.kind, "RECOVERY_CODES_REPLACED")));
    expect(mail).toHaveLength(1);
  });

  it("does not accept the same app code twice", async () => {
    const member = await createAccount(db);
    const { secret } = await enableDirectly(member.id);
    const cookie = await signedInCookie(member.id);
    const code = codeAt(secret);
    expect((await postForm("/account/two-factor/recovery-codes", { password: TEST_PASSWORD, code }, { headers: { cookie } })).status).toBe(200);
    const replay = await postForm("/account/two-factor/disable", { password: TEST_PASSWORD, code }, { headers: { cookie } });
    expect(replay.status).toBe(422);
    expect((await factorState(member.id)).enabled).toBe(true);
  });

  it("sends a member without two-factor back to the setup page", async () => {
    const member = await createAccount(db);
    const cookie = await signedInCookie(member.id);
    for (const path of ["/account/two-factor/disable", "/account/two-factor/recovery-codes"]) {
      const res = await postForm(path, { password: TEST_PASSWORD, code: "123456" }, { headers: { cookie } });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/account/two-factor");
    }
  });
});
