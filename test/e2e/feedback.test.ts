// Member feedback in a real browser against `wrangler dev` (real Postgres): a member sends
// feedback from the footer's "Help & feedback" link on an events page, an admin finds it in the
// queue and replies (emailed through the outbox), and the member reads the reply on their
// ticket. axe on every page on the way, and the W3C Nu checker on all of them at the end.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { createE2EAccount } from "./accounts.ts";
import { expectNoAxeViolations, nuCheckerErrors, phoneContext, signIn } from "./browse.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

const htmlDir = path.resolve("test-results/html-feedback");
const shots = path.resolve("test-results/screenshots");

let worker: Worker;
let browser: Browser;
let db: pg.Client;
const contexts: BrowserContext[] = [];

async function signedIn(kind: "member" | "admin") {
  const account = await createE2EAccount(kind);
  const context = await phoneContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, worker.url, account);
  await page.close();
  return { context, email: account.email };
}

async function keep(page: Page, name: string): Promise<void> {
  writeFileSync(path.join(htmlDir, `${name}.html`), await page.content());
  await page.screenshot({ path: path.join(shots, `feedback-${name}.png`), fullPage: true });
  await expectNoAxeViolations(page);
}

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(shots, { recursive: true });
  db = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await db.connect();
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await worker?.stop();
  await db?.end();
});

describe("feedback in the browser", () => {
  const subject = `Map pin in the wrong city ${Date.now()}`;
  let ticketId: string;
  let member: Awaited<ReturnType<typeof signedIn>>;

  it("a member sends feedback from the page they are on", async () => {
    member = await signedIn("member");
    const page = await member.context.newPage();
    await page.goto(`${worker.url}/events?when=past`);
    await Promise.all([page.waitForURL(/\/feedback\/new\?from=/), page.click("footer a:has-text('Help & feedback')")]);
    // The page with its query string: what the member was looking at.
    expect(await page.inputValue('input[name="from"]')).toBe("/events?when=past");
    await keep(page, "form");

    // A mistake first: the form comes back with the text kept and the errors announced.
    await page.fill("#f-subject", subject);
    await page.fill("#f-message", "The Stockton job shows up in Sacramento.");
    await Promise.all([page.waitForLoadState("load"), page.click("form[action='/feedback'] button[type=submit]")]);
    expect(await page.locator("#form-errors").innerText()).toContain("Choose what this is about");
    expect(await page.inputValue("#f-subject")).toBe(subject);
    await keep(page, "form-errors");

    await page.selectOption("#f-category", "BUG_REPORT");
    await page.selectOption("#f-priority", "HIGH");
    await Promise.all([page.waitForURL(/\/account\/feedback\/c[a-z2-7]{24}\?notice=sent$/), page.click("form[action='/feedback'] button[type=submit]")]);
    expect(await page.locator("main").innerText()).toContain("Your message has reached the chapter office");
    ticketId = new URL(page.url()).pathname.split("/").pop()!;
    await keep(page, "ticket-sent");

    const { rows } = await db.query<{ page_url: string; status: string }>("select page_url, status from member_feedback where id = $1", [ticketId]);
    expect(rows[0]).toEqual({ page_url: "/events?when=past", status: "OPEN" });
  });

  it("an admin finds it in the queue and replies", async () => {
    expect(ticketId).toBeTruthy();
    const admin = await signedIn("admin");
    const page = await admin.context.newPage();
    // Searched for by its subject: the queue is shared with every other test's tickets, oldest first.
    await page.goto(`${worker.url}/admin/feedback?status=waiting&assignee=unassigned&q=${encodeURIComponent(subject)}`);
    await keep(page, "admin-queue");
    await Promise.all([page.waitForURL(new RegExp(`/admin/feedback/${ticketId}$`)), page.click(`a[href="/admin/feedback/${ticketId}"]`)]);
    await keep(page, "admin-ticket");
    await page.fill("#f-body", "Thanks — we moved the pin to Stockton.\n\nIt shows there now.");
    await page.selectOption("#f-nextStatus", "RESOLVED");
    await Promise.all([page.waitForURL(/notice=replied$/), page.click(`form[action$="/replies"] button[type=submit]`)]);
    expect(await page.locator("main").innerText()).toContain("Reply sent. The member has been emailed.");
    await keep(page, "admin-replied");

    const { rows } = await db.query<{ status: string; emails: number; audits: number }>(
      `select f.status,
        (select count(*)::int from email_outbox o where o.user_id = f.user_id and o.kind = 'FEEDBACK_REPLY') as emails,
        (select count(*)::int from admin_actions a where a.action = 'FEEDBACK_UPDATED' and a.metadata->>'feedbackId' = f.id) as audits
       from member_feedback f where f.id = $1`,
      [ticketId],
    );
    expect(rows[0]).toEqual({ status: "RESOLVED", emails: 1, audits: 1 });
  });

  it("the member sees the reply on their ticket and in their list", async () => {
    const page = await member.context.newPage();
    await page.goto(`${worker.url}/account/feedback`);
    expect(await page.locator("main").innerText()).toContain("1 answer from the chapter office");
    await keep(page, "my-feedback");
    await Promise.all([page.waitForURL(new RegExp(`/account/feedback/${ticketId}$`)), page.click(`a[href="/account/feedback/${ticketId}"]`)]);
    const text = await page.locator("main").innerText();
    expect(text).toContain("we moved the pin to Stockton");
    expect(text).toContain("Resolved");
    await keep(page, "ticket-answered");
  });

  it("every page walked above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
