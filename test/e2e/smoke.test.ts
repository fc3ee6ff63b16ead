import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { PUBLIC_PAGES } from "./pages.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const shots = path.resolve("test-results/screenshots");
/** Runs in the page: axe's violations as "rule: selectors" lines. */
const AXE_VIOLATIONS = `axe.run(document, { resultTypes: ["violations"] }).then((r) =>
  r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", ")))`;

let worker: Worker;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);
  // bypassCSP only so the test can inject axe; the app's own CSP is asserted in the workerd suite.
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await worker?.stop();
});

describe("smoke walk", () => {
  for (const visit of PUBLIC_PAGES) {
    it(`${visit.name} (${visit.path}) loads, has no console errors and no axe violations`, async () => {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
      page.on("pageerror", (e) => problems.push(e.message));
      const res = await page.goto(`${worker.url}${visit.path}`, { waitUntil: "load" });
      expect(res?.status()).toBe(visit.status);
      expect(await page.locator("main#main").count()).toBe(1);
      await page.screenshot({ path: path.join(shots, `${visit.name}.png`), fullPage: true });

      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(AXE_VIOLATIONS);
      expect(result).toEqual([]);
      // 404s log a console error for the failed document; everything else must be clean.
      expect(problems.filter((p) => !(visit.status >= 400 && /status of \d{3}/.test(p)))).toEqual([]);
      await page.close();
    });
  }

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
