// Counting views of project and event pages (/projects/:id, /events/:id) for the dashboard,
// without third-party analytics and without a database write per view: after a page answered
// 200 to a person (not a bot), the view goes to the PageViews Durable Object in the
// background (waitUntil), so the page is never slowed or broken by it.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../http/types.ts";
import { log } from "../../lib/log.ts";
import { toPacificDateInput } from "../../lib/time.ts";
import { type PageKind, pageViews } from "../../objects/PageViews.ts";

const PAGE = /^\/(projects|events)\/(c[a-z2-7]{24})$/;

// Crawlers, link previews, uptime monitors, scripts and headless browsers announce themselves.
const BOT =
  /bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|uptime|pingdom|lighthouse|headless|phantom|selenium|puppeteer|playwright|curl|wget|httpie|python|java\/|okhttp|go-http-client|axios|node-fetch|undici|libwww|scrapy|feedfetcher/i;

/** True for a user agent that is not a person's browser (or no user agent at all). */
export function isBot(userAgent: string | null | undefined): boolean {
  const ua = (userAgent ?? "").trim();
  return ua === "" || BOT.test(ua);
}

/** The page a path counts as, or null: only an opportunity's or an event's own page. */
export function countedPage(method: string, path: string): { kind: PageKind; page: string } | null {
  if (method !== "GET") return null;
  const m = PAGE.exec(path);
  if (!m) return null;
  return { kind: m[1] === "projects" ? "project" : "event", page: m[2]! };
}

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
