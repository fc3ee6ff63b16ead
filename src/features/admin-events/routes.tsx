// Event administration: the list with fill rates, the editor, lifecycle, files,
// attendees (payments, waitlist moves, no-shows, CSV) and the door check-in.
// Every route names its rule as its first middleware; see test/authz/admin-events.ts.
// Seats belong to the EventCapacity Durable Object: capacity, payments that confirm a
// held seat and waitlist moves go through it (src/features/events/capacity.ts).
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { renderNotFound, renderPage, renderFragment } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { EventResults, EventsListPage } from "../../../templates/admin-events/EventsListPage.tsx";
import { NewRow } from "../../../templates/admin-events/RowEditors.tsx";
import { attendeeRoutes } from "./attendees-routes.tsx";
import { checkinRoutes } from "./checkin-routes.tsx";
import { editorRoutes } from "./editor-routes.tsx";
import { fileRoutes } from "./files-routes.tsx";
import { eventFiltersSchema, MAX_ROWS, ROW_KINDS, type RowKind, type EventFilters } from "./forms.ts";
import { lifecycleRoutes } from "./lifecycle-routes.tsx";
import { exportAdminEvents, listAdminEvents } from "./queries.ts";
import { fillRate, eventAdminNotices } from "./rules.ts";
import { yesNo, type CsvColumn, refusedCsvFilters, cappedCsvResponse, CSV_MAX_ROWS } from "../../lib/csv.ts";
import { toPacificDateInput } from "../../lib/time.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { readQuery, shownFilters } from "../../lib/forms.ts";
import { navLinks } from "../../http/admin.ts";

export const adminEventRoutes = new Hono<AppEnv>();

// Attendee data and CSV exports stay out of browser and proxy caches. Only a header:
// each route's own first middleware is still its rule.
adminEventRoutes.use(async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
});

const PER_PAGE = 25;
const manage = allow.to("manage", "events");

const EVENT_LIST_QUERY = eventFiltersSchema.extend({ page: pageField() });

adminEventRoutes.get("/", manage, async (c) => {
  const query = readQuery(c, EVENT_LIST_QUERY);
  const filters = shownFilters(query, { status: "", when: "upcoming" }) as EventFilters;
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const result = query.ok ? await listAdminEvents(c.var.db(), query.data, { limit, offset }) : { rows: [], total: 0 };
  const props = { filters, rows: result.rows, total: result.total, page, perPage };
  return renderPage(c, {
    title: "Events",
    status: query.ok ? 200 : 422,
    body: <EventsListPage {...props} errors={query.errors} links={navLinks(c)} notice={eventAdminNotices.read(c)} />,
    partial: <EventResults {...props} />,
  });
});

const EVENT_COLUMNS: ReadonlyArray<CsvColumn<Awaited<ReturnType<typeof exportAdminEvents>>[number]>> = [
  ["id", (e) => e.id],
  ["title", (e) => e.title],
  ["type", (e) => e.type],
  ["status", (e) => e.status],
  ["starts_at", (e) => e.startDate],
  ["ends_at", (e) => e.endDate],
  ["online", (e) => yesNo(e.isVirtual)],
  ["location", (e) => e.location],
  ["registered", (e) => e.registered],
  ["capacity", (e) => e.maxCapacity],
  ["fill_rate_percent", (e) => fillRate(e.registered, e.maxCapacity)],
  ["waitlisted", (e) => e.waitlisted],
];

adminEventRoutes.get("/export.csv", manage, async (c) => {
  const query = readQuery(c, eventFiltersSchema);
  if (!query.ok) return refusedCsvFilters(c, query.errors);
  const rows = await exportAdminEvents(c.var.db(), query.data);
  return cappedCsvResponse(c, `events-${toPacificDateInput(new Date())}.csv`, EVENT_COLUMNS, rows, CSV_MAX_ROWS);
});

/** One more blank row of a structured editor, for htmx's "Add another". */
adminEventRoutes.get("/rows/:kind", manage, async (c) => {
  const kind = c.req.param("kind");
  const index = Number.parseInt(c.req.query("index") ?? "", 10);
  if (!(ROW_KINDS as readonly string[]).includes(kind) || !Number.isInteger(index) || index < 0 || index >= MAX_ROWS + 10) {
    return renderNotFound(c);
  }
  return renderFragment(c, <NewRow kind={kind as RowKind} index={index} />);
});

adminEventRoutes.route("/", checkinRoutes);
adminEventRoutes.route("/", editorRoutes);
adminEventRoutes.route("/", lifecycleRoutes);
adminEventRoutes.route("/", fileRoutes);
adminEventRoutes.route("/", attendeeRoutes);
