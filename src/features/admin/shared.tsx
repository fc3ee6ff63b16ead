import type { Context } from "hono";
import { can, hasAdminRights } from "../../auth/rbac.ts";
import type { CurrentUser } from "../../auth/session.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import type { AdminNavLinks } from "../../../templates/admin/parts.tsx";
import { NotFoundPage } from "../../../templates/pages/ErrorPages.tsx";
import { type AdminUser, isAdminAccount, type Tx } from "./queries.ts";
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

export const ADMIN_TARGET_REFUSED = "This is an administrator’s account: only an administrator can change it.";

/**
 * users:manage or roles:manage alone must not reach past their holder's own rights: acting on an
 * account with admin rights (deactivate, reset, unlock, edit, roles) needs admin rights.
 */
export async function adminTargetRefusal(tx: Tx, c: AdminContext, target: AdminUser): Promise<string | null> {
  if (hasAdminRights(actor(c))) return null;
  return (await isAdminAccount(tx, target)) ? ADMIN_TARGET_REFUSED : null;
}

export const SELF_GRANT_REFUSED = "You cannot grant a role to yourself. Ask another administrator.";

/** Why a grant or a role edit was refused: it would hand out permissions the actor does not hold. */
export function beyondOwnRights(roleName: string, missing: string[]): string {
  return `You can only hand out permissions you hold yourself; ${roleName} would give ${missing.join(", ")}.`;
}
