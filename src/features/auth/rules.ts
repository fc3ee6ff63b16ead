// Pure rules of sign-up and sign-in: attempt limits, safe redirects, client
// identity for rate limits, and how a wait is put into words. No I/O here.

/**
 * Sign-in attempts one client may make for one address in a window: enough for a member who
 * mistypes, a wall for a guesser. Keyed on address + client, so a stranger elsewhere cannot
 * lock a member out, and the same for every address, so it tells nothing about who exists.
 */
export const LOGIN_ACCOUNT_CLIENT_LIMIT = { limit: 5, windowSeconds: 15 * 60 };

/** A lock an admin's data may still carry (lockedUntil); sign-in honours it after the password check. */
export function isLocked(lockedUntil: Date | null | undefined, now: Date): lockedUntil is Date {
  return lockedUntil != null && lockedUntil.getTime() > now.getTime();
}

const MINUTE_MS = 60_000;
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
