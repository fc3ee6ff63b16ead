// Pure pieces of the account pages: naming a device from its user agent, the
import { noticeTable } from "../../lib/notices.ts";
// notices a redirect may ask for, and how times are shown.

/** Long enough for any real user agent; the cap keeps a hostile header cheap to scan. */
const MAX_USER_AGENT = 512;

/**
 * "Chrome on Android", "Safari on iPhone", ... from a User-Agent header: enough for
 * a member to recognise their own phone in the list, not a full UA database.
 * Order matters: Edge, Opera and Samsung Internet also say "Chrome", and every
 * iOS browser says "Safari".
 */
export function describeDevice(userAgent: string | null | undefined): string {
  const ua = (userAgent ?? "").slice(0, MAX_USER_AGENT);
  if (!ua.trim()) return "Unknown device";
  const browser = browserName(ua);
  const os = osName(ua);
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? "Unknown device";
}

function browserName(ua: string): string | null {
  if (/\bEdg(e|A|iOS)?\//.test(ua)) return "Edge";
  if (/\b(OPR|Opera)\//.test(ua)) return "Opera";
  if (/\bSamsungBrowser\//.test(ua)) return "Samsung Internet";
  if (/\b(Firefox|FxiOS)\//.test(ua)) return "Firefox";
  if (/\b(Chrome|CriOS|Chromium)\//.test(ua)) return "Chrome";
  if (/\bVersion\/[\d.]+.*\bSafari\//.test(ua) || /\b(iPhone|iPad)\b.*AppleWebKit/.test(ua)) return "Safari";
  return null;
}

function osName(ua: string): string | null {
  if (/\biPhone\b/.test(ua)) return "iPhone";
  if (/\biPad\b/.test(ua)) return "iPad";
  if (/\bAndroid\b/.test(ua)) return "Android";
  if (/\bCrOS\b/.test(ua)) return "ChromeOS";
  if (/\bWindows\b/.test(ua)) return "Windows";
  if (/\bMac OS X\b|\bMacintosh\b/.test(ua)) return "Mac";
  if (/\bLinux\b/.test(ua)) return "Linux";
  return null;
}

/**
 * Messages a redirect can ask a page to show with `?notice=code`. Only these codes
 * are known; anything else shows nothing, so a crafted link cannot put words on our page.
 */
export const accountNotices = noticeTable({
  "password-changed": "Your password is changed. Every other device was signed out.",
  "email-sent": "We sent a confirmation link to the new address. Your email changes when you open it. Until then, sign in with your current address.",
  "session-revoked": "That device is signed out.",
  "sessions-revoked": "Every other device is signed out.",
  "two-factor-off": "Two-factor sign-in is off. Your recovery codes no longer work.",
  "verification-sent": "We sent a new verification link to your email address.",
});

/** "5 minutes" / "1 minute": how long until a throttled member may try again. */
export function minutesUntil(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

/**
 * Where to go after the second factor: a path on this site only. `//evil.example`
 * and `/\evil.example` are protocol-relative to a browser, so they are refused.
 */
export function safeNextPath(next: string | undefined | null, fallback = "/account"): string {
  if (!next || next.length > 512) return fallback;
  if (!next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  if (next === "/login" || next.startsWith("/login/") || next.startsWith("/login?")) return fallback;
  return next;
}
