// One event's admin page: where it stands, its lifecycle buttons, every field, its files.
import type { Event, EventFile, EventStatus } from "../../src/db/schema/events.ts";
import type { EventFormState, RowKind } from "../../src/features/admin-events/forms.ts";
import type { SeatCountsPg } from "../../src/features/admin-events/queries.ts";
import { canDeleteEvent, fillRate, TRANSITION_LABEL } from "../../src/features/admin-events/rules.ts";
import { ActionButton, AdminNav, type AdminNavLinks } from "../admin/parts.tsx";
import { AdminLifecycle } from "../components/AdminLifecycle.tsx";
import { AdminPageHeader } from "../components/AdminPageHeader.tsx";
import { FileUploadForm } from "../components/FileUploadForm.tsx";
import { EventForm } from "./EventForm.tsx";
import { EventNav, StatusBadge, When } from "./parts.tsx";

export interface EventEditPageProps {
  event: Event;
  form: EventFormState;
  addedRow?: RowKind;
  counts: SeatCountsPg;
  files: EventFile[];
  next: readonly EventStatus[];
  links: AdminNavLinks;
  notice?: string;
  actionError?: string;
  fileError?: string;
}

export function EventNewPage(props: { form: EventFormState; addedRow?: RowKind; links: AdminNavLinks }) {
  return (
    <>
      <h1>New event</h1>
      <AdminNav current="/admin/events" links={props.links} />
      <p class="lede">A new event starts as a draft: members see it only once you publish it.</p>
      <EventForm action="/admin/events" submitLabel="Create the draft event" form={props.form} addedRow={props.addedRow} />
    </>
  );
}

function Summary(props: { event: Event; counts: SeatCountsPg }) {
  const e = props.event;
  const rate = fillRate(props.counts.registered, e.maxCapacity);
  return (
    <div class="grid">
      <div class="card">
        <h2>Status</h2>
        <p>
          <StatusBadge status={e.status} />
          {e.publishedAt && (
            <>
              <br />
              Published <When at={e.publishedAt} />
            </>
          )}
        </p>
      </div>
      <div class="card">
        <h2>Seats</h2>
        <p>
          <span class="stat">
            {props.counts.registered} / {e.maxCapacity ?? "no limit"}
          </span>
          {rate !== null && <>{rate}% full · </>}
          {props.counts.held} held for payment · {props.counts.waitlisted} waiting
        </p>
      </div>
      <div class="card">
        <h2>When</h2>
        <p>
          <When at={e.startDate} /> to <When at={e.endDate} />
        </p>
      </div>
    </div>
  );
}

function Lifecycle(props: { event: Event; next: readonly EventStatus[] }) {
  const final = `This event is ${props.event.status === "COMPLETED" ? "completed" : "cancelled"}: its status is final.`;
  return (
    <AdminLifecycle
      action={`/admin/events/${props.event.id}/status`}
      steps={props.next.filter((s) => s !== "CANCELLED").map((status) => ({ status, label: TRANSITION_LABEL[status] }))}
      finalMessage={final}
      confirmed={
        props.next.includes("CANCELLED")
          ? {
              status: "CANCELLED",
              label: TRANSITION_LABEL.CANCELLED,
              acknowledge: "I understand every registrant and everyone on the waitlist is emailed, and unpaid invoices are cancelled.",
            }
          : undefined
      }
    />
  );
}

function Files(props: { event: Event; files: EventFile[]; error?: string }) {
  const base = `/admin/events/${props.event.id}/files`;
  return (
    <section aria-labelledby="files">
      <h2 id="files">Files</h2>
      {props.files.length === 0 ? (
        <p>No files yet.</p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-label="Event files table">
          <table>
            <caption>Files members can download from the event page</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Size</th>
                <th scope="col">Key (for a material link)</th>
                <th scope="col">Remove</th>
              </tr>
            </thead>
            <tbody>
              {props.files.map((f) => (
                <tr>
                  <th scope="row">{f.fileName}</th>
                  <td>{f.fileType}</td>
                  <td>{Math.max(1, Math.round(f.fileSize / 1024))} KB</td>
                  <td>
                    <code>{f.filePath}</code>
                  </td>
                  <td>
                    <ActionButton action={`${base}/${f.id}/delete`} label={`Delete ${f.fileName}`} secondary />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FileUploadForm action={base} error={props.error} />
    </section>
  );
}

export function EventEditPage(props: EventEditPageProps) {
  const e = props.event;
  return (
    <>
      <AdminPageHeader
        title={e.title}
        section="/admin/events"
        links={props.links}
        nav={<EventNav eventId={e.id} current="edit" canManage />}
        notice={props.notice}
        actionError={props.actionError}
      />
      <Summary event={e} counts={props.counts} />
      <Lifecycle event={e} next={props.next} />
      <h2>Details</h2>
      <EventForm action={`/admin/events/${e.id}`} submitLabel="Save changes" form={props.form} addedRow={props.addedRow} />
      <Files event={e} files={props.files} error={props.fileError} />
      {canDeleteEvent(e.status) && (
        <section aria-labelledby="delete">
          <h2 id="delete">Delete</h2>
          <p>Drafts and cancelled events can be deleted. The event disappears from every list; its history stays in the audit trail.</p>
          <ActionButton action={`/admin/events/${e.id}/delete`} label={`Delete “${e.title}”`} secondary />
        </section>
      )}
    </>
  );
}
