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

/**
 * One labelled input with its hint and error, wired with aria-describedby so a
 * screen reader reads the message with the field.
 */
export function Field(props: FieldProps) {
  const id = `f-${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
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
        aria-describedby={describedBy}
      />
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={errorId}>
          {props.error}
        </p>
      )}
    </div>
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
