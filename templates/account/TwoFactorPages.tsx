import type { Enrolment } from "../../src/auth/two-factor.ts";
import type { FieldErrors } from "../../src/lib/forms.ts";
import { ErrorSummary, Field } from "../components/Field.tsx";
import { Notice } from "./Notice.tsx";

const BACK = (
  <p>
    <a href="/account/security">Back to security</a>
  </p>
);

/** /account/two-factor while off: scan (or type) the secret, then prove it with a code. */
export function TwoFactorSetupPage(props: { enrolment: Enrolment; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  return (
    <>
      <h1>Turn on two-factor sign-in</h1>
      {BACK}
      <ol>
        <li>
          <p>Install an authenticator app on your phone, for example Google Authenticator, Microsoft Authenticator or 1Password.</p>
        </li>
        <li>
          <p>In the app, add an account and scan this code:</p>
          {/* Built by src/auth/qr.ts from our own data: role=img, aria-label and <title> included. */}
          <div dangerouslySetInnerHTML={{ __html: props.enrolment.qr }} />
          <p>
            On the phone with the app? <a href={props.enrolment.uri}>Open the setup in your authenticator app</a>.
          </p>
          <p>
            Can't scan it? Choose "enter a setup key" in the app, pick time-based, and type this key:
            <br />
            <code id="setup-key">{props.enrolment.manualKey}</code>
          </p>
        </li>
        <li>
          <p>Enter the 6-digit code the app now shows.</p>
          <form method="post" action="/account/two-factor">
            <ErrorSummary errors={errors} />
            <Field name="code" label="6-digit code" inputmode="numeric" autocomplete="one-time-code" required maxlength={7} pattern="[0-9 ]{6,7}" error={errors.code} />
            <button type="submit">Turn on</button>
          </form>
        </li>
      </ol>
    </>
  );
}

/** /account/two-factor while on: new recovery codes, or turn it off; both need password and a code. */
export function TwoFactorManagePage(props: { remainingCodes: number; errors?: FieldErrors; notice?: string | null }) {
  const errors = props.errors ?? {};
  return (
    <>
      <h1>Two-factor sign-in</h1>
      {BACK}
      <Notice message={props.notice} />
      <p>
        <strong>On.</strong> You have {props.remainingCodes} unused recovery {props.remainingCodes === 1 ? "code" : "codes"}.
      </p>
      {props.remainingCodes < 3 && (
        <div class="notice bad">
          <p>You are running out of recovery codes. Get a new set and keep it somewhere safe.</p>
        </div>
      )}
      <form method="post" action="/account/two-factor/recovery-codes">
        <p>To get new recovery codes or turn two-factor off, confirm it's you.</p>
        <ErrorSummary errors={errors} />
        <Field name="password" label="Current password" type="password" autocomplete="current-password" required maxlength={1024} error={errors.password} />
        <Field name="code" label="Code from your app, or a recovery code" autocomplete="one-time-code" required maxlength={64} error={errors.code} />
        <p>
          <button type="submit">Get new recovery codes</button>{" "}
          <button type="submit" class="secondary" formaction="/account/two-factor/disable">
            Turn off two-factor
          </button>
        </p>
      </form>
    </>
  );
}

/** Shown once, right after the codes are made; the response is not cached. */
export function RecoveryCodesPage(props: { codes: string[]; justEnabled: boolean }) {
  return (
    <>
      <h1>Save your recovery codes</h1>
      <Notice
        message={
          props.justEnabled
            ? "Two-factor sign-in is on. Every other device was signed out."
            : "Your new recovery codes are ready. The old ones no longer work."
        }
      />
      <p>
        If you lose your phone, each code lets you sign in once instead of a code from the app. Write them down or print
        this page, and keep them somewhere safe. <strong>We show them only this once.</strong>
      </p>
      <ol>
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>
        <a class="btn" href="/account/security">
          I saved my codes
        </a>
      </p>
    </>
  );
}
