import type { Child } from "hono/jsx";

export interface FieldProps {
  name: string;
  label: string;
  type?: "text" | "email" | "password" | "tel" | "url" | "number" | "date" | "datetime-local" | "search";
  value?: string;
  error?: string;
  hint?: Child;
  required?: boolean;
  autocomplete?: string;
  inputmode?: "numeric" | "text" | "email" | "tel" | "url" | "decimal";
  maxlength?: number;
  minlength?: number;
  pattern?: string;
}

/** aria-describedby for a control: its hint and its error, when present. */
function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

/**
 * The frame every form control shares: the label, the control, its hint and its
 * error, wired with aria-describedby so a screen reader reads the message with the field.
 */
function FieldFrame(props: { id: string; label: string; hint?: Child; error?: string; children: Child }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** One labelled input. Passwords are never written back into the page. */
export function Field(props: FieldProps) {
  const id = `f-${props.name}`;
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint} error={props.error}>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.type === "password" ? undefined : props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        minlength={props.minlength}
        pattern={props.pattern}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      />
    </FieldFrame>
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  value: string;
  options: ReadonlyArray<readonly [string, string]>;
  error?: string;
  hint?: Child;
  required?: boolean;
}) {
  const id = `f-${props.name}`;
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint} error={props.error}>
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      >
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function TextArea(props: {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: Child;
  rows?: number;
  required?: boolean;
  maxlength?: number;
}) {
  const id = `f-${props.name}`;
  return (
    <FieldFrame id={id} label={props.label} hint={props.hint} error={props.error}>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        maxlength={props.maxlength}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
      >
        {props.value ?? ""}
      </textarea>
    </FieldFrame>
  );
}

/** The summary at the top of a form that failed validation; focusable so it can be announced. */
export function ErrorSummary(props: { errors: Record<string, string> }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div class="notice bad" role="alert" tabindex={-1} id="form-errors">
      <p>
        <strong>Please fix {entries.length === 1 ? "this" : `these ${entries.length} things`}:</strong>
      </p>
      <ul>
        {entries.map(([field, message]) => (
          <li>{field === "form" ? message : <a href={`#f-${field}`}>{message}</a>}</li>
        ))}
      </ul>
    </div>
  );
}
