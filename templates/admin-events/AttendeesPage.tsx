import type { Event } from "../../src/db/schema/events.ts";
import { ATTENDEE_STATUSES, type AttendeeFilters } from "../../src/features/admin-events/forms.ts";
import type { AttendeeRow, SeatCountsPg } from "../../src/features/admin-events/queries.ts";
import { owesPayment, REGISTRATION_STATUS_LABEL } from "../../src/features/admin-events/rules.ts";
import { formatUsd, toCents } from "../../src/lib/money.ts";
import { Field, SelectField } from "../components/Field.tsx";
import { Pager } from "../components/Pager.tsx";
import { ActionButton, ActionError, AdminNav, type AdminNavLinks, fullName, Notice } from "../admin/parts.tsx";
import { EventNav, When } from "./parts.tsx";
import { FilterForm } from "../components/FilterForm.tsx";
import type { FieldErrors } from "../../src/lib/forms.ts";

export interface AttendeesProps {
  event: Event;
  filters: AttendeeFilters;
  rows: AttendeeRow[];
  total: number;
  page: number;
  perPage: number;
  /** People on the waitlist: moving someone there only makes sense when others wait for a seat. */
  waiting: number;
}

const STATUS_OPTIONS: Array<readonly [string, string]> = ATTENDEE_STATUSES.map((s) => [s, s === "" ? "Everyone" : REGISTRATION_STATUS_LABEL[s]] as const);

/** What the member owes and has paid, in words. */
export function paymentText(r: AttendeeRow): string {
  const owed = r.amount ? toCents(r.amount) : 0;
  if (r.payment?.status === "COMPLETED") return `Paid ${formatUsd(toCents(r.payment.amount))}`;
  if (r.paid) return `Paid ${formatUsd(owed)}`;
  if (owed === 0) return "Free";
  return r.payment ? `${formatUsd(owed)} · payment ${r.payment.status.toLowerCase()}` : `${formatUsd(owed)} due`;
}

function Actions(props: { eventId: string; r: AttendeeRow; waiting: number }) {
  const { r } = props;
  const name = fullName(r);
  const base = `/admin/events/${props.eventId}/attendees/${r.id}`;
  return (
    <>
      {owesPayment(r) && (
        <form method="post" action={`${base}/payment`}>
          <label for={`f-reference-${r.id}`}>Check number, or “cash”, for {name}</label>
          <input id={`f-reference-${r.id}`} name="reference" maxlength={80} required />
          <button type="submit">Record offline payment</button>
        </form>
      )}
      {r.status === "WAITLISTED" && (
        <form method="post" action={`${base}/move`}>
          <input type="hidden" name="to" value="confirmed" />
          <button type="submit">Seat {name} from the waitlist</button>
        </form>
      )}
      {props.waiting > 0 && r.status === "REGISTERED" && !r.paid && r.payment?.status !== "COMPLETED" && (
        <form method="post" action={`${base}/move`}>
          <input type="hidden" name="to" value="waitlist" />
          <button type="submit" class="secondary">
            Move {name} to the waitlist
          </button>
        </form>
      )}
    </>
  );
}

export function AttendeeResults(props: AttendeesProps) {
  const query = { status: props.filters.status, q: props.filters.q };
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v)).toString();
  const base = `/admin/events/${props.event.id}/attendees`;
  return (
    <div id="attendee-results">
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          Nobody matches. Try another name or status.
        </p>
      ) : (
        <>
          <div class="table-wrap" tabindex={0} role="region" aria-label="Attendees table">
            <table>
              <caption>
                Registrations, page {props.page} ({props.total} {props.total === 1 ? "match" : "matches"})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Company</th>
                  <th scope="col">Status</th>
                  <th scope="col">Registered</th>
                  <th scope="col">Payment</th>
                  <th scope="col">Hold expires</th>
                  <th scope="col">Waitlist #</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((r) => (
                  <tr id={`reg-${r.id}`}>
                    <th scope="row">
                      {fullName(r)}
                      <br />
                      <small>{r.email}</small>
                    </th>
                    <td>{r.company ?? "—"}</td>
                    <td>{REGISTRATION_STATUS_LABEL[r.status]}</td>
                    <td>
                      <When at={r.registeredAt} />
                    </td>
                    <td>{paymentText(r)}</td>
                    <td>
                      <When at={r.holdExpiresAt} />
                    </td>
                    <td>{r.waitlistRank ?? "—"}</td>
                    <td>
                      <Actions eventId={props.event.id} r={r} waiting={props.waiting} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl={base} query={query} />
        </>
      )}
      <p>
        <a href={`${base}.csv${qs ? `?${qs}` : ""}`} download>
          Download these registrations as CSV
        </a>
      </p>
    </div>
  );
}

export function AttendeesPage(
  props: AttendeesProps & { counts: SeatCountsPg; links: AdminNavLinks; notice?: string; actionError?: string; canMarkNoShows: boolean; errors: FieldErrors },
) {
  const e = props.event;
  const base = `/admin/events/${e.id}/attendees`;
  return (
    <>
      <h1>Attendees: {e.title}</h1>
      <AdminNav current="/admin/events" links={props.links} />
      <EventNav eventId={e.id} current="attendees" canManage />
      <Notice message={props.notice} />
      <ActionError message={props.actionError} />
      <p>
        {props.counts.registered} with a seat of {e.maxCapacity ?? "no limit"} ({props.counts.held} held for payment),{" "}
        {props.counts.attended} checked in, {props.counts.waitlisted} on the waitlist.
      </p>
      <FilterForm action={base} label="Filter attendees" resultsId="attendee-results">
        <div class="grid">
          <Field name="q" label="Name, company or email" type="search" value={props.filters.q} maxlength={100} error={props.errors.q} />
          <SelectField name="status" label="Status" value={props.filters.status} options={STATUS_OPTIONS} error={props.errors.status} />
        </div>
        <button type="submit">Show matching people</button>
      </FilterForm>
      <AttendeeResults {...props} />
      {props.canMarkNoShows && (
        <section aria-labelledby="no-shows">
          <h2 id="no-shows">After the event</h2>
          <ActionButton action={`/admin/events/${e.id}/no-shows`} label="Mark everyone registered who did not check in as a no-show" secondary />
        </section>
      )}
    </>
  );
}
