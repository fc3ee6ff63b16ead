import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/types.ts";
import { clearSessionCookie, readSessionCookie, setSessionCookie, validateSessionToken } from "./session.ts";

/**
 * Resolves the session cookie into c.var.user. No cookie, no database work:
 * anonymous pages stay one round trip cheaper.
 */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("user", null);
  c.set("session", null);
  c.set("pendingTwoFactor", null);
  const token = readSessionCookie(c);
  if (token) {
    const result = await validateSessionToken(c.var.db(), token);
    if (!result) {
      clearSessionCookie(c);
    } else if (result.user.twoFactorEnabled && !result.session.twoFactorVerified) {
      c.set("pendingTwoFactor", { session: result.session, user: result.user });
    } else {
      c.set("user", result.user);
      c.set("session", result.session);
      if (result.renewedExpiresAt) setSessionCookie(c, token, result.renewedExpiresAt);
    }
  }
  await next();
};
