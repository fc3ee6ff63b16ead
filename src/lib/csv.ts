// CSV out of admin screens. A column keeps its header and its value together, so the two
// can never drift apart; cells are neutralised against spreadsheet formulas (OWASP "CSV
// injection") and quoted per RFC 4180.
import type { Context } from "hono";

/**
 * Characters a spreadsheet reads as the start of a formula: = + - @, tab, CR and LF (a cell
 * may start a new line), and their full-width forms ＝ ＋ － ＠, which some spreadsheets
 * (in East Asian locales) fold to the ASCII ones.
 */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

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

const csvHeaders = (filename: string) => ({
  "content-type": "text/csv; charset=utf-8",
  "content-disposition": `attachment; filename="${filename}"`,
});

/** The file download every CSV export answers with: UTF-8 with a BOM, CRLF rows, formula cells neutralised. */
export function csvResponse<Row>(c: Context, filename: string, columns: ReadonlyArray<CsvColumn<Row>>, rows: ReadonlyArray<Row>): Response {
  return c.body(UTF8_BOM + csvOf(columns, rows), 200, csvHeaders(filename));
}

/** How many rows an export reads from the database at a time. */
export const CSV_PAGE_ROWS = 1_000;

/**
 * An export of every row, however many: the rows are read a page at a time as the download
 * is sent (`page(limit, offset)` in a stable order), so no cap cuts the file short and the
 * Worker never holds more than one page. The format is csvResponse's.
 */
export function csvPagedResponse<Row>(
  c: Context,
  filename: string,
  columns: ReadonlyArray<CsvColumn<Row>>,
  page: (window: { limit: number; offset: number }) => Promise<ReadonlyArray<Row>>,
): Response {
  const encoder = new TextEncoder();
  let offset = 0;
  let done = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(UTF8_BOM + toCsv([columns.map(([header]) => header)])));
    },
    async pull(controller) {
      if (done) return;
      const rows = await page({ limit: CSV_PAGE_ROWS, offset });
      offset += rows.length;
      if (rows.length > 0) controller.enqueue(encoder.encode(toCsv(rows.map((row) => columns.map(([, value]) => value(row))))));
      if (rows.length < CSV_PAGE_ROWS) {
        done = true;
        controller.close();
      }
    },
  });
  return c.body(body, 200, csvHeaders(filename));
}

/** The cap of an export read in one query (cappedCsvResponse). */
export const CSV_MAX_ROWS = 20_000;

/**
 * An export read in one query of at most `cap` rows: ask for cap + 1, and when more come
 * back the file keeps the first `cap` and ends with a line that says so (never a silent cut).
 */
export function cappedCsvResponse<Row>(c: Context, filename: string, columns: ReadonlyArray<CsvColumn<Row>>, rows: ReadonlyArray<Row>, cap: number): Response {
  if (rows.length <= cap) return csvResponse(c, filename, columns, rows);
  const notice = `Only the first ${cap.toLocaleString("en-US")} rows are exported; narrow the filters to export the rest.`;
  return c.body(UTF8_BOM + csvOf(columns, rows.slice(0, cap)) + toCsv([[notice]]), 200, csvHeaders(filename));
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
