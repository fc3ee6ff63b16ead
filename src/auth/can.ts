import type { Action, Resource } from "./permissions.ts";
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
