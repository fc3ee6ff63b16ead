// Counting views of project and event pages (/projects/:id, /events/:id) for the dashboard,
// without third-party analytics and without a database write per view: after a page answered
// 200 to a person (not a bot), the view goes to the PageViews Durable Object in the
// background (waitUntil), so the page is never slowed or broken by it.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../http/types.ts";
import { log } from "../../lib/log.ts";
import { toPacificDateInput } from "../../lib/time.ts";
import { pageViews } from "../../objects/PageViews.ts";
import { countedPage, isBot } from "./rules.ts";

export const countPageViews: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const counted = countedPage(c.req.method, c.req.path);
  if (!counted || c.res.status !== 200 || isBot(c.req.header("user-agent"))) return;
  // An htmx history restore re-fetches a page already counted.
  if (c.req.header("hx-history-restore-request") === "true") return;
  const day = toPacificDateInput(new Date());
  const recording = pageViews(c.env)
    .record(day, counted.kind, counted.page)
    .catch((err: unknown) => log("warn", "page view not counted", { path: c.req.path, error: String(err) }));
  try {
    c.executionCtx.waitUntil(recording);
  } catch {
    // No execution context (a direct app.request in a unit test): let it run on its own.
  }
};
