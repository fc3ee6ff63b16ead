import type { MiddlewareHandler } from "hono";
import { renderForbidden } from "../http/render.tsx";
import type { AppEnv } from "../http/types.ts";
import { can } from "./can.ts";
import type { Action, Resource } from "./permissions.ts";

// `can` lives in ./can.ts so the page layout (http/render.tsx) can use it without importing this module.
export { can };

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
