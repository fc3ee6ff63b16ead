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
