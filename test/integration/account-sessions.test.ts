// Signing out other devices from /account/security.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/session.ts";
import { SESSION_COOKIE } from "../../src/auth/tokens.ts";
import { sessions } from "../../src/db/schema/auth.ts";
import { createAccount } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();

async function device(userId: string, userAgent = "test device") {
  const s = await createSession(db, userId, { twoFactorVerified: true, userAgent });
  return { id: s.id, cookie: `${SESSION_COOKIE}=${s.token}` };
}

async function sessionIds(userId: string) {
  const rows = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
  return rows.map((r) => r.id).sort();
}

describe("the devices list", () => {
  it("writes htmx attributes as data-hx-* like every other page (bare hx-* is invalid HTML)", async () => {
    const member = await createAccount(db);
    const [phone] = [await device(member.id, "Phone"), await device(member.id, "Laptop"), await device(member.id, "Tablet")];
    const html = await (await get("/account/security", { headers: { cookie: phone.cookie } })).text();
    expect(html).toContain('data-hx-post="/account/sessions/revoke-others"');
    expect(html.match(/data-hx-post="\/account\/sessions\/[^"/]+\/revoke"/g)).toHaveLength(2);
    expect(html).not.toMatch(/\shx-[a-z]+=/);
  });
});

describe("signing out one device", () => {
  it("deletes that session only, and the device is signed out", async () => {
    const member = await createAccount(db);
    const [phone, laptop, tablet] = [await device(member.id), await device(member.id), await device(member.id)];
    const res = await postForm(`/account/sessions/${laptop.id}/revoke`, {}, { headers: { cookie: phone.cookie } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account/security?notice=session-revoked#devices");
    expect(await sessionIds(member.id)).toEqual([phone.id, tablet.id].sort());
    expect((await get("/account", { headers: { cookie: laptop.cookie } })).status).toBe(303);
    expect((await get("/account", { headers: { cookie: phone.cookie } })).status).toBe(200);
  });

  it("answers htmx with the refreshed devices table", async () => {
    const member = await createAccount(db);
    const [phone, laptop] = [await device(member.id), await device(member.id)];
    const res = await postForm(`/account/sessions/${laptop.id}/revoke`, {}, { headers: { cookie: phone.cookie, "hx-request": "true" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<section id="devices"')).toBe(true);
    expect(html).toContain("That device is signed out.");
    expect(html).not.toContain(laptop.id);
    expect(html).not.toContain("<html");
  });

  it("cannot touch another member's session: 404, and the row is still there", async () => {
    const member = await createAccount(db);
    const other = await createAccount(db);
    const mine = await device(member.id);
    const theirs = await device(other.id);
    const res = await postForm(`/account/sessions/${theirs.id}/revoke`, {}, { headers: { cookie: mine.cookie } });
    expect(res.status).toBe(404);
    expect(await sessionIds(other.id)).toEqual([theirs.id]);
    expect((await get("/account", { headers: { cookie: theirs.cookie } })).status).toBe(200);
  });

  it.each(["nope", "A".repeat(24), "%27%3B--", "x".repeat(2000)])("answers 404 for a junk id %s", async (id) => {
    const member = await createAccount(db);
    const mine = await device(member.id);
    const res = await postForm(`/account/sessions/${id}/revoke`, {}, { headers: { cookie: mine.cookie } });
    expect(res.status).toBe(404);
    expect(await sessionIds(member.id)).toEqual([mine.id]);
  });

  it("signs this device out when it is the one revoked", async () => {
    const member = await createAccount(db);
    const phone = await device(member.id);
    const res = await postForm(`/account/sessions/${phone.id}/revoke`, {}, { headers: { cookie: phone.cookie } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    expect(res.headers.get("set-cookie") ?? "").toMatch(/portal_session=;/);
    expect(await sessionIds(member.id)).toEqual([]);
  });
});

describe("signing out all other devices", () => {
  it("keeps this session and ends every other one of this member only", async () => {
    const member = await createAccount(db);
    const other = await createAccount(db);
    const [phone, laptop, tablet] = [await device(member.id), await device(member.id), await device(member.id)];
    const stranger = await device(other.id);
    const res = await postForm("/account/sessions/revoke-others", {}, { headers: { cookie: phone.cookie } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account/security?notice=sessions-revoked#devices");
    expect(await sessionIds(member.id)).toEqual([phone.id]);
    expect(await sessionIds(other.id)).toEqual([stranger.id]);
    for (const gone of [laptop, tablet]) expect((await get("/account", { headers: { cookie: gone.cookie } })).status).toBe(303);
    const page = await get("/account/security?notice=sessions-revoked", { headers: { cookie: phone.cookie } });
    expect(await page.text()).toContain("Every other device is signed out.");
  });
});
