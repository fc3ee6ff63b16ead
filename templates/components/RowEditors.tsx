// Structured editors for an admin form's repeating lists (an event's agenda, an opportunity's
// skills, a quiz's questions): one fieldset per row, its fields named `<kind>.<index>.<field>`.
// Without JavaScript a few blank rows are always there and "Add another" submits the form for
// one more (the route re-renders with `addRow=<kind>`); with htmx the same button fetches just
// the new row from `<rowsUrl>/<kind>?index=N` and swaps itself for it.
import type { Child } from "hono/jsx";
import { Field, SelectField, TextArea } from "./Field.tsx";

export type Row = Record<string, string>;

export interface RowFieldSpec {
  name: string;
  label: string;
  kind?: "text" | "url" | "textarea" | "hidden";
  hint?: string;
  /** A select instead of a text input. */
  options?: ReadonlyArray<readonly [string, string]>;
  inputmode?: "decimal" | "numeric";
}

export interface RowGroupSpec {
  /** The whole list, e.g. "Agenda". */
  legend: string;
  /** One row, e.g. "Agenda item". */
  item: string;
  fields: RowFieldSpec[];
}

/** What a row editor needs to know about its list: its name in the form, its fields, where htmx fetches a new row. */
export interface RowEditor {
  kind: string;
  spec: RowGroupSpec;
  /** e.g. "/admin/events/rows": the route that answers `/<kind>?index=N` with NewRow. */
  rowsUrl: string;
  /** A row whose fields are not a flat list (a quiz question): the caller draws the inside of the fieldset. */
  render?: (index: number, row: Row | undefined, errors: Record<string, string>) => Child;
}

export function RowFields(props: { editor: RowEditor; index: number; row?: Row; errors: Record<string, string> }) {
  const { kind, spec, render } = props.editor;
  const key = (field: string) => `${kind}.${props.index}.${field}`;
  return (
    <fieldset id={`${kind}-row-${props.index}`}>
      <legend>
        {spec.item} {props.index + 1}
      </legend>
      {render ? (
        render(props.index, props.row, props.errors)
      ) : (
        <div class="grid">
          {spec.fields.map((f) => {
            const value = props.row?.[f.name] ?? "";
            const error = props.errors[key(f.name)];
            if (f.kind === "hidden") return value ? <input type="hidden" name={key(f.name)} value={value} /> : null;
            if (f.options) return <SelectField name={key(f.name)} label={f.label} value={value} options={f.options} error={error} hint={f.hint} />;
            if (f.kind === "textarea") return <TextArea name={key(f.name)} label={f.label} value={value} error={error} hint={f.hint} rows={3} maxlength={2000} />;
            return <Field name={key(f.name)} label={f.label} type={f.kind === "url" ? "url" : "text"} value={value} error={error} hint={f.hint} inputmode={f.inputmode} />;
          })}
        </div>
      )}
    </fieldset>
  );
}

/** Submits the form for one more row (no JS), or fetches the row and a new button (htmx). */
export function AddRowButton(props: { editor: RowEditor; next: number }) {
  const { kind, spec, rowsUrl } = props.editor;
  return (
    <div id={`${kind}-add`}>
      <button
        type="submit"
        name="addRow"
        value={kind}
        class="secondary"
        formnovalidate
        data-hx-get={`${rowsUrl}/${kind}?index=${props.next}`}
        data-hx-target={`#${kind}-add`}
        data-hx-swap="outerHTML"
      >
        Add another {spec.item.toLowerCase()}
      </button>
    </div>
  );
}

/** What "Add another" swaps in: the new row, then the button for the row after it. */
export function NewRow(props: { editor: RowEditor; index: number }) {
  return (
    <>
      <RowFields editor={props.editor} index={props.index} errors={{}} />
      <AddRowButton editor={props.editor} next={props.index + 1} />
    </>
  );
}

/** The list: its filled rows, `extra` blank ones, and the "Add another" button. */
export function RowGroup(props: { editor: RowEditor; rows: Row[]; errors: Record<string, string>; extra: number; hint?: Child }) {
  const all: Array<Row | undefined> = [...props.rows, ...Array.from({ length: props.extra }, () => undefined)];
  const groupError = props.errors[props.editor.kind];
  return (
    <fieldset>
      <legend>{props.editor.spec.legend}</legend>
      {props.hint && <p class="hint">{props.hint}</p>}
      {groupError && <p class="error">{groupError}</p>}
      {all.map((row, index) => (
        <RowFields editor={props.editor} index={index} row={row} errors={props.errors} />
      ))}
      <AddRowButton editor={props.editor} next={all.length} />
    </fieldset>
  );
}
