// What a certificate's page and the public verifier say: the stored or submitted VC-JWT checked
// against the issuer's public key, its signed facts compared with the certificate's row, then the
// row for revocation. The pages show the signed facts, never the row's copy of them.
import type { Config } from "../../config.ts";
import type { Certificate } from "../../db/schema/learning.ts";
import type { OpenBadgeCredential } from "./credential.ts";
import { publicJwk, verifyCredentialJwt, type PublicJwk } from "./signing.ts";

/** The keys a credential may be signed with: the signing key's public half, then the retired keys'. */
export function issuerKeys(config: Config): PublicJwk[] {
  const current = config.CERTIFICATE_SIGNING_KEY;
  const retired = config.CERTIFICATE_PREVIOUS_KEYS.filter((k) => k.kid !== current.kid);
  return [current, ...retired].map((k) => publicJwk(k, config.PUBLIC_URL));
}

/** What a certificate says, as a page shows it. */
export interface CertificateFacts {
  recipientName: string;
  courseTitle: string;
  /** "1.50", as the certificates table keeps hours. */
  hours: string;
  issuedAt: Date;
}

/** The facts a verified credential signs. */
export function signedFacts(credential: OpenBadgeCredential): CertificateFacts {
  const subject = credential.credentialSubject;
  return {
    recipientName: String(subject?.identifier?.[0]?.identityHash ?? ""),
    courseTitle: String(subject?.achievement?.name ?? ""),
    hours: Number(subject?.creditsEarned ?? 0).toFixed(2),
    issuedAt: new Date(credential.validFrom),
  };
}

/** The facts as the certificate's row keeps them (shown only when the credential cannot be checked). */
export function recordFacts(cert: Certificate): CertificateFacts {
  return { recipientName: cert.recipientName, courseTitle: cert.courseTitle, hours: Number(cert.hours).toFixed(2), issuedAt: cert.issuedAt };
}

const FACT_NAMES: Record<keyof CertificateFacts, string> = { recipientName: "member's name", courseTitle: "course", hours: "hours", issuedAt: "issue date" };

/** Which of the row's facts differ from the signed ones (names, for the message); empty when they agree. */
export function differingFacts(signed: CertificateFacts, record: CertificateFacts): string[] {
  return (Object.keys(FACT_NAMES) as Array<keyof CertificateFacts>)
    .filter((k) => (k === "issuedAt" ? signed.issuedAt.getTime() !== record.issuedAt.getTime() : signed[k] !== record[k]))
    .map((k) => FACT_NAMES[k]);
}

const mismatchMessage = (differ: string[]) =>
  `The certificate does not match its signed record: the ${differ.join(", ")} on file differ${differ.length === 1 ? "s" : ""} from what the chapter signed.`;

export type CertificateState =
  | { state: "valid"; facts: CertificateFacts }
  | { state: "revoked"; revokedAt: Date; facts: CertificateFacts }
  | { state: "unverifiable"; message: string; facts?: CertificateFacts };

/** A stored certificate, checked afresh: its credential's signature, that it is this certificate's and agrees with the row, and revocation. */
export async function checkStoredCertificate(cert: Certificate, config: Config): Promise<CertificateState> {
  const result = await verifyCredentialJwt(cert.credential, issuerKeys(config), config.PUBLIC_URL);
  if (!result.ok) return { state: "unverifiable", message: result.message };
  if (result.certificateId !== cert.id) {
    return { state: "unverifiable", message: "The stored credential belongs to a different certificate." };
  }
  const facts = signedFacts(result.credential);
  const differ = differingFacts(facts, recordFacts(cert));
  if (differ.length > 0) return { state: "unverifiable", message: mismatchMessage(differ), facts };
  return cert.revokedAt ? { state: "revoked", revokedAt: cert.revokedAt, facts } : { state: "valid", facts };
}

export type SubmittedVerdict =
  | { ok: false; message: string }
  | { ok: true; certificate: Certificate; facts: CertificateFacts; state: "valid" }
  | { ok: true; certificate: Certificate; facts: CertificateFacts; state: "revoked"; revokedAt: Date };

/** Looks a certificate up by id (the route passes findCertificate on its db). */
export type CertificateLookup = (id: string) => Promise<Certificate | null>;

/** A credential someone pasted or uploaded: signature, issuer, then our record of it, that they agree, and its revocation. */
export async function verifySubmitted(lookup: CertificateLookup, config: Config, text: string): Promise<SubmittedVerdict> {
  const result = await verifyCredentialJwt(text, issuerKeys(config), config.PUBLIC_URL);
  if (!result.ok) return { ok: false, message: result.message };
  const certificate = await lookup(result.certificateId);
  if (!certificate) {
    return { ok: false, message: "The signature is the chapter's, but the chapter has no record of this certificate: it was withdrawn." };
  }
  const facts = signedFacts(result.credential);
  const differ = differingFacts(facts, recordFacts(certificate));
  if (differ.length > 0) return { ok: false, message: mismatchMessage(differ) };
  if (certificate.revokedAt) return { ok: true, certificate, facts, state: "revoked", revokedAt: certificate.revokedAt };
  return { ok: true, certificate, facts, state: "valid" };
}
