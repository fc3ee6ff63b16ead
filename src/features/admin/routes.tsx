import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { readQuery, shownFilters } from "../../lib/forms.ts";
import { AuditPage } from "../../../templates/admin/AuditPage.tsx";
import { AUDIT_ACTIONS, auditFiltersSchema } from "./forms.ts";
import { outboxRoutes } from "./outbox-routes.tsx";
import { listAuditActions } from "./queries.ts";
import { dashboardRoutes } from "../admin-dashboard/routes.tsx";
import { roleRoutes } from "./roles-routes.tsx";
import { userActionRoutes } from "./user-actions-routes.tsx";
import { userRoutes } from "./users-routes.tsx";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { csvPagedResponse, refusedCsvFilters, type CsvColumn } from "../../lib/csv.ts";
import { toPacificDateInput } from "../../lib/time.ts";
import { navLinks } from "../../http/admin.ts";

// Admin screens: dashboard, member accounts, roles and permissions, email outbox, audit trail.
// Every route names its permission as its first middleware; see test/authz/admin.ts.
export const adminRoutes = new Hono<AppEnv>();

// Member data and CSV exports stay out of browser and proxy caches. Only a header:
// each route's own first middleware is still its rule.
adminRoutes.use(async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
});

adminRoutes.route("/", dashboardRoutes);

const AUDIT_QUERY = auditFiltersSchema.extend({ page: pageField() });

adminRoutes.get("/audit", allow.to("read", "audit"), async (c) => {
  const query = readQuery(c, AUDIT_QUERY);
  const filters = shownFilters(query, { action: "", actor: "", target: "" });
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, 25);
  const result = query.ok ? await listAuditActions(c.var.db(), query.data, { limit, offset }) : { rows: [], total: 0 };
  return renderPage(c, {
    title: "Audit trail",
    status: query.ok ? 200 : 422,
    body: (
      <AuditPage
        rows={result.rows}
        total={result.total}
        page={page}
        perPage={perPage}
        filters={filters}
        actions={AUDIT_ACTIONS}
        errors={query.errors}
        links={navLinks(c)}
      />
    ),
  });
});

type AuditRow = Awaited<ReturnType<typeof listAuditActions>>["rows"][number];
const AUDIT_COLUMNS: ReadonlyArray<CsvColumn<AuditRow>> = [
  ["id", (a) => a.id],
  ["created_at", (a) => a.createdAt],
  ["action", (a) => a.action],
  ["actor_id", (a) => a.actorId],
  ["actor", (a) => a.actorName],
  ["target_id", (a) => a.targetId],
  ["target", (a) => a.targetName],
  ["details", (a) => a.details],
];

adminRoutes.get("/audit.csv", allow.to("read", "audit"), async (c) => {
  const query = readQuery(c, auditFiltersSchema);
  if (!query.ok) return refusedCsvFilters(c, query.errors);
  const db = c.var.db();
  const filters = query.data;
  return csvPagedResponse(c, `audit-${toPacificDateInput(new Date())}.csv`, AUDIT_COLUMNS, async (page) => (await listAuditActions(db, filters, page)).rows);
});

adminRoutes.route("/", userRoutes);
adminRoutes.route("/", userActionRoutes);
adminRoutes.route("/", roleRoutes);
adminRoutes.route("/", outboxRoutes);
