// The door: a phone in one hand. One search box (filters as you type with htmx, a plain
// GET form without), one big button per person, the count at the top.
import type { Event } from "../../src/db/schema/events.ts";
import type { AttendeeRow } from "../../src/features/admin-events/queries.ts";
import { fullName, Notice } from "../admin/parts.tsx";
import { EventNav, When } from "./parts.tsx";

export interface CheckinCounts {
  checkedIn: number;
  expected: number;
}

export function CheckinCountsLine(props: { counts: CheckinCounts; oob?: boolean }) {
  return (
    <p id="checkin-counts" role="status" data-hx-swap-oob={props.oob ? "true" : undefined}>
      <span class="stat">
        {props.counts.checkedIn} of {props.counts.expected}
      </span>{" "}
      checked in
    </p>
  );
}

export function CheckinRow(props: { eventId: string; r: AttendeeRow; q: string; error?: string }) {
  const { r } = props;
  const name = fullName(r);
  return (
    <li id={`checkin-${r.id}`} class="card">
      <p>
        <strong>{name}</strong>
        {r.company && <> · {r.company}</>}
      </p>
      {props.error && <p class="error">{props.error}</p>}
      {r.status === "ATTENDED" ? (
        <p>
          <strong>Checked in ✓</strong>
        </p>
      ) : r.holdExpiresAt ? (
        <p>Payment due: send {name} to the registration desk.</p>
      ) : (
        <form
          method="post"
          action={`/admin/events/${props.eventId}/checkin/${r.id}`}
          data-hx-post={`/admin/events/${props.eventId}/checkin/${r.id}`}
          data-hx-target="closest li"
          data-hx-swap="outerHTML"
        >
          <input type="hidden" name="q" value={props.q} />
          <button type="submit">Check in {name}</button>
        </form>
      )}
    </li>
  );
}

export function CheckinList(props: { eventId: string; rows: AttendeeRow[]; q: string; limit: number; byEmail: boolean }) {
  return (
    <div id="checkin-list">
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          {props.q
            ? `Nobody registered matches “${props.q}”. Check the spelling, or try the company${props.byEmail ? " or email" : ""}.`
            : "Nobody is registered yet."}
        </p>
      ) : (
        <ul class="grid" aria-label="Registered people">
          {props.rows.map((r) => (
            <CheckinRow eventId={props.eventId} r={r} q={props.q} />
          ))}
        </ul>
      )}
      {props.rows.length >= props.limit && <p>Showing the first {props.limit}. Type part of a name to find someone else.</p>}
    </div>
  );
}

export function CheckinPage(props: {
  event: Event;
  rows: AttendeeRow[];
  q: string;
  limit: number;
  counts: CheckinCounts;
  canManage: boolean;
  notice?: string;
  actionError?: string;
}) {
  const e = props.event;
  const url = `/admin/events/${e.id}/checkin`;
  return (
    <>
      <h1>Check-in: {e.title}</h1>
      <EventNav eventId={e.id} current="checkin" canManage={props.canManage} />
      <p>
        <When at={e.startDate} />
      </p>
      <CheckinCountsLine counts={props.counts} />
      <p>
        <a href={`${url}.csv${props.q ? `?q=${encodeURIComponent(props.q)}` : ""}`}>Download the door list (CSV)</a>
      </p>
      <Notice message={props.notice} />
      {props.actionError && (
        <p class="notice bad" role="alert">
          {props.actionError}
        </p>
      )}
      <form method="get" action={url} role="search" aria-label="Find a registrant">
        <div class="field">
          <label for="f-q">{props.canManage ? "Name, company or email" : "Name or company"}</label>
          <input
            id="f-q"
            name="q"
            type="search"
            value={props.q}
            maxlength={100}
            autocomplete="off"
            data-hx-get={url}
            data-hx-trigger="input changed delay:300ms, search"
            data-hx-target="#checkin-list"
            data-hx-swap="outerHTML"
          />
        </div>
        <button type="submit">Find</button>
      </form>
      <CheckinList eventId={e.id} rows={props.rows} q={props.q} limit={props.limit} byEmail={props.canManage} />
    </>
  );
}
