// Structured editors for an opportunity's lists (requirements, skills, certifications,
// insurance, keywords, sectors): one fieldset per row, named `skills.0.skill`. Without
// JavaScript a couple of blank rows are always there and "Add another" submits the form for
// one more; with htmx the same button fetches just the new row.
import {
  CERTIFICATION_LABEL,
  CERTIFICATION_TYPES,
  INSURANCE_KINDS,
  type ProjectRowKind,
  type Row,
} from "../../src/features/admin-projects/forms.ts";
import { Field, SelectField } from "../components/Field.tsx";

type FieldSpec = { name: string; label: string; hint?: string; options?: ReadonlyArray<readonly [string, string]>; inputmode?: "decimal" };

const GROUPS: Record<ProjectRowKind, { legend: string; item: string; fields: FieldSpec[] }> = {
  requirements: { legend: "Requirements", item: "Requirement", fields: [{ name: "text", label: "Requirement", hint: "e.g. Prevailing wage; certified payroll" }] },
  skills: { legend: "Skills required", item: "Skill", fields: [{ name: "skill", label: "Skill", hint: "e.g. Concrete, Electrical" }] },
  certifications: {
    legend: "Certifications required",
    item: "Certification",
    fields: [
      { name: "type", label: "Type", options: [["", "Choose…"], ...CERTIFICATION_TYPES.map((t) => [t, CERTIFICATION_LABEL[t]] as const)] },
      { name: "classification", label: "Classification (optional)", hint: "e.g. C-10 for a CSLB licence" },
    ],
  },
  insurance: {
    legend: "Insurance required",
    item: "Insurance",
    fields: [
      { name: "kind", label: "Kind", options: [["", "Choose…"], ...Object.entries(INSURANCE_KINDS)] },
      { name: "minimum", label: "Minimum, in dollars", hint: "Blank: statutory", inputmode: "decimal" },
    ],
  },
  keywords: { legend: "Keywords", item: "Keyword", fields: [{ name: "word", label: "Keyword" }] },
  sectors: { legend: "Sectors", item: "Sector", fields: [{ name: "name", label: "Sector", hint: "e.g. public, transportation, education" }] },
};

/** Blank rows offered beyond the filled ones, so the form works without JavaScript. */
export const EXTRA_ROWS = 1;

export function RowFields(props: { kind: ProjectRowKind; index: number; row?: Row; errors: Record<string, string> }) {
  const group = GROUPS[props.kind];
  const key = (field: string) => `${props.kind}.${props.index}.${field}`;
  return (
    <fieldset id={`${props.kind}-row-${props.index}`}>
      <legend>
        {group.item} {props.index + 1}
      </legend>
      <div class="grid">
        {group.fields.map((f) =>
          f.options ? (
            <SelectField name={key(f.name)} label={f.label} value={props.row?.[f.name] ?? ""} options={f.options} error={props.errors[key(f.name)]} hint={f.hint} />
          ) : (
            <Field name={key(f.name)} label={f.label} value={props.row?.[f.name] ?? ""} error={props.errors[key(f.name)]} hint={f.hint} inputmode={f.inputmode} />
          ),
        )}
      </div>
    </fieldset>
  );
}

export function AddRowButton(props: { kind: ProjectRowKind; next: number }) {
  return (
    <div id={`${props.kind}-add`}>
      <button
        type="submit"
        name="addRow"
        value={props.kind}
        class="secondary"
        formnovalidate
        data-hx-get={`/admin/projects/rows/${props.kind}?index=${props.next}`}
        data-hx-target={`#${props.kind}-add`}
        data-hx-swap="outerHTML"
      >
        Add another {GROUPS[props.kind].item.toLowerCase()}
      </button>
    </div>
  );
}

export function NewRow(props: { kind: ProjectRowKind; index: number }) {
  return (
    <>
      <RowFields kind={props.kind} index={props.index} errors={{}} />
      <AddRowButton kind={props.kind} next={props.index + 1} />
    </>
  );
}

export function RowGroup(props: { kind: ProjectRowKind; rows: Row[]; errors: Record<string, string>; extra: number }) {
  const all: Array<Row | undefined> = [...props.rows, ...Array.from({ length: props.extra }, () => undefined)];
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
