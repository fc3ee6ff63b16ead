// The member directory in a real browser against `wrangler dev`: searching with JavaScript
// (typing updates the results and the URL, Back restores the previous search) and without it
// (the plain GET form), the profile and vCard, the public listing; axe and the W3C Nu checker
// on every directory page. Members here carry a skill of their own, so the shared database's
// other members never show in the results being checked.
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

const htmlDir = path.resolve("test-results/html-directory");
const shots = path.resolve("test-results/screenshots");
const tag = `e2e-skill-${newId()}`;

let worker: Worker;
let browser: Browser;
let db: pg.Client;
const contexts: BrowserContext[] = [];
const ids: Record<string, string> = {};
let account: { email: string; password: string };

async function member(first: string, last: string, extra: Record<string, unknown> = {}): Promise<string> {
  const id = newId();
  const fields = { first_name: first, last_name: last, company: `${last} Builders`, skills: [tag], city: "Oakland", state: "CA", is_verified: true, ...extra };
  const cols = Object.keys(fields);
  await db.query(
    `insert into users (id, email, password, ${cols.join(", ")}) values ($1, $2, 'not-a-hash', ${cols.map((_, i) => `$${i + 3}`).join(", ")})`,
    [id, `e2e-dir-${newId()}@example.test`, ...Object.values(fields)],
  );
  return id;
}

async function signedInContext(opts: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const context = opts.javaScriptEnabled === false ? await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } }) : await phoneContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, worker.url, account);
  await page.close();
  return context;
}

/** Opens a page, checks its status, keeps its HTML for the Nu checker and runs axe on it. */
async function visit(context: BrowserContext, urlPath: string, name: string, status = 200): Promise<Page> {
  const page = await context.newPage();
  const res = await page.goto(`${worker.url}${urlPath}`, { waitUntil: "load" });
  expect(res?.status()).toBe(status);
  writeFileSync(path.join(htmlDir, `${name}.html`), await res!.text());
  await page.screenshot({ path: path.join(shots, `directory-${name}.png`), fullPage: true });
  await expectNoAxeViolations(page);
  return page;
}

const names = (page: Page) => page.locator("#directory-results article h2").allInnerTexts();

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(shots, { recursive: true });
  db = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await db.connect();
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);
  account = await createE2EAccount("member");
  ids.martinez = await member("Sofía", "Martinez", { directory_visibility: "PUBLIC", show_email: true });
  ids.washington = await member("Darnell", "Washington", { phone: "(510) 555-0188", show_phone: true });
  ids.nguyen = await member("Minh", "Nguyen", { directory_visibility: "PUBLIC" });
  await db.query(
    `insert into credentials (id, user_id, type, status, issuer, classification, expires_on) values
       ($1, $2, 'DBE', 'VERIFIED', 'Caltrans', null, '2099-01-01'), ($3, $2, 'CSLB_LICENSE', 'VERIFIED', 'CSLB', 'C-8 Concrete', null)`,
    [newId(), ids.martinez, newId()],
  );
  await db.query(`insert into user_skills (id, user_id, skill, level, years) values ($1, $2, 'Concrete', 'EXPERT', 18)`, [newId(), ids.martinez]);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await worker?.stop();
  await db?.end();
});

describe("the member directory in the browser", () => {
  it("with JavaScript: typing updates the results and the URL, and Back restores the previous search", async () => {
    const context = await signedInContext();
    const page = await visit(context, `/members?skill=${tag}&sort=name`, "members-tagged");
    expect(await names(page)).toEqual(["Sofía Martinez", "Minh Nguyen", "Darnell Washington"]);
    await page.evaluate("window.__stillTheSamePage = true");

    await page.fill("#f-q", "Martnez");
    await page.waitForURL(/q=Martnez/);
    await page.waitForFunction('document.querySelectorAll("#directory-results article").length === 1');
    expect(await names(page)).toEqual(["Sofía Martinez"]);

    await page.fill("#f-q", "Washingtn");
    await page.waitForURL(/q=Washingtn/);
    await page.waitForFunction('document.querySelector("#directory-results")?.textContent?.includes("Darnell Washington")');
    expect(await names(page)).toEqual(["Darnell Washington"]);
    expect(await page.evaluate("window.__stillTheSamePage")).toBe(true);
    await expectNoAxeViolations(page); // after the swaps too

    await page.goBack();
    await page.waitForURL(/q=Martnez/);
    await page.waitForFunction('document.querySelector("#directory-results")?.textContent?.includes("Sofía Martinez")');
    expect(await names(page)).toEqual(["Sofía Martinez"]);
  });

  it("without JavaScript: the plain form searches and the URL carries the search", async () => {
    const context = await signedInContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${worker.url}/members?skill=${tag}`);
    await page.fill("#f-q", "nguyn");
    await Promise.all([page.waitForURL(/q=nguyn/), page.click('form[role="search"] button[type="submit"]')]);
    expect(new URL(page.url()).searchParams.get("skill")).toBe(tag);
    expect(await names(page)).toEqual(["Minh Nguyen"]);
  });

  it("opens a profile with badges and skills, downloads its vCard, and shows the member their own page", async () => {
    const context = await signedInContext();
    const page = await visit(context, `/members/${ids.martinez}`, "member-profile");
    expect(await page.locator("h1").innerText()).toBe("Sofía Martinez");
    expect(await page.locator("main").innerText()).toContain("Concrete — Expert, 18 years");
    expect(await page.locator("main").innerText()).toContain("CSLB C-8");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(`a[href="/members/${ids.martinez}/vcard"]`)]);
    expect(download.suggestedFilename()).toBe("sofia-martinez.vcf");

    const { rows } = await db.query<{ id: string }>("select id from users where email = $1", [account.email]);
    const own = await visit(context, `/members/${rows[0]!.id}`, "member-profile-own");
    expect(await own.locator("main").innerText()).toContain("This is how other members see your profile.");
    await (await visit(context, "/members?zip=00000&miles=25", "members-bad-zip", 422)).close();
  });

  it("lists only public members in Find a contractor, for visitors", async () => {
    const visitor = await phoneContext(browser);
    contexts.push(visitor);
    const page = await visit(visitor, `/find-a-contractor?skill=${tag}&sort=name`, "find-a-contractor");
    expect(await names(page)).toEqual(["Sofía Martinez", "Minh Nguyen"]);
    await page.fill("#f-q", "Martnez");
    await page.waitForURL(/q=Martnez/);
    await page.waitForFunction('document.querySelectorAll("#directory-results article").length === 1');
    expect(await names(page)).toEqual(["Sofía Martinez"]);
  });

  it("every directory page walked above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
