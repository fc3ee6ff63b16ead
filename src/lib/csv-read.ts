// CSV in (RFC 4180, as spreadsheets and SAM.gov write it): quoted fields with escaped
// quotes ("") and line breaks inside, CRLF, LF or CR line ends, a UTF-8 byte-order mark.
// Pure and streaming-free: callers cap the size before parsing.

export type CsvParse = { ok: true; rows: string[][] } | { ok: false; message: string; line: number };

/** Every record of the text as arrays of cells. Blank lines are skipped. */
export function parseCsv(input: string, opts: { maxRows?: number; maxCellChars?: number } = {}): CsvParse {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const maxRows = opts.maxRows ?? Number.POSITIVE_INFINITY;
  const maxCell = opts.maxCellChars ?? 100_000;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  let cellStarted = false;
  let line = 1;
  let recordLine = 1;
  const endCell = () => {
    row.push(cell);
    cell = "";
    cellStarted = false;
  };
  const endRow = (): CsvParse | null => {
    endCell();
    if (!(row.length === 1 && row[0] === "")) rows.push(row);
    row = [];
    if (rows.length > maxRows) return { ok: false, message: `The file has more than ${maxRows} rows.`, line };
    return null;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === "\n") line++;
        cell += ch;
      }
    } else if (ch === '"') {
      if (cellStarted && cell.trim() !== "") {
        return { ok: false, message: "A quote appears in the middle of an unquoted cell; quote the whole cell and double the quote.", line };
      }
      cell = "";
      quoted = true;
      cellStarted = true;
    } else if (ch === ",") {
      endCell();
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      const err = endRow();
      if (err) return err;
      line++;
      recordLine = line;
    } else {
      // Text after a closing quote ("ab"c) is malformed.
      if (cellStarted && !quoted && cell !== "" && text[i - 1] === '"') {
        return { ok: false, message: "Text follows a closing quote; quote the whole cell and double any quote inside it.", line };
      }
      cell += ch;
      cellStarted = true;
    }
    if (cell.length > maxCell) return { ok: false, message: `A cell is longer than ${maxCell} characters.`, line: recordLine };
  }
  if (quoted) return { ok: false, message: "A quoted cell is never closed: a quote is missing.", line: recordLine };
  if (cell !== "" || row.length > 0) {
    const err = endRow();
    if (err) return err;
  }
  return { ok: true, rows };
}
