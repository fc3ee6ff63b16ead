// One-click unsubscribe: GET shows a confirmation with a button; POST without a session or an
// Origin (as a mail client sends it, RFC 8058) turns off exactly one kind, idempotently; a
// tampered token changes nothing. The CSRF exemption covers only that path.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { users } from "../../src/db/schema/accounts.ts";
import { signUnsubscribeToken } from "../../src/lib/unsubscribe.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, ORIGIN } from "../helpers/http.ts";

const db = useTestDb();
const config = loadConfig(env as unknown as Record<string, unknown>);
const prefsOf = async (id: string) => (await db.select({ p: users.notificationPreferences }).from(users).where(eq(users.id, id)))[0]!.p;

/** As a mail client sends it: no cookie, no Origin, the RFC 8058 body. */
function oneClick(path: string, headers: Record<string, string> = {}) {
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      redirect: "manual",
    }),
  );
}

describe("/unsubscribe/:token", () => {
  it("shows what the link turns off and a button, without signing in", async () => {
    const member = await createAccount(db);
    const token = await signUnsubscribeToken(config.TOTP_ENCRYPTION_KEY, member.id, "bidAlerts");
    const res = await get(`/unsubscribe/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await res.text();
    expect(html).toContain("Stop “Bid alerts” emails");
    expect(html).toContain(`<form method="post" action="/unsubscribe/${token}">`);
    // Looking is not unsubscribing (link scanners GET every URL in a message).
    expect(await prefsOf(member.id)).toEqual({ email: true, sms: false, push: true });
  });

  it("turns off exactly that kind on a one-click POST with no session and no Origin, and again is harmless", async () => {
    const member = await createAccount(db);
    await db.update(users).set({ notificationPreferences: { email: true, sms: true, push: false, announcements: true } }).where(eq(users.id, member.id));
    const path = `/unsubscribe/${await signUnsubscribeToken(config.TOTP_ENCRYPTION_KEY, member.id, "credentialExpiry")}`;
    const res = await oneClick(path);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("You are unsubscribed");
    const expected = { email: true, sms: true, push: false, announcements: true, credentialExpiry: false };
    expect(await prefsOf(member.id)).toEqual(expected);
    expect((await oneClick(path)).status).toBe(200);
    expect(await prefsOf(member.id)).toEqual(expected);
    // The GET now says it is already off.
    expect(await (await get(path)).text()).toContain("already off");
  });

  it("also works from the page's own button (same Origin) and for a member with no stored choices", async () => {
    const member = await createAccount(db);
    await db.update(users).set({ notificationPreferences: null }).where(eq(users.id, member.id));
    const path = `/unsubscribe/${await signUnsubscribeToken(config.TOTP_ENCRYPTION_KEY, member.id, "announcements")}`;
    expect((await oneClick(path, { origin: ORIGIN, cookie: await sessionCookie(db, member.id) })).status).toBe(200);
    expect(await prefsOf(member.id)).toEqual({ email: true, sms: false, push: true, announcements: false });
  });

  it("refuses a tampered token and changes nothing", async () => {
    const member = await createAccount(db);
    const victim = await createAccount(db);
    const token = await signUnsubscribeToken(config.TOTP_ENCRYPTION_KEY, member.id, "bidAlerts");
    const [, , sig] = token.split(".");
    for (const forged of [`${victim.id}.bidAlerts.${sig}`, `${member.id}.announcements.${sig}`, `${token.slice(0, -3)}abc`, "garbage"]) {
      expect((await get(`/unsubscribe/${forged}`)).status, forged).toBe(404);
      expect((await oneClick(`/unsubscribe/${forged}`)).status, forged).toBe(404);
    }
    expect(await prefsOf(member.id)).toEqual({ email: true, sms: false, push: true });
    expect(await prefsOf(victim.id)).toEqual({ email: true, sms: false, push: true });
  });

  it("keeps the CSRF check on every other POST, including paths that only start like it", async () => {
    const member = await createAccount(db);
    const cookie = await sessionCookie(db, member.id);
    const token = await signUnsubscribeToken(config.TOTP_ENCRYPTION_KEY, member.id, "bidAlerts");
    const crossSite = { cookie, origin: "https://evil.example" };
    expect((await oneClick("/account/profile/notifications", crossSite)).status).toBe(403);
    expect((await oneClick("/account/profile/notifications", { cookie })).status).toBe(403);
    expect((await oneClick(`/unsubscribe/${token}/extra`, { cookie })).status).toBe(403);
    expect(await prefsOf(member.id)).toEqual({ email: true, sms: false, push: true });
  });
});
