import { hasAdminRights } from "../../auth/rbac.ts";
import type { AdminContext } from "../../http/admin.ts";
import { type AdminUser, isAdminAccount, type Tx } from "./queries.ts";

export const ADMIN_TARGET_REFUSED = "This is an administrator’s account: only an administrator can change it.";

/**
 * users:manage or roles:manage alone must not reach past their holder's own rights: acting on an
 * account with admin rights (deactivate, reset, unlock, edit, roles) needs admin rights.
 */
export async function adminTargetRefusal(tx: Tx, c: AdminContext, target: AdminUser): Promise<string | null> {
  if (hasAdminRights(c.var.signedIn.user)) return null;
  return (await isAdminAccount(tx, target)) ? ADMIN_TARGET_REFUSED : null;
}

export const SELF_GRANT_REFUSED = "You cannot grant a role to yourself. Ask another administrator.";

/** Why a grant or a role edit was refused: it would hand out permissions the actor does not hold. */
export function beyondOwnRights(roleName: string, missing: string[]): string {
  return `You can only hand out permissions you hold yourself; ${roleName} would give ${missing.join(", ")}.`;
}
