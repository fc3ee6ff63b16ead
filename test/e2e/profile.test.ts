// The profile in a real browser against `wrangler dev`: a member edits their details (ZIP →
// coordinates), adds a skill through htmx, and uploads a photo with the progress bar moving;
// then the same with JavaScript off (plain forms, full page loads). axe and the W3C Nu
// checker on the profile page in each state.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { createE2EAccount } from "./accounts.ts";
import { expectNoAxeViolations, nuCheckerErrors, signIn } from "./browse.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

const htmlDir = path.resolve("test-results/html-profile");
const shots = path.resolve("test-results/screenshots");
const photoFile = path.resolve("test-results/profile-photo.png");

let worker: Worker;
let browser: Browser;
let db: pg.Client;
const contexts: BrowserContext[] = [];

/** A PNG big enough (about 1.5 MB) that the upload reports progress more than once. */
function bigPng(): Buffer {
  const bytes = Buffer.alloc(1_500_000);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  for (let i = 8; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
  return bytes;
}

async function member(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; userId: string }> {
  const account = await createE2EAccount("member");
  const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled, viewport: { width: 390, height: 844 } });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, worker.url, account);
  await page.close();
  const { rows } = await db.query<{ id: string }>("select id from users where email = $1", [account.email]);
  return { context, userId: rows[0]!.id };
}

async function keep(page: Page, name: string) {
  writeFileSync(path.join(htmlDir, `${name}.html`), await page.content());
  await page.screenshot({ path: path.join(shots, `profile-${name}.png`), fullPage: true });
}

const userRow = async (id: string) =>
  (await db.query("select company, zip_code, city, latitude, longitude, skills, profile_image, service_radius_miles from users where id = $1", [id])).rows[0];

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(shots, { recursive: true });
  writeFileSync(photoFile, bigPng());
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

describe("the profile in the browser", () => {
  it("edits details, adds a skill with htmx and uploads a photo with a moving progress bar", async () => {
    const { context, userId } = await member(true);
    const page = await context.newPage();
    await page.goto(`${worker.url}/account/profile`);
    await keep(page, "empty");
    await expectNoAxeViolations(page);

    await page.fill("#f-company", "Bayview Concrete Works");
    await page.fill("#f-zip", "94124");
    await page.fill("#f-serviceRadiusMiles", "40");
    await Promise.all([page.waitForURL(/notice=saved/), page.click('form[action="/account/profile"] button[type="submit"]')]);
    expect(await page.locator('[role="status"]').first().innerText()).toContain("Your profile is saved.");
    const saved = await userRow(userId);
    expect(saved).toMatchObject({ company: "Bayview Concrete Works", zip_code: "94124", city: "San Francisco", service_radius_miles: 40 });
    expect(saved.latitude).toBeCloseTo(37.73, 1);

    // The skill is added in place: no page load.
    await page.evaluate("window.__stillTheSamePage = true");
    await page.fill("#skill-new-skill", "Flatwork");
    await page.selectOption("#skill-new-level", "EXPERT");
    await page.fill("#skill-new-years", "12");
    await page.click('form[action="/account/profile/skills"] button[type="submit"]');
    await page.waitForSelector("text=Remove Flatwork");
    expect(await page.evaluate("window.__stillTheSamePage")).toBe(true);
    expect((await userRow(userId)).skills).toEqual(["Flatwork"]);
    await expectNoAxeViolations(page);

    // The photo: the progress element moves as the bytes go (each step is seen here, in Node,
    // so the record survives the page load that follows), then the page shows the photo.
    const progress = page.locator("#photo-progress");
    expect(await progress.getAttribute("value")).toBe("0");
    const seen: string[] = [];
    await page.exposeFunction("__progress", (text: string) => seen.push(text));
    await page.evaluate(`(() => {
      const el = document.getElementById("photo-progress");
      new MutationObserver(() => window.__progress(el.getAttribute("aria-valuetext") || "")).observe(el, { attributes: true, attributeFilter: ["aria-valuetext"] });
    })()`);
    await page.setInputFiles("#f-photo", photoFile);
    await Promise.all([page.waitForURL(/notice=photo-saved/), page.click('form[action="/account/profile/photo"] button[type="submit"]')]);
    expect(seen[0]).toBe("0% uploaded");
    expect(seen.at(-1)).toBe("100% uploaded");
    expect(seen.length).toBeGreaterThanOrEqual(2);
    const key = (await userRow(userId)).profile_image as string;
    expect(key).toMatch(new RegExp(`^profiles/${userId}/`));
    await page.locator(".profile-photo").waitFor();
    const photo = await context.request.get(`${worker.url}/members/${userId}/photo`);
    expect(photo.status()).toBe(200);
    expect(photo.headers()["cache-control"]).toBe("private, max-age=3600");
    await keep(page, "filled");
    await expectNoAxeViolations(page);
  });

  it("refuses a file that is not an image, in place with JavaScript", async () => {
    const { context, userId } = await member(true);
    const page = await context.newPage();
    await page.goto(`${worker.url}/account/profile`);
    await page.setInputFiles("#f-photo", { name: "logo.png", mimeType: "image/png", buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>") });
    await page.click('form[action="/account/profile/photo"] button[type="submit"]');
    await page.waitForSelector("#f-photo-error");
    expect(await page.locator("#f-photo-error").innerText()).toContain("not a JPEG, PNG or WebP");
    expect((await userRow(userId)).profile_image).toBeNull();
    await keep(page, "photo-refused");
    await expectNoAxeViolations(page);
  });

  it("works without JavaScript: plain forms for details, skills and the photo", async () => {
    const { context, userId } = await member(false);
    const page = await context.newPage();
    await page.goto(`${worker.url}/account/profile`);
    await page.fill("#f-company", "No Script Builders");
    await page.fill("#f-zip", "00000");
    await page.click('form[action="/account/profile"] button[type="submit"]');
    await page.waitForSelector("#f-zip-error");
    expect(await page.inputValue("#f-company")).toBe("No Script Builders");
    await keep(page, "nojs-zip-refused");
    await page.fill("#f-zip", "95814");
    await Promise.all([page.waitForURL(/notice=saved/), page.click('form[action="/account/profile"] button[type="submit"]')]);
    expect(await userRow(userId)).toMatchObject({ company: "No Script Builders", zip_code: "95814", city: "Sacramento" });

    await page.fill("#skill-new-skill", "Rebar");
    await Promise.all([page.waitForURL(/notice=skill-added/), page.click('form[action="/account/profile/skills"] button[type="submit"]')]);
    expect((await userRow(userId)).skills).toEqual(["Rebar"]);

    await page.setInputFiles("#f-photo", photoFile);
    await Promise.all([page.waitForURL(/notice=photo-saved/), page.click('form[action="/account/profile/photo"] button[type="submit"]')]);
    expect((await userRow(userId)).profile_image).toMatch(/^profiles\//);
    expect(await page.locator("#photo-progress").count()).toBe(1);
    await keep(page, "nojs-filled");
  });

  it("every profile page kept above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
