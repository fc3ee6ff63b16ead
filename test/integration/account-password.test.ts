// POST /account/security/password: the member stays signed in here and is
// signed out everywhere else.
import { and, eq } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/auth/password.ts";
import { createSession } from "../../src/auth/session.ts";
import { SESSION_COOKIE } from "../../src/auth/tokens.ts";
import { users } from "../../src/db/schema/accounts.ts";
import { emailOutbox, emailTokens, sessions } from "../../src/db/schema/auth.ts";
import { createAccount, TEST_PASSWORD } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();
const PEPPER = (env as unknown as { PASSWORD_PEPPER: string }).PASSWORD_PEPPER;
const NEW_PASSWORD = "gravel truck morning coffee";

function sessionCookieFrom(res: Response): string | null {
  const m = new RegExp(`${SESSION_COOKIE}=([a-z2-7]{24}\\.[a-z2-7]{32})`).exec(res.headers.get("set-cookie") ?? "");
  return m ? `${SESSION_COOKIE}=${m[1]}` : null;
}

async function twoDevices() {
  const member = await createAccount(db);
  const phone = await createSession(db, member.id, { twoFactorVerified: true, userAgent: "phone" });
  const laptop = await createSession(db, member.id, { twoFactorVerified: true, userAgent: "laptop" });
  return { member, phone: `${SESSION_COOKIE}=${phone.token}`, phoneId: phone.id, laptop: `${SESSION_COOKIE}=${laptop.token}` };
}

async function passwordHashOf(userId: string) {
  const [row] = await db.select({ password: users.password }).from(users).where(eq(users.id, userId));
  return row!.password;
}

describe("changing the password", () => {
  it("signs out every other device and keeps this one signed in with a new session", async () => {
    const { member, phone, phoneId, laptop } = await twoDevices();
    const res = await postForm(
      "/account/security/password",
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      { headers: { cookie: phone } },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account/security?notice=password-changed");
    const fresh = sessionCookieFrom(res);
    expect(fresh).not.toBeNull();
    expect(fresh).not.toBe(phone);

    expect((await verifyPassword(await passwordHashOf(member.id), NEW_PASSWORD, PEPPER)).ok).toBe(true);
    const left = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, member.id));
    expect(left).toHaveLength(1);
    expect(left[0]!.id).not.toBe(phoneId);

    const here = await get("/account/security?notice=password-changed", { headers: { cookie: fresh! } });
    expect(here.status).toBe(200);
    expect(await here.text()).toContain("Your password is changed");
    const elsewhere = await get("/account", { headers: { cookie: laptop } });
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.headers.get("location")).toMatch(/^\/login/);
    const oldCookieHere = await get("/account", { headers: { cookie: phone } });
    expect(oldCookieHere.status).toBe(303);
  });

  it("emails a notice to the member and voids pending reset links", async () => {
    const { member, phone } = await twoDevices();
    await db.insert(emailTokens).values({
      userId: member.id,
      purpose: "RESET_PASSWORD",
      tokenHash: `reset-${member.id}`,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await postForm(
      "/account/security/password",
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      { headers: { cookie: phone } },
    );
    const mail = await db.select().from(emailOutbox).where(and(eq(emailOutbox.userId, member.id), eq(emailOutbox.kind, "PASSWORD_CHANGED")));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.toAddress).toBe(member.email);
    expect(mail[0]!.textBody).not.toContain(NEW_PASSWORD);
    const [reset] = await db.select().from(emailTokens).where(eq(emailTokens.userId, member.id));
    expect(reset!.usedAt).not.toBeNull();
  });

  it("refuses a wrong current password with 422 and changes nothing", async () => {
    const { member, phone, laptop } = await twoDevices();
    const before = await passwordHashOf(member.id);
    const res = await postForm(
      "/account/security/password",
      { currentPassword: "not my password at all", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      { headers: { cookie: phone } },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("That password is not right.");
    expect(html).not.toContain(NEW_PASSWORD);
    expect(html).not.toContain("not my password at all");
    expect(res.headers.get("set-cookie") ?? "").not.toContain(SESSION_COOKIE);
    expect(await passwordHashOf(member.id)).toBe(before);
    expect(await db.select().from(sessions).where(eq(sessions.userId, member.id))).toHaveLength(2);
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.userId, member.id))).toHaveLength(0);
    expect((await get("/account", { headers: { cookie: laptop } })).status).toBe(200);
  });

  it.each([
    ["too short", { newPassword: "short", confirmPassword: "short" }, "newPassword", "at least 12 characters"],
    ["not confirmed", { newPassword: NEW_PASSWORD, confirmPassword: "gravel truck morning tea" }, "confirmPassword", "match"],
    ["unchanged", { newPassword: TEST_PASSWORD, confirmPassword: TEST_PASSWORD }, "newPassword", "different from your current one"],
    ["5000 characters", { newPassword: "x".repeat(5000), confirmPassword: "x".repeat(5000) }, "newPassword", "longer than any password"],
  ])("re-renders 422 with the message beside the field when the new password is %s", async (_label, fields, field, message) => {
    const { member, phone } = await twoDevices();
    const before = await passwordHashOf(member.id);
    const res = await postForm("/account/security/password", { currentPassword: TEST_PASSWORD, ...fields }, { headers: { cookie: phone } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`<p class="error" id="f-${field}-error">[^<]*${message}`));
    expect(html).toContain('aria-invalid="true"');
    expect(html).not.toContain(`value="${fields.newPassword}"`);
    expect(html).not.toContain(TEST_PASSWORD);
    expect(await passwordHashOf(member.id)).toBe(before);
  });

  it("re-renders 422 when fields are missing", async () => {
    const { phone } = await twoDevices();
    const res = await postForm("/account/security/password", {}, { headers: { cookie: phone } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Enter your current password.");
    expect(html).toContain('href="#f-newPassword"');
  });

  it("refuses a post from another site", async () => {
    const { member, phone } = await twoDevices();
    const before = await passwordHashOf(member.id);
    const res = await postForm(
      "/account/security/password",
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      { headers: { cookie: phone, origin: "https://evil.example" } },
    );
    expect(res.status).toBe(403);
    expect(await passwordHashOf(member.id)).toBe(before);
  });
});
