import { ErrorSummary, Field } from "../components/Field.tsx";

export interface RegisterPageProps {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** Sign-up. Passwords are never put back into the page, even after an error. */
export function RegisterPage({ values, errors }: RegisterPageProps) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Join the member portal</h1>
      <p class="lede">Create your account. We will email you a link to confirm your address.</p>
      <ErrorSummary errors={errors} />
      <form method="post" action="/register" novalidate>
        <Field name="firstName" label="First name" value={values.firstName} error={errors.firstName} required autocomplete="given-name" maxlength={100} />
        <Field name="lastName" label="Last name" value={values.lastName} error={errors.lastName} required autocomplete="family-name" maxlength={100} />
        <Field
          name="email"
          label="Email address"
          type="email"
          value={values.email}
          error={errors.email}
          required
          autocomplete="email"
          inputmode="email"
          maxlength={254}
          hint="You will sign in with this address."
        />
        <Field name="company" label="Company (optional)" value={values.company} error={errors.company} autocomplete="organization" maxlength={200} />
        <Field
          name="password"
          label="Password"
          type="password"
          error={errors.password}
          required
          autocomplete="new-password"
          hint="At least 12 characters. A few unrelated words make a strong password that is easy to remember."
        />
        <Field name="confirmPassword" label="Type the password again" type="password" error={errors.confirmPassword} required autocomplete="new-password" />
        <button type="submit">Create my account</button>
      </form>
      <p>
        Already a member? <a href="/login">Sign in to your account</a>
      </p>
    </section>
  );
}

/**
 * After sign-up, whether the address was new or already had an account: the
 * page must not tell the two apart, so it only speaks of the email.
 */
export function CheckEmailPage(props: { email: string }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Check your email</h1>
      <div class="notice good" role="status">
        <p>
          We sent a message to <strong>{props.email}</strong>. Open the link in it to confirm your address.
        </p>
      </div>
      <p>The link works once and expires in 48 hours. If the message has not arrived in a few minutes, look in your spam folder.</p>
      <p>Once your address is confirmed, sign in with it and the password you chose.</p>
      <p>
        <a class="btn" href="/login">Sign in</a>
      </p>
    </section>
  );
}
