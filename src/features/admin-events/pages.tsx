// Page renderers shared by the event admin routes, so a refused action re-renders the
// page it came from (status 422, the reason at the top, the admin's input kept).
import { renderPage } from "../../http/render.tsx";
import type { Event } from "../../db/schema/events.ts";
import { AttendeeResults, AttendeesPage } from "../../../templates/admin-events/AttendeesPage.tsx";
import { EventEditPage } from "../../../templates/admin-events/EventEditPage.tsx";
import { attendeeFiltersSchema, type EventFormState, eventFormState, type RowKind, type AttendeeFilters } from "./forms.ts";
import { filesOf, listAttendees, registrationCounts } from "./queries.ts";
import { canMarkNoShows, eventAdminNotices } from "./rules.ts";
import { nextStatuses } from "../events/rules.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { readQuery, shownFilters } from "../../lib/forms.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";

export const ATTENDEES_PER_PAGE = 50;


export interface EditPageState {
  status?: 200 | 422;
  form?: EventFormState;
  addedRow?: RowKind;
  actionError?: string;
  fileError?: string;
}

export async function renderEditPage(c: AdminContext, event: Event, state: EditPageState = {}) {
  const db = c.var.db();
  const [counts, files] = await Promise.all([registrationCounts(db, event.id), filesOf(db, event.id)]);
  return renderPage(c, {
    title: event.title,
    status: state.status ?? 200,
    body: (
      <EventEditPage
        event={event}
        form={state.form ?? eventFormState(event)}
        addedRow={state.addedRow}
        counts={counts}
        files={files}
        next={nextStatuses(event.status)}
        links={navLinks(c)}
        notice={state.status || state.addedRow ? undefined : eventAdminNotices.read(c)}
        actionError={state.actionError}
        fileError={state.fileError}
      />
    ),
  });
}

const ATTENDEE_LIST_QUERY = attendeeFiltersSchema.extend({ page: pageField() });

export async function renderAttendeesPage(c: AdminContext, event: Event, state: { status?: 200 | 422; actionError?: string } = {}) {
  const db = c.var.db();
  const query = readQuery(c, ATTENDEE_LIST_QUERY);
  const filters = shownFilters(query, { status: "", q: "" }) as AttendeeFilters;
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, ATTENDEES_PER_PAGE);
  const [result, counts] = await Promise.all([
    query.ok ? listAttendees(db, event.id, query.data, { limit, offset }) : { rows: [], total: 0 },
    registrationCounts(db, event.id),
  ]);
  const props = { event, filters, rows: result.rows, total: result.total, page, perPage, waiting: counts.waitlisted };
  return renderPage(c, {
    title: `Attendees: ${event.title}`,
    status: state.status ?? (query.ok ? 200 : 422),
    body: (
      <AttendeesPage
        {...props}
        errors={query.errors}
        counts={counts}
        links={navLinks(c)}
        notice={state.status ? undefined : eventAdminNotices.read(c)}
        actionError={state.actionError}
        canMarkNoShows={canMarkNoShows(event, new Date())}
      />
    ),
    partial: state.status ? undefined : <AttendeeResults {...props} />,
  });
}
