import type { FieldErrors } from "../../src/lib/forms.ts";
import { ErrorSummary, Field } from "../components/Field.tsx";

/**
 * /login/two-factor: the second step of sign-in. One field takes either kind of
 * code; the recovery variant only swaps the phone keyboard from digits to letters.
 */
export function TwoFactorLoginPage(props: { recovery: boolean; next?: string; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  const nextQuery = props.next && props.next !== "/account" ? `next=${encodeURIComponent(props.next)}` : "";
  const toggle = props.recovery
    ? `/login/two-factor${nextQuery ? `?${nextQuery}` : ""}`
    : `/login/two-factor?use=recovery${nextQuery ? `&${nextQuery}` : ""}`;
  return (
    <>
      <h1>Enter your sign-in code</h1>
      <form method="post" action="/login/two-factor">
        <ErrorSummary errors={errors} />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        {props.recovery ? (
          <Field name="code" label="Recovery code" autocomplete="off" required maxlength={64} hint="Like ABCD-EFGH-JK. Each code works once." error={errors.code} />
        ) : (
          <Field name="code" label="6-digit code from your authenticator app" inputmode="numeric" autocomplete="one-time-code" required maxlength={7} pattern="[0-9 ]{6,7}" error={errors.code} />
        )}
        <button type="submit">Continue</button>
      </form>
      <p>
        <a href={toggle}>{props.recovery ? "Use a code from your app instead" : "Lost your phone? Use a recovery code"}</a>
      </p>
      <p class="hint">No phone and no recovery codes? Contact the chapter office to get back in.</p>
    </>
  );
}
