// GET /admin: the dashboard, for anyone who may open one of the lists behind its cards; each
// card is shown only to those who may open its list (dashboardSections in src/http/admin.ts).
import { Hono } from "hono";
import { allow, Forbidden } from "../../auth/rbac.ts";
import { navLinks } from "../../http/admin.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { monthKey } from "../../lib/time.ts";
import { DashboardPage } from "../../../templates/admin-dashboard/DashboardPage.tsx";
import { loadDashboard } from "./queries.ts";

export const dashboardRoutes = new Hono<AppEnv>();

dashboardRoutes.get("/", allow.signedIn, async (c) => {
  const links = navLinks(c);
  if (!links.dashboard) throw new Forbidden();
  const now = new Date();
  const data = await loadDashboard(c.var.db(), now);
  return renderPage(c, { title: "Admin", body: <DashboardPage data={data} links={links} monthStart={`${monthKey(now)}-01`} /> });
});
