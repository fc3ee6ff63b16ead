// Changing the sign-in email: request (password), link to the new address,
// confirm (public GET page, POST does it), everyone signed out.
import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { roles, userRoles, users } from "../../src/db/schema/accounts.ts";
import { emailOutbox, sessions } from "../../src/db/schema/auth.ts";
import { createAccount, sessionCookie, TEST_PASSWORD } from "../helpers/auth.ts";
import { uniqueEmail, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();

async function requestChange(cookie: string, newEmail: string, password = TEST_PASSWORD) {
  return postForm("/account/security/email", { newEmail, password }, { headers: { cookie } });
}

async function outboxFor(userId: string) {
  return db.select().from(emailOutbox).where(eq(emailOutbox.userId, userId)).orderBy(desc(emailOutbox.createdAt));
}

/** The token in the newest CHANGE_EMAIL link, as the member would click it. */
async function linkToken(userId: string): Promise<string> {
  const [mail] = await db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.userId, userId), eq(emailOutbox.kind, "CHANGE_EMAIL")))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(1);
  const m = /\/account\/confirm-email\?token=([a-z2-7]+)/.exec(mail?.textBody ?? "");
  if (!m) throw new Error("no confirmation link in the outbox");
  return m[1]!;
}

async function emailOf(userId: string) {
  const [row] = await db.select({ email: users.email, isVerified: users.isVerified }).from(users).where(eq(users.id, userId));
  return row!;
}

describe("requesting an email change", () => {
  it("sends a link to the new address and a notice to the old one, and changes nothing yet", async () => {
    const member = await createAccount(db);
    const newEmail = uniqueEmail("moved");
    const res = await requestChange(await sessionCookie(db, member.id), newEmail.toUpperCase());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account/security?notice=email-sent");
    const mail = await outboxFor(member.id);
    expect(mail.map((m) => [m.kind, m.toAddress]).sort()).toEqual(
      [
        ["CHANGE_EMAIL", newEmail],
        ["EMAIL_CHANGE_REQUESTED", member.email],
      ].sort(),
    );
    expect((await emailOf(member.id)).email).toBe(member.email);
  });

  it("answers the same when the address is taken, and sends nothing to it", async () => {
    const member = await createAccount(db);
    const owner = await createAccount(db);
    const res = await requestChange(await sessionCookie(db, member.id), owner.email);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account/security?notice=email-sent");
    const mail = await outboxFor(member.id);
    expect(mail.map((m) => m.kind)).toEqual(["EMAIL_CHANGE_REQUESTED"]);
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, owner.email))).toHaveLength(0);
  });

  it("refuses a wrong password with 422, keeps the typed address, sends nothing", async () => {
    const member = await createAccount(db);
    const newEmail = uniqueEmail("moved");
    const res = await requestChange(await sessionCookie(db, member.id), newEmail, "wrong password here");
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("That password is not right.");
    expect(html).toContain(`value="${newEmail}"`);
    expect(html).not.toContain("wrong password here");
    expect(await outboxFor(member.id)).toHaveLength(0);
  });

  it.each([
    ["not an address", "not-an-email", "Enter an email address like"],
    ["overlong", `${"a".repeat(300)}@example.org`, "too long"],
    ["empty", "", "Enter your new email address."],
  ])("refuses an %s email with 422", async (_label, newEmail, message) => {
    const member = await createAccount(db);
    const res = await requestChange(await sessionCookie(db, member.id), newEmail);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
    expect(await outboxFor(member.id)).toHaveLength(0);
  });

  it("escapes a hostile value when re-rendering it", async () => {
    const member = await createAccount(db);
    const res = await requestChange(await sessionCookie(db, member.id), `"><script>alert(1)</script>`);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;");
  });

  it("says so when the new address is the current one", async () => {
    const member = await createAccount(db);
    const res = await requestChange(await sessionCookie(db, member.id), member.email);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("already your sign-in email");
  });
});

describe("confirming an email change", () => {
  it("works from the emailed link, once, and signs the member out everywhere", async () => {
    const member = await createAccount(db);
    const phone = await sessionCookie(db, member.id);
    const laptop = await sessionCookie(db, member.id);
    const newEmail = uniqueEmail("moved");
    await requestChange(phone, newEmail);
    const token = await linkToken(member.id);

    // The link may be opened on a device that is not signed in: the GET shows a button and uses nothing up.
    const page = await get(`/account/confirm-email?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toMatch(/<form method="post" action="\/account\/confirm-email">/);
    expect(html).toContain(`name="token" value="${token}"`);
    expect((await get(`/account/confirm-email?token=${token}`)).status).toBe(200);

    const done = await postForm("/account/confirm-email", { token }, { headers: { cookie: phone } });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/account/confirm-email?status=done");
    expect(done.headers.get("set-cookie") ?? "").toMatch(/portal_session=;/);
    expect(await emailOf(member.id)).toEqual({ email: newEmail, isVerified: true });
    expect(await db.select().from(sessions).where(eq(sessions.userId, member.id))).toHaveLength(0);
    expect((await get("/account", { headers: { cookie: laptop } })).status).toBe(303);
    const notice = (await outboxFor(member.id)).find((m) => m.kind === "EMAIL_CHANGED");
    expect(notice?.toAddress).toBe(member.email);

    const again = await postForm("/account/confirm-email", { token });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("This link doesn");
    expect((await get(`/account/confirm-email?token=${token}`)).status).toBe(400);
    const donePage = await get("/account/confirm-email?status=done");
    expect(await donePage.text()).toContain("Your email is changed");
  });

  it("refuses with a clear message if the address was taken meanwhile, and leaves the account alone", async () => {
    const member = await createAccount(db);
    const cookie = await sessionCookie(db, member.id);
    const newEmail = uniqueEmail("contested");
    await requestChange(cookie, newEmail);
    const token = await linkToken(member.id);
    await createAccount(db).then((other) => db.update(users).set({ email: newEmail }).where(eq(users.id, other.id)));

    const res = await postForm("/account/confirm-email", { token });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("That email is already in use");
    expect((await emailOf(member.id)).email).toBe(member.email);
    expect((await get("/account", { headers: { cookie } })).status).toBe(200);
  });

  it("verifies an unverified account and makes it a member", async () => {
    const member = await createAccount(db, { verified: false });
    const newEmail = uniqueEmail("fixed-typo");
    await requestChange(await sessionCookie(db, member.id), newEmail);
    await postForm("/account/confirm-email", { token: await linkToken(member.id) });
    expect(await emailOf(member.id)).toEqual({ email: newEmail, isVerified: true });
    const grants = await db
      .select({ role: roles.name })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(eq(userRoles.userId, member.id));
    expect(grants).toEqual([{ role: "member" }]);
    const account = await get("/account", { headers: { cookie: await sessionCookie(db, member.id) } });
    expect(await account.text()).not.toContain("not confirmed yet");
  });

  it.each(["", "not-a-token", "a".repeat(52), "<script>alert(1)</script>", "x".repeat(5000)])(
    "shows the expired-link page for token %j without echoing it",
    async (token) => {
      const page = await get(`/account/confirm-email?token=${encodeURIComponent(token)}`);
      expect(page.status).toBe(400);
      const html = await page.text();
      expect(html).not.toContain("<script>alert(1)</script>");
      expect(html).not.toContain('name="token"');
      const post = await postForm("/account/confirm-email", { token });
      expect(post.status).toBe(400);
    },
  );
});
