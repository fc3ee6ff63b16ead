import type { EventCardRow } from "../../src/features/events/queries.ts";
import type { Price } from "../../src/features/events/rules.ts";
import { EVENT_TYPES, placeOf, TYPE_LABELS, type EventFilters, type SeatInfo, FORMAT_FILTER, WHEN_FILTER } from "../../src/features/events/view.ts";
import { formatUsd } from "../../src/lib/money.ts";
import { ErrorSummary, SelectField } from "../components/Field.tsx";
import { Pager } from "../components/Pager.tsx";
import { seatsText, When } from "./parts.tsx";
import { FilterForm } from "../components/FilterForm.tsx";

export interface EventCardView {
  event: EventCardRow;
  price: Price;
  seats: SeatInfo;
}

export interface EventResultsProps {
  filters: EventFilters;
  errors: Record<string, string>;
  cards: EventCardView[];
  total: number;
  page: number;
  perPage: number;
}

const STATUS_NOTE: Partial<Record<EventCardRow["status"], string>> = {
  PUBLISHED: "Registration opens soon",
  REGISTRATION_OPEN: "Registration open",
  REGISTRATION_CLOSED: "Registration closed",
  IN_PROGRESS: "Happening now",
  COMPLETED: "Took place",
};

const PRICE_NOTE: Record<Price["rule"], string> = { free: "", standard: "", member: " (member price)", "early-bird": " (early-bird)" };

function EventCard(props: EventCardView) {
  const e = props.event;
  const past = props.event.status === "COMPLETED" || e.endDate.getTime() < Date.now();
  return (
    <article class="card" aria-labelledby={`ev-${e.id}`}>
      <h2 id={`ev-${e.id}`}>
        <a href={`/events/${e.id}`}>{e.title}</a>
      </h2>
      <p>
        <When start={e.startDate} end={e.endDate} />
        <br />
        {placeOf(e)} · {TYPE_LABELS[e.type]}
      </p>
      <p>
        <strong>
          {formatUsd(props.price.cents)}
          {PRICE_NOTE[props.price.rule]}
        </strong>
        {!past && <> · {seatsText(props.seats)}</>}
      </p>
      <p class="hint">{past ? "Took place" : STATUS_NOTE[e.status]}</p>
    </article>
  );
}

function emptyText(f: EventFilters): string {
  const filtered = f.type || f.format || f.month;
  if (f.when === "past") return filtered ? "No past events match these filters. Try another month or type, or clear the filters." : "No past events to show yet.";
  return filtered
    ? "No upcoming events match these filters. Try another month or type, or clear the filters to see everything that is scheduled."
    : "No events are scheduled right now. New events are announced here and by email; check back soon, or look at past events.";
}

function query(f: EventFilters): Record<string, string> {
  return { type: f.type, format: f.format, month: f.month, when: f.when };
}

/** The cards and pager: what the filter form swaps with htmx. */
export function EventResults(props: EventResultsProps) {
  const invalid = Object.keys(props.errors).length > 0;
  return (
    <div id="event-results">
      {invalid ? (
        <p class="notice bad" role="alert">
          The filters above need fixing before events can be shown.
        </p>
      ) : props.cards.length === 0 ? (
        <p class="notice" role="status">
          {emptyText(props.filters)}
        </p>
      ) : (
        <>
          <div class="grid">
            {props.cards.map((card) => (
              <EventCard {...card} />
            ))}
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/events" query={query(props.filters)} />
        </>
      )}
    </div>
  );
}

export function EventsPage(props: EventResultsProps & { signedIn: boolean }) {
  const f = props.filters;
  const past = f.when === "past";
  return (
    <>
      <h1>{past ? "Past events" : "Events"}</h1>
      <p class="lede">
        Networking, trainings, conferences and more. Times are Pacific. {past ? <a href="/events">See upcoming events</a> : <a href="/events?when=past">See past events</a>}
        {props.signedIn ? (
          <>
            {" · "}
            <a href="/events/my">My events</a>
          </>
        ) : null}
      </p>
      <ErrorSummary errors={props.errors} />
      {/* Closed by default so a phone shows events first; open while filters are set or wrong. */}
      <details open={Boolean(f.type || f.format || f.month || f.when || Object.keys(props.errors).length)}>
        <summary>Filter by type, format or month</summary>
        <FilterForm action="/events" label="Filter events" resultsId="event-results">
          <div class="grid">
            <SelectField
              name="type"
              label="Type"
              value={f.type}
              error={props.errors.type}
              options={[["", "Any type"], ...EVENT_TYPES.map((t): [string, string] => [t, TYPE_LABELS[t]])]}
            />
            <SelectField
              name="format"
              label="Format"
              value={f.format}
              error={props.errors.format}
              options={FORMAT_FILTER.options}
            />
            {/* An impossible month (2026-13) is not written back: browsers drop it anyway, and it is invalid HTML. */}
            <div class="field">
              <label for="f-month">Month</label>
              <input
                id="f-month"
                name="month"
                type="month"
                value={/^\d{4}-(0[1-9]|1[0-2])$/.test(f.month) ? f.month : undefined}
                aria-invalid={props.errors.month ? "true" : undefined}
                aria-describedby={props.errors.month ? "f-month-hint f-month-error" : "f-month-hint"}
              />
              <p class="hint" id="f-month-hint">
                Year and month, like 2026-12.
              </p>
              {props.errors.month && (
                <p class="error" id="f-month-error">
                  {props.errors.month}
                </p>
              )}
            </div>
            <SelectField
              name="when"
              label="When"
              value={f.when}
              error={props.errors.when}
              options={WHEN_FILTER.options}
            />
          </div>
          <p>
            <button type="submit">Show events</button>
          </p>
        </FilterForm>
      </details>
      <EventResults {...props} />
      <p>
        <a href="/events.ics">Subscribe to the chapter calendar</a> (iCal feed for Google, Apple or Outlook calendars)
      </p>
    </>
  );
}
