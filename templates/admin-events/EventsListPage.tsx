import { eventStatusEnum } from "../../src/db/schema/events.ts";
import { type EventFilters, EVENT_WHEN_FILTER } from "../../src/features/admin-events/forms.ts";
import type { AdminEventRow } from "../../src/features/admin-events/queries.ts";
import { EVENT_STATUS_LABEL, fillRate } from "../../src/features/admin-events/rules.ts";
import { TYPE_LABELS } from "../../src/features/events/view.ts";
import { Pager } from "../components/Pager.tsx";
import { AdminNav, type AdminNavLinks, Notice } from "../admin/parts.tsx";
import { SelectField } from "../components/Field.tsx";
import { When } from "./parts.tsx";
import { FilterForm } from "../components/FilterForm.tsx";
import type { FieldErrors } from "../../src/lib/forms.ts";

export interface EventResultsProps {
  filters: EventFilters;
  rows: AdminEventRow[];
  total: number;
  page: number;
  perPage: number;
}

const STATUS_OPTIONS: Array<readonly [string, string]> = [["", "Any status"], ...eventStatusEnum.enumValues.map((s) => [s, EVENT_STATUS_LABEL[s]] as const)];

/** The table and pager: what the filter form swaps with htmx. */
export function EventResults(props: EventResultsProps) {
  const query = { status: props.filters.status, when: props.filters.when };
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v)).toString();
  return (
    <div id="event-results">
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          No events match these filters.
        </p>
      ) : (
        <>
          <div class="table-wrap" tabindex={0} role="region" aria-label="Events table">
            <table>
              <caption>
                Events, page {props.page} ({props.total} {props.total === 1 ? "match" : "matches"})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Status</th>
                  <th scope="col">Starts</th>
                  <th scope="col">Ends</th>
                  <th scope="col">Registered / seats</th>
                  <th scope="col">Fill rate</th>
                  <th scope="col">Waitlist</th>
                  <th scope="col">People</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((e) => {
                  const rate = fillRate(e.registered, e.maxCapacity);
                  return (
                    <tr>
                      <th scope="row">
                        <a href={`/admin/events/${e.id}`}>{e.title}</a>
                        <br />
                        <small>
                          {TYPE_LABELS[e.type]} · {e.isVirtual ? "Online" : (e.location ?? "Place to be announced")}
                        </small>
                      </th>
                      <td>{EVENT_STATUS_LABEL[e.status]}</td>
                      <td>
                        <When at={e.startDate} />
                      </td>
                      <td>
                        <When at={e.endDate} />
                      </td>
                      <td>
                        {e.registered} / {e.maxCapacity ?? "no limit"}
                      </td>
                      <td>{rate === null ? "—" : `${rate}%`}</td>
                      <td>{e.waitlisted}</td>
                      <td>
                        <a href={`/admin/events/${e.id}/attendees`}>Attendees</a> · <a href={`/admin/events/${e.id}/checkin`}>Check-in</a>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/admin/events" query={query} />
        </>
      )}
      <p>
        <a href={`/admin/events/export.csv${qs ? `?${qs}` : ""}`} download>
          Download these events as CSV
        </a>
      </p>
    </div>
  );
}

export function EventsListPage(props: EventResultsProps & { links: AdminNavLinks; notice?: string; errors: FieldErrors }) {
  return (
    <>
      <h1>Events</h1>
      <AdminNav current="/admin/events" links={props.links} />
      <Notice message={props.notice} />
      <p>
        <a class="btn" href="/admin/events/new">
          Create an event
        </a>
      </p>
      <FilterForm action="/admin/events" label="Filter events" resultsId="event-results">
        <div class="grid">
          <SelectField name="status" label="Status" value={props.filters.status} options={STATUS_OPTIONS} error={props.errors.status} />
          <SelectField name="when" label="Dates" value={props.filters.when} options={EVENT_WHEN_FILTER.options} error={props.errors.when} />
        </div>
        <button type="submit">Show matching events</button>
      </FilterForm>
      <EventResults {...props} />
    </>
  );
}
