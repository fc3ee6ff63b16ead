/**
 * Authenticated encryption for small secrets at rest (TOTP seeds), with the
 * key held as a Worker secret (TOTP_ENCRYPTION_KEY, 64 hex chars) so a
 * database dump alone does not yield working second factors.
 *
 * Format: `v1.<iv base64>.<ciphertext+tag base64>`; the version prefix leaves
 * room for key rotation. AES-256-GCM with a random 96-bit IV per box: safe for
 * far more encryptions than a portal will ever do under one key.
 *
 * `context` (e.g. the member id) is bound in as associated data, so a row's
 * ciphertext copied onto another member's row fails to decrypt.
 */
import { decodeBase64, decodeHex, encodeBase64 } from "@oslojs/encoding";

const VERSION = "v1";
const IV_BYTES = 12;

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

async function importKey(hexKey: string, usage: "encrypt" | "decrypt"): Promise<CryptoKey> {
  if (!/^[0-9a-fA-F]{64}$/.test(hexKey)) throw new SecretBoxError("Secret box key must be 64 hex characters (256 bits)");
  return crypto.subtle.importKey("raw", decodeHex(hexKey), { name: "AES-GCM" }, false, [usage]);
}

function aesParams(iv: Uint8Array, context: string | undefined) {
  return context === undefined
    ? { name: "AES-GCM", iv }
    : { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) };
}

export async function encryptSecret(plaintext: Uint8Array, hexKey: string, context?: string): Promise<string> {
  const key = await importKey(hexKey, "encrypt");
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(await crypto.subtle.encrypt(aesParams(iv, context), key, plaintext));
  return `${VERSION}.${encodeBase64(iv)}.${encodeBase64(sealed)}`;
}

/** Throws SecretBoxError when the box is malformed, tampered with, or sealed under another key or context. */
export async function decryptSecret(box: string, hexKey: string, context?: string): Promise<Uint8Array> {
  const parts = box.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) throw new SecretBoxError("Not a v1 secret box");
  let iv: Uint8Array;
  let sealed: Uint8Array;
  try {
    iv = decodeBase64(parts[1]!);
    sealed = decodeBase64(parts[2]!);
  } catch {
    throw new SecretBoxError("Secret box has invalid base64");
  }
  // 16 bytes is the GCM tag alone; anything shorter was cut.
  if (iv.length !== IV_BYTES || sealed.length < 16) throw new SecretBoxError("Secret box is truncated");
  const key = await importKey(hexKey, "decrypt");
  try {
    return new Uint8Array(await crypto.subtle.decrypt(aesParams(iv, context), key, sealed));
  } catch {
    throw new SecretBoxError("Secret box failed authentication (tampered, or wrong key or context)");
  }
}
