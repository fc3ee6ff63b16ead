/** From the emailed link: a button, because opening a link (or a mail scanner prefetching it) must change nothing. */
export function ConfirmEmailPage(props: { token: string }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Confirm your email address</h1>
      <p>Press the button to confirm this is your address and finish setting up your membership.</p>
      <form method="post" action="/verify-email">
        <input type="hidden" name="token" value={props.token} />
        <button type="submit">Confirm my email</button>
      </form>
    </section>
  );
}

/** For a member who confirmed while signed in to the same account; everyone else goes to sign in. */
export function EmailConfirmedPage() {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Your email is confirmed</h1>
      <div class="notice good" role="status">
        <p>Thank you. Your membership is active and you can use the whole portal.</p>
      </div>
      <p>
        <a href="/account">Go to your account</a>
      </p>
    </section>
  );
}

export function VerifyLinkInvalidPage(props: { signedIn: boolean }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">This confirmation link has expired or was already used</h1>
      <p>
        Each link works once and only for 48 hours, and only the newest link we sent works. If you already confirmed your
        address, there is nothing more to do.
      </p>
      <p>
        To get a new link, sign in and choose “Send a new confirmation link” on your account page.
      </p>
      <p>{props.signedIn ? <a href="/account">Go to your account page</a> : <a href="/login?next=%2Faccount">Sign in to get a new link</a>}</p>
    </section>
  );
}
