// Field schemas every form shares, so a one-line text, an amount in dollars, a Pacific date
// or an https link is checked the same way on every screen. Areas compose these; they do not
// write their own.
import * as z from "zod";
import { isId } from "../db/ids.ts";
import { fromCents } from "./money.ts";
import { fromPacificDateInput, fromPacificInput } from "./time.ts";

/**
 * Control characters, line/paragraph separators and bidi overrides: invisible or
 * layout-breaking in text shown to other people, in emails and in CSV. Postgres refuses NUL.
 * Zero-width joiners stay allowed: some scripts need them.
 */
export const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
/** The same, less the line breaks and tabs a multi-line text may hold. */
const UNPRINTABLE_IN_PARAGRAPHS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Text, trimmed and length-checked, with no hidden characters; one line unless told otherwise. */
export function plainText(label: string, max: number, opts: { multiline?: boolean } = {}) {
  const hidden = opts.multiline ? UNPRINTABLE_IN_PARAGRAPHS : UNPRINTABLE;
  return z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .refine((v) => !hidden.test(v), `${label} must be plain text${opts.multiline ? "" : " on one line"}`);
}

export function requiredText(label: string, max: number, opts: { multiline?: boolean } = {}) {
  return plainText(label, max, opts).min(1, `Enter ${label.toLowerCase()}`);
}

export function isHttpsUrl(v: string): boolean {
  try {
    const url = new URL(v);
    return url.protocol === "https:" && url.hostname.includes(".") && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** A full https:// link, or blank. */
export function httpsUrl(label: string) {
  return plainText(label, 500).refine((v) => v === "" || isHttpsUrl(v), `${label} must be a full https:// link`);
}

/** A datetime-local value typed as Pacific wall-clock time → the instant; blank → null. */
export function pacificDateTime(label: string) {
  return z
    .string()
    .optional()
    .default("")
    .transform((v) => v.trim())
    .refine((v) => v === "" || fromPacificInput(v) !== null, `${label} must be a real date and time (Pacific)`)
    .transform((v) => (v === "" ? null : fromPacificInput(v)));
}

/** A date input (YYYY-MM-DD) → the start of that day in Pacific time; blank → null. */
export function pacificDate(label: string) {
  return z
    .string({ error: `${label} must be a date` })
    .trim()
    .refine((v) => v === "" || fromPacificDateInput(v) !== null, `${label} must be a real date (YYYY-MM-DD)`)
    .transform((v) => (v === "" ? null : fromPacificDateInput(v)));
}

const AMOUNT = /^\d{1,7}(\.\d{1,2})?$/;

/** Dollars as typed ("45", "$1,250.50") → numeric text for Postgres; blank → null. Never through floats. */
export function dollars(label: string) {
  return z
    .string()
    .optional()
    .default("")
    .transform((v) => v.trim().replace(/^\$\s*/, "").replace(/,(?=\d{3}\b)/g, ""))
    .refine((v) => !v.startsWith("-"), `${label} cannot be negative`)
    .refine((v) => v === "" || AMOUNT.test(v), `${label} must be an amount in dollars, e.g. 45 or 45.50`)
    .transform((v) => (AMOUNT.test(v) ? fromCents(dollarsToCents(v)) : null));
}

function dollarsToCents(v: string): number {
  const [whole, frac = ""] = v.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

/** A row id picked from a list (a select's value). */
export function rowId(message: string) {
  return z.string({ error: message }).refine(isId, message);
}

/**
 * A closed set of choices and their labels, in the order a select lists them. The select's
 * options and the schema that accepts the values come from this one table, so they cannot drift.
 */
export function choices<const Labels extends Record<string, string>>(labels: Labels, message: string) {
  type Value = keyof Labels & string;
  const values = Object.keys(labels) as [Value, ...Value[]];
  return {
    options: Object.entries(labels) as Array<readonly [Value, string]>,
    schema: z.enum(values, { error: message }),
  };
}
