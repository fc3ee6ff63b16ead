// /account and /account/security as a member sees them.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/session.ts";
import { SESSION_COOKIE } from "../../src/auth/tokens.ts";
import { users } from "../../src/db/schema/accounts.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get } from "../helpers/http.ts";

const db = useTestDb();

const ANDROID_CHROME =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";

async function page(path: string, cookie: string) {
  const res = await get(path, { headers: { cookie } });
  return { status: res.status, html: await res.text(), res };
}

describe("GET /account", () => {
  it("shows name, company, email, membership and two-factor status", async () => {
    const member = await createAccount(db, { firstName: "Rosa" });
    await db
      .update(users)
      .set({ company: "Parks Concrete", lastName: "Parks", membershipExpiresAt: new Date(Date.now() + 90 * 86_400_000) })
      .where(eq(users.id, member.id));
    const { status, html } = await page("/account", await sessionCookie(db, member.id));
    expect(status).toBe(200);
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain("Rosa Parks");
    expect(html).toContain("Parks Concrete");
    expect(html).toContain(member.email);
    expect(html).toContain("(confirmed)");
    expect(html).toMatch(/Member since [A-Z][a-z]+ \d{1,2}, \d{4}; renews/);
    expect(html).toContain('href="/account/security"');
    expect(html).not.toContain("/verify-email/resend");
  });

  it("tells an unverified member and offers to resend the verification email", async () => {
    const member = await createAccount(db, { verified: false });
    const { status, html } = await page("/account", await sessionCookie(db, member.id));
    expect(status).toBe(200);
    expect(html).toContain("not confirmed yet");
    expect(html).toMatch(/<form method="post" action="\/verify-email\/resend">/);
    expect(html).toContain("Resend verification email");
  });

  it("shows a known notice and never reflects an unknown one", async () => {
    const member = await createAccount(db);
    const cookie = await sessionCookie(db, member.id);
    const known = await page("/account?notice=verification-sent", cookie);
    expect(known.html).toContain("We sent a new verification link");
    const hostile = await page(`/account?notice=${encodeURIComponent("<b>Your account is suspended</b>")}`, cookie);
    expect(hostile.status).toBe(200);
    expect(hostile.html).not.toContain("suspended");
    expect(hostile.html).not.toContain('role="status"');
  });

  it("escapes what the member typed into their profile", async () => {
    const member = await createAccount(db, { firstName: "<script>alert(1)</script>" });
    await db.update(users).set({ company: `"><img src=x onerror=alert(1)>` }).where(eq(users.id, member.id));
    const { html } = await page("/account", await sessionCookie(db, member.id));
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("sends anonymous visitors to sign in, keeping where they were going", async () => {
    const res = await get("/account");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Faccount");
  });
});

describe("GET /account/security", () => {
  it("has the password and email forms with the right autocomplete hints and no password values", async () => {
    const member = await createAccount(db);
    const { status, html } = await page("/account/security", await sessionCookie(db, member.id));
    expect(status).toBe(200);
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain('action="/account/security/password"');
    expect(html).toContain('action="/account/security/email"');
    expect(html).toMatch(/<label for="f-currentPassword">/);
    expect(html).toMatch(/id="f-currentPassword"[^>]*autocomplete="current-password"/);
    expect(html).toMatch(/id="f-newPassword"[^>]*autocomplete="new-password"/);
    expect(html).toMatch(/id="f-confirmPassword"[^>]*autocomplete="new-password"/);
    expect(html).toMatch(/id="f-newEmail"[^>]*type="email"[^>]*autocomplete="email"/);
    expect(html).toMatch(/id="f-password"[^>]*autocomplete="current-password"/);
    expect(html).toContain("Turn on two-factor sign-in");
  });

  it("lists the member's devices, marks this one, and offers to sign out the others", async () => {
    const member = await createAccount(db);
    const other = await createAccount(db);
    const here = await createSession(db, member.id, { twoFactorVerified: true, userAgent: ANDROID_CHROME, ipAddress: "203.0.113.7" });
    const laptop = await createSession(db, member.id, {
      twoFactorVerified: true,
      userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.56",
      ipAddress: "198.51.100.4",
    });
    const stranger = await createSession(db, other.id, { twoFactorVerified: true, userAgent: "Stranger/1.0" });
    const { html } = await page("/account/security", `${SESSION_COOKIE}=${here.token}`);

    const table = html.slice(html.indexOf('<section id="devices"'));
    expect(table).toMatch(/<caption[^>]*>Devices signed in to your account<\/caption>/);
    expect(table).toContain('<th scope="col">Device</th>');
    expect(table).toMatch(/<th scope="row">Chrome on Android<strong> \(this device\)<\/strong><\/th>/);
    expect(table).toContain("203.0.113.7");
    expect(table).toContain("Edge on Windows");
    expect(table).toContain("198.51.100.4");
    expect(table).toContain(`action="/account/sessions/${laptop.id}/revoke"`);
    expect(table).not.toContain(`/account/sessions/${here.id}/revoke`);
    expect(table).not.toContain(stranger.id);
    expect(table).not.toContain("Stranger");
    expect(table).toContain('action="/account/sessions/revoke-others"');
    expect(table).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+Z">[A-Z][a-z]{2} \d{1,2}, \d{4}/);
  });

  it("escapes a hostile user agent in the devices list", async () => {
    const member = await createAccount(db);
    const here = await createSession(db, member.id, { twoFactorVerified: true, userAgent: "<script>alert(1)</script>" });
    const { html } = await page("/account/security", `${SESSION_COOKIE}=${here.token}`);
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("Unknown device");
  });

  it("offers no sign-out-others button when this is the only device", async () => {
    const member = await createAccount(db);
    const { html } = await page("/account/security", await sessionCookie(db, member.id));
    expect(html).not.toContain("Sign out all other devices");
  });
});
