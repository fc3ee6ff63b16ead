import type { Context } from "hono";
import type * as z from "zod";
import type { AppEnv } from "../http/types.ts";

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;

export type FormResult<T> =
  | { ok: true; data: T; values: FormValues }
  | { ok: false; errors: FieldErrors; values: FormValues };

/** A body that is not a readable form (say, multipart with a broken boundary): answered 400 by app.onError. */
export class MalformedFormError extends Error {
  constructor(cause: unknown) {
    super("The form could not be read", { cause });
    this.name = "MalformedFormError";
  }
}

/** A field holding a character Postgres cannot store in text: answered 422 by app.onError where no form re-renders. */
export class UnstorableInputError extends Error {
  constructor(readonly fields: string[]) {
    super(`Form fields hold a NUL character: ${fields.join(", ")}`);
    this.name = "UnstorableInputError";
  }
}

// Postgres refuses U+0000 in text (22021), so a NUL reaching a query would be a 500.
const NUL = /\u0000/;
export const NUL_MESSAGE = "This contains an invisible character (NUL) that cannot be saved. Retype it and send again.";

export interface ReadForm {
  /** Every value as sent, files included, for zod. */
  raw: Record<string, unknown>;
  /** The text values (lists joined with commas), NULs removed, to re-render what was typed. */
  values: FormValues;
  /** Fields that held a NUL, with the message to show beside them. */
  unstorable: FieldErrors;
}

/**
 * The one place a route reads a urlencoded or multipart body. A body that cannot
 * be parsed throws MalformedFormError (400, not a 500), and text holding a NUL
 * is reported per field, so no route passes it on to Postgres.
 */
export async function readForm<E extends AppEnv>(c: Context<E>): Promise<ReadForm> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch (err) {
    throw new MalformedFormError(err);
  }
  const raw: Record<string, unknown> = {};
  const values: FormValues = {};
  const unstorable: FieldErrors = {};
  for (const [key, value] of Object.entries(body)) {
    const texts = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
    if (texts.some((t) => NUL.test(t))) unstorable[key] = NUL_MESSAGE;
    raw[key] = value;
    if (typeof value === "string" || Array.isArray(value)) values[key] = texts.join(",").replace(/\u0000/g, "");
  }
  return { raw, values, unstorable };
}

/** The text fields of a form, for routes that validate by hand; a NUL anywhere is refused (422 page). */
export async function readFormStrings<E extends AppEnv>(c: Context<E>): Promise<FormValues> {
  const form = await readForm(c);
  const bad = Object.keys(form.unstorable);
  if (bad.length > 0) throw new UnstorableInputError(bad);
  const strings: FormValues = {};
  for (const [key, value] of Object.entries(form.raw)) {
    if (typeof value === "string") strings[key] = value;
    else if (Array.isArray(value) && typeof value[value.length - 1] === "string") strings[key] = value[value.length - 1];
  }
  return strings;
}

/**
 * Reads a form and validates it with zod. On failure it returns the first
 * message per field and the raw values, so the page can re-render with
 * everything the member typed (passwords excepted by the caller).
 */
export async function parseForm<S extends z.ZodType, E extends AppEnv>(c: Context<E>, schema: S): Promise<FormResult<z.infer<S>>> {
  const { raw, values, unstorable } = await readForm(c);
  const parsed = schema.safeParse(raw);
  // The schema's own message for a field wins (it may already refuse control characters).
  const errors = { ...unstorable, ...(parsed.success ? {} : toFieldErrors(parsed.error.issues)) };
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, data: parsed.data, values };
  return { ok: false, errors, values };
}

export function toFieldErrors(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

// ---------------------------------------------------------------- query strings (path ids: idParam in src/db/ids.ts)

/** What reading a query string gave: the typed value, or the messages and what was typed to show beside them. */
export type QueryResult<T> =
  | { ok: true; data: T; values: FormValues; errors: FieldErrors }
  | { ok: false; values: FormValues; errors: FieldErrors };

/** A refused value is echoed back into its field, never longer than this. */
const ECHO_LIMIT = 200;

/**
 * Reads the query string keys the schema names (the first value of a repeated key) and
 * validates them. One policy for bad input everywhere: the caller answers 422 with the
 * messages beside the fields and what was typed kept; nothing is silently reset.
 */
export function readQuery<S extends z.ZodObject>(c: Context, schema: S): QueryResult<z.infer<S>> {
  const raw: FormValues = {};
  for (const key of Object.keys(schema.shape)) {
    const value = c.req.query(key);
    if (value !== undefined) raw[key] = value;
  }
  const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.slice(0, ECHO_LIMIT)]));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data, values, errors: {} };
  return { ok: false, values, errors: toFieldErrors(parsed.error.issues) };
}

/** What a filter form shows: the filters in force, or what was typed when they were refused (422). */
export function shownFilters<T extends Record<string, string>>(query: QueryResult<object>, empty: T): T {
  const source: Record<string, unknown> = query.ok ? (query.data as Record<string, unknown>) : query.values;
  const shown: Record<string, string> = { ...empty };
  for (const key of Object.keys(empty)) if (typeof source[key] === "string") shown[key] = source[key];
  return shown as T;
}
