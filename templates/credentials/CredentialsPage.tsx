import type { Credential } from "../../src/db/schema/directory.ts";
import {
  CREDENTIAL_STATUS_LABELS,
  CREDENTIAL_TYPE_LABELS,
  effectiveStatus,
  expiresSoon,
  expiryText,
} from "../../src/features/credentials/rules.ts";
import { Notice } from "../account/Notice.tsx";

/** Status and expiry in words, with the day itself in a <time>. */
export function ExpiryLine(props: { credential: Pick<Credential, "status" | "expiresOn">; today: string }) {
  const { credential, today } = props;
  if (!credential.expiresOn) return <span>No expiry date</span>;
  return (
    <span>
      {expiryText(credential.expiresOn, today)} (<time datetime={credential.expiresOn}>{credential.expiresOn}</time>)
    </span>
  );
}

function CredentialCard(props: { credential: Credential; today: string }) {
  const c = props.credential;
  const status = effectiveStatus(c, props.today);
  const soon = expiresSoon(c, props.today);
  const headingId = `cred-${c.id}`;
  return (
    <li class={soon || status === "EXPIRED" ? "card notice bad" : "card"}>
      <h2 id={headingId}>
        {CREDENTIAL_TYPE_LABELS[c.type]}
        {c.classification ? ` · ${c.classification}` : ""}
      </h2>
      <dl>
        <dt>Status</dt>
        <dd>
          <strong>{CREDENTIAL_STATUS_LABELS[status]}</strong>
          {status === "REJECTED" && c.rejectionReason ? ` — ${c.rejectionReason}` : ""}
        </dd>
        <dt>Expiry</dt>
        <dd>
          <ExpiryLine credential={c} today={props.today} />
          {soon ? <strong> · Expires soon: renew it and upload the new document.</strong> : null}
        </dd>
        <dt>Issuer</dt>
        <dd>{c.issuer ?? "—"}</dd>
        <dt>Number</dt>
        <dd>{c.number ?? "—"}</dd>
        <dt>Document</dt>
        <dd>{c.documentKey ? <a href={`/account/credentials/${c.id}/document`}>{c.documentName ?? "Download"}</a> : "None uploaded"}</dd>
      </dl>
      <p>
        <a href={`/account/credentials/${c.id}/edit`}>
          Edit<span class="visually-hidden"> {CREDENTIAL_TYPE_LABELS[c.type]}</span>
        </a>
      </p>
      <form method="post" action={`/account/credentials/${c.id}/delete`}>
        <button type="submit" class="secondary">
          Delete<span class="visually-hidden"> {CREDENTIAL_TYPE_LABELS[c.type]}</span>
        </button>
      </form>
    </li>
  );
}

export function CredentialsPage(props: { credentials: Credential[]; today: string; notice?: string }) {
  return (
    <>
      <h1>Your credentials</h1>
      <Notice message={props.notice} />
      <p class="lede">
        Licences, certifications, insurance and bonds. Once the chapter office verifies one, it shows as a badge in the
        member directory and counts in bid matching until it expires. We remind you 60, 30 and 7 days before it does.
      </p>
      <p>
        <a class="btn" href="/account/credentials/new">
          Add a credential
        </a>
      </p>
      {props.credentials.length === 0 ? (
        <p>You have not added any credentials yet.</p>
      ) : (
        <ul class="grid" aria-label="Your credentials">
          {props.credentials.map((c) => (
            <CredentialCard credential={c} today={props.today} />
          ))}
        </ul>
      )}
    </>
  );
}

export function ConfirmEmailForCredentials() {
  return (
    <section aria-labelledby="err-title">
      <h1 id="err-title">Confirm your email first</h1>
      <p>The credentials vault is for members. Open the confirmation link we emailed you, then come back.</p>
      <p>
        <a href="/account">Go to your account</a> to get a new confirmation link.
      </p>
    </section>
  );
}
