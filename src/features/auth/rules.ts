// Pure rules of sign-up and sign-in: lockout timing, safe redirects, client
// identity for rate limits, and how a wait is put into words. No I/O here.

/** The failure that first locks an account. */
export const LOCKOUT_THRESHOLD = 5;
const MINUTE_MS = 60_000;
export const LOCKOUT_BASE_MS = 1 * MINUTE_MS;
export const LOCKOUT_MAX_MS = 24 * 60 * MINUTE_MS;

/**
 * How long an account stays locked after its n-th consecutive wrong password:
 * nothing before the 5th, then 1 min × 2^(n−5), capped at 24 h. Doubling keeps a
 * member who mistypes a few times nearly unaffected while an online guesser gets
 * a handful of tries per day.
 */
export function lockoutDelayMs(consecutiveFailures: number): number {
  if (!Number.isFinite(consecutiveFailures) || consecutiveFailures < LOCKOUT_THRESHOLD) return 0;
  const exponent = Math.floor(consecutiveFailures) - LOCKOUT_THRESHOLD;
  // 2^11 minutes already passes the cap; stopping there keeps the arithmetic exact.
  if (exponent >= 11) return LOCKOUT_MAX_MS;
  return Math.min(LOCKOUT_BASE_MS * 2 ** exponent, LOCKOUT_MAX_MS);
}

/** The account row's new lockout fields after one more wrong password. */
export function afterWrongPassword(
  previousFailures: number,
  now: Date,
): { failedLoginAttempts: number; lastFailedLogin: Date; lockedUntil: Date | null } {
  const failedLoginAttempts = Math.max(0, previousFailures) + 1;
  const delay = lockoutDelayMs(failedLoginAttempts);
  return {
    failedLoginAttempts,
    lastFailedLogin: now,
    lockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null,
  };
}

export function isLocked(lockedUntil: Date | null | undefined, now: Date): lockedUntil is Date {
  return lockedUntil != null && lockedUntil.getTime() > now.getTime();
}

const MAX_NEXT_LENGTH = 2048;

/**
 * Where to send the member after sign-in, or null when `next` could leave the
 * site. Only a path on this origin: starts with one "/", never "//" or "/\"
 * (browsers read a backslash as a slash), and no whitespace or control
 * characters (browsers strip tabs and newlines, turning "/\t/evil" into "//evil").
 */
export function safeNextPath(next: unknown): string | null {
  if (typeof next !== "string" || next.length === 0 || next.length > MAX_NEXT_LENGTH) return null;
  if (!/^\/(?![/\\])[^\\\s\u0000-\u001f\u007f]*$/.test(next)) return null;
  // Belt and braces: resolved against our origin it must stay on our origin.
  try {
    const base = "https://portal.invalid";
    return new URL(next, base).origin === base ? next : null;
  } catch {
    return null;
  }
}

/**
 * The client's address for per-IP limits. Cloudflare sets cf-connecting-ip and
 * a client cannot forge it there; x-forwarded-for only matters in local
 * development. Capped so a hostile header cannot make a huge limiter key.
 */
export function clientIp(headers: { get(name: string): string | null }): string {
  const raw = headers.get("cf-connecting-ip") ?? headers.get("x-forwarded-for")?.split(",")[0] ?? "";
  const ip = raw.trim().slice(0, 64);
  return /^[0-9A-Fa-f:.]+$/.test(ip) ? ip.toLowerCase() : "local";
}

export interface Wait {
  minutes: number;
  /** e.g. "14:05 UTC", with the date when it is not today (UTC). */
  utc: string;
  /** e.g. "in 3 minutes (at 14:05 UTC)". */
  text: string;
}

/**
 * A wait in words. The server does not know the member's time zone, so it
 * gives the length, rounded up to whole minutes, and the clock time in UTC.
 */
export function describeWait(until: Date, now: Date): Wait {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / MINUTE_MS));
  const iso = until.toISOString();
  const clock = `${iso.slice(11, 16)} UTC`;
  const utc = iso.slice(0, 10) === now.toISOString().slice(0, 10) ? clock : `${clock} on ${iso.slice(0, 10)}`;
  return { minutes, utc, text: `in ${minutes} minute${minutes === 1 ? "" : "s"} (at ${utc})` };
}

/** Seconds for a Retry-After header: whole seconds, at least 1. */
export function retryAfterSeconds(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
