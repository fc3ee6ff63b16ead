// First contentful paint of each page under DevTools' "Slow 3G" preset, divided by
// the FCP of an empty page served from this machine in the same run. Goal <= 1.15.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext } from "playwright-core";
import type { Bench } from "../../scripts/bench.ts";
import { launchChromium } from "../e2e/stack.ts";
import { benchPages, contextAs } from "./pages.ts";

/** Each figure is the median of this many cold loads: one slow handshake should not decide a page's ratio. */
const RUNS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 };

/** FCP of a cold load (fresh context, cookies copied from `from` when signed in). */
async function fcp(browser: Browser, url: string, from?: BrowserContext): Promise<number> {
  const context = await browser.newContext(from ? { storageState: await from.storageState() } : {});
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", SLOW_3G);
  await page.goto(url, { waitUntil: "load", timeout: 120_000 });
  // Runs in the page; buffered so a paint that already happened is reported.
  const value = await page.evaluate<number>(`new Promise((resolve) =>
    new PerformanceObserver((list) => {
      const fcp = list.getEntries().find((e) => e.name === "first-contentful-paint");
      if (fcp) resolve(fcp.startTime);
    }).observe({ type: "paint", buffered: true }))`);
  await context.close();
  return value;
}

const bench: Bench = {
  needs: { database: true, worker: true },
  async run({ url, databaseUrl }) {
    // BENCH_PAGES=<regexp>: only the pages whose path matches (a full run takes ~20 s a page).
    const only = process.env.BENCH_PAGES ? new RegExp(process.env.BENCH_PAGES) : null;
    const pages = (await benchPages(databaseUrl)).filter((p) => !only || only.test(p.path));
    const empty = http.createServer((_, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><html lang=en><title>empty</title><p>.</p></html>");
    });
    await new Promise<void>((r) => empty.listen(0, "127.0.0.1", r));
    const emptyUrl = `http://localhost:${(empty.address() as AddressInfo).port}/`;
    const browser = await launchChromium();
    let worst = 0;
    try {
      const baseRuns: number[] = [];
      for (let i = 0; i < RUNS; i++) baseRuns.push(await fcp(browser, emptyUrl));
      const base = median(baseRuns);
      console.log(`empty page FCP ${base.toFixed(0)} ms (runs ${baseRuns.map((r) => r.toFixed(0)).join("/")})`);
      // One sign-in per visitor (the sign-in limit is 5 per address in 15 minutes); each load
      // still gets a fresh context with that visitor's cookies.
      const visitors = new Map<string, BrowserContext>();
      for (const visit of pages) {
        let signedIn: BrowserContext | undefined;
        if (visit.as !== "anonymous") {
          signedIn = visitors.get(visit.as) ?? (await contextAs(browser, url, visit.as));
          visitors.set(visit.as, signedIn);
        }
        const runs: number[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await fcp(browser, `${url}${visit.path}`, signedIn));
        const value = median(runs);
        const ratio = value / base;
        worst = Math.max(worst, ratio);
        console.log(`${visit.as.padEnd(9)} ${visit.path.padEnd(40)} FCP ${value.toFixed(0)} ms (runs ${runs.map((r) => r.toFixed(0)).join("/")})  ratio ${ratio.toFixed(3)}`);
      }
    } finally {
      await browser.close();
      empty.close();
    }
    console.log("goal: ratio <= 1.15");
    console.log(`slow3g: pages=${pages.length} max_ratio=${worst.toFixed(3)}`);
  },
};
export default bench;
