import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { isId } from "../../db/ids.ts";
import { certificateUrl, issuerId, keyUrl, type OpenBadgeCredential } from "./credential.ts";
import type { SigningJwk } from "./signing-key.ts";

/**
 * Signing and checking certificates as VC-JWTs (W3C VC-JOSE-COSE): the JWS payload is the
 * credential itself plus the registered JWT claims a plain JWT library reads (`iss`, `nbf`, `jti`,
 * and `sub` when the subject has an id), the protected header `{ alg: "EdDSA", typ: "vc+jwt", kid }`
 * where `kid` is the key's URL in the issuer's JWKS (`<PUBLIC_URL>/issuer/jwks.json#<key id>`).
 * A compact JWS is small enough to write on Web Crypto's Ed25519 directly (no JOSE library in the
 * Worker's bundle); the same code runs in the Worker and in Node (the seed). Tests verify the
 * result independently with jose and with Node's own crypto.verify.
 */

const ED25519 = { name: "Ed25519" } as const;
const utf8 = (text: string) => new TextEncoder().encode(text);
const b64url = (bytes: Uint8Array) => encodeBase64urlNoPadding(bytes);

export interface PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg: "EdDSA";
  use: "sig";
}

/** A key's public half as the JWKS publishes it, its `kid` the key's URL there. */
export function publicJwk(key: Pick<SigningJwk, "x" | "kid">, publicUrl: string): PublicJwk {
  return { kty: "OKP", crv: "Ed25519", x: key.x, kid: keyUrl(publicUrl, key.kid), alg: "EdDSA", use: "sig" };
}

/** The registered JWT claims of a credential, from the credential itself. */
export interface CredentialClaims {
  iss: string;
  nbf: number;
  jti: string;
  sub?: string;
}

export type SignedCredential = OpenBadgeCredential & Partial<CredentialClaims>;

export function credentialClaims(credential: OpenBadgeCredential): CredentialClaims {
  const subject = (credential.credentialSubject as { id?: unknown }).id;
  return {
    iss: credential.issuer.id,
    nbf: Math.floor(Date.parse(credential.validFrom) / 1000),
    jti: credential.id,
    ...(typeof subject === "string" ? { sub: subject } : {}),
  };
}

/** Largest credential accepted for checking: ours are about 2 KB; anything far bigger is not one. */
export const MAX_CREDENTIAL_BYTES = 16 * 1024;

export async function signCredential(credential: OpenBadgeCredential, key: SigningJwk): Promise<string> {
  const privateKey = await crypto.subtle.importKey("jwk", { kty: key.kty, crv: key.crv, x: key.x, d: key.d }, ED25519, false, ["sign"]);
  const header = { alg: "EdDSA", typ: "vc+jwt", kid: keyUrl(credential.issuer.url, key.kid) };
  const payload: SignedCredential = { ...credential, ...credentialClaims(credential) };
  const input = `${b64url(utf8(JSON.stringify(header)))}.${b64url(utf8(JSON.stringify(payload)))}`;
  const signature = new Uint8Array(await crypto.subtle.sign(ED25519, privateKey, utf8(input)));
  return `${input}.${b64url(signature)}`;
}

export type VerifyFailure =
  | "too-large"
  | "not-a-jwt"
  | "wrong-alg"
  | "wrong-type"
  | "unknown-key"
  | "bad-signature"
  | "not-a-certificate"
  | "wrong-issuer";

export type VerifyResult =
  | { ok: true; credential: SignedCredential; certificateId: string; kid: string }
  | { ok: false; failure: VerifyFailure; message: string };

/** What each failure tells the person who pasted the credential. */
export const FAILURE_MESSAGES: Record<VerifyFailure, string> = {
  "too-large": `This is too long to be one of our certificates (the limit is ${MAX_CREDENTIAL_BYTES / 1024} KB).`,
  "not-a-jwt": "This is not a signed credential: a certificate's credential is three dot-separated parts (a VC-JWT).",
  "wrong-alg": "The credential is not signed with EdDSA (Ed25519), the only signature our certificates use.",
  "wrong-type": "The credential's header does not say it is a verifiable credential (typ vc+jwt).",
  "unknown-key": "The credential was not signed with any of the chapter's published keys.",
  "bad-signature": "The signature does not match the content: the credential was changed after it was issued.",
  "not-a-certificate": "The signature is valid, but the content is not one of our certificates of completion.",
  "wrong-issuer": "The signature is valid, but the credential names a different issuer.",
};

const fail = (failure: VerifyFailure): VerifyResult => ({ ok: false, failure, message: FAILURE_MESSAGES[failure] });

const JWS_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Checks a VC-JWT against the issuer's public keys: shape, algorithm, key, signature, then that
 * the content is a certificate this portal issued. Says which check failed. Revocation is a
 * database question, answered by the caller with `certificateId`.
 */
export async function verifyCredentialJwt(input: string, keys: PublicJwk[], publicUrl: string): Promise<VerifyResult> {
  if (new TextEncoder().encode(input).length > MAX_CREDENTIAL_BYTES) return fail("too-large");
  const jwt = input.trim();
  if (!JWS_SHAPE.test(jwt)) return fail("not-a-jwt");
  const [head, body, signature] = jwt.split(".") as [string, string, string];
  let header: { alg?: unknown; typ?: unknown; kid?: unknown };
  let payload: Uint8Array;
  let signatureBytes: Uint8Array;
  try {
    header = JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(head)));
    payload = decodeBase64urlIgnorePadding(body);
    signatureBytes = decodeBase64urlIgnorePadding(signature);
  } catch {
    return fail("not-a-jwt");
  }
  if (typeof header !== "object" || header === null) return fail("not-a-jwt");
  if (header.alg !== "EdDSA" && header.alg !== "Ed25519") return fail("wrong-alg");
  if (header.typ !== "vc+jwt") return fail("wrong-type");
  // Credentials signed before the key id became a URL carry the bare key id.
  const kid = typeof header.kid === "string" ? header.kid : "";
  const jwk = keys.find((k) => k.kid === kid || k.kid === keyUrl(publicUrl, kid));
  if (!jwk) return fail("unknown-key");
  try {
    const key = await crypto.subtle.importKey("jwk", { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, ED25519, false, ["verify"]);
    if (!(await crypto.subtle.verify(ED25519, key, signatureBytes, utf8(`${head}.${body}`)))) return fail("bad-signature");
  } catch {
    return fail("bad-signature");
  }
  let credential: SignedCredential;
  try {
    credential = JSON.parse(new TextDecoder().decode(payload)) as SignedCredential;
  } catch {
    return fail("not-a-certificate");
  }
  if (typeof credential !== "object" || credential === null || !Array.isArray(credential.type)) return fail("not-a-certificate");
  if (!credential.type.includes("VerifiableCredential") || !credential.type.includes("OpenBadgeCredential")) {
    return fail("not-a-certificate");
  }
  const issuer = typeof credential.issuer === "string" ? credential.issuer : credential.issuer?.id;
  if (issuer !== issuerId(publicUrl) || (credential.iss !== undefined && credential.iss !== issuer)) return fail("wrong-issuer");
  const prefix = certificateUrl(publicUrl, "");
  const certificateId = typeof credential.id === "string" && credential.id.startsWith(prefix) ? credential.id.slice(prefix.length) : "";
  if (!isId(certificateId) || (credential.jti !== undefined && credential.jti !== credential.id)) return fail("not-a-certificate");
  return { ok: true, credential, certificateId, kid: jwk.kid };
}
