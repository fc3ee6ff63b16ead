// GET /admin: the dashboard, for anyone who may read member accounts (users:read).
import { Hono } from "hono";
import { can, allow } from "../../auth/rbac.ts";
import { navLinks } from "../../http/admin.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { monthKey } from "../../lib/time.ts";
import { DashboardPage } from "../../../templates/admin-dashboard/DashboardPage.tsx";
import { loadDashboard } from "./queries.ts";

export const dashboardRoutes = new Hono<AppEnv>();

dashboardRoutes.get("/", allow.to("read", "users"), async (c) => {
  const now = new Date();
  const data = await loadDashboard(c.var.db(), now);
  const links = { ...navLinks(c), feedback: can(c.var.signedIn.user, "manage", "feedback") };
  return renderPage(c, { title: "Admin", body: <DashboardPage data={data} links={links} monthStart={`${monthKey(now)}-01`} /> });
});
