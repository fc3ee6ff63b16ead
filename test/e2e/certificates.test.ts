// Certificates in a real browser against `wrangler dev`: anyone opens a certificate's page and
// sees it verified, prints it on one page, checks its credential (and a tampered copy) in the
// verifier; an admin finds it and revokes it, and from then on the page says revoked. axe on
// every page and the W3C Nu checker on all of them.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { seedCertificates } from "../../scripts/seed/certificates.ts";
import { newId } from "../../src/db/ids.ts";
import * as schema from "../../src/db/schema/index.ts";
import { courseEnrollments, courses, users } from "../../src/db/schema/index.ts";
import { createE2EAccount } from "./accounts.ts";
import { expectNoAxeViolations, nuCheckerErrors, phoneContext, signIn } from "./browse.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

const htmlDir = path.resolve("test-results/html-certificates");
const shots = path.resolve("test-results/screenshots");

let worker: Worker;
let browser: Browser;
let db: pg.Client;
const contexts: BrowserContext[] = [];
let certificateId: string;
let credential: string;
const tag = newId().slice(1, 9);

async function keep(page: Page, name: string): Promise<void> {
  writeFileSync(path.join(htmlDir, `${name}.html`), await page.content());
  await page.screenshot({ path: path.join(shots, `certificates-${name}.png`), fullPage: true });
  await expectNoAxeViolations(page);
}

async function visitor(): Promise<Page> {
  const context = await phoneContext(browser);
  contexts.push(context);
  return context.newPage();
}

/** A member who completed a course, and the certificate issued for it (signed like the seed signs). */
async function completedCourse(): Promise<string> {
  const orm = drizzle({ client: db, schema });
  const [user] = await orm
    .insert(users)
    .values({ email: `e2e-cert-${newId()}@example.test`, password: "x", firstName: "Graciela", lastName: `Fuentes${tag}`, isVerified: true })
    .returning({ id: users.id });
  const [course] = await orm
    .insert(courses)
    .values({ title: `Confined Space Entry ${tag}`, description: "Permits, atmospheric testing and rescue plans.", status: "PUBLISHED", duration: 240 })
    .returning({ id: courses.id });
  const [enrollment] = await orm
    .insert(courseEnrollments)
    .values({ userId: user!.id, courseId: course!.id, status: "COMPLETED", progress: 100, completedAt: new Date() })
    .returning({ id: courseEnrollments.id });
  await seedCertificates(orm, { publicUrl: worker.url, onlyEnrollmentIds: [enrollment!.id] });
  const { rows } = await db.query<{ id: string; credential: string }>("select id, credential from certificates where enrollment_id = $1", [enrollment!.id]);
  credential = rows[0]!.credential;
  return rows[0]!.id;
}

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(shots, { recursive: true });
  db = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await db.connect();
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);
  certificateId = await completedCourse();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await worker?.stop();
  await db?.end();
});

describe("certificates in the browser", () => {
  it("shows anyone the certificate, verified, and prints it on one page", async () => {
    const page = await visitor();
    await page.goto(`${worker.url}/certificates/${certificateId}`);
    const text = await page.locator("main").innerText();
    expect(text).toContain(`Graciela Fuentes${tag}`);
    expect(text).toContain(`Confined Space Entry ${tag}`);
    expect(text).toContain("4 hours");
    expect(await page.locator("#certificate-status").innerText()).toMatch(/^Valid/);
    await keep(page, "page");

    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header.site").isVisible()).toBe(false);
    expect(await page.locator("#use-h").isVisible()).toBe(false);
    expect(await page.locator("article.certificate").isVisible()).toBe(true);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages).toHaveLength(1);
    await page.emulateMedia({ media: "screen" });
  });

  it("verifies the downloaded credential in the public verifier, and names what failed for a tampered copy", async () => {
    const page = await visitor();
    await page.goto(`${worker.url}/certificates/verify`);
    await keep(page, "verify");
    await page.fill("#f-credential", credential);
    await Promise.all([page.waitForLoadState("load"), page.click('form[action="/certificates/verify"] button[type=submit]')]);
    await page.waitForSelector("#verdict-h");
    expect(await page.locator("#verdict-h").innerText()).toBe("Verified: a valid certificate");
    await keep(page, "verify-valid");

    const [h, p, s] = credential.split(".");
    const body = JSON.parse(Buffer.from(p!, "base64url").toString("utf8"));
    body.credentialSubject.creditsEarned = 40;
    const forged = `${h}.${Buffer.from(JSON.stringify(body)).toString("base64url")}.${s}`;
    await page.fill("#f-credential", forged);
    await Promise.all([page.waitForLoadState("load"), page.click('form[action="/certificates/verify"] button[type=submit]')]);
    await page.waitForSelector("#verdict-h");
    expect(await page.locator("#verdict-h").innerText()).toBe("Not verified");
    expect(await page.locator(".verdict").innerText()).toContain("changed after it was issued");
    await keep(page, "verify-tampered");
  });

  it("an admin finds and revokes it, and the public page says revoked from then on", async () => {
    const account = await createE2EAccount("admin");
    const context = await phoneContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, worker.url, account);
    await page.goto(`${worker.url}/admin/certificates?member=fuentes${tag}`);
    await keep(page, "admin-list");
    await Promise.all([page.waitForURL(new RegExp(`/admin/certificates/${certificateId}$`)), page.click(`a[href="/admin/certificates/${certificateId}"]`)]);
    await keep(page, "admin-certificate");
    await page.fill("#f-reason", "Issued to the wrong member");
    await page.check("#f-confirm");
    await Promise.all([page.waitForURL(/notice=REVOKED$/), page.click(`form[action="/admin/certificates/${certificateId}/revoke"] button[type=submit]`)]);
    expect(await page.locator("main").innerText()).toContain("Certificate revoked.");
    await keep(page, "admin-revoked");

    const anyone = await visitor();
    await anyone.goto(`${worker.url}/certificates/${certificateId}`);
    expect(await anyone.locator("#certificate-status").innerText()).toMatch(/^Revoked on /);
    await keep(anyone, "page-revoked");
  });

  it("every page walked above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
