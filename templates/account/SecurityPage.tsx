import type { FieldErrors, FormValues } from "../../src/lib/forms.ts";
import type { DeviceRow } from "../../src/features/account/queries.ts";

import { PASSWORD_MIN_LENGTH } from "../../src/auth/password-policy.ts";
import { ErrorSummary, Field } from "../components/Field.tsx";
import { Notice } from "./Notice.tsx";
import { formatDateTime } from "../../src/lib/time.ts";

export interface SecurityPageProps {
  email: string;
  twoFactorEnabled: boolean;
  devices: DeviceRow[];
  notice: string | null;
  /** Set when the password form failed validation. */
  passwordErrors?: FieldErrors;
  /** Set when the email form failed validation; values keep what was typed (never the password). */
  emailForm?: { values: FormValues; errors: FieldErrors };
}

/** /account/security: password, sign-in email, two-factor and signed-in devices. */
export function SecurityPage(props: SecurityPageProps) {
  return (
    <>
      <h1>Security</h1>
      <p>
        <a href="/account">Back to your account</a>
      </p>
      <Notice message={props.notice} />
      <section aria-labelledby="h-password">
        <h2 id="h-password">Change password</h2>
        <PasswordForm errors={props.passwordErrors ?? {}} />
      </section>
      <section aria-labelledby="h-email">
        <h2 id="h-email">Change sign-in email</h2>
        <EmailForm email={props.email} values={props.emailForm?.values ?? {}} errors={props.emailForm?.errors ?? {}} />
      </section>
      <section aria-labelledby="h-2fa">
        <h2 id="h-2fa">Two-factor sign-in</h2>
        {props.twoFactorEnabled ? (
          <p>
            <strong>On.</strong> Signing in asks for a code from your authenticator app.{" "}
            <a href="/account/two-factor">Recovery codes or turn off</a>
          </p>
        ) : (
          <p>
            <strong>Off.</strong> A code from your phone at sign-in keeps your account safe even if your password leaks.{" "}
            <a href="/account/two-factor">Turn on two-factor sign-in</a>
          </p>
        )}
      </section>
      <DeviceList devices={props.devices} />
    </>
  );
}

function PasswordForm(props: { errors: FieldErrors }) {
  return (
    <form method="post" action="/account/security/password">
      <ErrorSummary errors={props.errors} />
      <Field name="currentPassword" label="Current password" type="password" autocomplete="current-password" required maxlength={1024} error={props.errors.currentPassword} />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autocomplete="new-password"
        required
        minlength={PASSWORD_MIN_LENGTH}
        maxlength={1024}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words work well.`}
        error={props.errors.newPassword}
      />
      <Field name="confirmPassword" label="New password again" type="password" autocomplete="new-password" required maxlength={1024} error={props.errors.confirmPassword} />
      <p class="hint">Every other device will be signed out. This one stays signed in.</p>
      <button type="submit">Change password</button>
    </form>
  );
}

function EmailForm(props: { email: string; values: FormValues; errors: FieldErrors }) {
  return (
    <form method="post" action="/account/security/email">
      <p>
        You sign in with <strong>{props.email}</strong>.
      </p>
      <ErrorSummary errors={props.errors} />
      <Field name="newEmail" label="New email address" type="email" autocomplete="email" required maxlength={254} value={props.values.newEmail} error={props.errors.newEmail} hint="We'll send a link to it. Your email changes when you open the link." />
      <Field name="password" label="Current password" type="password" autocomplete="current-password" required maxlength={1024} error={props.errors.password} />
      <button type="submit">Send confirmation link</button>
    </form>
  );
}

/** The signed-in devices table; also the fragment htmx swaps after a sign-out. */
export function DeviceList(props: { devices: DeviceRow[]; message?: string | null }) {
  const others = props.devices.filter((d) => !d.current).length;
  return (
    <section id="devices" aria-labelledby="h-devices">
      <h2 id="h-devices">Signed-in devices</h2>
      <Notice message={props.message} />
      <div class="table-wrap" tabindex={0} role="region" aria-label="Signed-in devices table">
        <table>
          <caption class="visually-hidden">Devices signed in to your account</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">IP address</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span class="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.devices.map((d) => (
              <tr>
                <th scope="row">
                  {d.device}
                  {d.current && <strong> (this device)</strong>}
                  {d.awaitingSecondFactor && <span class="hint"> Password entered, waiting for the two-factor code</span>}
                </th>
                <td>{d.ipAddress ?? "Unknown"}</td>
                <td>
                  <time datetime={d.createdAt.toISOString()}>{formatDateTime(d.createdAt)}</time>
                </td>
                <td>
                  <time datetime={d.lastSeenAt.toISOString()}>{formatDateTime(d.lastSeenAt)}</time>
                </td>
                <td>
                  {!d.current && (
                    <form method="post" action={`/account/sessions/${d.id}/revoke`} data-hx-post={`/account/sessions/${d.id}/revoke`} data-hx-target="#devices" data-hx-swap="outerHTML">
                      <button type="submit" class="secondary" aria-label={`Sign out ${d.device}, last seen ${formatDateTime(d.lastSeenAt)}`}>
                        Sign out
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {others > 0 && (
        <form method="post" action="/account/sessions/revoke-others" data-hx-post="/account/sessions/revoke-others" data-hx-target="#devices" data-hx-swap="outerHTML">
          <p>
            <button type="submit">Sign out all other devices</button>
          </p>
        </form>
      )}
    </section>
  );
}
