/**
 * Session tokens, single-use email tokens and recovery codes, after Lucia's
 * session guide (lucia-auth.com): the database keeps only a SHA-256 of each
 * secret, so a leaked table cannot be replayed as cookies or links. SHA-256 (not
 * a slow hash) is right here because the secrets are high-entropy random values.
 */
import type { CookieOptions } from "hono/utils/cookie";
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { generateRandomString, type RandomReader } from "@oslojs/crypto/random";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

const encoder = new TextEncoder();

function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

// --- session tokens --------------------------------------------------------

/**
 * The id is the row's lookup key; the secret is checked against its hash in
 * constant time, so a timing side channel on the indexed lookup reveals nothing
 * usable. 15 bytes → 24 chars of id; 20 bytes → 32 chars (160 bits) of secret.
 */
const SESSION_ID_BYTES = 15;
const SESSION_SECRET_BYTES = 20;
const SESSION_ID_LENGTH = 24;
const SESSION_SECRET_LENGTH = 32;
const SESSION_TOKEN_PATTERN = /^([a-z2-7]{24})\.([a-z2-7]{32})$/;

export interface SessionToken {
  id: string;
  secret: string;
  /** What goes in the cookie: `${id}.${secret}`. */
  token: string;
}

export function generateSessionToken(): SessionToken {
  const id = encodeBase32LowerCaseNoPadding(randomBytes(SESSION_ID_BYTES));
  const secret = encodeBase32LowerCaseNoPadding(randomBytes(SESSION_SECRET_BYTES));
  return { id, secret, token: `${id}.${secret}` };
}

/** Null for anything that is not exactly a token this module made, before any DB query. */
export function parseSessionToken(token: string | undefined | null): { id: string; secret: string } | null {
  if (typeof token !== "string" || token.length !== SESSION_ID_LENGTH + 1 + SESSION_SECRET_LENGTH) return null;
  const m = SESSION_TOKEN_PATTERN.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

export function hashSecret(secret: string): Uint8Array {
  return sha256(encoder.encode(secret));
}

export function verifySecret(secret: string, storedHash: Uint8Array): boolean {
  return constantTimeEqual(hashSecret(secret), storedHash);
}

// --- session lifetime ------------------------------------------------------

const DAY_MS = 24 * 60 * 60 * 1000;
/** Re-authenticate at least monthly, however active. */
export const SESSION_ABSOLUTE_MS = 30 * DAY_MS;
/** A phone left logged in and unused for a week is logged out. */
export const SESSION_IDLE_MS = 7 * DAY_MS;
/** Sliding the expiry costs a write, so do it at most daily per session. */
export const SESSION_RENEW_AFTER_MS = 1 * DAY_MS;

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export type SessionDecision = "expired" | "renew" | "ok";

export function sessionDecision(session: SessionTimes, now: Date = new Date()): SessionDecision {
  const t = now.getTime();
  if (t >= session.createdAt.getTime() + SESSION_ABSOLUTE_MS) return "expired";
  if (t >= session.expiresAt.getTime()) return "expired";
  const idle = t - session.lastSeenAt.getTime();
  if (idle > SESSION_IDLE_MS) return "expired";
  if (idle >= SESSION_RENEW_AFTER_MS) return "renew";
  return "ok";
}

/** Expiry for a session created (or renewed) at `now`, never past its absolute limit. */
export function sessionExpiresAt(createdAt: Date, now: Date = createdAt): Date {
  return new Date(Math.min(now.getTime() + SESSION_IDLE_MS, createdAt.getTime() + SESSION_ABSOLUTE_MS));
}

/** The new times to store when `sessionDecision` says "renew". */
export function renewedSessionTimes(session: SessionTimes, now: Date = new Date()): SessionTimes {
  return { createdAt: session.createdAt, lastSeenAt: now, expiresAt: sessionExpiresAt(session.createdAt, now) };
}

/**
 * `__Host-` makes the browser refuse the cookie unless it is Secure, Path=/ and
 * has no Domain, so a sibling subdomain cannot plant or overwrite it. Browsers
 * treat http://localhost as secure, so local dev works. Lax lets an emailed link
 * arrive logged in while cross-site POSTs go without it.
 */
export const SESSION_COOKIE = "__Host-portal_session";

export type SessionCookieOptions = CookieOptions & {
  httpOnly: true;
  secure: true;
  sameSite: "Lax";
  path: "/";
  domain?: undefined;
};

export function sessionCookieOptions(expiresAt: Date): SessionCookieOptions {
  return { httpOnly: true, secure: true, sameSite: "Lax", path: "/", expires: expiresAt };
}

/** For logout: the same attributes, so the browser matches and drops the cookie. */
export function clearedSessionCookieOptions(): SessionCookieOptions {
  return { httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge: 0, expires: new Date(0) };
}

// --- single-use email tokens (verify email, reset password, invitations) ----

const EMAIL_TOKEN_BYTES = 32;
const EMAIL_TOKEN_PATTERN = /^[a-z2-7]{52}$/;

/** `token` goes in the emailed link; only `hash` is stored. */
export function generateEmailToken(): { token: string; hash: string } {
  const token = encodeBase32LowerCaseNoPadding(randomBytes(EMAIL_TOKEN_BYTES));
  return { token, hash: hashEmailToken(token) };
}

/** Hex SHA-256; mail clients sometimes upper-case or pad links, so trim and lower-case first. */
export function hashEmailToken(token: string): string {
  return encodeHexLowerCase(sha256(encoder.encode(token.trim().toLowerCase())));
}

/** Cheap shape check so a junk URL never reaches the database. */
export function isEmailTokenShaped(token: string): boolean {
  return EMAIL_TOKEN_PATTERN.test(token.trim().toLowerCase());
}

// --- recovery codes ---------------------------------------------------------

/** Crockford's base32: no I, L, O or U, so codes read aloud or copied by hand survive. */
const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 10 symbols × 5 bits = 50 bits, shown as XXXX-XXXX-XX. */
const RECOVERY_CODE_LENGTH = 10;
const RECOVERY_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{10}$/;

const webRandom: RandomReader = {
  read(bytes) {
    crypto.getRandomValues(bytes);
  },
};

export function generateRecoveryCodes(n = 10): { codes: string[]; hashes: string[] } {
  const unique = new Set<string>();
  while (unique.size < n) unique.add(generateRandomString(webRandom, CROCKFORD_ALPHABET, RECOVERY_CODE_LENGTH));
  const raw = [...unique];
  return {
    codes: raw.map((c) => `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8)}`),
    hashes: raw.map(hashNormalizedCode),
  };
}

/**
 * Upper-case, drop dashes and spaces, and read the look-alikes Crockford
 * allows (O→0, I/L→1), since codes are typed from paper.
 */
export function normalizeRecoveryCode(code: string): string {
  return code
    .toUpperCase()
    .replace(/[\s-]+/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}

/** Hash to look up a typed code, or null when it cannot be a recovery code at all. */
export function hashRecoveryCode(code: string): string | null {
  const normalized = normalizeRecoveryCode(code);
  return RECOVERY_CODE_PATTERN.test(normalized) ? hashNormalizedCode(normalized) : null;
}

function hashNormalizedCode(normalized: string): string {
  return encodeHexLowerCase(sha256(encoder.encode(normalized)));
}
