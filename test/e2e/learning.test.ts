// Learning in a real browser against `wrangler dev`: a member enrols in a free course, reads,
// marks modules complete, plays the video only when asked, passes the quiz, sees the course
// COMPLETED on the transcript and opens its valid certificate; another downloads a handout an
// admin uploaded, then drops the course. The same forms work with JavaScript switched off. axe
// and the W3C Nu checker on every learning page in each state.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { newId } from "../../src/db/ids.ts";
import { createE2EAccount } from "./accounts.ts";
import { clickAndWaitForURL, expectNoAxeViolations, nuCheckerErrors, phoneContext, signIn } from "./browse.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

const htmlDir = path.resolve("test-results/html-learning");
const shots = path.resolve("test-results/screenshots");

let worker: Worker;
let browser: Browser;
let db: pg.Client;
const contexts: BrowserContext[] = [];
let courseId: string;
const moduleIds: string[] = [];

const HANDOUT = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

const QUIZ = {
  type: "quiz",
  passMark: 75,
  questions: [
    { prompt: "Which bond promises the owner that the work will be finished?", options: ["Bid bond", "Performance bond", "Payment bond"], answer: 1 },
    { prompt: "Whom does a payment bond protect?", options: ["The owner", "Unpaid subcontractors and suppliers"], answer: 1 },
  ],
};

async function member(opts: { javaScript?: boolean } = {}): Promise<{ context: BrowserContext; userId: string }> {
  const account = await createE2EAccount("member");
  const context = opts.javaScript === false ? await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } }) : await phoneContext(browser);
  contexts.push(context);
  // The video host stays out of the test: a stand-in page answers for it.
  await context.route(/youtube-nocookie\.com/, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>video</title>" }));
  const page = await context.newPage();
  await signIn(page, worker.url, account);
  await page.close();
  const { rows } = await db.query<{ id: string }>("select id from users where email = $1", [account.email]);
  return { context, userId: rows[0]!.id };
}

async function keep(page: Page, name: string, axe = true): Promise<void> {
  writeFileSync(path.join(htmlDir, `${name}.html`), await page.content());
  await page.screenshot({ path: path.join(shots, `learning-${name}.png`), fullPage: true });
  if (axe) await expectNoAxeViolations(page);
}

async function enrolment(userId: string) {
  const { rows } = await db.query<{ status: string; progress: number }>("select status, progress from course_enrollments where course_id = $1 and user_id = $2", [courseId, userId]);
  return rows[0];
}

const moduleUrl = (i: number) => `/courses/${courseId}/modules/${moduleIds[i]}`;

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(shots, { recursive: true });
  db = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await db.connect();
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);
  courseId = newId();
  await db.query(
    `insert into courses (id, title, description, status, duration, difficulty, category, tags, requirements, objectives, price, published_at)
     values ($1, 'Bonding basics', $2, 'PUBLISHED', 45, 'BEGINNER', 'Finance', '{bonding,surety}', '{None}', '{"Explain bid, performance and payment bonds"}', 0, now())`,
    [courseId, "How bonds work and how a small contractor gets a first bond."],
  );
  const modules: Array<[string, number, unknown]> = [
    ["Why owners require bonds", 10, { type: "text", markdown: "Public owners **require** bonds.\n\n- Bid bond\n- Performance bond\n- Payment bond" }],
    ["Bonds explained", 20, { type: "video", url: "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE", caption: "A surety agent explains" }],
    ["Check your understanding", 15, QUIZ],
  ];
  for (const [i, [title, duration, content]] of modules.entries()) {
    const id = newId();
    moduleIds.push(id);
    await db.query(`insert into course_modules (id, course_id, title, "order", duration, content) values ($1, $2, $3, $4, $5, $6)`, [id, courseId, title, i + 1, duration, JSON.stringify(content)]);
  }
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await worker?.stop();
  await db?.end();
});

describe("learning in the browser", () => {
  it("a member enrols in a free course, works through the modules, passes the quiz and sees COMPLETED on the transcript", async () => {
    const { context, userId } = await member();
    // The video host is outside our walls (and this machine may have no internet): its player is
    // answered at the HTTP boundary, so a hanging embed cannot hold up the page.
    await context.route("https://www.youtube-nocookie.com/**", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>player</title>" }));
    const page = await context.newPage();
    await page.goto(`${worker.url}/courses`);
    await keep(page, "courses");
    await page.click(`a[href="/courses/${courseId}"]`);
    await page.waitForURL(new RegExp(`/courses/${courseId}$`));
    expect(await page.locator("#enrolment").innerText()).toContain("Enrol for free");
    await keep(page, "course-not-enrolled");

    await Promise.all([page.waitForURL(/notice=enrolled/), page.click('form[action$="/enrol"] button')]);
    expect((await enrolment(userId))?.status).toBe("ENROLLED");
    await keep(page, "course-enrolled");
    await Promise.all([page.waitForURL(new RegExp(moduleUrl(0))), page.click("text=Start the course")]);
    expect(await page.locator("main strong").first().innerText()).toBe("require");
    await keep(page, "module-text");

    await clickAndWaitForURL(page, 'form[action$="/complete"] button', /notice=completed/);
    expect(page.url()).toContain(moduleUrl(1));
    expect(await enrolment(userId)).toEqual({ status: "IN_PROGRESS", progress: 22 });
    expect(await page.locator("iframe").count()).toBe(0);
    await keep(page, "module-video");
    await clickAndWaitForURL(page, "text=Play the video", /play=1/);
    expect(await page.locator('iframe[src^="https://www.youtube-nocookie.com/embed/"]').count()).toBe(1);
    await keep(page, "module-video-playing", false);

    // This page's own address already says notice=completed: wait for the next module's.
    await clickAndWaitForURL(page, 'form[action$="/complete"] button', (u) => u.pathname === moduleUrl(2) && u.searchParams.get("notice") === "completed");
    expect(page.url()).toContain(moduleUrl(2));
    await keep(page, "module-quiz");
    // A wrong answer first: not a pass, and the attempt is listed.
    await page.check("#q0-0");
    await page.check("#q1-1");
    await Promise.all([page.waitForURL(/notice=quiz-failed/), page.click('form[action$="/quiz"] button')]);
    expect(await page.locator("#result").innerText()).toContain("50% — not passed");
    await keep(page, "module-quiz-failed");
    await page.check("#q0-1");
    await page.check("#q1-1");
    await Promise.all([page.waitForURL(/notice=course-completed/), page.click('form[action$="/quiz"] button')]);
    expect(await enrolment(userId)).toEqual({ status: "COMPLETED", progress: 100 });
    await keep(page, "course-completed");

    await page.goto(`${worker.url}/account/learning`);
    const row = page.locator("tr", { hasText: "Bonding basics" });
    expect(await row.innerText()).toContain("Completed");
    expect(await row.locator('a[href^="/certificates/"]').count()).toBe(1);
    await keep(page, "transcript");

    // The transcript's link opens the public certificate page, which checks it afresh: valid.
    await clickAndWaitForURL(page, `tr:has-text("Bonding basics") a[href^="/certificates/"]`, /\/certificates\/c[a-z2-7]{24}$/);
    expect(await page.locator("#certificate-status").innerText()).toContain("Valid: the chapter's signature checks out");
    expect(await page.locator(".cert-course").innerText()).toBe("Bonding basics");
    await keep(page, "certificate");
  });

  it("an enrolled member downloads a handout the admin uploaded, then drops the course and loses access to it", async () => {
    // A second course whose handout an admin uploads through the module editor (into R2).
    const handoutCourse = newId();
    await db.query(
      `insert into courses (id, title, description, status, duration, price, published_at) values ($1, 'Surety paperwork', 'The forms a surety asks for.', 'PUBLISHED', 20, 0, now())`,
      [handoutCourse],
    );
    await db.query(`insert into course_modules (id, course_id, title, "order", duration, content) values ($1, $2, 'What a surety reads', 1, 10, $3)`, [
      newId(),
      handoutCourse,
      JSON.stringify({ type: "text", markdown: "Financial statements, a work-in-progress schedule and references." }),
    ]);
    const admin = await phoneContext(browser);
    contexts.push(admin);
    const adminPage = await admin.newPage();
    await signIn(adminPage, worker.url, await createE2EAccount("admin"));
    await adminPage.goto(`${worker.url}/admin/courses/${handoutCourse}/modules/new?type=file`);
    await adminPage.fill("#f-title", "Submittal worksheet");
    await adminPage.fill("#f-duration", "10");
    await adminPage.setInputFiles("#f-file", { name: "Submittal worksheet.pdf", mimeType: "application/pdf", buffer: Buffer.from(HANDOUT) });
    await Promise.all([adminPage.waitForURL(/notice=module_added/), adminPage.click('button:text("Add the module")')]);
    const { rows } = await db.query<{ id: string }>(`select id from course_modules where course_id = $1 and "order" = 2`, [handoutCourse]);
    const handoutUrl = `/courses/${handoutCourse}/modules/${rows[0]!.id}`;

    const { context, userId } = await member();
    const page = await context.newPage();
    await page.goto(`${worker.url}/courses/${handoutCourse}`);
    await Promise.all([page.waitForURL(/notice=enrolled/), page.click('form[action$="/enrol"] button')]);
    await page.goto(`${worker.url}${handoutUrl}`);
    await keep(page, "module-file");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(`a[href="${handoutUrl}/file"]`)]);
    expect(download.suggestedFilename()).toBe("Submittal-worksheet.pdf");
    expect(readFileSync((await download.path())!)).toEqual(Buffer.from(HANDOUT));

    await page.goto(`${worker.url}/courses/${handoutCourse}`);
    await page.click("summary:text('Drop this course')");
    await page.check("#drop-confirm");
    await Promise.all([page.waitForURL(/notice=dropped/), page.click('form[action$="/drop"] button')]);
    const dropped = await db.query<{ status: string }>("select status from course_enrollments where course_id = $1 and user_id = $2", [handoutCourse, userId]);
    expect(dropped.rows[0]?.status).toBe("DROPPED");
    expect(await page.locator("main").innerText()).toContain("Enrol again");
    await keep(page, "course-dropped");
    await page.goto(`${worker.url}/account/learning`);
    expect(await page.locator("tr", { hasText: "Surety paperwork" }).innerText()).toContain("Dropped");
    // Handouts are for enrolled members: once dropped, the download is refused.
    expect((await context.request.get(`${worker.url}${handoutUrl}/file`)).status()).toBe(403);
  });

  it("the mark-complete and quiz forms work with JavaScript switched off", async () => {
    const { context, userId } = await member({ javaScript: false });
    const page = await context.newPage();
    await page.goto(`${worker.url}/courses/${courseId}`);
    await Promise.all([page.waitForURL(/notice=enrolled/), page.click('form[action$="/enrol"] button')]);
    await page.goto(`${worker.url}${moduleUrl(1)}`);
    await Promise.all([page.waitForURL(/play=1/), page.click("text=Play the video")]);
    expect(await page.locator("iframe").count()).toBe(1);
    await Promise.all([page.waitForURL(/notice=completed/), page.click('form[action$="/complete"] button')]);
    expect(await enrolment(userId)).toEqual({ status: "IN_PROGRESS", progress: 44 });
    await page.check("#q0-1");
    await page.check("#q1-1");
    await Promise.all([page.waitForURL(/notice=quiz-passed/), page.click('form[action$="/quiz"] button')]);
    expect(await page.locator("#result").innerText()).toContain("100% — passed");
    expect(await enrolment(userId)).toEqual({ status: "IN_PROGRESS", progress: 77 });
    // "Continue where you left off" leads back to the one module not yet done: the first.
    await page.goto(`${worker.url}/courses/${courseId}`);
    expect(await page.locator("a.btn", { hasText: "Continue where you left off" }).getAttribute("href")).toBe(moduleUrl(0));
  });

  it("every learning page walked above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
