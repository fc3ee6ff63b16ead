// The PageViews object counts a burst of views in memory and writes them once, on its alarm a
// few seconds later; a snapshot (the cron's flush) includes what is still in memory.
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { PERSIST_AFTER_MS, type PageViews } from "../../src/objects/PageViews.ts";

const DAY = "2026-06-11";
const stubNamed = (name: string) => env.PAGE_VIEWS.get(env.PAGE_VIEWS.idFromName(name));
const storedRows = (stub: DurableObjectStub<PageViews>) =>
  runInDurableObject(stub, (_: PageViews, state) => state.storage.sql.exec<{ page: string; count: number }>("SELECT page, count FROM views ORDER BY count DESC").toArray());

describe("PageViews", () => {
  it("keeps a burst of views in memory and writes them in one go on its alarm", async () => {
    const stub = stubNamed(`burst-${newId()}`);
    const busy = newId();
    const quiet = newId();
    const before = Date.now();
    await Promise.all([...Array.from({ length: 50 }, () => stub.record(DAY, "event", busy)), stub.record(DAY, "project", quiet), stub.record(DAY, "project", quiet)]);

    // Nothing written yet: one alarm waits, a few seconds out.
    expect(await storedRows(stub)).toEqual([]);
    const alarm = await runInDurableObject(stub, (_: PageViews, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(alarm!).toBeGreaterThanOrEqual(before + PERSIST_AFTER_MS - 50);
    expect(alarm!).toBeLessThanOrEqual(Date.now() + PERSIST_AFTER_MS);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await storedRows(stub)).toEqual([
      { page: busy, count: 50 },
      { page: quiet, count: 2 },
    ]);

    // The next views add to the written counts, on the next alarm.
    await stub.record(DAY, "event", busy);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await storedRows(stub))[0]).toEqual({ page: busy, count: 51 });
  });

  it("includes views still in memory in a snapshot, without counting them twice when the alarm runs after", async () => {
    const stub = stubNamed(`snapshot-${newId()}`);
    const page = newId();
    await stub.record(DAY, "project", page);
    await stub.record(DAY, "project", page);
    expect(await stub.snapshot()).toEqual([{ day: DAY, kind: "project", page, count: 2 }]);
    await runDurableObjectAlarm(stub);
    expect(await stub.snapshot()).toEqual([{ day: DAY, kind: "project", page, count: 2 }]);
  });
});
