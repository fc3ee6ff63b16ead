// The pages the browser benchmarks visit: every page of the smoke walk, as the
// demo member and demo admin (the bench database holds the demo data).
import type { Browser, BrowserContext } from "playwright-core";
import { DEMO_LOGINS } from "../../scripts/seed.ts";
import { phoneContext, signIn } from "../e2e/browse.ts";
import { ADMIN_PAGES, MEMBER_PAGES, PUBLIC_PAGES, type PageVisit } from "../e2e/pages.ts";

export type Visitor = "anonymous" | "member" | "admin";

export const BENCH_PAGES: Array<PageVisit & { as: Visitor }> = [
  ...PUBLIC_PAGES.map((p) => ({ ...p, as: "anonymous" as const })),
  ...MEMBER_PAGES.map((p) => ({ ...p, as: "member" as const })),
  ...ADMIN_PAGES.map((p) => ({ ...p, as: "admin" as const })),
];

/** A fresh context for one visitor: anonymous, or signed in through the real form. */
export async function contextAs(browser: Browser, baseUrl: string, as: Visitor): Promise<BrowserContext> {
  const context = await phoneContext(browser);
  if (as !== "anonymous") {
    const page = await context.newPage();
    await signIn(page, baseUrl, { email: DEMO_LOGINS[as], password: DEMO_LOGINS.password });
    await page.close();
  }
  return context;
}
