// For each page: the gzip size of the first response (the HTML document) and the
// total gzip bytes of a cold load in Chromium (every request the page makes).
// Sizes are gzip at level 6, which is what the edge serves; wrangler dev itself does not compress.
import { gzipSync } from "node:zlib";
import type { Bench } from "../../scripts/bench.ts";
import { launchChromium } from "../e2e/stack.ts";
import type { BrowserContext } from "playwright-core";
import { benchPages, contextAs } from "./pages.ts";

const FIRST_BUDGET = 14_600;
const COLD_BUDGET = 40 * 1024;

const bench: Bench = {
  needs: { database: true, worker: true },
  async run({ url, databaseUrl }) {
    const pages = await benchPages(databaseUrl);
    const browser = await launchChromium();
    let worstFirst = 0;
    let worstCold = 0;
    // One sign-in per visitor: sign-in allows 5 tries per address in 15 minutes, and there are more pages than that.
    const states = new Map<string, Awaited<ReturnType<BrowserContext["storageState"]>>>();
    try {
      for (const visit of pages) {
        // Signing in warms the cache with htmx; measure a cold load in a fresh context with the same cookies.
        if (!states.has(visit.as)) {
          const signedIn = await contextAs(browser, url, visit.as);
          states.set(visit.as, await signedIn.storageState());
          await signedIn.close();
        }
        const context = await browser.newContext({ storageState: states.get(visit.as) });
        const page = await context.newPage();
        const sizes: Promise<number>[] = [];
        page.on("response", (res) => sizes.push(res.body().then((b) => gzipSync(b, { level: 6 }).length, () => 0)));
        const res = await page.goto(`${url}${visit.path}`, { waitUntil: "networkidle" });
        const first = gzipSync(await res!.body(), { level: 6 }).length;
        const cold = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
        worstFirst = Math.max(worstFirst, first);
        worstCold = Math.max(worstCold, cold);
        console.log(
          `${visit.as.padEnd(9)} ${visit.path.padEnd(40)} first=${first} B${first > FIRST_BUDGET ? " OVER" : ""}  cold=${cold} B (${sizes.length} requests)${cold > COLD_BUDGET ? " OVER" : ""}`,
        );
        await context.close();
      }
    } finally {
      await browser.close();
    }
    console.log(`budgets: first <= ${FIRST_BUDGET} B gzip, cold <= ${COLD_BUDGET} B`);
    console.log(`page-weight: pages=${pages.length} max_first_gzip_b=${worstFirst} max_cold_b=${worstCold}`);
  },
};
export default bench;
