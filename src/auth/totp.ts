/**
 * TOTP (RFC 6238) second factor: SHA-1, 6 digits, 30-second steps, the
 * parameters every authenticator app supports.
 *
 * Replay: a code stays valid for up to 90 s (±1 step of clock drift), so
 * `verifyTotpCode` returns the matched step. Store it with the member and pass
 * it back as `lastUsedStep` next time; a code whose step is not newer is refused,
 * so a code seen over a shoulder or in a proxy log cannot be used again.
 */
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that still count: phones drift, people type slowly. */
const DRIFT_STEPS = 1;
/** RFC 4226 asks for at least 128 bits and recommends 160, the size of an HMAC-SHA1 output. */
const SECRET_BYTES = 20;

export function createTotpSecret(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: Uint8Array, accountEmail: string, issuer = "Chapter Member Portal"): string {
  return createTOTPKeyURI(issuer, accountEmail, secret, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** For typing into an app by hand when the camera can't read the QR code: `ABCD EFGH …`. */
export function formatSecretForHumans(secret: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(secret).replace(/(.{4})(?=.)/g, "$1 ");
}

export function totpStep(now: number = Date.now()): number {
  return Math.floor(now / (TOTP_PERIOD_SECONDS * 1000));
}

/**
 * Returns the time step the code belongs to, or null when it matches none of
 * now ±1 step, is not six digits, or is not newer than `lastUsedStep`.
 * Spaces are ignored because apps display codes as `123 456`.
 */
export function verifyTotpCode(
  secret: Uint8Array,
  code: string,
  now: number = Date.now(),
  lastUsedStep: number | null = null,
): number | null {
  const digits = code.replace(/[ \t]/g, "");
  if (!/^[0-9]{6}$/.test(digits)) return null;
  const current = totpStep(now);
  // Current step first: it is the usual match, and the order decides which step a
  // code valid in two windows (1 in 10^6) is attributed to.
  const steps = [current];
  for (let d = 1; d <= DRIFT_STEPS; d++) steps.push(current - d, current + d);
  for (const step of steps) {
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    if (verifyHOTP(secret, BigInt(step), TOTP_DIGITS, digits)) return step;
  }
  return null;
}
