// The admin dashboard in the authorization matrix: anyone who may open one of the lists behind
// its cards (users:read, which users:manage includes; payments, events, projects, courses or
// feedback manage). Of the personas: the admin, the users:manage and the projects:manage
// delegates; the event staff (check-in only), the roles and credentials delegates hold none.
import type { RouteRow } from "./types.ts";

export const dashboardRows: RouteRow[] = [
  { method: "GET", route: "/admin", rule: "allow.signedIn + a dashboard card's permission", path: () => "/admin", allowed: ["usersManager", "projectsManager", "admin"] },
];
