import { ErrorSummary, Field } from "../components/Field.tsx";

export interface LoginPageProps {
  email?: string;
  /** A safe same-site path to return to after sign-in. */
  next?: string | null;
  errors: Record<string, string>;
  /** A fixed message picked by a `?notice=` code (never text from the URL). */
  notice?: string;
}

export function LoginPage({ email, next, errors, notice }: LoginPageProps) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Sign in</h1>
      {notice && (
        <div class="notice good" role="status">
          <p>{notice}</p>
        </div>
      )}
      <ErrorSummary errors={errors} />
      <form method="post" action="/login" novalidate>
        {next && <input type="hidden" name="next" value={next} />}
        <Field name="email" label="Email address" type="email" value={email} error={errors.email} required autocomplete="email" inputmode="email" maxlength={254} />
        <Field name="password" label="Password" type="password" error={errors.password} required autocomplete="current-password" />
        <button type="submit">Sign in</button>
      </form>
      <p>
        <a href="/forgot-password">Forgot your password? Reset it</a>
      </p>
      <p>
        New to the portal? <a href="/register">Create an account</a>
      </p>
    </section>
  );
}
