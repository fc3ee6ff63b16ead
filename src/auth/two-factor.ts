/**
 * The second factor's state and checks, shared by the account pages (enrol,
 * disable, new recovery codes) and the sign-in step (/login/two-factor).
 *
 * - The TOTP secret lives only as a secret box (secret-box.ts) bound to the
 *   member's id; a pending enrolment is a box with two_factor_enabled = false.
 * - A TOTP code is accepted once: its time step must be newer than the last one
 *   used, and the step is recorded with a conditional UPDATE, so two requests
 *   racing with the same code cannot both win.
 * - A recovery code is accepted once: it is marked used with a conditional UPDATE.
 * - Every check spends one of 5 attempts per 30 minutes, counted in a Durable
 *   Object per member; past the limit the code is not even looked at. A correct
 *   code clears the count, so only wrong guesses accumulate.
 *
 * Functions that write take a transaction (or the db) so the caller's other
 * writes (sessions, notice emails) commit or roll back with them.
 */
import { and, count, eq, isNull, lt, or } from "drizzle-orm";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { users } from "../db/schema/accounts.ts";
import { recoveryCodes } from "../db/schema/auth.ts";
import { consumeRate } from "../objects/RateLimiter.ts";
import { qrSvg } from "./qr.ts";
import { decryptSecret, encryptSecret, SecretBoxError } from "./secret-box.ts";
import { generateRecoveryCodes, hashRecoveryCode } from "./tokens.ts";
import { createTotpSecret, formatSecretForHumans, totpUri, verifyTotpCode } from "./totp.ts";

/** The db or a transaction: everything here is plain queries. */
export type Queries = Pick<Db, "select" | "insert" | "update" | "delete">;

export const TWO_FACTOR_ATTEMPTS = 5;
export const TWO_FACTOR_WINDOW_SECONDS = 30 * 60;
export const RECOVERY_CODE_COUNT = 10;

const rateKey = (userId: string) => `totp:${userId}`;

export type Refusal =
  | { ok: false; reason: "throttled"; retryAfterSeconds: number; message: string }
  | { ok: false; reason: "invalid" | "not-enabled" | "no-enrolment" | "already-enabled"; message: string };

const WRONG_CODE = "That code didn't work. Enter the 6-digit code your app shows now, or one of your recovery codes.";

/** Spends one attempt; a refusal when the member has used up the window. */
async function takeAttempt(env: Env, userId: string): Promise<Refusal | null> {
  const decision = await consumeRate(env, rateKey(userId), TWO_FACTOR_ATTEMPTS, TWO_FACTOR_WINDOW_SECONDS);
  if (decision.allowed) return null;
  const minutes = Math.max(1, Math.ceil(decision.retryAfterSeconds / 60));
  return {
    ok: false,
    reason: "throttled",
    retryAfterSeconds: decision.retryAfterSeconds,
    message: `Too many attempts. To keep your account safe, try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`,
  };
}

async function forgetAttempts(env: Env, userId: string): Promise<void> {
  const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(rateKey(userId)));
  await stub.reset();
}

async function readFactorState(db: Queries, userId: string) {
  const [row] = await db
    .select({ enabled: users.twoFactorEnabled, box: users.twoFactorSecret, lastStep: users.twoFactorLastStep })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

// --- enrolment ---------------------------------------------------------------

export interface Enrolment {
  /** Inline SVG of the otpauth:// URI, with role=img and an aria-label. */
  qr: string;
  /** The base32 secret in groups of four, for typing into an app by hand. */
  manualKey: string;
  /** The otpauth:// URI itself: on the phone that holds the app, a link opens it directly. */
  uri: string;
}

/**
 * Starts (or resumes) enrolment: reuses a pending secret so reloading the page
 * does not invalidate a QR code already scanned, otherwise stores a new one,
 * encrypted. Null when two-factor is already on.
 */
export async function beginEnrolment(
  db: Queries,
  config: Config,
  user: { id: string; email: string },
): Promise<Enrolment | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const state = await readFactorState(db, user.id);
    if (!state || state.enabled) return null;
    if (state.box) {
      const secret = await openBox(state.box, config, user.id);
      if (secret) return describeEnrolment(secret, user.email);
    }
    const secret = createTotpSecret();
    const box = await encryptSecret(secret, config.TOTP_ENCRYPTION_KEY, user.id);
    // Only replace what we read: if another tab stored a secret meanwhile, use that one.
    const stored = await db
      .update(users)
      .set({ twoFactorSecret: box, twoFactorLastStep: null })
      .where(
        and(
          eq(users.id, user.id),
          eq(users.twoFactorEnabled, false),
          state.box === null ? isNull(users.twoFactorSecret) : eq(users.twoFactorSecret, state.box),
        ),
      )
      .returning({ id: users.id });
    if (stored.length > 0) return describeEnrolment(secret, user.email);
  }
  return null;
}

function describeEnrolment(secret: Uint8Array, email: string): Enrolment {
  const uri = totpUri(secret, email);
  return {
    qr: qrSvg(uri, "QR code to add this account to your authenticator app"),
    manualKey: formatSecretForHumans(secret),
    uri,
  };
}

/** The secret, or null when the box no longer opens (key rotated, row tampered with). */
async function openBox(box: string, config: Config, userId: string): Promise<Uint8Array | null> {
  try {
    return await decryptSecret(box, config.TOTP_ENCRYPTION_KEY, userId);
  } catch (err) {
    if (err instanceof SecretBoxError) return null;
    throw err;
  }
}

/**
 * Confirms the pending secret with a code from the app: two-factor is on, the
 * code's step is recorded (so it cannot sign in again), and a fresh set of
 * recovery codes replaces any old ones. Returns the codes to show once.
 * The caller revokes other sessions and sends the notice in the same transaction.
 */
export async function confirmEnrolment(
  tx: Queries,
  env: Env,
  config: Config,
  userId: string,
  code: string,
): Promise<{ ok: true; recoveryCodes: string[] } | Refusal> {
  const state = await readFactorState(tx, userId);
  if (!state) return { ok: false, reason: "no-enrolment", message: "Start again: open the two-factor page." };
  if (state.enabled) return { ok: false, reason: "already-enabled", message: "Two-factor sign-in is already on." };
  if (!state.box) return { ok: false, reason: "no-enrolment", message: "Start again: open the two-factor page." };
  const throttled = await takeAttempt(env, userId);
  if (throttled) return throttled;
  const secret = await openBox(state.box, config, userId);
  if (!secret) return { ok: false, reason: "no-enrolment", message: "Start again: open the two-factor page." };
  const step = verifyTotpCode(secret, code);
  if (step === null) {
    return { ok: false, reason: "invalid", message: "That code didn't match. Enter the 6-digit code your app shows now." };
  }
  const enabled = await tx
    .update(users)
    .set({ twoFactorEnabled: true, twoFactorLastStep: step })
    .where(and(eq(users.id, userId), eq(users.twoFactorEnabled, false), eq(users.twoFactorSecret, state.box)))
    .returning({ id: users.id });
  if (enabled.length === 0) return { ok: false, reason: "no-enrolment", message: "Start again: open the two-factor page." };
  const codes = await replaceRecoveryCodes(tx, userId);
  await forgetAttempts(env, userId);
  return { ok: true, recoveryCodes: codes };
}

// --- checking a code ------------------------------------------------------------

/**
 * Checks a second factor for a member with two-factor on: a 6-digit TOTP code
 * (spaces allowed) or a recovery code (dashes, spaces and case ignored). Either
 * is used up by the check. Throttled before the code is examined.
 */
export async function verifySecondFactor(
  db: Queries,
  env: Env,
  config: Config,
  userId: string,
  code: string,
): Promise<{ ok: true; method: "totp" | "recovery" } | Refusal> {
  const throttled = await takeAttempt(env, userId);
  if (throttled) return throttled;
  const state = await readFactorState(db, userId);
  if (!state?.enabled || !state.box) {
    return { ok: false, reason: "not-enabled", message: "Two-factor sign-in is not on for this account." };
  }
  const digits = code.replace(/\s+/g, "");
  if (/^[0-9]{6}$/.test(digits)) {
    const secret = await openBox(state.box, config, userId);
    const step = secret ? verifyTotpCode(secret, digits, Date.now(), state.lastStep) : null;
    if (step !== null) {
      // The WHERE is the replay guard: of two requests with the same code, one updates, one gets nothing.
      const claimed = await db
        .update(users)
        .set({ twoFactorLastStep: step })
        .where(and(eq(users.id, userId), or(isNull(users.twoFactorLastStep), lt(users.twoFactorLastStep, step))))
        .returning({ id: users.id });
      if (claimed.length > 0) {
        await forgetAttempts(env, userId);
        return { ok: true, method: "totp" };
      }
    }
    return { ok: false, reason: "invalid", message: WRONG_CODE };
  }
  const hash = hashRecoveryCode(code.slice(0, 64));
  if (hash) {
    const used = await db
      .update(recoveryCodes)
      .set({ usedAt: new Date() })
      .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hash), isNull(recoveryCodes.usedAt)))
      .returning({ id: recoveryCodes.id });
    if (used.length > 0) {
      await forgetAttempts(env, userId);
      return { ok: true, method: "recovery" };
    }
  }
  return { ok: false, reason: "invalid", message: WRONG_CODE };
}

// --- recovery codes and turning off ---------------------------------------------

/** A new set of recovery codes; the old set stops working. Only hashes are stored. */
export async function replaceRecoveryCodes(tx: Queries, userId: string): Promise<string[]> {
  const { codes, hashes } = generateRecoveryCodes(RECOVERY_CODE_COUNT);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
  return codes;
}

export async function countUnusedRecoveryCodes(db: Queries, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

/** Turns two-factor off: the secret, its replay marker and every recovery code are gone. */
export async function disableTwoFactor(tx: Queries, userId: string): Promise<void> {
  await tx
    .update(users)
    .set({ twoFactorEnabled: false, twoFactorSecret: null, twoFactorLastStep: null })
    .where(eq(users.id, userId));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}
