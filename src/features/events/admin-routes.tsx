// Event administration: the list with fill rates, the editor, lifecycle, files,
// attendees (payments, waitlist moves, no-shows, CSV) and the door check-in.
// Every route names its rule as its first middleware; see test/authz/admin-events.ts.
// Seats belong to the EventCapacity Durable Object: capacity, payments that confirm a
// held seat and waitlist moves go through it (src/features/events/capacity.ts).
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { pageParams } from "../../lib/pagination.ts";
import { EventResults, EventsListPage } from "../../../templates/admin-events/EventsListPage.tsx";
import { NewRow } from "../../../templates/admin-events/RowEditors.tsx";
import { toCsv } from "../admin/rules.ts";
import { navLinks } from "../admin/shared.tsx";
import { attendeeRoutes } from "./admin-attendees.tsx";
import { checkinRoutes } from "./admin-checkin.tsx";
import { editorRoutes } from "./admin-editor.tsx";
import { fileRoutes } from "./admin-files.tsx";
import { eventFiltersSchema, MAX_ROWS, ROW_KINDS, type RowKind } from "./admin-forms.ts";
import { lifecycleRoutes } from "./admin-lifecycle.tsx";
import { exportAdminEvents, listAdminEvents } from "./admin-queries.ts";
import { eventNotice, fillRate } from "./admin-rules.ts";

export const adminEventRoutes = new Hono<AppEnv>();

// Attendee data and CSV exports stay out of browser and proxy caches. Only a header:
// each route's own first middleware is still its rule.
adminEventRoutes.use(async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
});

const PER_PAGE = 25;
const manage = allow.to("manage", "events");

function readFilters(query: (key: string) => string | undefined) {
  return eventFiltersSchema.parse({ status: query("status") ?? "", when: query("when") ?? "upcoming" });
}

adminEventRoutes.get("/", manage, async (c) => {
  const filters = readFilters((k) => c.req.query(k));
  const { page, perPage, limit, offset } = pageParams({ page: c.req.query("page") }, PER_PAGE);
  const result = await listAdminEvents(c.var.db(), filters, { limit, offset });
  const props = { filters, rows: result.rows, total: result.total, page, perPage };
  return renderPage(c, {
    title: "Events",
    body: <EventsListPage {...props} links={navLinks(c)} notice={eventNotice(c.req.query("notice"))} />,
    partial: <EventResults {...props} />,
  });
});

adminEventRoutes.get("/export.csv", manage, async (c) => {
  const rows = await exportAdminEvents(c.var.db(), readFilters((k) => c.req.query(k)));
  const csv = toCsv([
    ["id", "title", "type", "status", "starts_at", "ends_at", "online", "location", "registered", "capacity", "fill_rate_percent", "waitlisted"],
    ...rows.map((e) => [
      e.id,
      e.title,
      e.type,
      e.status,
      e.startDate,
      e.endDate,
      e.isVirtual ? "yes" : "no",
      e.location,
      e.registered,
      e.maxCapacity,
      fillRate(e.registered, e.maxCapacity),
      e.waitlisted,
    ]),
  ]);
  const day = new Date().toISOString().slice(0, 10);
  return c.body(csv, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="events-${day}.csv"`,
  });
});

/** One more blank row of a structured editor, for htmx's "Add another". */
adminEventRoutes.get("/rows/:kind", manage, async (c) => {
  const kind = c.req.param("kind");
  const index = Number.parseInt(c.req.query("index") ?? "", 10);
  if (!(ROW_KINDS as readonly string[]).includes(kind) || !Number.isInteger(index) || index < 0 || index >= MAX_ROWS + 10) {
    return renderNotFound(c);
  }
  return c.html(String(await (<NewRow kind={kind as RowKind} index={index} />).toString()));
});

adminEventRoutes.route("/", checkinRoutes);
adminEventRoutes.route("/", editorRoutes);
adminEventRoutes.route("/", lifecycleRoutes);
adminEventRoutes.route("/", fileRoutes);
adminEventRoutes.route("/", attendeeRoutes);
