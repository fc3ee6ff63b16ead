// CSV out of admin screens. A column keeps its header and its value together, so the two
// can never drift apart; cells are neutralised against spreadsheet formulas (OWASP "CSV
// injection") and quoted per RFC 4180.
import type { Context } from "hono";

/** Characters a spreadsheet reads as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula starts neutralised with a leading apostrophe, then quoted when RFC 4180 needs it. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text with CRLF line ends (RFC 4180). */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<unknown>>): string {
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** A column: its header, and how a row gives its value. */
export type CsvColumn<Row> = readonly [header: string, value: (row: Row) => unknown];

/** A header line, then one line per row. */
export function csvOf<Row>(columns: ReadonlyArray<CsvColumn<Row>>, rows: ReadonlyArray<Row>): string {
  return toCsv([columns.map(([header]) => header), ...rows.map((row) => columns.map(([, value]) => value(row)))]);
}

/**
 * The byte order mark that starts every export: without it Excel reads a CSV as the
 * machine's legacy code page, so "Núñez" opens as "NÃºÃ±ez". Other readers skip it.
 */
export const UTF8_BOM = "\uFEFF";

/** The file download every CSV export answers with: UTF-8 with a BOM, CRLF rows, formula cells neutralised. */
export function csvResponse<Row>(c: Context, filename: string, columns: ReadonlyArray<CsvColumn<Row>>, rows: ReadonlyArray<Row>): Response {
  return c.body(UTF8_BOM + csvOf(columns, rows), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${filename}"`,
  });
}

/**
 * A CSV export asked for with filters that do not read: a download has no page to show the
 * messages beside their fields, so they come back as plain text, 422.
 */
export function refusedCsvFilters(c: Context, errors: Readonly<Record<string, string>>): Response {
  return c.text(`The filters are not valid: ${Object.values(errors).join("; ")}\n`, 422);
}

/** "yes"/"no" for a flag, the way every export writes one. */
export const yesNo = (flag: boolean): string => (flag ? "yes" : "no");
