// Course administration in a real browser against `wrangler dev`: an admin creates a course,
// adds a text module and a quiz (a second question added with htmx), moves the quiz up in a
// browser with JavaScript off (a plain POST that comes back to the page) and down again with
// htmx (the list swapped in place), and publishes. The list, editor, module and enrolment
// pages pass axe and the W3C Nu checker.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { createE2EAccount } from "./accounts.ts";
import { expectNoAxeViolations, nuCheckerErrors, phoneContext, signIn } from "./browse.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

const htmlDir = path.resolve("test-results/html-admin-courses");
const shots = path.resolve("test-results/screenshots");

let worker: Worker;
let browser: Browser;
let db: pg.Client;
let admin: BrowserContext;
let noJs: BrowserContext;

async function keep(page: Page, name: string) {
  writeFileSync(path.join(htmlDir, `${name}.html`), await page.content());
  await page.screenshot({ path: path.join(shots, `admin-courses-${name}.png`), fullPage: true });
  await expectNoAxeViolations(page);
}

const titlesInOrder = async (courseId: string) =>
  (await db.query<{ title: string }>('select title from course_modules where course_id = $1 order by "order"', [courseId])).rows.map((r) => r.title);

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(shots, { recursive: true });
  db = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await db.connect();
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);
  const account = await createE2EAccount("admin");
  admin = await phoneContext(browser);
  noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  for (const context of [admin, noJs]) {
    const page = await context.newPage();
    await signIn(page, worker.url, account);
    await page.close();
  }
});

afterAll(async () => {
  await admin?.close();
  await noJs?.close();
  await browser?.close();
  await worker?.stop();
  await db?.end();
});

describe("course administration in the browser", () => {
  let courseId: string;

  it("creates a course, adds a text module and a quiz with a question added by htmx", async () => {
    const page = await admin.newPage();
    await page.goto(`${worker.url}/admin/courses`);
    await keep(page, "list");
    await Promise.all([page.waitForURL(/\/admin\/courses\/new$/), page.click('a:text("Create a course")')]);
    await keep(page, "new");
    await page.fill("#f-title", "Prevailing Wage Basics");
    await page.fill("#f-description", "Certified payroll, fringe benefits and the DIR.");
    await page.selectOption("#f-difficulty", "INTERMEDIATE");
    await page.fill("#f-category", "Compliance");
    await page.fill("#f-tags", "payroll, DIR");
    await page.fill("#f-objectives", "File a certified payroll report\nKnow the fringe rules");
    await page.fill("#f-price", "35");
    await page.fill("#f-memberPrice", "0");
    await Promise.all([page.waitForURL(/notice=created/), page.click('button:text("Create the draft course")')]);
    courseId = /\/admin\/courses\/(c[a-z2-7]{24})/.exec(page.url())![1]!;
    expect(await page.locator("#publish-problems").innerText()).toContain("It has no modules yet");
    await keep(page, "edit-empty");

    await page.selectOption("#f-new-module-type", "text");
    await Promise.all([page.waitForURL(/modules\/new\?type=text/), page.click('button:text("Add a module")')]);
    await keep(page, "module-new-text");
    await page.fill("#f-title", "What prevailing wage means");
    await page.fill("#f-duration", "20");
    await page.fill("#f-markdown", "The **DIR** sets the rate.\n\n- Check the county\n- Check the craft");
    await Promise.all([page.waitForURL(/notice=module_added/), page.click('button:text("Add the module")')]);

    await page.selectOption("#f-new-module-type", "quiz");
    await Promise.all([page.waitForURL(/modules\/new\?type=quiz/), page.click('button:text("Add a module")')]);
    await page.fill("#f-title", "Payroll check");
    await page.fill("#f-passMark", "50");
    await page.fill("#f-questions\\.0\\.prompt", "Who publishes the rates?");
    await page.fill("#f-questions\\.0\\.option\\.0", "The DIR");
    await page.fill("#f-questions\\.0\\.option\\.1", "The county");
    await page.check("#f-questions\\.0\\.correct\\.0");
    await page.evaluate("window.__stillTheSamePage = true");
    await page.click('button[name="addRow"][value="questions"]');
    await page.waitForSelector("#f-questions\\.1\\.prompt");
    expect(await page.evaluate("window.__stillTheSamePage")).toBe(true);
    await page.fill("#f-questions\\.1\\.prompt", "Are fringe benefits part of the rate?");
    await page.fill("#f-questions\\.1\\.option\\.0", "No");
    await page.fill("#f-questions\\.1\\.option\\.1", "Yes");
    await page.check("#f-questions\\.1\\.correct\\.1");
    await keep(page, "module-new-quiz");
    await Promise.all([page.waitForURL(/notice=module_added/), page.click('button:text("Add the module")')]);
    expect(await titlesInOrder(courseId)).toEqual(["What prevailing wage means", "Payroll check"]);
    const { rows } = await db.query("select content, duration from course_modules where course_id = $1 and title = 'Payroll check'", [courseId]);
    expect(rows[0].content).toEqual({
      type: "quiz",
      passMark: 50,
      questions: [
        { prompt: "Who publishes the rates?", options: ["The DIR", "The county"], answer: 0 },
        { prompt: "Are fringe benefits part of the rate?", options: ["No", "Yes"], answer: 1 },
      ],
    });
    await keep(page, "edit-two-modules");
    await page.close();
  });

  it("moves the quiz up without JavaScript, and back down with htmx", async () => {
    const plain = await noJs.newPage();
    await plain.goto(`${worker.url}/admin/courses/${courseId}`);
    await Promise.all([plain.waitForURL(/notice=moved/), plain.click('button[aria-label="Move up: Payroll check"]')]);
    expect(await titlesInOrder(courseId)).toEqual(["Payroll check", "What prevailing wage means"]);
    expect(await plain.locator("#module-list li").first().innerText()).toContain("1. Payroll check");
    await plain.close();

    const page = await admin.newPage();
    await page.goto(`${worker.url}/admin/courses/${courseId}`);
    await page.evaluate("window.__stillTheSamePage = true");
    await page.click('button[aria-label="Move down: Payroll check"]');
    await page.waitForFunction('document.querySelector("#module-list li")?.textContent?.includes("1. What prevailing wage means")');
    expect(await page.evaluate("window.__stillTheSamePage")).toBe(true);
    expect(await titlesInOrder(courseId)).toEqual(["What prevailing wage means", "Payroll check"]);
    const outline = await db.query("select modules, duration from courses where id = $1", [courseId]);
    expect(outline.rows[0].modules.map((m: { title: string }) => m.title)).toEqual(["What prevailing wage means", "Payroll check"]);
    expect(outline.rows[0].duration).toBe(20);
    await keep(page, "edit-after-moves");
    await page.close();
  });

  it("publishes the course, and shows its module and enrolment pages", async () => {
    const page = await admin.newPage();
    await page.goto(`${worker.url}/admin/courses/${courseId}`);
    await Promise.all([page.waitForURL(/notice=status/), page.click('button:text("Publish")')]);
    expect(await page.locator(".card strong").first().innerText()).toBe("Published");
    const { rows } = await db.query("select status, published_at from courses where id = $1", [courseId]);
    expect(rows[0].status).toBe("PUBLISHED");
    expect(rows[0].published_at).toBeInstanceOf(Date);
    await keep(page, "edit-published");
    await page.click('a:text("Edit or delete “Payroll check”")');
    await page.waitForURL(/\/modules\/c[a-z2-7]{24}$/);
    await keep(page, "module-edit-quiz");
    await page.goto(`${worker.url}/admin/courses/${courseId}/enrollments`);
    expect(await page.content()).toContain("Nobody is enrolled yet.");
    await keep(page, "enrollments");
    await page.goto(`${worker.url}/admin/courses?status=PUBLISHED&q=Prevailing`);
    expect(await page.content()).toContain("Prevailing Wage Basics");
    await keep(page, "list-filtered");
    await page.close();
  });

  it("every page walked above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
