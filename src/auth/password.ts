/**
 * Password hashing: scrypt (OWASP's N=2^13, r=8, p=10 row) from node:crypto, which
 * workerd provides natively under nodejs_compat, so the cost is native code rather
 * than JS. PBKDF2 was the alternative, but production Workers cap it at 100k rounds.
 *
 * Stored format, self-describing so the parameters can be raised later and old
 * hashes upgraded at the next successful login (`needsRehash`):
 *   scrypt$N=8192,r=8,p=10$<salt base64>$<hash base64>
 */
import { scrypt } from "node:crypto";
import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { decodeBase64IgnorePadding, encodeBase64NoPadding } from "@oslojs/encoding";
import { normalizePassword } from "./password-policy.ts";

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const CURRENT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 8192, r: 8, p: 10 });
/**
 * Under APP_ENV=test only (loadConfig switches it on): about 40 times cheaper, so
 * suites that sign in hundreds of times stay fast; still stronger than the N=1024,
 * p=1 hash the login tests upgrade. The production parameters are tested in plain
 * Node (test/unit/auth/password.test.ts), where nothing switches this on.
 */
export const TEST_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 1024, r: 8, p: 2 });
let activeParams: Readonly<ScryptParams> = CURRENT_SCRYPT_PARAMS;

/** The parameters new hashes use: today's, or the cheap test ones (see TEST_SCRYPT_PARAMS). */
export function scryptParams(): Readonly<ScryptParams> {
  return activeParams;
}

export function useTestPasswordCost(on: boolean): void {
  activeParams = on ? TEST_SCRYPT_PARAMS : CURRENT_SCRYPT_PARAMS;
}
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const MIN_MAXMEM = 64 * 1024 * 1024;

export interface PasswordCheck {
  ok: boolean;
  /** The password was right but the stored hash is weaker than today's: store a new hash. */
  needsRehash: boolean;
}

export async function hashPassword(password: string, pepper: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_LENGTH));
  const params = activeParams;
  const key = await deriveKey(password, pepper, salt, params, KEY_LENGTH);
  return formatHash(params, salt, key);
}

/**
 * Throws only when `stored` is not a hash this module wrote (a data bug worth
 * surfacing); a wrong password is `{ ok: false }`.
 */
export async function verifyPassword(stored: string, password: string, pepper: string): Promise<PasswordCheck> {
  const parsed = parseHash(stored);
  const key = await deriveKey(password, pepper, parsed.salt, parsed.params, parsed.hash.length);
  const ok = constantTimeEqual(key, parsed.hash);
  return { ok, needsRehash: ok && isWeakerThanCurrent(parsed) };
}

/**
 * Checking this costs the same as checking a real account, so "no such email" and
 * "wrong password" take the same time and the login form cannot list members.
 * Random bytes, so no password matches; built from today's parameters so the cost
 * follows them when they are raised.
 */
const dummyHash = ({ N, r, p }: Readonly<ScryptParams>) => `scrypt$N=${N},r=${r},p=${p}$zzoNchmMVwF1vlRprBqPrw$P4RWaAMfpRpZwoqwrG8tR5QO6ffkqi8jXlSqSdl1ZIw`;

export async function verifyDummyPassword(password: string, pepper: string): Promise<PasswordCheck> {
  await verifyPassword(dummyHash(activeParams), password, pepper);
  return { ok: false, needsRehash: false };
}

// --- internals -------------------------------------------------------------

interface ParsedHash {
  params: ScryptParams;
  salt: Uint8Array;
  hash: Uint8Array;
}

export class MalformedPasswordHashError extends Error {
  override name = "MalformedPasswordHashError";
}

function formatHash(params: ScryptParams, salt: Uint8Array, key: Uint8Array): string {
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${encodeBase64NoPadding(salt)}$${encodeBase64NoPadding(key)}`;
}

const HASH_PATTERN = /^scrypt\$N=(\d{1,8}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]{11,88})\$([A-Za-z0-9+/]{22,88})$/;

function parseHash(stored: string): ParsedHash {
  const m = HASH_PATTERN.exec(stored);
  if (!m) throw new MalformedPasswordHashError("Stored password hash is not in the scrypt$N=..,r=..,p=..$salt$hash format");
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // Bounds keep a corrupted row from asking scrypt for gigabytes or minutes of work.
  const powerOfTwo = (params.N & (params.N - 1)) === 0;
  if (!powerOfTwo || params.N < 1024 || params.N > 2 ** 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 64) {
    throw new MalformedPasswordHashError("Stored password hash has out-of-range scrypt parameters");
  }
  let salt: Uint8Array;
  let hash: Uint8Array;
  try {
    salt = decodeBase64IgnorePadding(m[4]!);
    hash = decodeBase64IgnorePadding(m[5]!);
  } catch {
    throw new MalformedPasswordHashError("Stored password hash has invalid base64");
  }
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) {
    throw new MalformedPasswordHashError("Stored password hash has a short salt or hash");
  }
  return { params, salt, hash };
}

function isWeakerThanCurrent({ params, salt, hash }: ParsedHash): boolean {
  const cur = activeParams;
  return params.N < cur.N || params.r < cur.r || params.p < cur.p || salt.length < SALT_LENGTH || hash.length < KEY_LENGTH;
}

/**
 * The pepper (a Worker secret, not in the database) is mixed in with HMAC first,
 * so a stolen database alone cannot be brute-forced, and scrypt always sees a
 * fixed 32-byte input however long the password.
 */
function deriveKey(password: string, pepper: string, salt: Uint8Array, params: ScryptParams, keyLength: number): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const peppered = hmac(SHA256, encoder.encode(pepper), encoder.encode(normalizePassword(password)));
  const maxmem = Math.max(MIN_MAXMEM, 256 * params.N * params.r);
  return new Promise((resolve, reject) => {
    scrypt(peppered, salt, keyLength, { N: params.N, r: params.r, p: params.p, maxmem }, (err, key) => {
      if (err) reject(err);
      else resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength));
    });
  });
}
