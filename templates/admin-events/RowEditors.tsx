// The event's lists (agenda, speakers, sponsors, materials) for the shared row editors
// (templates/components/RowEditors.tsx): one fieldset per row, named `agenda.0.title`.
import type { Row, RowKind } from "../../src/features/admin-events/forms.ts";
import { NewRow as SharedNewRow, RowGroup as SharedRowGroup, type RowEditor, type RowGroupSpec } from "../components/RowEditors.tsx";

const GROUPS: Record<RowKind, RowGroupSpec> = {
  agenda: {
    legend: "Agenda",
    item: "Agenda item",
    fields: [
      { name: "time", label: "Time", hint: "e.g. 6:00 PM" },
      { name: "title", label: "What happens" },
      { name: "speaker", label: "Speaker (optional)" },
    ],
  },
  speakers: {
    legend: "Speakers",
    item: "Speaker",
    fields: [
      { name: "name", label: "Name" },
      { name: "title", label: "Job title" },
      { name: "organization", label: "Company" },
      { name: "bio", label: "Short bio", kind: "textarea" },
    ],
  },
  sponsors: {
    legend: "Sponsors",
    item: "Sponsor",
    fields: [
      { name: "name", label: "Name" },
      { name: "level", label: "Level", hint: "e.g. Gold" },
      { name: "url", label: "Website", kind: "url", hint: "https:// only" },
      { name: "memberId", label: "Member id", kind: "hidden" },
    ],
  },
  materials: {
    legend: "Materials",
    item: "Material",
    fields: [
      { name: "name", label: "Name" },
      { name: "link", label: "Link", hint: "An https:// link, or the key of a file uploaded below" },
    ],
  },
};

/** Blank rows offered beyond the filled ones, so the form works without JavaScript. */
export const EXTRA_ROWS = 2;

const editor = (kind: RowKind): RowEditor => ({ kind, spec: GROUPS[kind], rowsUrl: "/admin/events/rows" });

/** What "Add another" swaps in (GET /admin/events/rows/:kind). */
export function NewRow(props: { kind: RowKind; index: number }) {
  return <SharedNewRow editor={editor(props.kind)} index={props.index} />;
}

export function RowGroup(props: { kind: RowKind; rows: Row[]; errors: Record<string, string>; extra: number }) {
  return <SharedRowGroup editor={editor(props.kind)} rows={props.rows} errors={props.errors} extra={props.extra} />;
}
