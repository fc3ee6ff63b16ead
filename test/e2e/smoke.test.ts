import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { createE2EAccount, seedLongLists } from "./accounts.ts";
import { expectNoAxeViolations, nuCheckerErrors, phoneContext, signIn } from "./browse.ts";
import { ADMIN_PAGES, fillPath, LONG_ADMIN_PAGES, LONG_MEMBER_PAGES, MEMBER_PAGES, PUBLIC_PAGES, type PageVisit } from "./pages.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

const shots = path.resolve("test-results/screenshots");
const htmlDir = path.resolve("test-results/html");

let worker: Worker;
let browser: Browser;
let context: BrowserContext;
const signedIn: Record<"member" | "admin", BrowserContext | undefined> = { member: undefined, admin: undefined };

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);
  context = await phoneContext(browser);
});

afterAll(async () => {
  await signedIn.member?.close();
  await signedIn.admin?.close();
  await context?.close();
  await browser?.close();
  await worker?.stop();
});

const accounts: Partial<Record<"member" | "admin", { email: string; password: string }>> = {};

/** A browser context signed in through the real sign-in form. */
async function contextFor(kind: "member" | "admin"): Promise<BrowserContext> {
  if (signedIn[kind]) return signedIn[kind];
  const account = (accounts[kind] = await createE2EAccount(kind));
  const ctx = await phoneContext(browser);
  const page = await ctx.newPage();
  await signIn(page, worker.url, account);
  await page.close();
  signedIn[kind] = ctx;
  return ctx;
}

/** Imports one member through the preview and its commit (as the admin's browser would); the report's id. */
async function importOneMember(admin: BrowserContext): Promise<string> {
  const headers = { origin: worker.url };
  const csv = `email,first_name,last_name,company\nwalk-import-${Date.now()}@example.test,Walk,Import,Import Builders\n`;
  const preview = await admin.request.post(`${worker.url}/admin/users/import`, {
    headers,
    multipart: { file: { name: "walk.csv", mimeType: "text/csv", buffer: Buffer.from(csv) } },
  });
  const token = /name="token" value="(c[a-z2-7]{24})"/.exec(await preview.text())?.[1];
  expect(token).toBeDefined();
  const commit = await admin.request.post(`${worker.url}/admin/users/import/commit`, { headers, form: { token: token! }, maxRedirects: 0 });
  const id = /\/admin\/users\/import\/(c[a-z2-7]{24})$/.exec(commit.headers().location ?? "")?.[1];
  expect(id).toBeDefined();
  return id!;
}

async function walk(ctx: BrowserContext, visit: PageVisit, who: string) {
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  const res = await page.goto(`${worker.url}${visit.path}`, { waitUntil: "load" });
  expect(res?.status()).toBe(visit.status);
  writeFileSync(path.join(htmlDir, `${who}-${visit.name}.html`), await res!.text());
  expect(await page.locator("main#main").count()).toBe(1);
  await page.screenshot({ path: path.join(shots, `${who}-${visit.name}.png`), fullPage: true });

  await expectNoAxeViolations(page);
  // Error pages log a console error for the document's status; everything else must be clean.
  expect(problems.filter((p) => !(visit.status >= 400 && /status of \d{3}/.test(p)))).toEqual([]);
  await page.close();
}

describe("smoke walk", () => {
  for (const visit of PUBLIC_PAGES) {
    it(`anonymous: ${visit.name} (${visit.path}) loads, has no console errors and no axe violations`, () => walk(context, visit, "anon"));
  }
  for (const visit of MEMBER_PAGES) {
    it(`member: ${visit.name} (${visit.path})`, async () => walk(await contextFor("member"), visit, "member"));
  }
  for (const visit of ADMIN_PAGES) {
    it(`admin: ${visit.name} (${visit.path})`, async () => walk(await contextFor("admin"), visit, "admin"));
  }

  // The states members reach that an empty database never shows: the same member signed in on
  // other devices, and lists past one page (members, events, registrations, audit, outbox, a door list).
  describe("with several devices and long lists", () => {
    const seeded: Record<string, string> = {};
    beforeAll(async () => {
      const member = await contextFor("member");
      await contextFor("admin");
      for (let i = 0; i < 2; i++) {
        const other = await phoneContext(browser);
        const page = await other.newPage();
        await signIn(page, worker.url, accounts.member!);
        await other.close();
      }
      const { todayEventId, paymentId, ticketId } = await seedLongLists(accounts.member!.email);
      Object.assign(seeded, { today: todayEventId, payment: paymentId, ticket: ticketId, import: await importOneMember(await contextFor("admin")) });
      const security = await member.newPage();
      await security.goto(`${worker.url}/account/security`);
      expect(await security.locator('form[action$="/revoke"]').count()).toBeGreaterThanOrEqual(2);
      await security.close();
    });
    for (const visit of LONG_MEMBER_PAGES) {
      it(`member: ${visit.name} (${visit.path})`, async () => walk(await contextFor("member"), { ...visit, path: fillPath(visit.path, seeded) }, "member-long"));
    }
    for (const visit of LONG_ADMIN_PAGES) {
      it(`admin: ${visit.name} (${visit.path})`, async () => walk(await contextFor("admin"), { ...visit, path: fillPath(visit.path, seeded) }, "admin-long"));
    }
  });

  it("every page walked above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });

  it("moves focus to main through the skip link", async () => {
    const page = await context.newPage();
    await page.goto(`${worker.url}/`);
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement?.textContent")).toBe("Skip to main content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate("document.activeElement?.id")).toBe("main");
    await page.close();
  });

  it("serves htmx from public/ with a long immutable cache", async () => {
    const page = await context.newPage();
    await page.goto(`${worker.url}/`);
    const src = await page.locator("script[src*=htmx]").getAttribute("src");
    const res = await fetch(`${worker.url}${src}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(await page.evaluate("typeof window.htmx")).toBe("object");
    await page.close();
  });
});
