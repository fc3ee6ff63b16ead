import { OPTIONAL_EMAIL_KINDS, type OptionalEmailKind } from "../../src/lib/email-preferences.ts";

/** GET /unsubscribe/<token>: what the link turns off, and the button that does it. */
export function UnsubscribePage(props: { kind: OptionalEmailKind; action: string; alreadyOff: boolean }) {
  const kind = OPTIONAL_EMAIL_KINDS[props.kind];
  return (
    <>
      <h1>Stop “{kind.label}” emails</h1>
      <p>
        {kind.label}: {kind.hint}
      </p>
      {props.alreadyOff && <p>These emails are already off for your account.</p>}
      <form method="post" action={props.action}>
        <p>Only this kind of email stops. Account, security and payment emails are still sent.</p>
        <button type="submit">Unsubscribe from {kind.label.toLowerCase()}</button>
      </form>
      <p>
        To choose each kind of email, sign in and open <a href="/account/profile#notifications">your profile</a>.
      </p>
    </>
  );
}

export function UnsubscribeDone(props: { kind: OptionalEmailKind }) {
  const kind = OPTIONAL_EMAIL_KINDS[props.kind];
  return (
    <>
      <h1>You are unsubscribed</h1>
      <div class="notice good" role="status">
        <p>We will not send you “{kind.label}” emails any more.</p>
      </div>
      <p>
        Changed your mind? Sign in and turn them back on in <a href="/account/profile#notifications">your profile</a>.
      </p>
    </>
  );
}

export function UnsubscribeInvalid() {
  return (
    <>
      <h1>This unsubscribe link is not valid</h1>
      <p>
        The link may have been cut short by your email program. Copy the whole link from the email, or sign in and choose
        your emails in <a href="/account/profile#notifications">your profile</a>.
      </p>
    </>
  );
}
