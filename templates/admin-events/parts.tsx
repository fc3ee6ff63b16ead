import type { EventStatus } from "../../src/db/schema/events.ts";
import { EVENT_STATUS_LABEL } from "../../src/features/admin-events/rules.ts";
import { formatDateTime } from "../../src/lib/time.ts";


/** The pages of one event: editor, attendees, door check-in. Only those this person may open. */
export function EventNav(props: { eventId: string; current: "edit" | "attendees" | "checkin"; canManage: boolean }) {
  const base = `/admin/events/${props.eventId}`;
  const items: Array<[typeof props.current, string, string, boolean]> = [
    ["edit", base, "Event details", props.canManage],
    ["attendees", `${base}/attendees`, "Attendees", props.canManage],
    ["checkin", `${base}/checkin`, "Door check-in", true],
  ];
  return (
    <nav aria-label="This event" class="pager">
      {props.canManage && <a href="/admin/events">All events</a>}
      {items
        .filter(([, , , shown]) => shown)
        .map(([key, href, label]) => (
          <a href={href} aria-current={props.current === key ? "page" : undefined}>
            {label}
          </a>
        ))}
    </nav>
  );
}

export function StatusBadge(props: { status: EventStatus }) {
  return <strong>{EVENT_STATUS_LABEL[props.status]}</strong>;
}

/** A <time> with the exact instant for machines and Pacific time for people. */
export function When(props: { at: Date | null | undefined }) {
  if (!props.at) return <>—</>;
  return <time datetime={props.at.toISOString()}>{formatDateTime(props.at)}</time>;
}


export function Checkbox(props: { name: string; label: string; checked: boolean; error?: string; hint?: string }) {
  const id = `f-${props.name}`;
  return (
    <div class="field">
      <label for={id}>
        <input type="checkbox" id={id} name={props.name} value="yes" checked={props.checked} aria-invalid={props.error ? "true" : undefined} />{" "}
        {props.label}
      </label>
      {props.hint && <p class="hint">{props.hint}</p>}
      {props.error && (
        <p class="error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}
