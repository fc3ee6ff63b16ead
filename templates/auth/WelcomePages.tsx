import { ErrorSummary, Field } from "../components/Field.tsx";

/** The invitation's landing page: the invited member chooses a password and is signed in. */
export function WelcomePage(props: { token: string; firstName: string; email: string; errors: Record<string, string> }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Welcome, {props.firstName}</h1>
      <p>
        The chapter has added you to its member portal. Choose a password to sign in as <strong>{props.email}</strong>.
      </p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/welcome" novalidate>
        <input type="hidden" name="token" value={props.token} />
        <Field
          name="password"
          label="Password"
          type="password"
          error={props.errors.password}
          required
          autocomplete="new-password"
          hint="At least 12 characters. A few unrelated words make a strong password that is easy to remember."
        />
        <Field name="confirmPassword" label="Type the password again" type="password" error={props.errors.confirmPassword} required autocomplete="new-password" />
        <button type="submit">Save my password and sign in</button>
      </form>
    </section>
  );
}

export function WelcomeLinkInvalidPage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">This invitation link has expired or was already used</h1>
      <p>Each invitation link works once and for 14 days, and only the newest link we sent works.</p>
      <p>
        Ask for a new link: enter your email address on the password page, and we will send you a link to choose your password.
      </p>
      <p>
        <a class="btn" href="/forgot-password">
          Send me a new link
        </a>
      </p>
      <p>
        Already chose your password? <a href="/login">Sign in</a>.
      </p>
    </section>
  );
}
