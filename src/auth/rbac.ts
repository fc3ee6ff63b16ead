import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/types.ts";
import { PERMISSION_CATALOG, type Action, type Resource } from "./permissions.ts";
import type { CurrentSession, CurrentUser } from "./session.ts";

/**
 * The one authorization decision. Admin accounts (memberType admin) hold every
 * permission; everyone else holds what their active, unexpired role grants give
 * (resolved when the session is loaded). An account whose email is not yet
 * verified holds nothing. No user, no permission.
 */
export function can(user: CurrentUser | null | undefined, action: Action, resource: Resource): boolean {
  if (!user) return false;
  if (user.memberType === "admin" && user.isVerified) return true;
  if (!user.isVerified) return false;
  // Who may change a thing may see it: manage includes read (users:manage opens the member list it acts on).
  return user.permissions.has(`${resource}:${action}`) || (action === "read" && user.permissions.has(`${resource}:manage`));
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

/**
 * Thrown by a route rule when the signed-in person may not do this; the app's error
 * handler answers it with the 403 page (so this module needs nothing from the renderer).
 */
export class Forbidden extends Error {
  constructor() {
    super("forbidden");
    this.name = "Forbidden";
  }
}

/**
 * What a handler after allow.signedIn / allow.to(...) sees besides AppEnv: `c.var.signedIn`,
 * the member and session the rule let through, typed non-null, so handlers need no
 * "user or throw" guard of their own.
 */
export type SignedInEnv = AppEnv & { Variables: { signedIn: { user: CurrentUser; session: CurrentSession } } };

/** Behind it, the member and session it let through are `c.var.signedIn`; a permission is checked too when named. */
function signedInRule(permission?: { action: Action; resource: Resource }): MiddlewareHandler<SignedInEnv> {
  return async (c, next) => {
    const { user, session } = c.var;
    if (!user || !session) {
      const nextUrl = c.req.method === "GET" ? `?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}` : "";
      if (c.req.header("hx-request") === "true") {
        c.header("HX-Redirect", `/login${nextUrl}`);
        return c.body(null, 401);
      }
      return c.redirect(`/login${nextUrl}`, 303);
    }
    if (permission && !can(user, permission.action, permission.resource)) throw new Forbidden();
    c.set("signedIn", { user, session });
    return next();
  };
}

/** A route's rule, declared where the route is: `routes.get(path, allow.signedIn, handler)`. */
export const allow = {
  public: (async (_c, next) => next()) as MiddlewareHandler<AppEnv>,
  /** Sign-in and sign-up pages: a signed-in member has no business there. */
  guest: (async (c, next) => (c.var.user ? c.redirect("/account", 303) : next())) as MiddlewareHandler<AppEnv>,
  signedIn: signedInRule(),
  to: (action: Action, resource: Resource) => signedInRule({ action, resource }),
};
