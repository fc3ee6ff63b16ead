import type { Child } from "hono/jsx";

/**
 * A list's filter form: a plain GET form that works without JavaScript; with
 * htmx it swaps only the results (the route's `partial`) and keeps the URL in
 * step. htmx reads data-hx-* as hx-*; the data- form keeps the page valid HTML.
 */
export function FilterForm(props: {
  action: string;
  label: string;
  resultsId: string;
  /** htmx trigger, e.g. "submit, input changed delay:300ms" to update the results as the member types. */
  trigger?: string;
  children: Child;
}) {
  return (
    <form
      method="get"
      action={props.action}
      role="search"
      aria-label={props.label}
      data-hx-get={props.action}
      data-hx-target={`#${props.resultsId}`}
      data-hx-swap="outerHTML"
      data-hx-push-url="true"
      data-hx-trigger={props.trigger}
    >
      {props.children}
    </form>
  );
}
