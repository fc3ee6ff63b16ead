export type ConfirmEmailState = "ready" | "invalid" | "taken" | "done";

/**
 * /account/confirm-email: opened from the emailed link, maybe on another device,
 * so the GET only shows a button; the POST makes the change.
 */
export function ConfirmEmailPage(props: { state: ConfirmEmailState; token?: string }) {
  switch (props.state) {
    case "ready":
      return (
        <>
          <h1>Confirm your new email</h1>
          <p>Press the button to make this address your sign-in email. You will then sign in again with it.</p>
          <form method="post" action="/account/confirm-email">
            <input type="hidden" name="token" value={props.token} />
            <button type="submit">Confirm new email</button>
          </form>
        </>
      );
    case "invalid":
      return (
        <>
          <h1>This link doesn't work</h1>
          <p>
            It has expired or was already used. Sign in, then ask for a new link under{" "}
            <a href="/account/security">Security</a>.
          </p>
        </>
      );
    case "taken":
      return (
        <>
          <h1>That email is already in use</h1>
          <p>
            Another account signs in with that address now, so your email was not changed. Sign in with your current
            address and choose a different one under <a href="/account/security">Security</a>.
          </p>
        </>
      );
    case "done":
      return (
        <>
          <h1>Your email is changed</h1>
          <p>For your safety every device was signed out. Sign in with your new address.</p>
          <p>
            <a class="btn" href="/login">
              Sign in
            </a>
          </p>
        </>
      );
  }
}
