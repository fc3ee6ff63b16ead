// A database that cannot serve answers 503 quickly (statement and lock timeouts set by
// migration 0007), /healthz notices a locked table, and logs never carry SQL parameters.
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { users } from "../../src/db/schema/index.ts";
import { isDatabaseUnavailable } from "../../src/http/errors.ts";
import { log } from "../../src/lib/log.ts";
import { dbError, makeUser, uniqueEmail, useTestDb } from "../helpers/db.ts";
import { get } from "../helpers/http.ts";
import { sqlStateOf } from "../../src/db/sqlstate.ts";

const db = useTestDb();

afterEach(() => vi.restoreAllMocks());

describe("slow or locked database", () => {
  it("answers a page with 503 and Retry-After within the lock timeout, and /healthz says unavailable", async () => {
    await db.transaction(async (tx) => {
      await tx.execute(sql`lock table events in access exclusive mode`);
      const started = Date.now();
      const [page, health] = await Promise.all([get("/events"), get("/healthz")]);
      expect(page.status).toBe(503);
      expect(page.headers.get("retry-after")).toBe("30");
      expect(await page.text()).toContain("The portal is briefly unavailable");
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: "unavailable" });
      expect(Date.now() - started).toBeLessThan(7000);
    });
    expect((await get("/healthz")).status).toBe(200);
  });

  it("counts a statement timeout as the database being unavailable", async () => {
    const err = await db
      .batch([db.execute(sql`set local statement_timeout = '100ms'`), db.execute(sql`select pg_sleep(2)`)])
      .then(() => null, (e: unknown) => e);
    expect(sqlStateOf(err)).toBe("57014");
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it("has statement and lock timeouts on every new session", async () => {
    const [row] = (await db.execute(sql`select current_setting('statement_timeout') as st, current_setting('lock_timeout') as lt`)).rows;
    expect(row).toEqual({ st: "8s", lt: "3s" });
  });
});

describe("logs", () => {
  it("keep the failed query and its SQLSTATE but not its parameters", async () => {
    const taken = await makeUser(db);
    const secret = `scrypt$secret-hash-${uniqueEmail()}`;
    const err = await db
      .insert(users)
      .values({ email: taken.email, password: secret, firstName: "Dup", lastName: "Licate" })
      .then(() => null, (e: unknown) => e as Error);
    expect(dbError(err).code).toBe("23505");
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    log("error", "unhandled error", { code: sqlStateOf(err), error: String(err), stack: err!.stack, cause: err });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(secret);
    expect(lines[0]).not.toContain("Licate");
    expect(lines[0]).toContain("insert into");
    expect(JSON.parse(lines[0]!)).toMatchObject({ code: "23505" });
  });
});
