// What a certificate's page and the public verifier say: the stored or submitted VC-JWT checked
// against the issuer's public key, then the certificate's row for revocation.
import type { Config } from "../../config.ts";
import type { DbOrTx } from "../../db/client.ts";
import type { Certificate } from "../../db/schema/learning.ts";
import type { OpenBadgeCredential } from "./credential.ts";
import { findCertificate } from "./queries.ts";
import { publicJwk, verifyCredentialJwt, type PublicJwk } from "./signing.ts";

/** The keys a credential may be signed with: the signing key's public half, then the retired keys'. */
export function issuerKeys(config: Config): PublicJwk[] {
  const current = publicJwk(config.CERTIFICATE_SIGNING_KEY);
  const retired = config.CERTIFICATE_PREVIOUS_KEYS.filter((k) => k.kid !== current.kid).map((k) => ({ ...k, alg: "EdDSA" as const, use: "sig" as const }));
  return [current, ...retired];
}

export type CertificateState =
  | { state: "valid" }
  | { state: "revoked"; revokedAt: Date }
  | { state: "unverifiable"; message: string };

/** A stored certificate, checked afresh: its credential's signature, that it is this certificate's, and revocation. */
export async function checkStoredCertificate(cert: Certificate, config: Config): Promise<CertificateState> {
  const result = await verifyCredentialJwt(cert.credential, issuerKeys(config), config.PUBLIC_URL);
  if (!result.ok) return { state: "unverifiable", message: result.message };
  if (result.certificateId !== cert.id) {
    return { state: "unverifiable", message: "The stored credential belongs to a different certificate." };
  }
  return cert.revokedAt ? { state: "revoked", revokedAt: cert.revokedAt } : { state: "valid" };
}

export type SubmittedVerdict =
  | { ok: false; message: string }
  | { ok: true; certificate: Certificate; credential: OpenBadgeCredential; state: "valid" }
  | { ok: true; certificate: Certificate; credential: OpenBadgeCredential; state: "revoked"; revokedAt: Date };

/** A credential someone pasted or uploaded: signature, issuer, then our record of it and its revocation. */
export async function verifySubmitted(db: Pick<DbOrTx, "select">, config: Config, text: string): Promise<SubmittedVerdict> {
  const result = await verifyCredentialJwt(text, issuerKeys(config), config.PUBLIC_URL);
  if (!result.ok) return { ok: false, message: result.message };
  const certificate = await findCertificate(db, result.certificateId);
  if (!certificate) {
    return { ok: false, message: "The signature is the chapter's, but the chapter has no record of this certificate: it was withdrawn." };
  }
  if (certificate.revokedAt) return { ok: true, certificate, credential: result.credential, state: "revoked", revokedAt: certificate.revokedAt };
  return { ok: true, certificate, credential: result.credential, state: "valid" };
}
