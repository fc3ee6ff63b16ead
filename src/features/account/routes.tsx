import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { AccountPage } from "../../../templates/account/AccountPage.tsx";
import { confirmEmailRoutes } from "./confirm-email-routes.tsx";
import { loadAccountOverview } from "./queries.ts";

import { securityRoutes } from "./security-routes.tsx";
import { twoFactorRoutes } from "./two-factor-routes.tsx";
import { accountNotices } from "./rules.ts";

// The signed-in member's own account: overview, security (password, email, sessions, two-factor).
// Self-service, so no AdminAction rows; the member is told by email instead (notice-emails.ts).
export const accountRoutes = new Hono<AppEnv>();

accountRoutes.get("/", allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const account = await loadAccountOverview(c.var.db(), user.id);
  if (!account) throw new Error("signed-in member has no users row");
  return renderPage(c, {
    title: "Your account",
    body: <AccountPage account={account} notice={accountNotices.read(c) ?? null} now={new Date()} />,
  });
});

accountRoutes.route("/", securityRoutes);
accountRoutes.route("/", twoFactorRoutes);
accountRoutes.route("/", confirmEmailRoutes);
