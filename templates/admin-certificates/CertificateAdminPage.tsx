import type { Certificate } from "../../src/db/schema/learning.ts";
import type { CertificateState } from "../../src/features/certificates/verify.ts";
import type { FieldErrors, FormValues } from "../../src/lib/forms.ts";
import { formatDate, formatDateTime } from "../../src/lib/time.ts";
import { ActionError, AdminNav, type AdminNavLinks, Notice } from "../admin/parts.tsx";
import { hoursLabel, StatusLine } from "../certificates/parts.tsx";
import { ErrorSummary, TextArea } from "../components/Field.tsx";

/** One certificate for an admin: what it says, its checked status, and the revoke form. */
export function CertificateAdminPage(props: {
  certificate: Certificate;
  status: CertificateState;
  links: AdminNavLinks;
  values: FormValues;
  errors: FieldErrors;
  actionError?: string;
  notice?: string;
}) {
  const c = props.certificate;
  return (
    <>
      <h1>
        Certificate: {c.recipientName}, {c.courseTitle}
      </h1>
      <AdminNav current="/admin/certificates" links={props.links} />
      <Notice message={props.notice} />
      <ActionError message={props.actionError} />
      <dl>
        <dt>Member</dt>
        <dd>{c.recipientName}</dd>
        <dt>Course</dt>
        <dd>{c.courseTitle}</dd>
        <dt>Hours</dt>
        <dd>{hoursLabel(c.hours)}</dd>
        <dt>Issued</dt>
        <dd>{formatDate(c.issuedAt)}</dd>
        <dt>Status</dt>
        <dd id="certificate-status">
          <StatusLine status={props.status} />
        </dd>
        {c.revokedAt ? (
          <>
            <dt>Revoked</dt>
            <dd>
              {formatDateTime(c.revokedAt)}: {c.revokedReason}
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        <a href={`/certificates/${c.id}`}>The public page</a> · <a href="/admin/certificates">All certificates</a>
      </p>
      {c.revokedAt ? null : (
        <form method="post" action={`/admin/certificates/${c.id}/revoke`} aria-labelledby="revoke-h">
          <h2 id="revoke-h">Revoke this certificate</h2>
          <ErrorSummary errors={props.errors} />
          <p>A revoked certificate stays revoked: its page and the verifier say so to anyone who checks it. The reason is kept in the audit trail.</p>
          <TextArea name="reason" label="Reason" value={props.values.reason} error={props.errors.reason} required maxlength={500} />
          <div class="field">
            <input type="checkbox" id="f-confirm" name="confirm" value="yes" required aria-describedby={props.errors.confirm ? "f-confirm-error" : undefined} />{" "}
            <label class="inline" for="f-confirm">
              I understand that revoking cannot be undone
            </label>
            {props.errors.confirm ? (
              <p class="error" id="f-confirm-error">
                {props.errors.confirm}
              </p>
            ) : null}
          </div>
          <button type="submit">Revoke the certificate</button>
        </form>
      )}
    </>
  );
}
