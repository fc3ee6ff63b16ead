// Small pieces every account route needs: re-checking the current password, and headers for
// pages that show secrets.
import type { Context } from "hono";
import { verifyPassword } from "../../auth/password.ts";
import type { AppEnv } from "../../http/types.ts";
import { consumeRate } from "../../objects/RateLimiter.ts";
import { loadPasswordHash } from "./queries.ts";
import { minutesUntil } from "./rules.ts";

/** Pages that show a secret (setup key, recovery codes) must not be stored by any cache. */
export function noStore<E extends AppEnv>(c: Context<E>): void {
  c.header("Cache-Control", "no-store");
}

/** Tries per member per window for forms that ask for the current password. */
const REAUTH_LIMIT = 10;
const REAUTH_WINDOW_SECONDS = 15 * 60;

/**
 * Re-checks the current password before a sensitive change. Throttled per
 * member so a stolen session cookie cannot be used to guess the password.
 * Returns null when it is right, else the message for the field.
 */
export async function checkCurrentPassword<E extends AppEnv>(c: Context<E>, userId: string, password: string): Promise<string | null> {
  const rate = await consumeRate(c.env, `reauth:${userId}`, REAUTH_LIMIT, REAUTH_WINDOW_SECONDS);
  if (!rate.allowed) return `Too many tries. To keep your account safe, try again in ${minutesUntil(rate.retryAfterSeconds)}.`;
  const stored = await loadPasswordHash(c.var.db(), userId);
  if (!stored) return "That password is not right.";
  const check = await verifyPassword(stored, password, c.var.config.PASSWORD_PEPPER);
  return check.ok ? null : "That password is not right.";
}
