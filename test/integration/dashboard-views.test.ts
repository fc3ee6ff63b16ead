// Page views through the Worker into the real PageViews Durable Object, then flushed into
// system_metrics by the cron's step: people counted, bots and other paths not, and a second
// flush writing the same numbers.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { systemMetrics } from "../../src/db/schema/audit.ts";
import { flushPageViews } from "../../src/features/admin-dashboard/cron.ts";
import { METRICS } from "../../src/features/admin-dashboard/rules.ts";
import { toPacificDateInput } from "../../src/lib/time.ts";
import { pageViews } from "../../src/objects/PageViews.ts";
import { makeEvent, makeProject, makeUser, useTestDb } from "../helpers/db.ts";
import { get } from "../helpers/http.ts";

const db = useTestDb();
const BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";
const as = (ua: string) => ({ headers: { "user-agent": ua } });

/** The object's count for a page today; views land in the background, so wait for them. */
async function countOf(page: string, want: number): Promise<number> {
  let seen = 0;
  for (let i = 0; i < 50; i++) {
    seen = (await pageViews(env).snapshot()).find((c) => c.page === page)?.count ?? 0;
    if (seen >= want) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return seen;
}

async function metric(name: string, day: string, dimension: string) {
  const rows = await db
    .select({ value: systemMetrics.value })
    .from(systemMetrics)
    .where(and(eq(systemMetrics.metric, name), eq(systemMetrics.day, day), eq(systemMetrics.dimension, dimension)));
  return rows.map((r) => r.value);
}

describe("page views", () => {
  it("counts people on an event and an opportunity page in the object, not bots, and the flush writes them per page and for the chapter", async () => {
    const host = await makeUser(db);
    const event = await makeEvent(db, host.id, { status: "REGISTRATION_OPEN", publishedAt: new Date() });
    const project = await makeProject(db, host.id, { status: "BIDDING_OPEN", visibility: "PUBLIC", publishedAt: new Date() });
    for (const path of [`/events/${event.id}`, `/events/${event.id}`, `/projects/${project.id}`]) {
      const res = await get(path, as(BROWSER));
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
    }
    for (const ua of ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/8.5.0", ""]) {
      await (await get(`/events/${event.id}`, as(ua))).arrayBuffer();
    }
    await (await get(`/events/${event.id}/seats`, as(BROWSER))).arrayBuffer();
    expect(await countOf(event.id, 2)).toBe(2);
    expect(await countOf(project.id, 1)).toBe(1);

    const now = new Date();
    const day = toPacificDateInput(now);
    await flushPageViews(db, env, now);
    expect(await metric(METRICS.eventViews, day, event.id)).toEqual([2]);
    expect(await metric(METRICS.projectViews, day, project.id)).toEqual([1]);
    const [chapterEvents] = await metric(METRICS.eventViews, day, "");
    expect(chapterEvents).toBeGreaterThanOrEqual(2);

    // A second flush with nothing new writes the same numbers, not double.
    await flushPageViews(db, env, now);
    expect(await metric(METRICS.eventViews, day, event.id)).toEqual([2]);
    expect(await metric(METRICS.projectViews, day, project.id)).toEqual([1]);
  });

  it("does not count a page that is not there", async () => {
    const missing = "cmissingmissingmissingmis";
    expect((await get(`/events/${missing}`, as(BROWSER))).status).toBe(404);
    await new Promise((r) => setTimeout(r, 100));
    expect((await pageViews(env).snapshot()).some((c) => c.page === missing)).toBe(false);
  });

  it("forgets only days older than it keeps", async () => {
    const stub = pageViews(env);
    const old = "cold2old2old2old2old2old2";
    await stub.record("2001-01-01", "event", old);
    await stub.record("2001-01-01", "event", "not an id");
    expect((await stub.snapshot()).filter((c) => c.day === "2001-01-01")).toEqual([{ day: "2001-01-01", kind: "event", page: old, count: 1 }]);
    expect(await stub.forgetBefore("2001-01-02")).toBeGreaterThanOrEqual(1);
    expect((await stub.snapshot()).some((c) => c.day === "2001-01-01")).toBe(false);
  });
});
