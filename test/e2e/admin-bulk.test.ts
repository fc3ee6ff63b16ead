// Member import and bulk actions in a real browser against `wrangler dev`: an admin imports a
// small CSV through the preview to the report, an invited member follows the link to
// /welcome and is signed in, and the admin emails a filtered segment after its confirmation.
// Every page passes axe and the W3C Nu checker.
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

const htmlDir = path.resolve("test-results/html-admin-bulk");
const shots = path.resolve("test-results/screenshots");

let worker: Worker;
let browser: Browser;
let db: pg.Client;
let admin: BrowserContext;
const t = newId().slice(-8);

async function keep(page: Page, name: string) {
  writeFileSync(path.join(htmlDir, `${name}.html`), await page.content());
  await page.screenshot({ path: path.join(shots, `admin-bulk-${name}.png`), fullPage: true });
  await expectNoAxeViolations(page);
}

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(shots, { recursive: true });
  db = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await db.connect();
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

describe("member import and bulk actions in the browser", () => {
  it("imports a small CSV through the preview to the report, and the invited member sets a password at /welcome", async () => {
    const page = await admin.newPage();
    await page.goto(`${worker.url}/admin/users`);
    await Promise.all([page.waitForURL(/\/admin\/users\/import$/), page.click('a:text("Import members from a CSV file")')]);
    await keep(page, "import");
    const csv = [
      "email,first_name,last_name,company",
      `e2e-nunez-${t}@example.test,José,Núñez,Núñez Electric ${t}`,
      `e2e-lee-${t}@example.test,Bo,Lee,Lee Concrete ${t}`,
      `broken-${t},No,Email,`,
    ].join("\n");
    await page.setInputFiles("#f-file", { name: "members.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await Promise.all([page.waitForURL(/\/admin\/users\/import$/), page.click('button:text("Preview the import")')]);
    expect(await page.locator("h1").innerText()).toContain("Import preview");
    const preview = await page.content();
    expect(preview).toContain("Email is not a valid address");
    expect(preview).toContain("José Núñez");
    await keep(page, "import-preview");
    const { rows: before } = await db.query("select id from users where email like $1", [`%-${t}@example.test`]);
    expect(before).toHaveLength(0);

    await Promise.all([page.waitForURL(/\/admin\/users\/import\/c[a-z2-7]{24}$/), page.click('button:text("Import 2 members")')]);
    expect(await page.locator("h1").innerText()).toContain("Import finished");
    expect(await page.content()).toContain("2 created, 0 updated, 0 unchanged, 1 failed");
    await keep(page, "import-report");
    await page.close();

    const { rows } = await db.query<{ text_body: string }>(
      "select o.text_body from email_outbox o join users u on u.id = o.user_id where u.email = $1 and o.kind = 'INVITE'",
      [`e2e-nunez-${t}@example.test`],
    );
    const link = /(\/welcome\?token=[^\s]+)/.exec(rows[0]!.text_body)![1]!;
    const guest = await phoneContext(browser);
    const welcome = await guest.newPage();
    await welcome.goto(`${worker.url}${link}`);
    expect(await welcome.locator("h1").innerText()).toBe("Welcome, José");
    await keep(welcome, "welcome");
    await welcome.fill("#f-password", "gravel ladder summer quilt");
    await welcome.fill("#f-confirmPassword", "gravel ladder summer quilt");
    await Promise.all([welcome.waitForURL(/\/account$/), welcome.click('button:text("Save my password and sign in")')]);
    expect(await welcome.content()).toContain("José");
    await welcome.goto(`${worker.url}${link}`);
    await keep(welcome, "welcome-link-used");
    await guest.close();
  });

  it("emails a filtered segment after a confirmation that says how many members it reaches", async () => {
    const company = `Segment ${t}`;
    for (const [i, optedOut] of [false, false, true].entries()) {
      await db.query(
        `insert into users (id, email, password, first_name, last_name, company, is_verified, notification_preferences)
         values ($1, $2, 'not-a-hash', 'Seg', $3, $4, true, $5)`,
        [newId(), `e2e-seg-${i}-${t}@example.test`, `Member ${i}`, company, JSON.stringify({ email: true, sms: false, push: true, announcements: !optedOut })],
      );
    }
    const page = await admin.newPage();
    await page.goto(`${worker.url}/admin/users?q=${encodeURIComponent(company)}`);
    await Promise.all([page.waitForURL(/\/admin\/users\/bulk\?/), page.click('a:text("Bulk actions on these 3 members")')]);
    expect(await page.content()).toContain("<strong>3 members</strong>");
    await keep(page, "bulk-choose");
    await page.fill("#f-subject", `Site walk ${t}`);
    await page.fill("#f-body", "Join us **Saturday** at the yard.\n\n- hard hats\n- boots");
    await Promise.all([page.waitForURL(/\/admin\/users\/bulk$/), page.click('button:text("Review the email")')]);
    const confirmation = await page.content();
    expect(confirmation).toContain("<strong>3 members</strong>");
    expect(confirmation).toContain("<strong>2 members</strong> will get the email");
    await keep(page, "bulk-confirm");
    await Promise.all([page.waitForURL(/notice=bulk_email/), page.click('button:text-matches("^Yes, send the email")')]);
    expect(await page.locator(".notice.good").innerText()).toContain("The email is queued");
    await keep(page, "bulk-done");
    const { rows } = await db.query<{ to_address: string }>("select to_address from email_outbox where subject = $1 order by to_address", [`Site walk ${t}`]);
    expect(rows.map((r) => r.to_address)).toEqual([`e2e-seg-0-${t}@example.test`, `e2e-seg-1-${t}@example.test`]);
    await page.close();
  });

  it("every page walked above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
