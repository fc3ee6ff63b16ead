// The outbox screen (safe links, no markup from bodies), resend, deliver-now,
// and deliverDueEmails' retries at the HTTP boundary with a fake provider.
import { eq } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { Db } from "../../src/db/client.ts";
import { newId } from "../../src/db/ids.ts";
import { adminActions } from "../../src/db/schema/audit.ts";
import { emailOutbox } from "../../src/db/schema/auth.ts";
import { deliverDueEmails, MAX_ATTEMPTS, retryDelayMs, transportFor } from "../../src/features/outbox/outbox.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { makeUser, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();
const config = loadConfig(env as unknown as Record<string, unknown>);
let adminId: string;
let cookie: string;
const as = () => ({ headers: { cookie } });

beforeAll(async () => {
  const admin = await createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Ada" });
  adminId = admin.id;
  cookie = await sessionCookie(db, admin.id);
});

type NewEmail = typeof emailOutbox.$inferInsert;
async function makeEmail(overrides: Partial<NewEmail> = {}) {
  const [row] = await db
    .insert(emailOutbox)
    .values({ toAddress: `outbox-${newId()}@test.example.org`, subject: "Test subject", textBody: "Hello", kind: "TEST", ...overrides })
    .returning();
  return row!;
}
const emailRow = async (id: string) => (await db.select().from(emailOutbox).where(eq(emailOutbox.id, id)))[0]!;

describe("GET /admin/outbox", () => {
  it("renders http(s) links in a body as anchors and everything else as escaped text", async () => {
    const body = [
      "Hello <b>Maria</b>,",
      "Confirm here: https://portal.example/verify-email?token=abc&x=1.",
      "<script>alert(1)</script> javascript:alert(2) http://\"onmouseover=alert(3) ftp://files.example/x",
      "(see http://example.org/a_b)",
    ].join("\n");
    // Created "later" than anything else, so it heads the newest-first list whatever else the suite queues.
    const email = await makeEmail({ textBody: body, subject: "Subject <i>x</i>", status: "DEAD", createdAt: new Date("2090-01-01T00:00:00Z") });
    const res = await get("/admin/outbox", as());
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(email.toAddress);
    expect(html).toContain(
      '<a href="https://portal.example/verify-email?token=abc&amp;x=1">https://portal.example/verify-email?token=abc&amp;x=1</a>.',
    );
    expect(html).toContain('(see <a href="http://example.org/a_b">http://example.org/a_b</a>)');
    expect(html).toContain("Hello &lt;b&gt;Maria&lt;/b&gt;,<br/>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<b>Maria");
    expect(html).not.toMatch(/href="(javascript|ftp):/);
    expect(html).not.toContain('href="http://"');
    expect(html).toContain("Subject &lt;i&gt;x&lt;/i&gt;");
    expect(html).toContain(`action="/admin/outbox/${email.id}/resend"`);
    expect(html).toContain("<caption>");
  });

  it("filters by status and refuses an unknown status", async () => {
    const sent = await makeEmail({ status: "SENT", sentAt: new Date(), createdAt: new Date("2089-01-01T00:00:00Z") });
    const pending = await makeEmail({ status: "PENDING", nextAttemptAt: new Date("2100-01-01"), createdAt: new Date("2089-01-02T00:00:00Z") });
    const onlySent = await (await get("/admin/outbox?status=SENT", as())).text();
    expect(onlySent).toContain(sent.toAddress);
    expect(onlySent).not.toContain(pending.toAddress);
    const onlyPending = await (await get("/admin/outbox?status=PENDING", as())).text();
    expect(onlyPending).toContain(pending.toAddress);
    expect(onlyPending).not.toContain(sent.toAddress);
    const bad = await get("/admin/outbox?status=%3Cscript%3E", as());
    expect(bad.status).toBe(422);
    expect(await bad.text()).not.toContain("<script>");
  });
});

describe("POST /admin/outbox/:id/resend", () => {
  it("puts a DEAD email back in the queue with attempts reset, and audits EMAIL_RESENT", async () => {
    const user = await makeUser(db);
    const email = await makeEmail({ userId: user.id, status: "DEAD", attempts: MAX_ATTEMPTS, lastError: "provider answered 500" });
    const res = await postForm(`/admin/outbox/${email.id}/resend`, {}, as());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/outbox?notice=resent");
    const row = await emailRow(email.id);
    // PENDING with attempts 0 — unless a sender elsewhere in the suite already delivered it (then SENT on its first attempt).
    expect(row.status).not.toBe("DEAD");
    expect(row.lastError).toBeNull();
    expect(row.status === "PENDING" ? row.attempts : row.attempts - 1).toBe(0);
    const audit = await db.select().from(adminActions).where(eq(adminActions.targetUserId, user.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "EMAIL_RESENT", userId: adminId, targetUserId: user.id });
    expect(audit[0]!.metadata).toMatchObject({
      before: { status: "DEAD", attempts: MAX_ATTEMPTS },
      after: { status: "PENDING", attempts: 0 },
      outboxId: email.id,
    });
  });

  it("resends a SENT email too", async () => {
    const email = await makeEmail({ status: "SENT", attempts: 1, sentAt: new Date(), providerMessageId: "p-1", nextAttemptAt: new Date() });
    expect((await postForm(`/admin/outbox/${email.id}/resend`, {}, as())).status).toBe(303);
    const row = await emailRow(email.id);
    expect(row.providerMessageId === null || row.providerMessageId.startsWith("dev-")).toBe(true);
  });

  it("refuses an email still waiting to be sent (409), writing nothing", async () => {
    const user = await makeUser(db);
    const email = await makeEmail({ userId: user.id, status: "PENDING", attempts: 2, nextAttemptAt: new Date("2100-01-01") });
    const res = await postForm(`/admin/outbox/${email.id}/resend`, {}, as());
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("already waiting to be sent");
    expect((await emailRow(email.id)).attempts).toBe(2);
    expect(await db.select().from(adminActions).where(eq(adminActions.targetUserId, user.id))).toHaveLength(0);
  });

  it("404s an unknown or junk id", async () => {
    expect((await postForm(`/admin/outbox/${newId()}/resend`, {}, as())).status).toBe(404);
    expect((await postForm(`/admin/outbox/1%20OR%201=1/resend`, {}, as())).status).toBe(404);
  });
});

describe("POST /admin/outbox/deliver", () => {
  it("sends due emails now (dev transport in tests) and shows how many", async () => {
    const email = await makeEmail({ nextAttemptAt: new Date("1991-01-01T00:00:00Z") });
    const res = await postForm("/admin/outbox/deliver", {}, as());
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location")!, "http://localhost");
    expect(location.pathname).toBe("/admin/outbox");
    expect(location.searchParams.get("notice")).toBe("delivered");
    expect(Number(location.searchParams.get("sent"))).toBeGreaterThanOrEqual(1);
    const row = await emailRow(email.id);
    expect(row.status).toBe("SENT");
    expect(row.providerMessageId).toMatch(/^dev-/);
    const page = await (await get(`${location.pathname}${location.search}`, as())).text();
    expect(page).toMatch(/Delivery run finished\. \d+ sent, \d+ failed\./);
  });

  it("shows a fixed message for a notice code and ignores text put in the URL", async () => {
    const html = await (await get("/admin/outbox?notice=%3Cmarquee%3Epwned-zq%3C/marquee%3E&sent=%3Cb%3E", as())).text();
    expect(html).not.toContain("pwned-zq");
    expect(html).not.toContain('class="notice good"');
    const delivered = await (await get("/admin/outbox?notice=delivered&sent=zq-77&failed=1e9", as())).text();
    expect(delivered).toContain("Delivery run finished. </p>");
    expect(delivered).not.toContain("zq-77");
    expect(delivered).not.toContain("1e9");
  });
});

describe("deliverDueEmails at the HTTP boundary", () => {
  class Rollback extends Error {}
  /**
   * Runs inside a transaction that is rolled back: the rows it makes are invisible to
   * every other sender in the suite, and the oldest due row is always this test's own.
   */
  async function isolated(fn: (tx: Db) => Promise<void>) {
    try {
      await db.transaction(async (tx) => {
        await fn(tx as unknown as Db);
        throw new Rollback();
      });
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }
  }

  interface Seen {
    url: string;
    method: string;
    headers: Headers;
    body: unknown;
  }
  function fakeProvider(answers: Array<{ status: number; body: unknown }>) {
    const seen: Seen[] = [];
    const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push({ url: String(input), method: init?.method ?? "GET", headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) });
      const answer = answers[Math.min(seen.length - 1, answers.length - 1)]!;
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { "content-type": "application/json" } });
    }) as typeof fetch;
    return { seen, fakeFetch };
  }
  const providerConfig = { ...config, EMAIL_API_URL: "https://mail.example/send", EMAIL_API_KEY: "k" };
  const LONG_AGO = new Date("1990-01-01T00:00:00Z");

  it("retries a 500 with backoff, then records the provider id on a 200", async () => {
    await isolated(async (tx) => {
      const [email] = await tx
        .insert(emailOutbox)
        .values({ toAddress: "fake-provider@test.example.org", subject: "Hi", textBody: "Body text", kind: "TEST", nextAttemptAt: LONG_AGO })
        .returning();
      const { seen, fakeFetch } = fakeProvider([
        { status: 500, body: { error: "down" } },
        { status: 200, body: { id: "prov-123" } },
      ]);
      const transport = transportFor(providerConfig, fakeFetch);

      const started = Date.now();
      expect(await deliverDueEmails(tx, providerConfig, transport, 1)).toEqual({ sent: 0, failed: 1, dead: 0 });
      const failed = (await tx.select().from(emailOutbox).where(eq(emailOutbox.id, email!.id)))[0]!;
      expect(failed).toMatchObject({ status: "PENDING", attempts: 1 });
      expect(failed.lastError).toContain("500");
      expect(failed.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(started + retryDelayMs(1));
      expect(failed.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + retryDelayMs(1));

      expect(seen).toHaveLength(1);
      expect(seen[0]!.url).toBe("https://mail.example/send");
      expect(seen[0]!.method).toBe("POST");
      expect(seen[0]!.headers.get("authorization")).toBe("Bearer k");
      expect(seen[0]!.headers.get("content-type")).toBe("application/json");
      expect(seen[0]!.body).toEqual({ from: config.EMAIL_FROM, to: ["fake-provider@test.example.org"], subject: "Hi", text: "Body text" });

      // Time passes: the row is due again, and the provider is back.
      await tx.update(emailOutbox).set({ nextAttemptAt: LONG_AGO }).where(eq(emailOutbox.id, email!.id));
      expect(await deliverDueEmails(tx, providerConfig, transport, 1)).toEqual({ sent: 1, failed: 0, dead: 0 });
      const sent = (await tx.select().from(emailOutbox).where(eq(emailOutbox.id, email!.id)))[0]!;
      expect(sent).toMatchObject({ status: "SENT", attempts: 2, providerMessageId: "prov-123", lastError: null });
      expect(sent.sentAt).toBeInstanceOf(Date);
      expect(seen).toHaveLength(2);
    });
  });

  it("backs off 1, 4, 16, 64, 256 minutes and marks the email DEAD after MAX_ATTEMPTS", async () => {
    await isolated(async (tx) => {
      const [email] = await tx
        .insert(emailOutbox)
        .values({ toAddress: "always-fails@test.example.org", subject: "Hi", textBody: "x", kind: "TEST", nextAttemptAt: LONG_AGO })
        .returning();
      const { seen, fakeFetch } = fakeProvider([{ status: 500, body: {} }]);
      const transport = transportFor(providerConfig, fakeFetch);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        // Time passes: the row is due again.
        await tx.update(emailOutbox).set({ nextAttemptAt: LONG_AGO }).where(eq(emailOutbox.id, email!.id));
        const started = Date.now();
        const result = await deliverDueEmails(tx, providerConfig, transport, 1);
        const row = (await tx.select().from(emailOutbox).where(eq(emailOutbox.id, email!.id)))[0]!;
        expect(row.attempts).toBe(attempt);
        const delay = row.nextAttemptAt.getTime() - started;
        expect(delay).toBeGreaterThanOrEqual(60_000 * 4 ** (attempt - 1));
        expect(delay).toBeLessThan(60_000 * 4 ** (attempt - 1) + 5_000);
        if (attempt < MAX_ATTEMPTS) {
          expect(result).toEqual({ sent: 0, failed: 1, dead: 0 });
          expect(row.status).toBe("PENDING");
        } else {
          expect(result).toEqual({ sent: 0, failed: 0, dead: 1 });
          expect(row.status).toBe("DEAD");
        }
      }
      expect(seen).toHaveLength(MAX_ATTEMPTS);
      // DEAD is final: another run does not call the provider.
      await tx.update(emailOutbox).set({ nextAttemptAt: LONG_AGO }).where(eq(emailOutbox.id, email!.id));
      await deliverDueEmails(tx, providerConfig, transport, 1).catch(() => undefined);
      expect(seen.filter((s) => (s.body as { to: string[] }).to[0] === "always-fails@test.example.org")).toHaveLength(MAX_ATTEMPTS);
    });
  });
});
