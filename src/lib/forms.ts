import type { Context } from "hono";
import type { z } from "zod";
import type { AppEnv } from "../http/types.ts";

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;

export type FormResult<T> =
  | { ok: true; data: T; values: FormValues }
  | { ok: false; errors: FieldErrors; values: FormValues };

/**
 * Reads a urlencoded or multipart form and validates it with zod. On failure
 * it returns the first message per field and the raw values, so the page can
 * re-render with everything the member typed (passwords excepted by the caller).
 */
export async function parseForm<S extends z.ZodType, E extends AppEnv>(c: Context<E>, schema: S): Promise<FormResult<z.infer<S>>> {
  const body = await c.req.parseBody({ all: true });
  const values: FormValues = {};
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    raw[key] = value;
    if (typeof value === "string") values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((v) => typeof v === "string").join(",");
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  return { ok: false, errors: toFieldErrors(parsed.error.issues), values };
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
