// One-click unsubscribe (RFC 8058) for the optional kinds of email. A link carries the
// member's id, the kind and an HMAC over both, so it works without signing in and turns
// off that one kind for that one member; nothing is stored. The HMAC key is derived (HKDF,
// its own label) from the Worker's TOTP_ENCRYPTION_KEY secret, so no new secret is needed
// and the key is never used for two purposes. Links do not expire: RFC 8058 asks that an
// unsubscribe keep working for as long as mail may still be read.
import type { Config } from "../config.ts";
import { isId } from "../db/ids.ts";
import { isOptionalEmailKind, type OptionalEmailKind } from "./email-preferences.ts";

/**
 * The outbox `kind` each optional email is queued with (src/features/outbox/outbox.ts,
 * enqueueOptionalEmail). The sender maps a row's kind back through this one table to add
 * the unsubscribe headers, so no column on email_outbox is needed.
 */
export const OUTBOX_KIND_OF: Record<OptionalEmailKind, string> = {
  eventReminders: "EVENT_REMINDER",
  credentialExpiry: "CREDENTIAL_EXPIRY",
  bidAlerts: "BID_ALERT",
  messageDigests: "MESSAGE_DIGEST",
  announcements: "ANNOUNCEMENT",
};

const OPTIONAL_KIND_OF_OUTBOX = new Map(Object.entries(OUTBOX_KIND_OF).map(([optional, outbox]) => [outbox, optional as OptionalEmailKind]));

/** The optional kind an outbox row belongs to; null for essential mail (no unsubscribe). */
export function optionalKindOfOutbox(outboxKind: string): OptionalEmailKind | null {
  return OPTIONAL_KIND_OF_OUTBOX.get(outboxKind) ?? null;
}

const LABEL = new TextEncoder().encode("chapter-portal unsubscribe v1");
const keys = new Map<string, Promise<CryptoKey>>();

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The HMAC key for unsubscribe links, derived from a 64-hex-character secret. */
function hmacKey(secretHex: string): Promise<CryptoKey> {
  let key = keys.get(secretHex);
  if (!key) {
    key = (async () => {
      const root = await crypto.subtle.importKey("raw", hexBytes(secretHex), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: LABEL },
        root,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign", "verify"],
      );
    })();
    keys.set(secretHex, key);
  }
  return key;
}

function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

const message = (userId: string, kind: string) => new TextEncoder().encode(`${userId}:${kind}`);

/** `<userId>.<kind>.<signature>`: URL-safe as it is. */
export async function signUnsubscribeToken(secretHex: string, userId: string, kind: OptionalEmailKind): Promise<string> {
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secretHex), message(userId, kind)));
  return `${userId}.${kind}.${base64url(sig)}`;
}

/** Who and what a token unsubscribes; null for anything altered, truncated or made up. */
export async function verifyUnsubscribeToken(
  secretHex: string,
  token: string,
): Promise<{ userId: string; kind: OptionalEmailKind } | null> {
  if (token.length > 200) return null;
  const [userId, kind, sig, ...rest] = token.split(".");
  if (rest.length > 0 || !userId || !kind || !sig || !isId(userId) || !isOptionalEmailKind(kind)) return null;
  const bytes = fromBase64url(sig);
  if (bytes?.length !== 32) return null;
  // crypto.subtle.verify compares in constant time.
  const ok = await crypto.subtle.verify("HMAC", await hmacKey(secretHex), bytes, message(userId, kind));
  return ok ? { userId, kind } : null;
}

/** The full link put in an email's List-Unsubscribe header and its text. */
export async function unsubscribeUrl(config: Pick<Config, "PUBLIC_URL" | "TOTP_ENCRYPTION_KEY">, userId: string, kind: OptionalEmailKind): Promise<string> {
  const token = await signUnsubscribeToken(config.TOTP_ENCRYPTION_KEY, userId, kind);
  return new URL(`/unsubscribe/${token}`, config.PUBLIC_URL).toString();
}

/** The path the CSRF check lets through without an Origin (mail clients send none): exactly /unsubscribe/<token>. */
export const UNSUBSCRIBE_PATH = /^\/unsubscribe\/[A-Za-z0-9._-]{1,200}$/;
