// /welcome: an invited member chooses a password (the sign-up policy, checked before the link
// is used), the address is marked verified, the member role granted and a session started; a
// used, expired, malformed or other-purpose link gets the page that offers a new one.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/auth/password.ts";
import { loadConfig } from "../../src/config.ts";
import { emailOutbox, emailTokens, roles, userRoles, users } from "../../src/db/schema/index.ts";
import { sendTokenEmail, type EmailTokenPurpose } from "../../src/features/auth/email-tokens.ts";
import { makeUser, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();
const config = loadConfig(env as unknown as Record<string, unknown>);
const PASSWORD = "gravel ladder summer quilt";

/** An imported, not yet verified member and the token of the invitation emailed to them. */
async function invited(purpose: EmailTokenPurpose = "INVITE") {
  const user = await makeUser(db, { firstName: "Inés", lastName: "Núñez", isVerified: false });
  await db.transaction((tx) => sendTokenEmail(tx, config, user, purpose));
  const [mail] = await db.select().from(emailOutbox).where(and(eq(emailOutbox.userId, user.id), eq(emailOutbox.kind, purpose)));
  const token = /token=([^\s&]+)/.exec(mail!.textBody)![1]!;
  return { user, token: decodeURIComponent(token), mail: mail! };
}

describe("/welcome", () => {
  it("lets the invited member choose a password, verifies the address and signs them in", async () => {
    const { user, token, mail } = await invited();
    expect(mail.textBody).toContain(`${config.PUBLIC_URL}/welcome?token=`);
    const page = await get(`/welcome?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Welcome, Inés");
    expect(page.headers.get("cache-control")).toContain("no-store");

    const res = await postForm("/welcome", { token, password: PASSWORD, confirmPassword: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account");
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.isVerified).toBe(true);
    expect((await verifyPassword(row!.password, PASSWORD, config.PASSWORD_PEPPER)).ok).toBe(true);
    const [member] = await db
      .select({ active: userRoles.isActive })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(and(eq(userRoles.userId, user.id), eq(roles.name, "member")));
    expect(member?.active).toBe(true);
    const account = await get("/account", { headers: { cookie } });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("Inés");

    // Used once: the same link now offers a new one.
    const again = await get(`/welcome?token=${encodeURIComponent(token)}`);
    expect(again.status).toBe(400);
    const againHtml = await again.text();
    expect(againHtml).toContain("This invitation link has expired or was already used");
    expect(againHtml).toContain('href="/forgot-password"');
    expect((await postForm("/welcome", { token, password: PASSWORD, confirmPassword: PASSWORD })).status).toBe(400);
  });

  it("refuses a weak or mistyped password without using the link up", async () => {
    const { user, token } = await invited();
    const weak = await postForm("/welcome", { token, password: "short", confirmPassword: "short" });
    expect(weak.status).toBe(422);
    const differ = await postForm("/welcome", { token, password: PASSWORD, confirmPassword: `${PASSWORD}!` });
    expect(differ.status).toBe(422);
    expect(await differ.text()).toContain("The two passwords are different");
    const named = await postForm("/welcome", { token, password: "Núñez Núñez Núñez", confirmPassword: "Núñez Núñez Núñez" });
    expect(named.status).toBe(422);
    const [row] = await db.select({ isVerified: users.isVerified }).from(users).where(eq(users.id, user.id));
    expect(row!.isVerified).toBe(false);
    expect((await postForm("/welcome", { token, password: PASSWORD, confirmPassword: PASSWORD })).status).toBe(303);
  });

  it("answers an expired, malformed or other-purpose link with the page offering a new one", async () => {
    const expired = await invited();
    await db.update(emailTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(emailTokens.userId, expired.user.id));
    expect((await get(`/welcome?token=${encodeURIComponent(expired.token)}`)).status).toBe(400);
    expect((await postForm("/welcome", { token: expired.token, password: PASSWORD, confirmPassword: PASSWORD })).status).toBe(400);
    expect((await get("/welcome?token=not-a-token")).status).toBe(400);
    expect((await get("/welcome")).status).toBe(400);
    const reset = await invited("RESET_PASSWORD");
    expect((await get(`/welcome?token=${encodeURIComponent(reset.token)}`)).status).toBe(400);
    const [row] = await db.select({ isVerified: users.isVerified }).from(users).where(eq(users.id, expired.user.id));
    expect(row!.isVerified).toBe(false);
  });
});
