import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** Runs in the page: axe's violations as "rule: selectors" lines. */
const AXE_VIOLATIONS = `axe.run(document, { resultTypes: ["violations"] }).then((r) =>
  r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", ")))`;

/** A phone-sized context; bypassCSP only so tests can inject axe (the CSP itself is asserted in workerd). */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
}

/** axe on the page as it is now: no violations expected. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  expect(await page.evaluate(AXE_VIOLATIONS)).toEqual([]);
}

/** Signs in through the real form and waits until the browser has left /login. */
export async function signIn(page: Page, baseUrl: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name="email"]', account.email);
  await page.fill('input[name="password"]', account.password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith("/login")),
    page.click('form[action="/login"] button[type="submit"]'),
  ]);
}

/**
 * Clicks and waits for the address the click should lead to. When it never comes, the error says
 * where the browser is instead and what that page says, so a failure far away (CI) explains itself.
 */
export async function clickAndWaitForURL(page: Page, selector: string, url: RegExp | ((u: URL) => boolean)): Promise<void> {
  try {
    await Promise.all([page.waitForURL(url), page.click(selector)]);
  } catch (err) {
    const text = await page
      .locator("main")
      .innerText({ timeout: 1000 })
      .catch(() => "(no main element)");
    throw new Error(`${(err as Error).message}\nAfter clicking ${selector} the page is ${page.url()}:\n${text.slice(0, 600)}`);
  }
}

/** The W3C Nu HTML checker's errors for every .html file in the folder; "" when there are none. */
export function nuCheckerErrors(dir: string): string {
  const vnu = createRequire(import.meta.url)("vnu-jar") as string;
  try {
    execFileSync("java", ["-jar", vnu, "--errors-only", "--format", "text", "--skip-non-html", dir], { stdio: "pipe" });
    return "";
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? err);
  }
}
