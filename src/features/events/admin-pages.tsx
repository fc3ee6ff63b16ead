// Page renderers shared by the event admin routes, so a refused action re-renders the
// page it came from (status 422, the reason at the top, the admin's input kept).
import { renderPage } from "../../http/render.tsx";
import { readFormStrings } from "../../lib/forms.ts";
import { pageParams } from "../../lib/pagination.ts";
import type { Event } from "../../db/schema/events.ts";
import { AttendeeResults, AttendeesPage } from "../../../templates/admin-events/AttendeesPage.tsx";
import { EventEditPage } from "../../../templates/admin-events/EventEditPage.tsx";
import { type AdminContext, navLinks } from "../admin/shared.tsx";
import { attendeeFiltersSchema, type EventFormState, eventFormState, type RowKind } from "./admin-forms.ts";
import { filesOf, listAttendees, registrationCounts } from "./admin-queries.ts";
import { canMarkNoShows, type EventNoticeCode, eventNotice } from "./admin-rules.ts";
import { nextStatuses } from "./rules.ts";

export const ATTENDEES_PER_PAGE = 50;

/** A refusal that carries its message out of a transaction (and rolls it back). */
export class ActionRefused extends Error {}

/** The string fields of a urlencoded or multipart body (files are read by their own routes). */
export function formStrings(c: AdminContext): Promise<Record<string, string>> {
  return readFormStrings(c);
}

/** Post/redirect/get: back to a page with a fixed message code (and any query to keep). */
export function redirectWithEventNotice(c: AdminContext, path: string, code: EventNoticeCode, keep: Record<string, string> = {}) {
  const params = new URLSearchParams({ ...Object.fromEntries(Object.entries(keep).filter(([, v]) => v)), notice: code });
  return c.redirect(`${path}?${params.toString()}`, 303);
}

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
        notice={state.status || state.addedRow ? undefined : eventNotice(c.req.query("notice"))}
        actionError={state.actionError}
        fileError={state.fileError}
      />
    ),
  });
}

export async function renderAttendeesPage(c: AdminContext, event: Event, state: { status?: 200 | 422; actionError?: string } = {}) {
  const db = c.var.db();
  const filters = attendeeFiltersSchema.parse({ status: c.req.query("status") ?? "", q: c.req.query("q") ?? "" });
  const { page, perPage, limit, offset } = pageParams({ page: c.req.query("page") }, ATTENDEES_PER_PAGE);
  const [result, counts] = await Promise.all([listAttendees(db, event.id, filters, { limit, offset }), registrationCounts(db, event.id)]);
  const props = { event, filters, rows: result.rows, total: result.total, page, perPage, waiting: counts.waitlisted };
  return renderPage(c, {
    title: `Attendees: ${event.title}`,
    status: state.status ?? 200,
    body: (
      <AttendeesPage
        {...props}
        counts={counts}
        links={navLinks(c)}
        notice={state.status ? undefined : eventNotice(c.req.query("notice"))}
        actionError={state.actionError}
        canMarkNoShows={canMarkNoShows(event, new Date())}
      />
    ),
    partial: state.status ? undefined : <AttendeeResults {...props} />,
  });
}
