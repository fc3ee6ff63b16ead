import { can } from "../../auth/rbac.ts";
import type { CurrentUser } from "../../auth/session.ts";
import { ANONYMOUS, type Viewer } from "./rules.ts";

/** Who is looking, for the visibility rule: admins and committee chairs (projects:manage) see everything not deleted. */
export function viewerOf(user: CurrentUser | null | undefined): Viewer {
  if (!user) return ANONYMOUS;
  return { id: user.id, verified: user.isVerified, manages: can(user, "manage", "projects") };
}
