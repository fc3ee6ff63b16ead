import { Hono } from "hono";
import { sql } from "drizzle-orm";
import { allow } from "../../auth/rbac.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { isDatabaseUnavailable } from "../../http/errors.ts";
import { HomePage } from "../../../templates/home/HomePage.tsx";
import { homeFigures } from "./queries.ts";
import { recommendedFor } from "../projects/recommend.ts";
import { expiringCredentialsOf } from "../credentials/queries.ts";
import { chapterToday } from "../credentials/rules.ts";

export const homeRoutes = new Hono<AppEnv>();

homeRoutes.get("/", allow.public, async (c) => {
  const db = c.var.db();
  const user = c.var.user;
  const today = chapterToday(new Date());
  // One round trip: the figures and, for a member, what "Recommended for you" scores and what expires soon.
  const [figures, recommended, expiring] = await Promise.all([
    homeFigures(db),
    user ? recommendedFor(db, user) : null,
    user?.isVerified ? expiringCredentialsOf(db, user.id, today) : [],
  ]);
  return renderPage(c, { title: "Home", body: <HomePage figures={figures} signedIn={Boolean(user)} recommended={recommended} expiring={expiring} today={today} /> });
});

// Uptime checks read it; it reveals nothing but up/down and the database's latency.
homeRoutes.get("/healthz", allow.public, async (c) => {
  const started = Date.now();
  try {
    // Not just "select 1": read the tables every page needs under short limits, in one
    // request, so a table held by a lock (or a database too slow to answer) reports 503.
    const db = c.var.db();
    await withTimeout(
      db.batch([
        db.execute(sql`set local lock_timeout = '1s'`),
        db.execute(sql`set local statement_timeout = '2s'`),
        db.execute(sql`select (select 1 from sessions limit 1), (select 1 from users limit 1), (select 1 from events limit 1)`),
      ]),
      4000,
    );
    return c.json({ status: "ok", database: "ok", latencyMs: Date.now() - started });
  } catch (err) {
    if (!isDatabaseUnavailable(err) && !(err instanceof TimeoutError)) throw err;
    c.header("Retry-After", "30");
    return c.json({ status: "unavailable", database: "unreachable", latencyMs: Date.now() - started }, 503);
  }
});

class TimeoutError extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => timer !== undefined && clearTimeout(timer));
}
