import type { Context } from "hono";
import { can, type SignedInEnv } from "../../auth/rbac.ts";
import type { AdminNavLinks } from "../../../templates/admin/parts.tsx";
import { type NoticeCode, noticeMessage } from "./rules.ts";

/** Every admin route is behind allow.to(...), so the admin is always known. */
export type AdminContext = Context<SignedInEnv>;

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
