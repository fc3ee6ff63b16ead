import { ErrorSummary, Field } from "../components/Field.tsx";

export function ForgotPasswordPage(props: { email?: string; errors: Record<string, string> }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Reset your password</h1>
      <p>Enter the email address you sign in with. We will send you a link to choose a new password.</p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/forgot-password" novalidate>
        <Field name="email" label="Email address" type="email" value={props.email} error={props.errors.email} required autocomplete="email" inputmode="email" maxlength={254} />
        <button type="submit">Email me a reset link</button>
      </form>
      <p>
        <a href="/login">Back to sign in</a>
      </p>
    </section>
  );
}

/** The same words whether or not the address has an account, so the form cannot be used to list members. */
export function ResetLinkSentPage(props: { email: string }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Check your email</h1>
      <div class="notice good" role="status">
        <p>
          If an account uses <strong>{props.email}</strong>, we have sent it a link to choose a new password.
        </p>
      </div>
      <p>The link works once and expires in 1 hour. If nothing arrives in a few minutes, look in your spam folder, or check you typed the address you registered with.</p>
      <p>
        <a href="/forgot-password">Send the link to a different address</a>
      </p>
    </section>
  );
}

export function ResetPasswordPage(props: { token: string; errors: Record<string, string> }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Choose a new password</h1>
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/reset-password" novalidate>
        <input type="hidden" name="token" value={props.token} />
        <Field
          name="password"
          label="New password"
          type="password"
          error={props.errors.password}
          required
          autocomplete="new-password"
          hint="At least 12 characters. A few unrelated words make a strong password that is easy to remember."
        />
        <Field name="confirmPassword" label="Type the new password again" type="password" error={props.errors.confirmPassword} required autocomplete="new-password" />
        <button type="submit">Save my new password</button>
      </form>
      <p>Saving signs you out on every device; then you sign in with the new password.</p>
    </section>
  );
}

export function PasswordChangedPage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Your password has been changed</h1>
      <div class="notice good" role="status">
        <p>For your safety we signed you out on every device.</p>
      </div>
      <p>
        <a class="btn" href="/login">Sign in with your new password</a>
      </p>
    </section>
  );
}

export function ResetLinkInvalidPage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">This reset link has expired or was already used</h1>
      <p>Each link works once and only for 1 hour, and only the newest link we sent works.</p>
      <p>
        <a href="/forgot-password">Ask for a new password reset link</a>
      </p>
    </section>
  );
}
