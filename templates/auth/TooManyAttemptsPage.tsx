/** A rate limit was reached: say what happened, when to come back, and where to go meanwhile. */
export function TooManyAttemptsPage(props: { heading: string; explanation: string; wait: string; back: { href: string; label: string } }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{props.heading}</h1>
      <div class="notice bad" role="alert">
        <p>
          {props.explanation} Please try again {props.wait}.
        </p>
      </div>
      <p>
        <a href={props.back.href}>{props.back.label}</a>
      </p>
    </section>
  );
}
