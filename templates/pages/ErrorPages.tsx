export function NotFoundPage(props: { path: string }) {
  return (
    <section aria-labelledby="err-title">
      <h1 id="err-title">Page not found</h1>
      <p>
        There is no page at <code>{props.path}</code>. It may have moved, or the link may be mistyped.
      </p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </section>
  );
}

export function ServerErrorPage(props: { requestId: string }) {
  return (
    <section aria-labelledby="err-title">
      <h1 id="err-title">Something went wrong</h1>
      <p>The portal hit an error and nothing was saved from this request. Please try again in a moment.</p>
      <p class="hint">
        If it keeps happening, tell the chapter office this reference: <code>{props.requestId}</code>
      </p>
    </section>
  );
}

export function UnavailablePage(props: { requestId: string }) {
  return (
    <section aria-labelledby="err-title">
      <h1 id="err-title">The portal is briefly unavailable</h1>
      <p>
        We cannot reach the member database right now, so nothing from this request was saved. Your
        connection is fine. Please try again in a minute.
      </p>
      <p class="hint">
        Reference: <code>{props.requestId}</code>
      </p>
    </section>
  );
}

export function ForbiddenPage() {
  return (
    <section aria-labelledby="err-title">
      <h1 id="err-title">You do not have access to this page</h1>
      <p>
        Your account does not include this part of the portal. If you think it should, ask a chapter
        administrator to give you the right role.
      </p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </section>
  );
}

/** A form the portal could not read (400) or could not store (422): nothing was saved, and the way back is the browser's. */
export function BadFormPage(props: { heading: string; explanation: string }) {
  return (
    <section aria-labelledby="err-title">
      <h1 id="err-title">{props.heading}</h1>
      <p>{props.explanation}</p>
      <p>Nothing was saved. Go back to the form with your browser’s back button (what you typed is usually still there), then send it again.</p>
    </section>
  );
}

/** Member-only content asked for by an account whose email is not confirmed yet; `explanation` says what waits (event files by default). */
export function ConfirmEmailFirstPage(props: { explanation?: string } = {}) {
  return (
    <section aria-labelledby="err-title">
      <h1 id="err-title">Confirm your email first</h1>
      <p>{props.explanation ?? "Event files are for members. Open the confirmation link we emailed you, then open this file again."}</p>
      <p>
        <a href="/account">Go to your account</a> to get a new confirmation link.
      </p>
    </section>
  );
}
