import type { Credential } from "../../src/db/schema/directory.ts";
import { CREDENTIAL_ACCEPT, CREDENTIAL_UPLOADS_TEXT } from "../../src/features/credentials/documents.ts";
import { CREDENTIAL_TYPES, type CredentialFormValues } from "../../src/features/credentials/forms.ts";
import { CREDENTIAL_STATUS_LABELS, effectiveStatus } from "../../src/features/credentials/rules.ts";
import type { FieldErrors } from "../../src/lib/forms.ts";
import { ErrorSummary, Field, SelectField } from "../components/Field.tsx";

/** Loaded only on this page: sends the form through XMLHttpRequest so the bar can show the upload. */
export const UPLOAD_PROGRESS_SRC = "/js/upload-progress-3.js";

export interface CredentialFormProps {
  existing: Credential | null;
  values: CredentialFormValues;
  errors: FieldErrors;
  today: string;
}

const TYPE_OPTIONS: Array<readonly [string, string]> = [["", "Choose…"], ...CREDENTIAL_TYPES.options];

/**
 * The form, also the fragment htmx swaps back on a 422. A plain multipart POST without
 * JavaScript; with htmx and the page's script, the upload reports its progress in <progress>.
 */
function CredentialFormSection(props: CredentialFormProps) {
  const { existing, values, errors } = props;
  const action = existing ? `/account/credentials/${existing.id}` : "/account/credentials";
  const status = existing ? effectiveStatus(existing, props.today) : null;
  const documentError = errors.document;
  return (
    <form
      id="credential-form"
      method="post"
      action={action}
      enctype="multipart/form-data"
      data-upload-progress="upload-progress"
    >
      <ErrorSummary errors={errors} />
      {status === "VERIFIED" ? (
        <p class="notice">This credential is verified. Changing it sends it back to the chapter office for review.</p>
      ) : null}
      <SelectField name="type" label="Kind of credential" value={values.type} options={TYPE_OPTIONS} error={errors.type} required />
      <Field name="issuer" label="Issued by" value={values.issuer} error={errors.issuer} required maxlength={120} hint="The agency or carrier: CSLB, Caltrans, CA DGS, The Hartford…" />
      <Field name="number" label="Number" value={values.number} error={errors.number} maxlength={60} hint="Licence, certificate or policy number." />
      <Field
        name="classification"
        label="Classification"
        value={values.classification}
        error={errors.classification}
        maxlength={120}
        hint={'For a CSLB licence, its classes separated by commas, e.g. "B, C-10".'}
      />
      <Field name="issuedOn" label="Issue date" type="date" value={values.issuedOn} error={errors.issuedOn} />
      <Field name="expiresOn" label="Expiry date" type="date" value={values.expiresOn} error={errors.expiresOn} hint="Leave blank if it does not expire." />
      <div class="field">
        <label for="f-document">{existing?.documentKey ? "Replace the document (optional)" : "Document"}</label>
        <input
          id="f-document"
          name="document"
          type="file"
          accept={CREDENTIAL_ACCEPT}
          required={!existing}
          aria-invalid={documentError ? "true" : undefined}
          aria-describedby={documentError ? "f-document-hint f-document-error" : "f-document-hint"}
        />
        <p class="hint" id="f-document-hint">
          {CREDENTIAL_UPLOADS_TEXT}.{existing?.documentKey ? ` Now: ${existing.documentName ?? "a document"}.` : ""}
        </p>
        {documentError && (
          <p class="error" id="f-document-error">
            {documentError}
          </p>
        )}
      </div>
      <div class="field">
        <label for="upload-progress">Upload progress</label>
        <progress id="upload-progress" max="100" value="0">
          0%
        </progress>
      </div>
      <button type="submit">{existing ? "Save changes" : "Add the credential"}</button>
      {existing && status ? <p class="hint">Status now: {CREDENTIAL_STATUS_LABELS[status]}.</p> : null}
    </form>
  );
}

export function CredentialFormPage(props: CredentialFormProps) {
  return (
    <>
      <h1>{props.existing ? "Edit a credential" : "Add a credential"}</h1>
      <p>
        <a href="/account/credentials">Back to your credentials</a>
      </p>
      <CredentialFormSection {...props} />
      <script src={UPLOAD_PROGRESS_SRC} defer></script>
    </>
  );
}
