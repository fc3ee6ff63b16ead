import { REVIEW_DECISIONS } from "../../src/features/credentials/forms.ts";
import type { ReviewTarget } from "../../src/features/credentials/queries.ts";
import { CREDENTIAL_STATUS_LABELS, CREDENTIAL_TYPE_LABELS, effectiveStatus } from "../../src/features/credentials/rules.ts";
import type { FieldErrors, FormValues } from "../../src/lib/forms.ts";
import { formatDateTime } from "../../src/lib/time.ts";
import { ActionError, AdminNav, type AdminNavLinks, fullName } from "../admin/parts.tsx";
import { ErrorSummary, TextArea } from "../components/Field.tsx";
import { ExpiryLine } from "../credentials/CredentialsPage.tsx";

/** The document as the browser can show it: a frame for a PDF, an image for a scan. */
function DocumentView(props: { credential: ReviewTarget }) {
  const c = props.credential;
  if (!c.documentKey) return <p class="notice">The member has not uploaded a document for this credential.</p>;
  const src = `/admin/credentials/${c.id}/preview`;
  const label = `${CREDENTIAL_TYPE_LABELS[c.type]} document of ${fullName(c.owner)}`;
  return (
    <>
      {c.documentType === "application/pdf" ? (
        <iframe class="doc" src={src} title={label} loading="lazy"></iframe>
      ) : (
        <img class="doc" src={src} alt={label} loading="lazy" />
      )}
      <p>
        <a href={`/admin/credentials/${c.id}/document`}>Download {c.documentName ?? "the document"}</a>
        {c.documentSize ? ` (${Math.max(1, Math.round(c.documentSize / 1024))} KB)` : ""}
      </p>
    </>
  );
}

export function ReviewPage(props: {
  credential: ReviewTarget;
  today: string;
  links: AdminNavLinks;
  values: FormValues;
  errors: FieldErrors;
  actionError?: string;
}) {
  const c = props.credential;
  const status = effectiveStatus(c, props.today);
  const decision = props.values.decision ?? "";
  return (
    <>
      <h1>
        Review: {CREDENTIAL_TYPE_LABELS[c.type]} of {fullName(c.owner)}
      </h1>
      <AdminNav current="/admin/credentials" links={props.links} />
      <p>
        <a href="/admin/credentials">Back to the review queue</a>
      </p>
      <ActionError message={props.actionError} />
      <div class="grid">
        <section aria-labelledby="h-document">
          <h2 id="h-document">Document</h2>
          <DocumentView credential={c} />
        </section>
        <section aria-labelledby="h-details">
          <h2 id="h-details">Details</h2>
          <dl>
            <dt>Member</dt>
            <dd>
              {fullName(c.owner)}, {c.owner.company ?? "no company"} · <a href={`/admin/users/${c.owner.id}`}>{c.owner.email}</a>
            </dd>
            <dt>Kind</dt>
            <dd>{CREDENTIAL_TYPE_LABELS[c.type]}</dd>
            <dt>Issued by</dt>
            <dd>{c.issuer ?? "—"}</dd>
            <dt>Number</dt>
            <dd>{c.number ?? "—"}</dd>
            <dt>Classification</dt>
            <dd>{c.classification ?? "—"}</dd>
            <dt>Issued</dt>
            <dd>{c.issuedOn ? <time datetime={c.issuedOn}>{c.issuedOn}</time> : "—"}</dd>
            <dt>Expiry</dt>
            <dd>
              <ExpiryLine credential={c} today={props.today} />
            </dd>
            <dt>Status</dt>
            <dd>
              {CREDENTIAL_STATUS_LABELS[status]}
              {c.reviewedAt ? ` (reviewed ${formatDateTime(c.reviewedAt)})` : ""}
              {status === "REJECTED" && c.rejectionReason ? ` — ${c.rejectionReason}` : ""}
            </dd>
          </dl>
          <h2 id="h-decision">Decision</h2>
          <form method="post" action={`/admin/credentials/${c.id}/review`} aria-labelledby="h-decision">
            <ErrorSummary errors={props.errors} />
            <input type="hidden" name="version" value={c.updatedAt.toISOString()} />
            <fieldset>
              <legend>Verify or reject</legend>
              {REVIEW_DECISIONS.options.map(([value, label]) => (
                <p>
                  <input type="radio" id={`f-decision-${value}`} name="decision" value={value} checked={decision === value} required />{" "}
                  <label for={`f-decision-${value}`}>
                    {label}
                  </label>
                </p>
              ))}
              {props.errors.decision ? (
                <p class="error" id="f-decision">
                  {props.errors.decision}
                </p>
              ) : null}
            </fieldset>
            <TextArea
              name="reason"
              label="Reason (required to reject; the member reads it)"
              value={props.values.reason}
              error={props.errors.reason}
              rows={3}
              maxlength={500}
            />
            <button type="submit">Record the decision</button>
          </form>
        </section>
      </div>
    </>
  );
}
