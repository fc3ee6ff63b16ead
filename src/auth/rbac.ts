import type { MiddlewareHandler } from "hono";
import { renderForbidden } from "../http/render.tsx";
import type { AppEnv } from "../http/types.ts";
import { PERMISSION_CATALOG, type Action, type Resource } from "./permissions.ts";
import type { CurrentUser } from "./session.ts";

/**
 * The one authorization decision. Admin accounts (memberType admin) hold every
 * permission; everyone else holds what their active, unexpired role grants give
 * (resolved when the session is loaded). An account whose email is not yet
 * verified holds nothing. No user, no permission.
 */
export function can(user: CurrentUser | null | undefined, action: Action, resource: Resource): boolean {
  if (!user) return false;
  if (user.memberType === "admin" && user.isVerified) return true;
  return user.isVerified && user.permissions.has(`${resource}:${action}`);
}

/** `can` for a permission named "resource:action", as stored in the permissions table. */
export function holdsPermission(user: CurrentUser | null | undefined, name: string): boolean {
  const entry = PERMISSION_CATALOG.find((p) => `${p.resource}:${p.action}` === name);
  return entry ? can(user, entry.action, entry.resource) : false;
}

/** Admin rights: every permission there is (an admin account, or the admin role's grants). */
export function hasAdminRights(user: CurrentUser | null | undefined): boolean {
  return PERMISSION_CATALOG.every((p) => can(user, p.action, p.resource));
}

/** A route's rule, declared where the route is: `routes.get(path, allow.signedIn, handler)`. */
export type RouteRule =
  | { kind: "public" }
  | { kind: "guest" }
  | { kind: "signedIn" }
  | { kind: "permission"; action: Action; resource: Resource };

function gate(rule: RouteRule): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.var.user;
    if (rule.kind === "public") return next();
    if (rule.kind === "guest") {
      // Sign-in and sign-up pages: a signed-in member has no business there.
      return user ? c.redirect("/account", 303) : next();
    }
    if (!user) {
      const nextUrl = c.req.method === "GET" ? `?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}` : "";
      if (c.req.header("hx-request") === "true") {
        c.header("HX-Redirect", `/login${nextUrl}`);
        return c.body(null, 401);
      }
      return c.redirect(`/login${nextUrl}`, 303);
    }
    if (rule.kind === "permission" && !can(user, rule.action, rule.resource)) {
      return renderForbidden(c);
    }
    return next();
  };
}

export const allow = {
  public: gate({ kind: "public" }),
  guest: gate({ kind: "guest" }),
  signedIn: gate({ kind: "signedIn" }),
  to: (action: Action, resource: Resource) => gate({ kind: "permission", action, resource }),
};
