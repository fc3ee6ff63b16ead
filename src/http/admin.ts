// The chrome every admin area shares: the handler's context and the admin section's links.
import type { Context } from "hono";
import { can, type SignedInEnv } from "../auth/rbac.ts";
import type { AdminNavLinks } from "../../templates/admin/parts.tsx";
import type { CurrentUser } from "../auth/session.ts";

/** Every admin route is behind allow.to(...), so the admin is always known. */
export type AdminContext = Context<SignedInEnv>;

/** The admin section's links this admin may open. */
export function navLinks(c: AdminContext): AdminNavLinks {
  const user = c.var.user;
  return {
    dashboard: seesDashboard(user),
    users: can(user, "read", "users"),
    roles: can(user, "manage", "roles"),
    outbox: can(user, "read", "outbox"),
    audit: can(user, "read", "audit"),
    events: can(user, "manage", "events"),
    projects: can(user, "manage", "projects"),
    credentials: can(user, "review", "credentials"),
    payments: can(user, "manage", "payments"),
    announcements: can(user, "send", "announcements"),
    certificates: can(user, "manage", "courses"),
    courses: can(user, "manage", "courses"),
    feedback: can(user, "manage", "feedback"),
  };
}

/**
 * The dashboard's cards by the list behind them: each is shown to those who may open that
 * list, and the dashboard to anyone who sees at least one card.
 */
export function dashboardSections(user: CurrentUser | null | undefined) {
  return {
    users: can(user, "read", "users"),
    payments: can(user, "manage", "payments"),
    events: can(user, "manage", "events"),
    projects: can(user, "manage", "projects"),
    courses: can(user, "manage", "courses"),
    feedback: can(user, "manage", "feedback"),
  };
}
export const seesDashboard = (user: CurrentUser | null | undefined): boolean => Object.values(dashboardSections(user)).some(Boolean);
