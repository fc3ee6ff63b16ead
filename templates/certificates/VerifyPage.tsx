import type { SubmittedVerdict } from "../../src/features/certificates/verify.ts";
import { MAX_CREDENTIAL_BYTES } from "../../src/features/certificates/signing.ts";
import { formatDate } from "../../src/lib/time.ts";
import { TextArea } from "../components/Field.tsx";
import { CertificateStyles, hoursLabel } from "./parts.tsx";

function Verdict(props: { verdict: SubmittedVerdict }) {
  const v = props.verdict;
  if (!v.ok) {
    return (
      <section class="notice bad verdict" role="alert" aria-labelledby="verdict-h">
        <h2 id="verdict-h">Not verified</h2>
        <p>{v.message}</p>
      </section>
    );
  }
  const c = v.certificate;
  const f = v.facts;
  return (
    <section class={`notice ${v.state === "valid" ? "good" : "bad"} verdict`} role="status" aria-labelledby="verdict-h">
      <h2 id="verdict-h">{v.state === "valid" ? "Verified: a valid certificate" : "Revoked: this certificate is no longer valid"}</h2>
      <p>
        {v.state === "valid"
          ? "The chapter's signature checks out, nothing in the credential was changed, and the certificate has not been revoked."
          : `The signature is the chapter's, but the certificate was revoked on ${formatDate(v.revokedAt)}.`}
      </p>
      <dl>
        <dt>Member</dt>
        <dd>{f.recipientName}</dd>
        <dt>Course</dt>
        <dd>{f.courseTitle}</dd>
        <dt>Hours</dt>
        <dd>{hoursLabel(f.hours)}</dd>
        <dt>Issued</dt>
        <dd>{formatDate(f.issuedAt)}</dd>
      </dl>
      <p>
        <a href={`/certificates/${c.id}`}>The certificate's page</a>
      </p>
    </section>
  );
}

/** The public verifier: paste a credential or upload its .jwt file. */
export function VerifyPage(props: { verdict?: SubmittedVerdict; value?: string; error?: string }) {
  return (
    <>
      <CertificateStyles />
      <h1>Verify a certificate</h1>
      <p class="lede">
        Paste a certificate's signed credential, or upload the .jwt file the member gave you. The portal checks the chapter's signature, that
        nothing was changed, and whether the certificate was revoked.
      </p>
      {props.verdict ? <Verdict verdict={props.verdict} /> : null}
      <form method="post" action="/certificates/verify" enctype="multipart/form-data" aria-labelledby="verify-h">
        <h2 id="verify-h">Credential to check</h2>
        <TextArea
          name="credential"
          label="Signed credential (text starting with eyJ)"
          value={props.value}
          error={props.error}
          rows={6}
          maxlength={MAX_CREDENTIAL_BYTES}
          hint="Or leave this empty and upload the file below."
        />
        <div class="field">
          <label for="f-file">Credential file (.jwt)</label>
          <input id="f-file" name="file" type="file" accept=".jwt,.txt,application/vc+jwt,text/plain" aria-describedby="f-file-hint" />
          <p class="hint" id="f-file-hint">
            Up to {MAX_CREDENTIAL_BYTES / 1024} KB.
          </p>
        </div>
        <button type="submit">Verify</button>
      </form>
      <p>
        Checking it yourself: the credential is a VC-JWT (Ed25519, <code>alg</code> EdDSA) whose key is published at{" "}
        <a href="/issuer/jwks.json">/issuer/jwks.json</a>; the issuer's profile is at <a href="/issuer">/issuer</a>.
      </p>
    </>
  );
}
