// Bid opportunities in a real browser against `wrangler dev` (real R2 and Postgres): a member
// searches, narrows with a filter, opens an opportunity, applies with a file while the upload
// bar follows the upload (throttled, so the bar has time to move), and finds the bid under
// My bids; the same search without JavaScript (a plain GET form); a search saved from the
// list; axe and the W3C Nu checker on every page in each state.
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

const htmlDir = path.resolve("test-results/html-projects");
const shots = path.resolve("test-results/screenshots");
/** A word only this run's projects carry, so other files' projects never show up. */
const TAG = `zq${newId().slice(-8)}`;

let worker: Worker;
let browser: Browser;
let db: pg.Client;
const contexts: BrowserContext[] = [];
let paving: string;
let roofing: string;

/** A signed-in member; `enforceCsp` keeps the page's Content-Security-Policy in force (axe cannot be injected then). */
async function memberContext(enforceCsp = false): Promise<{ context: BrowserContext; userId: string }> {
  const account = await createE2EAccount("member");
  const context = enforceCsp ? await browser.newContext({ viewport: { width: 390, height: 844 } }) : await phoneContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, worker.url, account);
  await page.close();
  const { rows } = await db.query<{ id: string }>("select id from users where email = $1", [account.email]);
  return { context, userId: rows[0]!.id };
}

/** Keeps the page's HTML for the Nu checker, takes a screenshot and runs axe on it. */
async function check(page: Page, name: string): Promise<void> {
  writeFileSync(path.join(htmlDir, `${name}.html`), await page.content());
  await page.screenshot({ path: path.join(shots, `projects-${name}.png`), fullPage: true });
  await expectNoAxeViolations(page);
}

async function insertProject(ownerId: string, title: string, category: string): Promise<string> {
  const id = newId();
  await db.query(
    `insert into projects (id, title, description, category, status, visibility, deadline_date, estimated_value, location,
       skills_required, created_by_id, published_at, organization)
     values ($1, $2, $3, $4, 'BIDDING_OPEN', 'PUBLIC', $5, 480000, 'Oakland, CA', $6, $7, now(), 'City of Oakland')`,
    [id, title, `Scope for ${title}. Prevailing wage; pre-bid walk on site.`, category, new Date(Date.now() + 20 * 86_400_000), ["Paving"], ownerId],
  );
  return id;
}

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(shots, { recursive: true });
  db = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await db.connect();
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);
  const { rows } = await db.query<{ id: string }>(
    `insert into users (id, email, password, first_name, last_name) values ($1, $2, 'not-a-hash', 'Bid', 'Owner') returning id`,
    [newId(), `e2e-bid-owner-${newId()}@example.test`],
  );
  paving = await insertProject(rows[0]!.id, `Harbor Way paving ${TAG}`, "INFRASTRUCTURE");
  roofing = await insertProject(rows[0]!.id, `Library roof ${TAG}`, "RENOVATION");
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await worker?.stop();
  await db?.end();
});

/** A PDF of about this many bytes (magic bytes first, padding in a comment). */
function pdf(bytes: number): Buffer {
  const head = "%PDF-1.7\n%";
  const tail = "\n%%EOF\n";
  return Buffer.from(head + "x".repeat(bytes - head.length - tail.length) + tail);
}

describe("bid opportunities in the browser", () => {
  it("searches, filters, opens an opportunity, applies with a file while the bar shows the upload, and sees the bid in My bids", async () => {
    const member = await memberContext();
    const page = await member.context.newPage();
    await page.goto(`${worker.url}/projects`);
    await page.evaluate("window.__stillTheSamePage = true");

    // Search: both of this run's opportunities.
    await page.fill("#f-q", TAG);
    await page.click('form[role="search"] button[type="submit"]');
    await page.waitForURL(new RegExp(`q=${TAG}`));
    await page.waitForFunction(`document.querySelector("#project-results")?.textContent?.includes("2 opportunities")`);
    expect(await page.locator(`#project-results a[href="/projects/${paving}"]`).count()).toBe(1);
    expect(await page.locator(`#project-results a[href="/projects/${roofing}"]`).count()).toBe(1);

    // Filter: infrastructure only, still without leaving the page (htmx swapped the results).
    await page.click("summary");
    await page.selectOption("#f-category", "INFRASTRUCTURE");
    await page.click('form[role="search"] button[type="submit"]');
    await page.waitForURL(/category=INFRASTRUCTURE/);
    await page.waitForFunction(`document.querySelector("#project-results")?.textContent?.includes("1 opportunity")`);
    expect(await page.locator(`#project-results a[href="/projects/${roofing}"]`).count()).toBe(0);
    expect(await page.evaluate("window.__stillTheSamePage")).toBe(true);
    await check(page, "projects-filtered-member");

    // Open it.
    await Promise.all([page.waitForURL(new RegExp(`/projects/${paving}$`)), page.click(`#project-results a[href="/projects/${paving}"]`)]);
    await check(page, "project-member");

    // Apply with a 1.5 MB PDF over a throttled uplink (≈ 400 KB/s): the bar must move through
    // values between 0 and 100 while the file goes up. A poller keeps what it saw in
    // sessionStorage, which survives the navigation to My bids.
    const cdp = await member.context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 400 * 1024 });
    await page.fill("#f-coverLetter", "We self-perform paving with our own crew and equipment, bonded for this size.");
    await page.fill("#f-bidAmount", "455,000");
    await page.fill("#f-estimatedDuration", "30");
    await page.setInputFiles("#f-files", { name: "bid-proposal.pdf", mimeType: "application/pdf", buffer: pdf(1_500_000) });
    await page.evaluate(`(() => {
      const bar = document.getElementById("apply-progress");
      const seen = [];
      setInterval(() => {
        if (seen[seen.length - 1] !== bar.value) seen.push(bar.value);
        sessionStorage.setItem("progress", JSON.stringify(seen));
        sessionStorage.setItem("disabled", String(document.querySelector('form[data-upload-progress] button[type="submit"]').disabled));
      }, 25);
    })()`);
    await Promise.all([page.waitForURL(/\/projects\/mine\?notice=applied/, { timeout: 30_000 }), page.click('form[data-upload-progress] button[type="submit"]')]);
    const seen = JSON.parse((await page.evaluate(`sessionStorage.getItem("progress")`)) as string) as number[];
    expect(seen.some((v) => v > 0 && v < 100), `bar values seen: ${seen.join(", ")}`).toBe(true);
    expect(seen.at(-1)).toBe(100);
    expect(await page.evaluate(`sessionStorage.getItem("disabled")`)).toBe("true");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    // My bids: the bid with its status, and the file stored with it.
    const bids = await page.locator("main").innerText();
    expect(bids).toContain(`Harbor Way paving ${TAG}`);
    expect(bids).toContain("Submitted");
    const { rows } = await db.query<{ file_name: string; file_size: number }>(
      `select f.file_name, f.file_size from application_files f join project_applications a on a.id = f.application_id
       where a.project_id = $1 and a.user_id = $2`,
      [paving, member.userId],
    );
    expect(rows).toEqual([{ file_name: "bid-proposal.pdf", file_size: 1_500_000 }]);
    await check(page, "my-bids-applied");

    // The opportunity page now shows the bid.
    await page.goto(`${worker.url}/projects/${paving}`);
    await check(page, "project-applied");
  });

  it("shows the form again with its errors when the upload is refused, the bar still in place", async () => {
    // The real CSP: the answer replaces the document, whose policy (and style nonce) stays the first page's.
    const member = await memberContext(true);
    const page = await member.context.newPage();
    await page.goto(`${worker.url}/projects/${roofing}`);
    await page.fill("#f-coverLetter", "Too short?");
    await page.fill("#f-bidAmount", "abc");
    await page.fill("#f-estimatedDuration", "30");
    await page.setInputFiles("#f-files", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a pdf") });
    await page.click('form[data-upload-progress] button[type="submit"]');
    await page.waitForSelector("#form-errors");
    expect(await page.locator("#f-bidAmount-error").count()).toBe(1);
    expect(await page.inputValue("#f-coverLetter")).toBe("Too short?");
    expect(await page.locator("#f-files-error").count()).toBe(1);
    // The page the server answered is styled (its CSS applied) and the upload script still runs on a second try.
    expect(await page.evaluate(`getComputedStyle(document.body).display`)).toBe("flex");
    expect(await page.locator('form[data-upload-progress] button[type="submit"]').isEnabled()).toBe(true);
    writeFileSync(path.join(htmlDir, "project-apply-errors.html"), await page.content());
    const { rows } = await db.query("select 1 from project_applications where project_id = $1 and user_id = $2", [roofing, member.userId]);
    expect(rows).toHaveLength(0);

    // Fixed and sent again from the replaced page: the script still handles the form.
    await page.fill("#f-coverLetter", "We re-roofed three branch libraries for the city last year.");
    await page.fill("#f-bidAmount", "98000");
    await page.setInputFiles("#f-files", { name: "roof.pdf", mimeType: "application/pdf", buffer: pdf(20_000) });
    await Promise.all([page.waitForURL(/\/projects\/mine\?notice=applied/), page.click('form[data-upload-progress] button[type="submit"]')]);
    expect(await page.evaluate(`getComputedStyle(document.body).display`)).toBe("flex");
    expect(await page.locator("main").innerText()).toContain(`Library roof ${TAG}`);
  });

  it("searches and filters without JavaScript: a plain GET form and a whole page each time", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${worker.url}/projects`);
    await page.fill("#f-q", TAG);
    await Promise.all([page.waitForURL(new RegExp(`q=${TAG}`)), page.click('form[role="search"] button[type="submit"]')]);
    expect(await page.locator("#project-results").innerText()).toContain("2 opportunities");
    await page.click("summary");
    await page.selectOption("#f-category", "RENOVATION");
    await Promise.all([page.waitForURL(/category=RENOVATION/), page.click('form[role="search"] button[type="submit"]')]);
    const results = await page.locator("#project-results").innerText();
    expect(results).toContain("1 opportunity");
    expect(results).toContain(`Library roof ${TAG}`);
    expect(results).not.toContain("Harbor Way");
    await Promise.all([page.waitForURL(new RegExp(`/projects/${roofing}$`)), page.click(`a[href="/projects/${roofing}"]`)]);
    expect(await page.locator("h1").innerText()).toContain(`Library roof ${TAG}`);
  });

  it("saves the current search from the list, then changes how often and sees it on the saved searches page", async () => {
    const member = await memberContext();
    const page = await member.context.newPage();
    await page.goto(`${worker.url}/projects?q=${TAG}&category=RENOVATION`);
    await check(page, "projects-member-save-form");
    await page.fill("#f-name", "Roofing jobs");
    await page.selectOption("#f-frequency", "INSTANT");
    await Promise.all([page.waitForURL(/\/projects\/saved\?notice=saved/), page.click('form[action="/projects/saved"] button[type="submit"]')]);
    const { rows } = await db.query<{ id: string; query: string; frequency: string }>("select id, query, frequency from saved_searches where user_id = $1", [member.userId]);
    expect(rows).toEqual([{ id: rows[0]!.id, query: `q=${TAG}&category=RENOVATION`, frequency: "INSTANT" }]);
    expect(await page.locator("main").innerText()).toContain("Roofing jobs");
    await check(page, "saved-searches");
    await page.selectOption(`#freq-${rows[0]!.id}`, "WEEKLY");
    await Promise.all([page.waitForURL(/notice=updated/), page.click(`form[action="/projects/saved/${rows[0]!.id}"] button`)]);
    expect((await db.query("select frequency from saved_searches where id = $1", [rows[0]!.id])).rows[0]).toEqual({ frequency: "WEEKLY" });
    await page.fill("#f-threshold", "abc");
    await page.click('form[action="/projects/saved/threshold"] button');
    await page.waitForSelector("#f-threshold-error");
    await check(page, "saved-searches-threshold-error");
  });

  it("has no axe violations on the list as a visitor, with results and with a refused filter", async () => {
    const visitor = await phoneContext(browser);
    contexts.push(visitor);
    const page = await visitor.newPage();
    await page.goto(`${worker.url}/projects?q=${TAG}`);
    await check(page, "projects-visitor-results");
    const res = await page.goto(`${worker.url}/projects?q=${TAG}&min=abc`);
    expect(res?.status()).toBe(422);
    await check(page, "projects-visitor-bad-filter");
    await page.goto(`${worker.url}/projects/${paving}`);
    await check(page, "project-visitor");
  });

  it("every bid page walked above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
