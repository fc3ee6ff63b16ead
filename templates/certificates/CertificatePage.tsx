import type { Certificate } from "../../src/db/schema/learning.ts";
import { CHAPTER_NAME } from "../../src/features/certificates/credential.ts";
import { recordFacts, type CertificateState } from "../../src/features/certificates/verify.ts";
import { formatDate } from "../../src/lib/time.ts";
import { CertificateStyles, hoursLabel, StatusLine } from "./parts.tsx";

/** The public page of one certificate: what its signed credential certifies, checked just now, printable on one page. */
export function CertificatePage(props: { certificate: Certificate; status: CertificateState; url: string }) {
  const c = props.certificate;
  const facts = props.status.facts ?? recordFacts(c);
  const base = `/certificates/${c.id}`;
  return (
    <>
      <CertificateStyles />
      <article class="certificate" aria-labelledby="cert-h">
        <p class="cert-issuer">{CHAPTER_NAME}</p>
        <h1 id="cert-h">Certificate of completion</h1>
        <p>This certifies that</p>
        <p class="cert-name">{facts.recipientName}</p>
        <p>completed the course</p>
        <p class="cert-course">{facts.courseTitle}</p>
        <dl>
          <dt>Hours</dt>
          <dd>{hoursLabel(facts.hours)}</dd>
          <dt>Issued</dt>
          <dd>{formatDate(facts.issuedAt)}</dd>
          <dt>Certificate</dt>
          <dd>{c.id}</dd>
          <dt>Status</dt>
          <dd id="certificate-status">
            <StatusLine status={props.status} />
          </dd>
        </dl>
        <p class="cert-url">Anyone can check this certificate at {props.url}</p>
      </article>
      <section aria-labelledby="use-h">
        <h2 id="use-h">Print, share or verify it</h2>
        <ul>
          <li>Print it with your browser's Print command (Ctrl+P, or ⌘P on a Mac): it fits on one page.</li>
          <li>Share this page's address: it shows the certificate's status, checked each time it is opened.</li>
          <li>
            <a href={`${base}/credential.jwt`} download>
              Download the signed credential (.jwt)
            </a>{" "}
            — an Open Badges 3.0 credential any verifier can check against the chapter's{" "}
            <a href="/issuer/jwks.json">public key</a>.
          </li>
          <li>
            <a href={`${base}/credential.json`}>The credential's content as JSON</a>
          </li>
          <li>
            <a href="/certificates/verify">Verify a credential file</a>
          </li>
        </ul>
      </section>
    </>
  );
}
