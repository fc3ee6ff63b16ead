// Sign-up, email verification (single use, expiry, GET changes nothing),
// enumeration-safe duplicate sign-up, validation and hostile input, resend.
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../src/auth/tokens.ts";
import { roles, userRoles, users } from "../../src/db/schema/accounts.ts";
import { emailOutbox, emailTokens, sessions } from "../../src/db/schema/auth.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { uniqueEmail, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();
const PASSWORD = "timber crane lunch river";

let ipCounter = 0;
const newIp = () => `198.19.${Math.floor(Math.random() * 250)}.${++ipCounter % 250}`;

function signUp(overrides: Record<string, string> = {}, headers: Record<string, string> = {}) {
  return postForm(
    "/register",
    { firstName: "Ana", lastName: "Núñez", email: uniqueEmail("signup"), company: "Núñez Concrete", password: PASSWORD, confirmPassword: PASSWORD, ...overrides },
    { headers: { "cf-connecting-ip": newIp(), ...headers } },
  );
}

async function emailsTo(address: string) {
  return db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address)).orderBy(asc(emailOutbox.createdAt));
}

function tokenIn(text: string, path: string): string {
  const m = new RegExp(`http://localhost${path}\\?token=([a-z2-7]{52})`).exec(text);
  if (!m) throw new Error(`no ${path} link in: ${text}`);
  return m[1]!;
}

async function userByEmail(email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row;
}

async function roleNames(userId: string) {
  const rows = await db.select({ name: roles.name }).from(userRoles).innerJoin(roles, eq(roles.id, userRoles.roleId)).where(eq(userRoles.userId, userId));
  return rows.map((r) => r.name);
}

function sessionCookieOf(res: Response): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.split(";")[0];
}

const normalise = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

describe("sign-up and email verification", () => {
  it("creates an unverified account without signing it in, and verifies it from the emailed link", async () => {
    const email = uniqueEmail("signup");
    const res = await signUp({ email: `  ${email.toUpperCase()} ` });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Check your email");
    // No session until the address is proven.
    expect(res.headers.getSetCookie()).toEqual([]);

    const user = (await userByEmail(email))!;
    expect(user).toMatchObject({ memberType: "REGULAR", isVerified: false, firstName: "Ana", lastName: "Núñez", company: "Núñez Concrete" });
    expect(user.password).toMatch(/^scrypt\$/);
    expect(await roleNames(user.id)).toEqual([]);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);

    const [mail] = await emailsTo(email);
    expect(mail).toMatchObject({ kind: "VERIFY_EMAIL", userId: user.id });
    const token = tokenIn(mail!.textBody, "/verify-email");

    // Opening the link (or a mail scanner prefetching it) changes nothing.
    const page = await get(`/verify-email?token=${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form method="post" action="\/verify-email">/);
    expect(html).toContain(`name="token" value="${token}"`);
    expect(html).toContain("Confirm my email");
    expect((await userByEmail(email))!.isVerified).toBe(false);

    // Confirmed: on to sign in, with a notice saying so.
    const confirmed = await postForm("/verify-email", { token });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe("/login?notice=email-confirmed");
    expect(confirmed.headers.getSetCookie()).toEqual([]);
    expect(await (await get("/login?notice=email-confirmed")).text()).toContain("Your email is confirmed");
    expect((await userByEmail(email))!.isVerified).toBe(true);
    expect(await roleNames(user.id)).toEqual(["member"]);

    // Single use.
    const again = await postForm("/verify-email", { token });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("expired or was already used");
    expect((await get(`/verify-email?token=${token}`)).status).toBe(400);
    expect(await roleNames(user.id)).toEqual(["member"]);
  });

  it("ends every session of the account made before the confirmation, except the confirmer's own", async () => {
    const email = uniqueEmail("takeover");
    await signUp({ email });
    const user = (await userByEmail(email))!;
    // Whoever signed up with the address signs in with the password they chose (unverified accounts may).
    const squatter = await postForm("/login", { email, password: PASSWORD }, { headers: { "cf-connecting-ip": newIp() } });
    expect(squatter.status).toBe(303);
    const squatterCookie = sessionCookieOf(squatter)!;
    const token = tokenIn((await emailsTo(email))[0]!.textBody, "/verify-email");

    // The owner opens the link in a browser with no session: every earlier session ends.
    expect((await postForm("/verify-email", { token })).status).toBe(303);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    const after = await get("/account", { headers: { cookie: squatterCookie } });
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toMatch(/^\/login/);

    // A member confirming while signed in to the same account keeps that one session only.
    const member = await createAccount(db, { verified: false });
    const own = await sessionCookie(db, member.id);
    await sessionCookie(db, member.id); // another device, made before the confirmation
    await postForm("/verify-email/resend", {}, { headers: { cookie: own } });
    const fresh = tokenIn((await emailsTo(member.email)).at(-1)!.textBody, "/verify-email");
    const confirmed = await postForm("/verify-email", { token: fresh }, { headers: { cookie: own } });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("Your email is confirmed");
    const left = await db.select().from(sessions).where(eq(sessions.userId, member.id));
    expect(left).toHaveLength(1);
    expect(`${SESSION_COOKIE}=${own.split("=")[1]}`.includes(left[0]!.id)).toBe(true);
  });

  it("refuses an expired verification link and leaves the account unverified", async () => {
    const email = uniqueEmail("expired");
    await signUp({ email });
    const user = (await userByEmail(email))!;
    const token = tokenIn((await emailsTo(email))[0]!.textBody, "/verify-email");
    await db.update(emailTokens).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(emailTokens.userId, user.id));

    const page = await get(`/verify-email?token=${token}`);
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain("expired or was already used");
    expect(html).toContain("Send a new confirmation link");
    expect(html).not.toContain("Confirm my email");
    expect((await postForm("/verify-email", { token })).status).toBe(400);
    expect((await userByEmail(email))!.isVerified).toBe(false);
    expect(await roleNames(user.id)).toEqual([]);
  });

  it("refuses junk and missing tokens without a database error", async () => {
    for (const path of ["/verify-email", "/verify-email?token=", `/verify-email?token=${"a".repeat(5000)}`, "/verify-email?token=%3Cscript%3E"]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(await res.text()).not.toContain("<script>");
    }
    expect((await postForm("/verify-email", { token: "not-a-token" })).status).toBe(400);
    expect((await postForm("/verify-email", {})).status).toBe(400);
  });
});

describe("sign-up with an address that already has an account", () => {
  it("answers like a new sign-up, creates nothing, and emails the owner instead", async () => {
    const owner = await createAccount(db, { firstName: "Owner" });
    const fresh = uniqueEmail("fresh");
    const [dupe, created] = [await signUp({ email: owner.email.toUpperCase(), firstName: "Mallory" }), await signUp({ email: fresh })];
    expect(dupe.status).toBe(created.status);
    const [a, b] = [await dupe.text(), await created.text()];
    expect(normalise(a).replace(owner.email, "EMAIL")).toBe(normalise(b).replace(fresh, "EMAIL"));
    // Neither gets a cookie: a Set-Cookie only for a new address would tell who is a member.
    expect(dupe.headers.getSetCookie()).toEqual([]);
    expect(created.headers.getSetCookie()).toEqual([]);

    const rows = await db.select().from(users).where(eq(users.email, owner.email));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.firstName).toBe("Owner");
    const mails = await emailsTo(owner.email);
    expect(mails.map((m) => m.kind)).toEqual(["REGISTER_EXISTING"]);
    expect(mails[0]!.textBody).toContain("Hello Owner,");
    expect(mails[0]!.textBody).not.toContain("Mallory");
    expect(mails[0]!.textBody).toContain("http://localhost/forgot-password");
    // No verification token was made for the existing account.
    expect(await db.select().from(emailTokens).where(eq(emailTokens.userId, owner.id))).toEqual([]);
  });

  it("sends the owner at most 3 such notices an hour", async () => {
    const owner = await createAccount(db);
    for (let i = 0; i < 5; i++) expect((await signUp({ email: owner.email })).status).toBe(200);
    expect(await emailsTo(owner.email)).toHaveLength(3);
  });
});

describe("sign-up validation", () => {
  it("re-renders with 422, keeps the input, never echoes passwords, and escapes hostile names", async () => {
    const email = uniqueEmail("invalid");
    const res = await signUp({
      firstName: '<script>alert("x")</script>',
      lastName: "a".repeat(101),
      email,
      company: '"><img src=x onerror=alert(1)>',
      password: "tiny-pw",
      confirmPassword: "tiny-pw",
    });
    expect(res.status).toBe(422);
    expect(sessionCookieOf(res)).toBeUndefined();
    const html = await res.text();
    expect(html).toContain('id="form-errors"');
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("Use at most 100 characters for your last name.");
    expect(html).toContain(`value="${email}"`);
    expect(html).toContain("Use at least 12 characters");
    expect(html).not.toContain("tiny-pw");
    expect(html).toMatch(/id="f-lastName"[^>]*aria-invalid="true"/);
    expect(await userByEmail(email)).toBeUndefined();
    expect(await emailsTo(email)).toEqual([]);
  });

  it("names each problem: blank names, a bad email, a policy failure, different passwords, control characters", async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ firstName: "" }, "Enter your first name."],
      [{ lastName: "   " }, "Enter your last name."],
      [{ email: "not-an-email" }, "Enter an email address like name@example.com."],
      [{ email: `${"a".repeat(250)}@x.org` }, "Use at most 254 characters"],
      [{ company: "c".repeat(201) }, "Use at most 200 characters for your company name."],
      [{ firstName: "Ana\u0000" }, "Remove the hidden or control characters"],
      [{ password: "aaaaaaaaaaaaaaaa", confirmPassword: "aaaaaaaaaaaaaaaa" }, "one character repeated"],
      [{ confirmPassword: "something else entirely" }, "The two passwords are different."],
    ];
    for (const [form, message] of cases) {
      const res = await signUp(form);
      expect(res.status, message).toBe(422);
      expect(await res.text(), message).toContain(message);
    }
  });

  it("refuses a password containing the email address", async () => {
    const email = uniqueEmail("policy");
    const res = await signUp({ email, password: `${email}!!`, confirmPassword: `${email}!!` });
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/Don(&#39;|')t use your email address in your password\./);
  });

  it("sends a signed-in member away from the sign-up form", async () => {
    const member = await createAccount(db);
    const res = await signUp({}, { cookie: await sessionCookie(db, member.id) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account");
  });
});

describe("POST /verify-email/resend", () => {
  it("sends a fresh link to an unverified member (the old one stops working), 3 an hour at most", async () => {
    const member = await createAccount(db, { verified: false });
    const cookie = await sessionCookie(db, member.id);
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await postForm("/verify-email/resend", {}, { headers: { cookie } });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/account?notice=verification-sent");
      const mails = await emailsTo(member.email);
      expect(mails).toHaveLength(i + 1);
      tokens.push(tokenIn(mails[i]!.textBody, "/verify-email"));
    }
    expect((await get(`/verify-email?token=${tokens[0]}`)).status).toBe(400);
    expect((await get(`/verify-email?token=${tokens[2]}`)).status).toBe(200);

    const fourth = await postForm("/verify-email/resend", {}, { headers: { cookie } });
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await emailsTo(member.email)).toHaveLength(3);
  });

  it("sends nothing to a verified member", async () => {
    const member = await createAccount(db);
    const res = await postForm("/verify-email/resend", {}, { headers: { cookie: await sessionCookie(db, member.id) } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account");
    expect(await emailsTo(member.email)).toEqual([]);
  });

  it("sends a signed-out visitor to sign in", async () => {
    const res = await postForm("/verify-email/resend", {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });

  it("keeps an admin's switch-off of the member role when the address is verified", async () => {
    const member = await createAccount(db, { verified: false, roles: ["member"] });
    await db.update(userRoles).set({ isActive: false }).where(eq(userRoles.userId, member.id));
    await postForm("/verify-email/resend", {}, { headers: { cookie: await sessionCookie(db, member.id) } });
    const token = tokenIn((await emailsTo(member.email))[0]!.textBody, "/verify-email");
    expect((await postForm("/verify-email", { token })).status).toBe(303);
    const grants = await db.select().from(userRoles).where(eq(userRoles.userId, member.id));
    expect(grants).toHaveLength(1);
    expect(grants[0]!.isActive).toBe(false);
  });
});
