// The admin dashboard in the authorization matrix: anyone who may read member accounts
// (users:read; of the personas only the admin holds it: users:manage alone does not).
import { ADMIN_ONLY, type RouteRow } from "./types.ts";

export const dashboardRows: RouteRow[] = [{ method: "GET", route: "/admin", rule: "allow.to(read, users)", path: () => "/admin", allowed: ADMIN_ONLY }];
