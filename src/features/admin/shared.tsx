import type { Context } from "hono";
import { can } from "../../auth/rbac.ts";
import type { CurrentUser } from "../../auth/session.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import type { AdminNavLinks } from "../../../templates/admin/parts.tsx";
import { NotFoundPage } from "../../../templates/pages/ErrorPages.tsx";
import { type NoticeCode, noticeMessage } from "./rules.ts";

export type AdminContext = Context<AppEnv>;

/** Routes behind allow.to(...) always have a user; this says so to the type checker. */
export function actor(c: AdminContext): CurrentUser {
  const user = c.var.user;
  if (!user) throw new Error("admin route reached without a signed-in user");
  return user;
}

export function navLinks(c: AdminContext): AdminNavLinks {
  const user = c.var.user;
  return {
    users: can(user, "read", "users"),
    roles: can(user, "manage", "roles"),
    outbox: can(user, "read", "outbox"),
    audit: can(user, "read", "audit"),
    events: can(user, "manage", "events"),
  };
}

export function notice(c: AdminContext): string | undefined {
  return noticeMessage(c.req.query("notice"));
}

/** Post/redirect/get: back to the page with a fixed message code. */
export function redirectWithNotice(c: AdminContext, path: string, code: NoticeCode, extra: Record<string, string> = {}) {
  const params = new URLSearchParams({ notice: code, ...extra });
  return c.redirect(`${path}?${params.toString()}`, 303);
}

export function notFoundPage(c: AdminContext) {
  return renderPage(c, { title: "Page not found", status: 404, body: <NotFoundPage path={c.req.path} /> });
}
