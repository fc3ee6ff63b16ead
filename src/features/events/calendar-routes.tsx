// iCalendar and "My events": one event as .ics, the chapter's subscribable feed, the member's
// personal feed behind a secret URL, and the page that shows (once) and replaces that URL.
import { Hono, type Context } from "hono";
import { allow, type SignedInEnv } from "../../auth/rbac.ts";
import { isId } from "../../db/ids.ts";
import { renderPage, renderNotFound } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { MyEventsPage } from "../../../templates/events/MyEventsPage.tsx";
import {
  chapterCalendar,
  chapterFeedEvents,
  eventCalendar,
  findCalendarOwner,
  hasCalendarToken,
  parseCalendarFile,
  personalCalendar,
  personalFeedEvents,
  regenerateCalendarToken,
} from "./calendar.ts";
import { findVisibleEvent, listMyRegistrations } from "./queries.ts";

export const calendarRoutes = new Hono<AppEnv>();
type C = Context<AppEnv>;

const ICS_TYPE = "text/calendar; charset=utf-8";

function calendarResponse(c: C, body: string, filename: string, cacheControl: string) {
  return c.body(body, 200, {
    "content-type": ICS_TYPE,
    "content-disposition": `inline; filename="${filename}"`,
    "cache-control": cacheControl,
  });
}


/** Subscribed calendars re-fetch hourly; a shared cache may keep the public feed 15 minutes. */
calendarRoutes.get("/events.ics", allow.public, async (c) => {
  const rows = await chapterFeedEvents(c.var.db(), new Date());
  return calendarResponse(c, chapterCalendar(rows, c.var.config.PUBLIC_URL), "chapter-events.ics", "public, max-age=900");
});

// "/events/<id>.ics": Hono has no "param plus suffix" syntax, so the whole segment is matched and the id parsed.
calendarRoutes.get("/events/:file{c[a-z2-7]{24}\\.ics}", allow.public, async (c) => {
  const id = c.req.param("file").slice(0, -".ics".length);
  const event = isId(id) ? await findVisibleEvent(c.var.db(), id) : null;
  if (!event) return renderNotFound(c);
  return calendarResponse(c, eventCalendar(event, c.var.config.PUBLIC_URL), `event-${event.id}.ics`, "public, max-age=300");
});

/**
 * The personal feed. Public as a route: the secret in the URL is the credential (calendar apps
 * cannot sign in). A wrong or replaced token is a plain 404 that says nothing about why.
 */
calendarRoutes.get("/calendar/:file{[a-z2-7]+\\.ics}", allow.public, async (c) => {
  const token = parseCalendarFile(c.req.param("file"));
  const db = c.var.db();
  const owner = token ? await findCalendarOwner(db, token) : null;
  if (!owner) return c.text("No calendar here. If you made a new feed address, subscribe to that one.\n", 404, { "cache-control": "no-store" });
  c.header("Referrer-Policy", "no-referrer");
  c.header("X-Robots-Tag", "noindex");
  const rows = await personalFeedEvents(db, owner.id);
  return calendarResponse(c, personalCalendar(rows, c.var.config.PUBLIC_URL), "my-events.ics", "private, max-age=300");
});

// ---------------------------------------------------------------- My events

async function renderMyEvents(c: Context<SignedInEnv>, newFeedUrl: string | null) {
  const { user } = c.var.signedIn;
  const db = c.var.db();
  const [rows, hasFeed] = await Promise.all([listMyRegistrations(db, user.id), hasCalendarToken(db, user.id)]);
  if (newFeedUrl) c.header("Cache-Control", "no-store"); // the secret is on this page
  else c.header("Cache-Control", "private, no-cache");
  return renderPage(c, {
    title: "My events",
    body: <MyEventsPage rows={rows} now={new Date()} hasFeed={hasFeed} newFeedUrl={newFeedUrl} />,
  });
}

calendarRoutes.get("/events/my", allow.signedIn, (c) => renderMyEvents(c, null));

/** Makes (or replaces) the personal feed URL and shows it this once; the old URL stops working. */
calendarRoutes.post("/events/my/calendar-token", allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const token = await regenerateCalendarToken(c.var.db(), user.id);
  return renderMyEvents(c, new URL(`/calendar/${token}.ics`, c.var.config.PUBLIC_URL).href);
});
