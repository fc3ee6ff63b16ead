// The admin dashboard in a real browser against `wrangler dev`: signed in as an admin, with
// roll-up rows giving some trends many points, one a single point and the rest none; axe finds
// nothing, and the page and the chart on its own (0, 1 and many points) are valid HTML/SVG to
// the W3C Nu checker.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { rollUpDays } from "../../src/features/admin-dashboard/rollup.ts";
import { addDays, METRICS, type TrendPoint } from "../../src/features/admin-dashboard/rules.ts";
import { toPacificDateInput } from "../../src/lib/time.ts";
import { TrendChart, TrendTable } from "../../templates/admin-dashboard/TrendChart.tsx";
import { createE2EAccount } from "./accounts.ts";
import { expectNoAxeViolations, nuCheckerErrors, phoneContext, signIn } from "./browse.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

const htmlDir = path.resolve("test-results/html-dashboard");
const shots = path.resolve("test-results/screenshots");

let worker: Worker;
let browser: Browser;

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(shots, { recursive: true });
  const client = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await client.connect();
  try {
    // Roll-ups for today and a day in each of the two months before (many points for the
    // chapter metrics), and page views for one day only (a single point).
    const today = toPacificDateInput(new Date());
    const db = drizzle({ client });
    for (const day of [addDays(today, -62), addDays(today, -31), today]) await rollUpDays(db, day, day);
    await client.query(
      `insert into system_metrics (id, metric, value, day, dimension) values ('cdashboarde2eviewsxxxxxxx', $1, 42, $2, '')
       on conflict (metric, day, dimension) do update set value = excluded.value`,
      [METRICS.projectViews, today],
    );
  } finally {
    await client.end();
  }
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

describe("admin dashboard in a browser", () => {
  it("shows every number with its chart, and axe finds no violation", async () => {
    const account = await createE2EAccount("admin");
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await signIn(page, worker.url, account);
    const res = await page.goto(`${worker.url}/admin`, { waitUntil: "load" });
    expect(res?.status()).toBe(200);
    writeFileSync(path.join(htmlDir, "dashboard.html"), await res!.text());
    await expect(page.locator("svg.trend[role=img]").count()).resolves.toBe(14);
    await expect(page.getByRole("img", { name: /^Active members, monthly:/ }).count()).resolves.toBe(1);
    await expect(page.getByRole("img", { name: /^Opportunity page views this month: 42 in/ }).count()).resolves.toBe(1);
    await expect(page.getByRole("img", { name: /^Open feedback, monthly:/ }).count()).resolves.toBe(1);
    // The table behind a chart opens without JavaScript (a <details>).
    await page.locator("#k-active ~ details summary").click();
    await expect(page.locator("#k-active ~ details table tbody tr").count()).resolves.toBe(12);
    await page.screenshot({ path: path.join(shots, "admin-dashboard.png"), fullPage: true });
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("is valid HTML to the W3C Nu checker, the page and a chart with 0, 1 and many points", () => {
    const series: Record<string, TrendPoint[]> = {
      "chart-0": [],
      "chart-1": [{ month: "2026-11", value: 7 }],
      "chart-many": Array.from({ length: 12 }, (_, i) => ({ month: `2026-${String(i + 1).padStart(2, "0")}`, value: i === 4 ? null : (i * 37) % 11 })),
    };
    for (const [name, points] of Object.entries(series)) {
      const chart = String(TrendChart({ title: "Active members", points, format: String }));
      const table = String(TrendTable({ title: "Active members", points, format: String }));
      writeFileSync(
        path.join(htmlDir, `${name}.html`),
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title></head><body><main>${chart}${table}</main></body></html>`,
      );
    }
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
