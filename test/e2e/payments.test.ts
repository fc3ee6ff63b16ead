// Payments in a real browser against `wrangler dev` and the local Stripe stand-in (which posts
// signed webhooks to that Worker): a member joins a tier through the stand-in's hosted checkout
// and sees the membership active; a member pays for a held event seat; receipts. axe on every
// page and the W3C Nu checker on the portal's pages (the stand-in's own pages are not ours).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { newId } from "../../src/db/ids.ts";
import { createE2EAccount } from "./accounts.ts";
import { expectNoAxeViolations, nuCheckerErrors, phoneContext, signIn } from "./browse.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

const htmlDir = path.resolve("test-results/html-payments");
const shots = path.resolve("test-results/screenshots");

let worker: Worker;
let browser: Browser;
let db: pg.Client;
const contexts: BrowserContext[] = [];
let tierName: string;
let tierId: string;
let eventId: string;

async function memberContext(kind: "member" | "admin" = "member"): Promise<{ context: BrowserContext; userId: string }> {
  const account = await createE2EAccount(kind);
  const context = await phoneContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, worker.url, account);
  await page.close();
  const { rows } = await db.query<{ id: string }>("select id from users where email = $1", [account.email]);
  return { context, userId: rows[0]!.id };
}

async function keep(page: Page, name: string): Promise<void> {
  writeFileSync(path.join(htmlDir, `${name}.html`), await page.content());
  await page.screenshot({ path: path.join(shots, `payments-${name}.png`), fullPage: true });
  await expectNoAxeViolations(page);
}

/** The webhook arrives a moment after the redirect: wait for what it writes. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(shots, { recursive: true });
  db = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await db.connect();
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);
  tierName = `Builder ${newId().slice(0, 6)}`;
  tierId = newId();
  await db.query("insert into membership_tiers (id, name, description, price, duration, benefits) values ($1, $2, 'For licensed contractors.', 600, 12, $3)", [
    tierId,
    tierName,
    JSON.stringify({ highlights: ["Bid alerts", "Member prices"] }),
  ]);
  const { rows } = await db.query<{ id: string }>(
    `insert into users (id, email, password, first_name, last_name) values ($1, $2, 'not-a-hash', 'Event', 'Owner') returning id`,
    [newId(), `e2e-pay-owner-${newId()}@example.test`],
  );
  eventId = newId();
  const start = new Date(Date.now() + 10 * 86_400_000);
  await db.query(
    `insert into events (id, title, description, type, status, start_date, end_date, max_capacity, location, price, created_by_id, published_at)
     values ($1, 'Bonding and Surety Workshop', 'Paid workshop.', 'WORKSHOP', 'REGISTRATION_OPEN', $2, $3, 20, 'Oakland', 45, $4, now())`,
    [eventId, start, new Date(start.getTime() + 2 * 3_600_000), rows[0]!.id],
  );
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await worker?.stop();
  await db?.end();
});

describe("payments in the browser", () => {
  it("joins a tier through the local checkout page and sees the membership active", async () => {
    const m = await memberContext();
    const page = await m.context.newPage();
    await page.goto(`${worker.url}/membership`);
    await keep(page, "membership-none");
    const tier = page.locator("article", { has: page.getByRole("heading", { name: tierName }) });
    await Promise.all([page.waitForURL(/\/checkout\/cs_test_/), tier.getByRole("button", { name: `Join as ${tierName}` }).click()]);
    expect(await page.locator("body").innerText()).toContain("$600.00");
    await expectNoAxeViolations(page);
    await Promise.all([page.waitForURL(/\/membership\?paid=1/), page.getByRole("button", { name: "Pay $600.00" }).click()]);

    const expires = await eventually(
      async () => (await db.query<{ membership_expires_at: Date | null; stripe_subscription_id: string | null }>("select membership_expires_at, stripe_subscription_id from users where id = $1", [m.userId])).rows[0]!,
      (u) => u.membership_expires_at !== null,
    );
    expect(expires.membership_expires_at!.getTime()).toBeGreaterThan(Date.now() + 360 * 86_400_000);
    expect(expires.stripe_subscription_id).toMatch(/^sub_/);
    await page.goto(`${worker.url}/membership`);
    const status = await page.locator("#status-h + p").innerText();
    expect(status).toContain(`${tierName} membership: active`);
    expect(status).toContain("renews automatically");
    await keep(page, "membership-active");

    await page.goto(`${worker.url}/account/payments`);
    await keep(page, "account-payments");
    await page.getByRole("link", { name: /Membership dues/ }).first().click();
    expect(await page.locator("h1").innerText()).toBe("Receipt");
    await keep(page, "receipt");
  });

  it("pays for a held event seat and sees the registration confirmed", async () => {
    const m = await memberContext();
    const page = await m.context.newPage();
    await page.goto(`${worker.url}/events/${eventId}`);
    await Promise.all([page.waitForURL(/\/checkout\/cs_test_/), page.click('form[action$="/register"] button')]);
    // Cancel first: back on the event page the seat is still held, with a button to pay.
    await Promise.all([page.waitForURL(new RegExp(`/events/${eventId}`)), page.getByRole("button", { name: "Cancel" }).click()]);
    expect(await page.locator("#my-registration").innerText()).toContain("Your seat is held");
    await keep(page, "event-held");
    await Promise.all([page.waitForURL(/\/checkout\/cs_test_/), page.getByRole("button", { name: "Pay $45.00 by card" }).click()]);
    await Promise.all([page.waitForURL(/paid=1/), page.getByRole("button", { name: "Pay $45.00" }).click()]);
    const reg = await eventually(
      async () => (await db.query<{ paid: boolean }>("select paid from event_registrations where event_id = $1 and user_id = $2", [eventId, m.userId])).rows[0],
      (r) => r?.paid === true,
    );
    expect(reg?.paid).toBe(true);
    await page.goto(`${worker.url}/events/${eventId}?paid=1`);
    expect(await page.locator('[role="status"]').first().innerText()).toContain("Payment received: your seat is confirmed.");
    expect(await page.locator("#my-registration").innerText()).toContain("You are registered.");
    await keep(page, "event-paid");
  });

  it("donation form and sponsorships pages pass axe", async () => {
    const m = await memberContext();
    const page = await m.context.newPage();
    await page.goto(`${worker.url}/donate`);
    await keep(page, "donate");
    await page.fill("#f-amount", "abc");
    await page.click('form[action="/donate"] button');
    await keep(page, "donate-invalid");
    await page.goto(`${worker.url}/sponsorships`);
    await keep(page, "sponsorships");
  });

  it("membership pages in the grace period and after a lapse", async () => {
    const day = 86_400_000;
    const grace = await memberContext();
    await db.query("update users set membership_tier_id = $2, membership_expires_at = $3 where id = $1", [grace.userId, tierId, new Date(Date.now() - 3 * day)]);
    const page = await grace.context.newPage();
    await page.goto(`${worker.url}/membership`);
    expect(await page.locator("#status-h + p").innerText()).toContain("in its grace period");
    await keep(page, "membership-grace");

    const lapsed = await memberContext();
    await db.query("update users set membership_tier_id = $2, membership_expires_at = $3, membership_lapsed_at = $4 where id = $1", [
      lapsed.userId,
      tierId,
      new Date(Date.now() - 40 * day),
      new Date(Date.now() - 26 * day),
    ]);
    const lapsedPage = await lapsed.context.newPage();
    await lapsedPage.goto(`${worker.url}/membership`);
    expect(await lapsedPage.locator("#status-h + p").innerText()).toContain("Your membership lapsed");
    await keep(lapsedPage, "membership-lapsed");
  });

  it("an admin's page for one payment, with its refunds and the refund form (and the form refused)", async () => {
    const member = await memberContext();
    const paymentId = newId();
    await db.query(
      `insert into payments (id, user_id, type, status, amount, refunded_amount, description, stripe_payment_id, stripe_checkout_session_id, processed_at)
       values ($1, $2, 'DONATION', 'COMPLETED', 120, 20, 'Donation to the chapter', $3, $4, now())`,
      [paymentId, member.userId, `pi_e2e_${newId()}`, `cs_test_e2e_${newId()}`],
    );
    await db.query("insert into payment_refunds (id, payment_id, amount, reason) values ($1, $2, 20, 'Part of the gift returned on request')", [newId(), paymentId]);
    const admin = await memberContext("admin");
    const page = await admin.context.newPage();
    await page.goto(`${worker.url}/admin/payments/${paymentId}`);
    expect(await page.locator("h1").innerText()).toBe(`Payment ${paymentId}`);
    expect(await page.locator("body").innerText()).toContain("Part of the gift returned on request");
    await keep(page, "admin-payment");
    // A reason too short to mean anything: the form comes back with the message beside the field.
    await page.fill("#f-amount", "10");
    await page.fill("#f-reason", "no");
    await Promise.all([page.waitForLoadState("load"), page.click(`form[action="/admin/payments/${paymentId}/refund"] button`)]);
    expect(await page.locator("body").innerText()).toContain("Say why");
    expect(await page.inputValue("#f-amount")).toBe("10");
    await keep(page, "admin-payment-invalid");
  });

  it("every payments page walked above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
