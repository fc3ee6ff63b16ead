// Structured editors for the event's lists (agenda, speakers, sponsors, materials): one
// fieldset per row, named `agenda.0.title`. Without JavaScript a couple of blank rows are
// always there and "Add another" submits the form to get one more; with htmx the same
// button fetches just the new row.
import type { Row, RowKind } from "../../src/features/admin-events/forms.ts";
import { Field, TextArea } from "../components/Field.tsx";

type FieldSpec = { name: string; label: string; kind?: "text" | "url" | "textarea" | "hidden"; hint?: string };

const GROUPS: Record<RowKind, { legend: string; item: string; fields: FieldSpec[] }> = {
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

export function RowFields(props: { kind: RowKind; index: number; row?: Row; errors: Record<string, string> }) {
  const group = GROUPS[props.kind];
  const key = (field: string) => `${props.kind}.${props.index}.${field}`;
  return (
    <fieldset id={`${props.kind}-row-${props.index}`}>
      <legend>
        {group.item} {props.index + 1}
      </legend>
      <div class="grid">
        {group.fields.map((f) => {
          const value = props.row?.[f.name] ?? "";
          if (f.kind === "hidden") return value ? <input type="hidden" name={key(f.name)} value={value} /> : null;
          if (f.kind === "textarea") {
            return <TextArea name={key(f.name)} label={f.label} value={value} error={props.errors[key(f.name)]} rows={3} maxlength={2000} />;
          }
          return (
            <Field
              name={key(f.name)}
              label={f.label}
              type={f.kind === "url" ? "url" : "text"}
              value={value}
              error={props.errors[key(f.name)]}
              hint={f.hint}
            />
          );
        })}
      </div>
    </fieldset>
  );
}

/** Submits the form for one more row (no JS), or fetches the row and a new button (htmx). */
export function AddRowButton(props: { kind: RowKind; next: number }) {
  return (
    <div id={`${props.kind}-add`}>
      <button
        type="submit"
        name="addRow"
        value={props.kind}
        class="secondary"
        formnovalidate
        data-hx-get={`/admin/events/rows/${props.kind}?index=${props.next}`}
        data-hx-target={`#${props.kind}-add`}
        data-hx-swap="outerHTML"
      >
        Add another {GROUPS[props.kind].item.toLowerCase()}
      </button>
    </div>
  );
}

/** What "Add another" swaps in: the new row, then the button for the row after it. */
export function NewRow(props: { kind: RowKind; index: number }) {
  return (
    <>
      <RowFields kind={props.kind} index={props.index} errors={{}} />
      <AddRowButton kind={props.kind} next={props.index + 1} />
    </>
  );
}

export function RowGroup(props: { kind: RowKind; rows: Row[]; errors: Record<string, string>; extra: number }) {
  const blank = Array.from({ length: props.extra }, () => undefined);
  const all: Array<Row | undefined> = [...props.rows, ...blank];
  const groupError = props.errors[props.kind];
  return (
    <fieldset>
      <legend>{GROUPS[props.kind].legend}</legend>
      {groupError && <p class="error">{groupError}</p>}
      {all.map((row, index) => (
        <RowFields kind={props.kind} index={index} row={row} errors={props.errors} />
      ))}
      <AddRowButton kind={props.kind} next={all.length} />
    </fieldset>
  );
}
