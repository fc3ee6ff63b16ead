import type { SeatInfo } from "../../src/features/events/view.ts";
import { formatWhen } from "../../src/lib/time.ts";

export function seatsText(s: SeatInfo): string {
  if (s.capacity === null || s.left === null) return "Open seating: no seat limit";
  if (s.left > 0) return `${s.left} ${s.left === 1 ? "seat" : "seats"} left of ${s.capacity}`;
  return s.waitlisted > 0 ? `Full: ${s.waitlisted} on the waitlist` : "Full: registering puts you on the waitlist";
}

/**
 * The live seat count. The page and GET /events/:id/seats render this same markup; while
 * registration is open it re-fetches itself every 10 s and replaces itself (outerHTML), so a
 * member watching a popular event sees the count drop without reloading. data-hx-* keeps the
 * page valid HTML (htmx reads both spellings); when registration closes the markup comes back
 * without the attributes and the polling stops.
 */
export function SeatsLeft(props: { eventId: string; seats: SeatInfo; live: boolean }) {
  const poll = props.live
    ? { "data-hx-get": `/events/${props.eventId}/seats`, "data-hx-trigger": "every 10s", "data-hx-swap": "outerHTML" }
    : {};
  return (
    <p id="seats" class="seats" {...poll}>
      <strong>{seatsText(props.seats)}</strong>
    </p>
  );
}

/** Shown instead when a polled event disappears (unpublished or deleted): no attributes, so polling stops. */
export function SeatsGone() {
  return (
    <p id="seats" class="seats">
      This event is no longer listed.
    </p>
  );
}

export function When(props: { start: Date; end: Date }) {
  return <time datetime={props.start.toISOString()}>{formatWhen(props.start, props.end)}</time>;
}

export function NoticeBox(props: { notice: { tone: "good" | "info" | "bad"; text: string } | null }) {
  if (!props.notice) return null;
  const { tone, text } = props.notice;
  return tone === "bad" ? (
    <div class="notice bad" role="alert">
      <p>{text}</p>
    </div>
  ) : (
    <div class={tone === "good" ? "notice good" : "notice"} role="status">
      <p>{text}</p>
    </div>
  );
}


/** "2.4 MB" */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
