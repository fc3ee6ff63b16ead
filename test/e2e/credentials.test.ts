// The credentials vault in a real browser against `wrangler dev` (real R2 and Postgres): a
// member adds a licence with its PDF over a throttled connection and watches the upload
// progress bar move, the same form works with JavaScript off, and an admin opens the review
// queue, sees the document beside the form and verifies it. axe and the W3C Nu checker on
// every page on the way.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { createE2EAccount } from "./accounts.ts";
import { expectNoAxeViolations, nuCheckerErrors, phoneContext, signIn } from "./browse.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

const htmlDir = path.resolve("test-results/html-credentials");
const shots = path.resolve("test-results/screenshots");

let worker: Worker;
let browser: Browser;
let db: pg.Client;
const contexts: BrowserContext[] = [];

/** A real PDF of about 600 KB: big enough that a throttled upload reports progress several times. */
function bigPdf(): Buffer {
  const head = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
  const padding = `% ${"licence scan ".repeat(50)}\n`.repeat(900);
  return Buffer.from(`${head}${padding}trailer\n<< /Root 1 0 R >>\n%%EOF\n`);
}

async function signedIn(kind: "member" | "admin", options: { javaScriptEnabled?: boolean } = {}) {
  const account = await createE2EAccount(kind);
  const context = options.javaScriptEnabled === false
    ? await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } })
    : await phoneContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, worker.url, account);
  await page.close();
  return { context, email: account.email };
}

async function keep(page: Page, name: string): Promise<void> {
  writeFileSync(path.join(htmlDir, `${name}.html`), await page.content());
  await page.screenshot({ path: path.join(shots, `credentials-${name}.png`), fullPage: true });
  await expectNoAxeViolations(page);
}

async function fillForm(page: Page, number: string) {
  await page.selectOption("#f-type", "CSLB_LICENSE");
  await page.fill("#f-issuer", "Contractors State License Board");
  await page.fill("#f-number", number);
  await page.fill("#f-classification", "B, C-10");
  await page.fill("#f-issuedOn", "2025-02-01");
  await page.fill("#f-expiresOn", "2027-02-28");
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

describe("credentials in the browser", () => {
  let credentialId: string;

  it("adds a credential with its document, the upload progress shown, then lists it waiting for review", async () => {
    const member = await signedIn("member");
    const page = await member.context.newPage();
    await page.goto(`${worker.url}/account/credentials/new`);
    await keep(page, "new");
    await fillForm(page, "1098765");
    const pdf = bigPdf();
    await page.setInputFiles("#f-document", { name: "CSLB licence.pdf", mimeType: "application/pdf", buffer: pdf });

    // Record every percentage the bar shows (set by public/js/upload-progress-3.js).
    const seen: number[] = [];
    await page.exposeFunction("recordProgress", (value: number) => seen.push(value));
    await page.evaluate(`(() => {
      const bar = document.querySelector("#upload-progress");
      new MutationObserver(() => window.recordProgress(Number(bar.getAttribute("value"))))
        .observe(bar, { attributes: true, attributeFilter: ["value"] });
    })()`);
    const cdp = await member.context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 400_000 });
    await Promise.all([page.waitForURL(/\/account\/credentials\?notice=added$/, { timeout: 30_000 }), page.click("#credential-form button[type=submit]")]);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    const steps = seen.filter((v) => v > 0 && v < 100);
    expect(steps.length, JSON.stringify(seen)).toBeGreaterThanOrEqual(2);
    expect(seen.at(-1)).toBe(100);

    expect(await page.locator("main").innerText()).toContain("Credential added.");
    expect(await page.locator("main").innerText()).toContain("Waiting for review");
    await keep(page, "list-added");

    const { rows } = await db.query<{ id: string; status: string; document_size: number; document_type: string }>(
      "select c.id, c.status, c.document_size, c.document_type from credentials c join users u on u.id = c.user_id where u.email = $1",
      [member.email],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "PENDING", document_size: pdf.length, document_type: "application/pdf" });
    credentialId = rows[0]!.id;
  });

  it("adds one with JavaScript off, through the plain multipart form", async () => {
    const member = await signedIn("member", { javaScriptEnabled: false });
    const page = await member.context.newPage();
    await page.goto(`${worker.url}/account/credentials/new`);
    await fillForm(page, "1011121");
    await page.setInputFiles("#f-document", { name: "licence.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
    await Promise.all([page.waitForURL(/notice=added$/), page.click("#credential-form button[type=submit]")]);
    expect(await page.locator("main").innerText()).toContain("Waiting for review");
  });

  it("an admin verifies it from the queue, with the document beside the form", async () => {
    expect(credentialId).toBeTruthy();
    const admin = await signedIn("admin");
    const page = await admin.context.newPage();
    // The queue holds every pending credential of the shared demo data: find this one by its number, as a reviewer would.
    await page.goto(`${worker.url}/admin/credentials?q=1098765`);
    await keep(page, "admin-queue");
    await Promise.all([page.waitForURL(new RegExp(`/admin/credentials/${credentialId}$`)), page.click(`a[href="/admin/credentials/${credentialId}"]`)]);
    const frame = page.locator("iframe.doc");
    expect(await frame.getAttribute("src")).toBe(`/admin/credentials/${credentialId}/preview`);
    await keep(page, "admin-review");
    await page.check("#f-decision-VERIFIED");
    await Promise.all([page.waitForURL(/notice=VERIFIED$/), page.click('form[action$="/review"] button[type=submit]')]);
    expect(await page.locator("main").innerText()).toContain("Credential verified.");
    const { rows } = await db.query<{ status: string; emails: number; audits: number }>(
      `select c.status,
        (select count(*)::int from email_outbox o where o.user_id = c.user_id and o.kind = 'CREDENTIAL_REVIEWED') as emails,
        (select count(*)::int from admin_actions a where a.target_user_id = c.user_id) as audits
       from credentials c where c.id = $1`,
      [credentialId],
    );
    expect(rows[0]).toEqual({ status: "VERIFIED", emails: 1, audits: 1 });
  });

  it("every page walked above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
