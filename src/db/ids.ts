/**
 * Row ids: 'c' + 24 chars of lowercase RFC 4648 base32 = 120 random bits.
 * Chosen by the caller before the write, so Durable Objects can retry an insert
 * idempotently. The leading letter keeps ids valid as HTML ids and cuid-shaped;
 * Web Crypto makes it work unchanged in Workers and Node.
 */
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const RANDOM_BYTES = 15; // 15 bytes * 8 bits = 24 chars * 5 bits

export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(RANDOM_BYTES));
  let out = "c";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1; // keep only the bits not yet emitted, so the int never overflows
  }
  return out;
}

const ID_PATTERN = /^c[a-z2-7]{24}$/;

/** True for a string shaped like newId(); use it to reject junk route params before querying. */
export function isId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}

/** A route param that must be a row id: `/users/${ID}`. Any other value never reaches the handler (404). */
export const idParam = <Name extends string>(name: Name) => `:${name}{c[a-z2-7]{24}}` as const;
export const ID = idParam("id");

/**
 * An id derived from a key (SHA-256, shaped like newId()): the same key always names the same
 * row, so a retried insert of it (ON CONFLICT DO NOTHING) never adds a second one.
 */
export async function idFrom(key: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key))).slice(0, RANDOM_BYTES);
  let out = "c";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}
