// Bid-opportunity administration in a real browser against `wrangler dev`: an admin creates
// an opportunity through the editor (adding a structured row with htmx), publishes it, opens
// bidding, reviews a member's bid and sees the new status; the bids table, the comparison
// and the import page pass axe and the W3C Nu checker.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { newId } from "../../src/db/ids.ts";
import { createE2EAccount } from "./accounts.ts";
import { expectNoAxeViolations, nuCheckerErrors, phoneContext, signIn } from "./browse.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

const htmlDir = path.resolve("test-results/html-admin-projects");
const shots = path.resolve("test-results/screenshots");

let worker: Worker;
let browser: Browser;
let db: pg.Client;
let admin: BrowserContext;

async function keep(page: Page, name: string) {
  writeFileSync(path.join(htmlDir, `${name}.html`), await page.content());
  await page.screenshot({ path: path.join(shots, `admin-projects-${name}.png`), fullPage: true });
  await expectNoAxeViolations(page);
}

async function bidder(projectId: string, firstName: string, amount: string): Promise<string> {
  const userId = newId();
  await db.query(
    `insert into users (id, email, password, first_name, last_name, company, is_verified, years_experience)
     values ($1, $2, 'not-a-hash', $3, 'Okafor', $4, true, 14)`,
    [userId, `e2e-bidder-${newId()}@example.test`, firstName, `${firstName} Builders`],
  );
  await db.query("insert into credentials (id, user_id, type, classification, status) values ($1, $2, 'CSLB_LICENSE', 'B', 'VERIFIED')", [newId(), userId]);
  const appId = newId();
  await db.query(
    `insert into project_applications (id, project_id, user_id, bid_amount, estimated_duration, cover_letter, proposal)
     values ($1, $2, $3, $4, 120, 'Twelve canopies built.', 'Steel first, then panels.')`,
    [appId, projectId, userId, amount],
  );
  return appId;
}

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(shots, { recursive: true });
  db = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await db.connect();
  await db.query(
    "insert into zip_codes (zip, city, state, latitude, longitude) values ('94621', 'Oakland', 'CA', 37.7589, -122.1853) on conflict do nothing",
  );
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);
  const account = await createE2EAccount("admin");
  admin = await phoneContext(browser);
  const page = await admin.newPage();
  await signIn(page, worker.url, account);
  await page.close();
});

afterAll(async () => {
  await admin?.close();
  await browser?.close();
  await worker?.stop();
  await db?.end();
});

describe("bid opportunities admin in the browser", () => {
  let projectId: string;

  it("creates an opportunity with a structured row added by htmx, publishes it and opens bidding", async () => {
    const page = await admin.newPage();
    await page.goto(`${worker.url}/admin/projects/new`);
    await keep(page, "new");
    await page.fill("#f-title", "Bus Yard Canopy and Solar");
    await page.fill("#f-description", "Steel canopy with a PV array over the bus yard.");
    await page.selectOption("#f-category", "NEW_CONSTRUCTION");
    await page.fill("#f-deadlineDate", "2030-02-10T14:00");
    await page.fill("#f-budgetMin", "1,200,000");
    await page.fill("#f-budgetMax", "1,750,000");
    await page.fill("#f-addressZip", "94621");
    await page.fill("#f-skills\\.0\\.skill", "Structural steel");
    await page.evaluate("window.__stillTheSamePage = true");
    await page.click('button[name="addRow"][value="skills"]');
    await page.waitForSelector("#f-skills\\.1\\.skill");
    expect(await page.evaluate("window.__stillTheSamePage")).toBe(true);
    await page.fill("#f-skills\\.1\\.skill", "Electrical");
    await page.selectOption("#f-certifications\\.0\\.type", "DBE");
    await Promise.all([page.waitForURL(/notice=created/), page.click('form[action="/admin/projects"] button:not([name]):text("Create the draft opportunity")')]);
    projectId = /\/admin\/projects\/(c[a-z2-7]{24})/.exec(page.url())![1]!;
    const { rows } = await db.query("select status, skills_required, latitude, budget_max from projects where id = $1", [projectId]);
    expect(rows[0]).toMatchObject({ status: "DRAFT", skills_required: ["Structural steel", "Electrical"], latitude: 37.7589, budget_max: "1750000.00" });
    await keep(page, "edit-draft");

    await Promise.all([page.waitForURL(/notice=status/), page.click('button:text("Publish")')]);
    expect(await page.locator(".card strong").first().innerText()).toBe("Published");
    await Promise.all([page.waitForURL(/notice=status/), page.click('button:text("Open bidding")')]);
    expect(await page.locator(".card strong").first().innerText()).toBe("Bidding open");
    await keep(page, "edit-open");
    await page.close();
  });

  it("reviews a member's bid and shows the new status; compares two bids", async () => {
    const first = await bidder(projectId, "Rosa", "1450000.00");
    const second = await bidder(projectId, "Dee", "1390000.00");
    const page = await admin.newPage();
    await page.goto(`${worker.url}/admin/projects/${projectId}/applications?sort=bid`);
    await keep(page, "applications");
    expect(await page.locator("tbody tr").first().innerText()).toContain("Dee Okafor");

    await page.check(`#cmp-${first}`);
    await page.check(`#cmp-${second}`);
    await Promise.all([page.waitForURL(/\/compare\?/), page.click('button:text("Compare the chosen bids")')]);
    expect(await page.locator("caption").innerText()).toBe("2 bids side by side");
    await keep(page, "compare");

    await page.goto(`${worker.url}/admin/projects/${projectId}/applications/${first}`);
    await keep(page, "application");
    await page.selectOption("#f-status", "APPROVED");
    await page.fill("#f-notes", "Send the bid bond by Friday.");
    await Promise.all([page.waitForURL(/notice=reviewed/), page.click('button:text("Change the status and email the applicant")')]);
    expect(await page.locator("#application-status").innerText()).toBe("Approved");
    const { rows } = await db.query(
      "select o.subject from email_outbox o join project_applications a on a.user_id = o.user_id where a.id = $1 and o.kind = 'PROJECT_APPLICATION_REVIEWED'",
      [first],
    );
    expect(rows.map((r) => r.subject)).toEqual(["Your bid on Bus Yard Canopy and Solar: Approved"]);
    await keep(page, "application-approved");
    await page.close();
  });

  it("previews a SAM.gov import with its errors, and the list filters", async () => {
    const page = await admin.newPage();
    await page.goto(`${worker.url}/admin/projects/import`);
    await keep(page, "import");
    await page.setInputFiles("#f-file", {
      name: "ContractOpportunitiesFullCSV.csv",
      mimeType: "text/csv",
      buffer: readFileSync(path.resolve("test/fixtures/sam-contract-opportunities.csv")),
    });
    await Promise.all([page.waitForURL(/\/admin\/projects\/import$/), page.click('button:text("Preview the import")')]);
    expect(await page.locator("h1").innerText()).toContain("Import preview");
    expect(await page.content()).toContain("Title is missing");
    await keep(page, "import-preview");
    await page.goto(`${worker.url}/admin/projects?status=BIDDING_OPEN&deadline=month`);
    await keep(page, "list-filtered");
    await page.close();
  });

  it("every page walked above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
