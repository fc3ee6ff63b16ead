// Reading import files: the CSV parser (quotes, escaped quotes, line breaks in cells, BOM),
// format detection, the portal and SAM.gov mappers with their per-row errors, hostile cells.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { categoryFromNaics, mapImport, mapPortalRow, mapSamRow, parseImportDate, readImportFile } from "../../src/features/admin-projects/import.ts";
import { parseCsv } from "../../src/lib/csv-read.ts";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const bytes = (text: string) => new TextEncoder().encode(text);

describe("parseCsv", () => {
  const cases: Array<[string, string, string[][]]> = [
    ["plain cells", "a,b,c\n1,2,3\n", [["a", "b", "c"], ["1", "2", "3"]]],
    ["CRLF line ends and no final newline", "a,b\r\n1,2", [["a", "b"], ["1", "2"]]],
    ["a lone CR as line end", "a,b\r1,2\r", [["a", "b"], ["1", "2"]]],
    ["quoted comma", 'a,"b,c"\n', [["a", "b,c"]]],
    ["escaped quotes", 'x,"say ""hi"""\n', [["x", 'say "hi"']]],
    ["a line break inside quotes", 'x,"line 1\nline 2"\ny,z\n', [["x", "line 1\nline 2"], ["y", "z"]]],
    ["CRLF inside quotes kept", 'x,"a\r\nb"\n', [["x", "a\r\nb"]]],
    ["a BOM before the header", "\uFEFFNoticeId,Title\n1,T\n", [["NoticeId", "Title"], ["1", "T"]]],
    ["empty cells and trailing comma", "a,,c,\n", [["a", "", "c", ""]]],
    ["blank lines skipped", "a\n\n\nb\n", [["a"], ["b"]]],
    ["an empty quoted cell", 'a,"",c\n', [["a", "", "c"]]],
    ["formula text kept as text", "=1+1,@SUM(A1),-2\n", [["=1+1", "@SUM(A1)", "-2"]]],
  ];
  for (const [name, input, rows] of cases) {
    it(`reads ${name}`, () => {
      expect(parseCsv(input)).toEqual({ ok: true, rows });
    });
  }

  it("refuses an unclosed quote, naming the line it started on", () => {
    expect(parseCsv('a,b\n1,"never closed\n2,3\n')).toEqual({ ok: false, message: "A quoted cell is never closed: a quote is missing.", line: 2 });
  });

  it("refuses text after a closing quote and a quote inside an unquoted cell", () => {
    expect(parseCsv('"ab"c\n').ok).toBe(false);
    expect(parseCsv('ab"c"\n').ok).toBe(false);
  });

  it("stops at the row limit and the cell limit", () => {
    expect(parseCsv("a\nb\nc\n", { maxRows: 2 }).ok).toBe(false);
    expect(parseCsv(`${"x".repeat(11)}\n`, { maxCellChars: 10 }).ok).toBe(false);
  });
});

describe("parseImportDate", () => {
  const cases: Array<[string, string | null | "invalid", string?]> = [
    ["2027-01-15T14:00:00-08:00", "2027-01-15T22:00:00.000Z"],
    ["2027-01-15T14:00:00Z", "2027-01-15T14:00:00.000Z"],
    ["2026-11-20 09:15:00.250-08", "2026-11-20T17:15:00.000Z"],
    ["2027-03-03T15:00:00-0500", "2027-03-03T20:00:00.000Z"],
    ["2027-02-10T14:00", "2027-02-10T22:00:00.000Z"],
    ["2027-07-10T14:00", "2027-07-10T21:00:00.000Z"],
    ["2027-01-08", "2027-01-09T01:00:00.000Z", "17:00"],
    ["01/08/2027", "2027-01-08T08:00:00.000Z"],
    ["", null],
    ["next Tuesday", "invalid"],
    ["2027-02-30", "invalid"],
    ["1850-01-01T00:00:00Z", "invalid"],
  ];
  for (const [input, expected, at] of cases) {
    it(`reads ${JSON.stringify(input)}`, () => {
      const got = parseImportDate(input, at);
      expect(got instanceof Date ? got.toISOString() : got).toBe(expected);
    });
  }
});

describe("readImportFile", () => {
  it("recognises SAM.gov's export by its header, BOM and all, and reports no unknown columns", () => {
    const file = readImportFile("ContractOpportunitiesFullCSV.csv", fixture("sam-contract-opportunities.csv"));
    expect(file.ok && file.format).toBe("sam-csv");
    if (!file.ok) return;
    expect(file.records).toHaveLength(5);
    expect(file.unknownColumns).toEqual([]);
    expect(file.records[0]!.cells.Description).toBe('Mill and overlay of Runway 12/30.\nPhasing per the "Airfield Safety Plan", night work required.');
  });

  it("reads the portal CSV and reports the column it does not know", () => {
    const file = readImportFile("portal.csv", fixture("portal-opportunities.csv"));
    expect(file.ok && file.format).toBe("portal-csv");
    expect(file.ok && file.unknownColumns).toEqual(["internalNotes"]);
    expect(file.ok && file.missingColumns).toEqual([]);
  });

  it("reads the portal JSON ({opportunities: [...]}) and reports unknown keys", () => {
    const file = readImportFile("portal.json", fixture("portal-opportunities.json"));
    expect(file.ok && file.format).toBe("portal-json");
    expect(file.ok && file.unknownColumns).toEqual(["extra"]);
  });

  it("refuses what is not a text file of opportunities", () => {
    expect(readImportFile("x.csv", new Uint8Array([0xff, 0xfe, 0x00, 0x41]))).toMatchObject({ ok: false });
    expect(readImportFile("x.csv", new Uint8Array())).toMatchObject({ ok: false, message: "The file is empty." });
    expect(readImportFile("x.json", bytes("{not json"))).toMatchObject({ ok: false, message: "The file is not valid JSON." });
    expect(readImportFile("x.json", bytes('{"a":1}'))).toMatchObject({ ok: false });
    expect(readImportFile("x.exe", bytes("a,b\n"))).toMatchObject({ ok: false, message: "Choose a .csv or .json file." });
    expect(readImportFile("x.csv", bytes("title,title\n1,2\n"))).toMatchObject({ ok: false, message: "The header names title twice." });
  });

  it("lists the portal's required columns a file lacks", () => {
    const file = readImportFile("x.csv", bytes("title,description\nA,B\n"));
    expect(file.ok && file.missingColumns).toEqual(["externalId", "category"]);
  });
});

describe("the SAM.gov mapper", () => {
  const file = readImportFile("sam.csv", fixture("sam-contract-opportunities.csv"));
  const rows = file.ok ? mapImport(file) : [];

  it("maps a solicitation to an opportunity keyed by NoticeId", () => {
    const first = rows[0]!;
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first).toMatchObject({ source: "SAM.GOV", externalId: "a1b2c3d4e5f60718293a4b5c6d7e8f90", zip: "94535", line: 2 });
    expect(first.columns).toMatchObject({
      title: "Runway 12/30 Pavement Rehabilitation",
      category: "INFRASTRUCTURE",
      subcategory: "NAICS 237310",
      organization: "DEPT OF DEFENSE",
      location: "Fairfield, CA",
      address: { street: "Travis AFB", city: "Fairfield", state: "CA", zip: "94535" },
      certificationsRequired: [{ type: "SBE" }],
      contactEmail: "dana.whitfield@usace.example.mil",
      sector: ["public", "federal"],
    });
    expect(first.columns.deadlineDate?.toISOString()).toBe("2027-01-15T22:00:00.000Z");
    expect(first.columns.description).toContain("Solicitation number: W912P7-27-B-0004");
    expect(first.columns.description).toContain("Notice on SAM.gov: https://sam.gov/opp/a1b2c3d4e5f60718293a4b5c6d7e8f90/view");
  });

  it("maps SDVOSB set-asides to DVBE and a date-only deadline to 5 PM Pacific", () => {
    const second = rows[1]!;
    expect(second.ok && second.columns.certificationsRequired).toEqual([{ type: "DVBE" }]);
    expect(second.ok && second.columns.deadlineDate?.toISOString()).toBe("2027-01-09T01:00:00.000Z");
    expect(second.ok && second.columns.category).toBe("SPECIALTY");
  });

  it("keeps hostile cells as inert text (formula, markup)", () => {
    const third = rows[2]!;
    expect(third.ok && third.columns.title).toBe('=HYPERLINK("http://evil.example","Click") Border Station Paving');
    expect(third.ok && third.columns.description).toContain("<script>alert(1)</script>");
  });

  it("reports every problem of the bad row, and still maps the rest", () => {
    const bad = rows[3]!;
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors).toEqual([
      "Title is missing",
      'NaicsCode is not a NAICS code: "23A"',
      'PopZip is not a ZIP code: "9430"',
      'PopState must be a two-letter code: "California"',
      'ResponseDeadLine is not a date: "next Tuesday"',
    ]);
    expect(rows.filter((r) => r.ok)).toHaveLength(4);
  });

  it("refuses control characters and over-long cells in a row", () => {
    const row = mapSamRow({ line: 9, cells: { NoticeId: "n1", Title: "Bell\u0007 ringer", Description: "x".repeat(19_001) } });
    expect(row.ok === false && row.errors).toEqual(["Title holds hidden control characters", "Description is longer than 19000 characters"]);
    const rtl = mapSamRow({ line: 10, cells: { NoticeId: "n2", Title: "Invoice \u202Egnp.exe" } });
    expect(rtl.ok === false && rtl.errors).toEqual(["Title holds hidden control characters"]);
  });

  it("maps NAICS codes to categories", () => {
    expect(["236118", "236220", "237110", "238210", "561730", "541330"].map(categoryFromNaics)).toEqual([
      "RESIDENTIAL", "COMMERCIAL", "INFRASTRUCTURE", "SPECIALTY", "MAINTENANCE", "COMMERCIAL",
    ]);
  });
});

describe("the portal mapper", () => {
  it("maps every documented column of a good CSV row", () => {
    const file = readImportFile("portal.csv", fixture("portal-opportunities.csv"));
    const rows = file.ok ? mapImport(file) : [];
    const first = rows[0]!;
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.columns).toMatchObject({
      category: "NEW_CONSTRUCTION",
      sector: ["public", "transportation"],
      budgetMin: "1200000.00",
      budgetMax: "1750000.00",
      estimatedValue: "1500000.00",
      requirements: ["Prevailing wage", "Certified payroll"],
      skillsRequired: ["Structural steel", "Electrical"],
      certificationsRequired: [{ type: "CSLB", classification: "C-10" }, { type: "DBE" }],
      insuranceRequired: { generalLiability: 2000000, workersCompensation: "Statutory" },
      experienceRequired: 5,
      bondingRequired: true,
      priority: "HIGH",
      visibility: "PUBLIC",
      maxApplications: 30,
      estimatedDuration: 240,
      keywords: ["solar", "canopy"],
    });
    expect(first.columns.description).toBe("Steel canopy with PV array over the bus yard.\nWork in phases; yard stays open.");
    expect(first.columns.deadlineDate?.toISOString()).toBe("2027-02-10T22:00:00.000Z");
  });

  it("reports the bad row's budget, dates, flag and email", () => {
    const file = readImportFile("portal.csv", fixture("portal-opportunities.csv"));
    const bad = file.ok ? mapImport(file)[2]! : null;
    expect(bad?.ok === false && bad.errors).toEqual([
      'bondingRequired must be yes or no: "maybe"',
      'contactEmail is not an email address: "not-an-email"',
      "budgetMax is below budgetMin",
      "endDate is before startDate",
    ]);
  });

  const hostile: Array<[string, Record<string, string>, string]> = [
    ["an unknown category", { category: "MANSION" }, "category must be one of"],
    ["a negative budget", { budgetMin: "-5" }, "budgetMin is not an amount in dollars"],
    ["a NUL-free but control-laden title", { title: "A\u001bB" }, "title holds hidden control characters"],
    ["a source of MANUAL", { source: "manual" }, "source MANUAL is kept"],
    ["a source with spaces", { source: "two words" }, "source may hold only"],
    ["an unknown certification", { certifications: "WIZARD" }, 'certifications: unknown type "WIZARD"'],
    ["an unknown insurance kind", { insurance: "petLiability:5" }, 'insurance: unknown kind "petLiability"'],
    ["too many list entries", { keywords: Array.from({ length: 41 }, (_, i) => `k${i}`).join(";") }, "keywords has more than 40 entries"],
    ["a huge experience", { experienceYears: "500" }, "experienceYears must be a whole number up to 80"],
  ];
  const base = { externalId: "E-1", title: "T", description: "D", category: "COMMERCIAL" };
  for (const [name, cells, message] of hostile) {
    it(`refuses ${name}`, () => {
      const row = mapPortalRow({ line: 2, cells: { ...base, ...cells } });
      expect(row.ok === false && row.errors.join(" | ")).toContain(message);
    });
  }

  it("makes a second row with the same source and externalId an error", () => {
    const file = readImportFile("x.csv", bytes("externalId,title,description,category\nA,T,D,COMMERCIAL\nA,T2,D,COMMERCIAL\n"));
    const rows = file.ok ? mapImport(file) : [];
    expect(rows[1]).toMatchObject({ ok: false, errors: ["Same source and externalId as line 2"] });
  });

  it("flags a JSON entry that is not an object and one without an id", () => {
    const file = readImportFile("x.json", bytes('[1, {"title":"T","description":"D","category":"COMMERCIAL"}]'));
    const rows = file.ok ? mapImport(file) : [];
    expect(rows[0]).toMatchObject({ ok: false, errors: ["This entry is not an object with named fields"] });
    expect(rows[1]).toMatchObject({ ok: false, errors: ["externalId is missing"] });
  });
});
