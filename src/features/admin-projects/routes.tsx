// Bid-opportunity administration: the list with bid counts and deadlines, the editor,
// lifecycle, files, invitations, the bids (review, compare, CSV) and the import.
// Every route names its rule as its first middleware; see test/authz/admin-projects.ts.
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { navLinks } from "../../http/admin.ts";
import { renderFragment, renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { type CsvColumn, refusedCsvFilters, yesNo, cappedCsvResponse, CSV_MAX_ROWS } from "../../lib/csv.ts";
import { readQuery, shownFilters } from "../../lib/forms.ts";
import { pageWindow } from "../../lib/pagination.ts";
import { toPacificDateInput } from "../../lib/time.ts";
import { ProjectResults, ProjectsListPage } from "../../../templates/admin-projects/ProjectsListPage.tsx";
import { NewRow } from "../../../templates/admin-projects/RowEditors.tsx";
import { applicationRoutes } from "./applications-routes.tsx";
import { editorRoutes } from "./editor-routes.tsx";
import { EMPTY_PROJECT_FILTERS, MAX_PROJECT_ROWS, PROJECT_LIST_QUERY, PROJECT_ROW_KINDS, type ProjectFilters, projectFiltersSchema, type ProjectRowKind } from "./forms.ts";
import { importRoutes } from "./import-routes.tsx";
import { lifecycleRoutes } from "./lifecycle-routes.tsx";
import { type AdminProjectRow, exportAdminProjects, listAdminProjects } from "./queries.ts";
import { CATEGORY_LABEL, PROJECT_STATUS_LABEL, projectAdminNotices } from "./rules.ts";

export const adminProjectRoutes = new Hono<AppEnv>();

// Bids, applicant data and CSV exports stay out of browser and proxy caches.
adminProjectRoutes.use(async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
});

const PER_PAGE = 25;
const manage = allow.to("manage", "projects");

adminProjectRoutes.get("/", manage, async (c) => {
  const query = readQuery(c, PROJECT_LIST_QUERY);
  const filters = shownFilters(query, EMPTY_PROJECT_FILTERS) as ProjectFilters;
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const now = new Date();
  const result = query.ok ? await listAdminProjects(c.var.db(), query.data, { limit, offset }, now) : { rows: [], total: 0, bidsSince: null };
  const props = { filters, rows: result.rows, total: result.total, bidsSince: result.bidsSince, page, perPage, now };
  return renderPage(c, {
    title: "Bid opportunities",
    status: query.ok ? 200 : 422,
    body: <ProjectsListPage {...props} errors={query.errors} links={navLinks(c)} notice={projectAdminNotices.read(c)} />,
    partial: <ProjectResults {...props} />,
  });
});

const PROJECT_COLUMNS: ReadonlyArray<CsvColumn<AdminProjectRow>> = [
  ["id", (p) => p.id],
  ["title", (p) => p.title],
  ["status", (p) => PROJECT_STATUS_LABEL[p.status]],
  ["category", (p) => CATEGORY_LABEL[p.category]],
  ["visibility", (p) => p.visibility],
  ["organization", (p) => p.organization],
  ["source", (p) => p.source],
  ["external_id", (p) => p.externalId],
  ["budget_min", (p) => p.budgetMin],
  ["budget_max", (p) => p.budgetMax],
  ["estimated_value", (p) => p.estimatedValue],
  ["bids_due", (p) => p.deadlineDate],
  ["published", (p) => yesNo(p.publishedAt !== null)],
  ["bids", (p) => p.bids],
  ["to_review", (p) => p.toReview],
  ["max_bids", (p) => p.maxApplications],
];

adminProjectRoutes.get("/export.csv", manage, async (c) => {
  const query = readQuery(c, projectFiltersSchema);
  if (!query.ok) return refusedCsvFilters(c, query.errors);
  const rows = await exportAdminProjects(c.var.db(), query.data);
  return cappedCsvResponse(c, `opportunities-${toPacificDateInput(new Date())}.csv`, PROJECT_COLUMNS, rows, CSV_MAX_ROWS);
});

/** One more blank row of a structured editor, for htmx's "Add another". */
adminProjectRoutes.get("/rows/:kind", manage, async (c) => {
  const kind = c.req.param("kind");
  const index = Number.parseInt(c.req.query("index") ?? "", 10);
  if (!(PROJECT_ROW_KINDS as readonly string[]).includes(kind) || !Number.isInteger(index) || index < 0 || index >= MAX_PROJECT_ROWS + 10) {
    return renderNotFound(c);
  }
  return renderFragment(c, <NewRow kind={kind as ProjectRowKind} index={index} />);
});

adminProjectRoutes.route("/", importRoutes);
adminProjectRoutes.route("/", editorRoutes);
adminProjectRoutes.route("/", lifecycleRoutes);
adminProjectRoutes.route("/", applicationRoutes);
