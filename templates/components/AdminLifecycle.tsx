// The lifecycle block of an admin editor (an event, an opportunity, a course): one POST form
// per next status, and for the drastic one (cancelling) a form with a confirmation box.
import type { Child } from "hono/jsx";

export interface LifecycleStep {
  status: string;
  label: string;
}

export function AdminLifecycle(props: {
  /** Where the status forms post, e.g. `/admin/events/<id>/status`. */
  action: string;
  /** The ordinary next steps, one button each. */
  steps: readonly LifecycleStep[];
  /** Said when there is no next step at all. */
  finalMessage?: string;
  /** A step that needs the box ticked first (`confirm=yes`), with what ticking it acknowledges. */
  confirmed?: LifecycleStep & { acknowledge: string };
  /** Anything the page says beside the buttons (why a step is not offered). */
  children?: Child;
}) {
  const none = props.steps.length === 0 && !props.confirmed;
  return (
    <section aria-labelledby="lifecycle">
      <h2 id="lifecycle">Lifecycle</h2>
      {none && props.finalMessage && <p>{props.finalMessage}</p>}
      {props.children}
      {props.steps.length > 0 && (
        <div class="pager">
          {props.steps.map((step) => (
            <form method="post" action={props.action}>
              <input type="hidden" name="status" value={step.status} />
              <button type="submit">{step.label}</button>
            </form>
          ))}
        </div>
      )}
      {props.confirmed && (
        <form method="post" action={props.action}>
          <input type="hidden" name="status" value={props.confirmed.status} />
          <div class="field">
            <label for="f-confirm">
              <input type="checkbox" id="f-confirm" name="confirm" value="yes" required /> {props.confirmed.acknowledge}
            </label>
          </div>
          <button type="submit" class="secondary">
            {props.confirmed.label}
          </button>
        </form>
      )}
    </section>
  );
}
