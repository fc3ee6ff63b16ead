import type { CertificateState } from "../../src/features/certificates/verify.ts";
import { formatDate } from "../../src/lib/time.ts";

/** The certificate's own stylesheet (screen frame and one-page print); allowed in the body, 'self' under the CSP. */
export function CertificateStyles() {
  return <link rel="stylesheet" href="/certificates/certificate.css" />;
}

/** "1.5 hours" from the stored "1.50". */
export function hoursLabel(hours: string): string {
  const n = Number(hours);
  return `${Number.isInteger(n) ? n : n.toFixed(2).replace(/0$/, "")} ${n === 1 ? "hour" : "hours"}`;
}

export function StatusLine(props: { status: CertificateState }) {
  const s = props.status;
  if (s.state === "valid") {
    return <span class="cert-status valid">Valid: the chapter's signature checks out and the certificate has not been revoked.</span>;
  }
  if (s.state === "revoked") {
    return <span class="cert-status revoked">Revoked on {formatDate(s.revokedAt)}: this certificate is no longer valid.</span>;
  }
  return <span class="cert-status unverifiable">Could not be verified: {s.message}</span>;
}
