import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { toFieldErrors } from "../../lib/forms.ts";
import { pageParams } from "../../lib/pagination.ts";
import { AuditPage } from "../../../templates/admin/AuditPage.tsx";
import { DashboardPage } from "../../../templates/admin/DashboardPage.tsx";
import { AUDIT_ACTIONS, auditFiltersSchema, queryValues } from "./forms.ts";
import { outboxRoutes } from "./outbox.tsx";
import { dashboardCounts, listAuditActions } from "./queries.ts";
import { roleRoutes } from "./roles.tsx";
import { navLinks } from "./shared.tsx";
import { userActionRoutes } from "./user-actions.tsx";
import { userRoutes } from "./users.tsx";

// Admin screens: dashboard, member accounts, roles and permissions, email outbox, audit trail.
// Every route names its permission as its first middleware; see test/authz/admin.ts.
export const adminRoutes = new Hono<AppEnv>();

// Member data and CSV exports stay out of browser and proxy caches. Only a header:
// each route's own first middleware is still its rule.
adminRoutes.use(async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
});

adminRoutes.get("/", allow.to("read", "users"), async (c) =>
  renderPage(c, { title: "Admin", body: <DashboardPage counts={await dashboardCounts(c.var.db())} links={navLinks(c)} /> }),
);

adminRoutes.get("/audit", allow.to("read", "audit"), async (c) => {
  const raw = queryValues(c.req.queries());
  const parsed = auditFiltersSchema.safeParse(raw);
  const filters = parsed.success
    ? parsed.data
    : { action: "", actor: (raw.actor ?? "").slice(0, 254), target: (raw.target ?? "").slice(0, 254) };
  const { page, perPage, limit, offset } = pageParams({ page: c.req.query("page") }, 25);
  const result = parsed.success ? await listAuditActions(c.var.db(), parsed.data, { limit, offset }) : { rows: [], total: 0 };
  return renderPage(c, {
    title: "Audit trail",
    status: parsed.success ? 200 : 422,
    body: (
      <AuditPage
        rows={result.rows}
        total={result.total}
        page={page}
        perPage={perPage}
        filters={filters}
        actions={AUDIT_ACTIONS}
        errors={parsed.success ? {} : toFieldErrors(parsed.error.issues)}
        links={navLinks(c)}
      />
    ),
  });
});

adminRoutes.route("/", userRoutes);
adminRoutes.route("/", userActionRoutes);
adminRoutes.route("/", roleRoutes);
adminRoutes.route("/", outboxRoutes);
