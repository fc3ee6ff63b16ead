// The admin screens' pure rules: CSV cells, link splitting, dates, status, notices.
import { describe, expect, it } from "vitest";
import { accountStatus, bodyLines, countParam, splitLinks } from "../../src/features/admin/rules.ts";
import { csvCell, csvOf, toCsv } from "../../src/lib/csv.ts";
import { fromPacificDateInput, toPacificDateInput } from "../../src/lib/time.ts";
import { escapeLike } from "../../src/db/search.ts";

describe("csvCell", () => {
  it("neutralises cells a spreadsheet would run as a formula", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+15105550199")).toBe("'+15105550199");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  });

  it("quotes commas, quotes and line breaks, and leaves plain text alone", () => {
    expect(csvCell("Reyes Concrete")).toBe("Reyes Concrete");
    expect(csvCell("Reyes, Inc.")).toBe('"Reyes, Inc."');
    expect(csvCell('The "Best"')).toBe('"The ""Best"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("a = b")).toBe("a = b");
  });

  it("writes numbers, booleans, dates and nulls plainly", () => {
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(new Date("2025-01-02T03:04:05Z"))).toBe("2025-01-02T03:04:05.000Z");
  });

  it("joins rows with CRLF", () => {
    expect(toCsv([["a", "b"], ["c,d", 1]])).toBe('a,b\r\n"c,d",1\r\n');
  });

  it("writes each column's header above the values its own function gives", () => {
    const columns = [
      ["name", (r: { name: string; n: number }) => r.name],
      ["twice", (r: { name: string; n: number }) => r.n * 2],
    ] as const;
    expect(csvOf(columns, [{ name: "=cmd", n: 2 }, { name: "b", n: 5 }])).toBe("name,twice\r\n'=cmd,4\r\nb,10\r\n");
    expect(csvOf(columns, [])).toBe("name,twice\r\n");
  });
});

describe("splitLinks", () => {
  it("turns http(s) URLs into links and keeps the rest as text", () => {
    expect(splitLinks("Open https://x.example/a?b=1&c=2 now")).toEqual([
      { kind: "text", text: "Open " },
      { kind: "link", href: "https://x.example/a?b=1&c=2" },
      { kind: "text", text: " now" },
    ]);
  });

  it("leaves sentence punctuation out of the link", () => {
    expect(splitLinks("Go to http://x.example/p.")).toEqual([
      { kind: "text", text: "Go to " },
      { kind: "link", href: "http://x.example/p" },
      { kind: "text", text: "." },
    ]);
    expect(splitLinks("(http://x.example/q)")).toEqual([
      { kind: "text", text: "(" },
      { kind: "link", href: "http://x.example/q" },
      { kind: "text", text: ")" },
    ]);
  });

  it("never links other schemes, broken URLs or markup", () => {
    for (const text of ["javascript:alert(1)", "data:text/html,<script>", "ftp://x.example", "http://", '<a href="http://', "https://\"onmouseover=x"]) {
      expect(splitLinks(text).every((p) => p.kind === "text" || /^https?:\/\/[^"<>\s]+$/.test(p.href))).toBe(true);
    }
    expect(splitLinks("javascript:alert(1)")).toEqual([{ kind: "text", text: "javascript:alert(1)" }]);
    expect(splitLinks('say "http://x.example/a"<b>')).toEqual([
      { kind: "text", text: 'say "' },
      { kind: "link", href: "http://x.example/a" },
      { kind: "text", text: '"<b>' },
    ]);
  });

  it("splits a body into lines", () => {
    expect(bodyLines("a\r\nb\nhttps://x.example")).toEqual([
      [{ kind: "text", text: "a" }],
      [{ kind: "text", text: "b" }],
      [{ kind: "link", href: "https://x.example" }],
    ]);
  });
});

describe("dates", () => {
  it("reads real YYYY-MM-DD dates as the start of that Pacific day, and nothing else", () => {
    // Admins type days in the chapter's time zone: a day starts at Pacific midnight (PDT in June, PST in February).
    expect(fromPacificDateInput("2030-06-30")?.toISOString()).toBe("2030-06-30T07:00:00.000Z");
    expect(fromPacificDateInput("2028-02-29")?.toISOString()).toBe("2028-02-29T08:00:00.000Z");
    for (const bad of ["2027-02-29", "2030-13-01", "2030-6-3", "30-06-2030", "1800-01-01", "99999-01-01", "", "2030-06-30T00:00"]) {
      expect(fromPacificDateInput(bad)).toBeNull();
    }
    expect(toPacificDateInput(new Date("2030-06-30T07:00:00Z"))).toBe("2030-06-30");
    // 00:30 UTC on July 1 is still June 30 in California.
    expect(toPacificDateInput(new Date("2030-07-01T00:30:00Z"))).toBe("2030-06-30");
    expect(toPacificDateInput(null)).toBe("");
  });
});

describe("accountStatus", () => {
  const now = new Date("2030-01-01T12:00:00Z");
  it("puts deactivation before locking, and a past lock counts as active", () => {
    expect(accountStatus({ deletedAt: null, isActive: true, lockedUntil: null }, now)).toBe("active");
    expect(accountStatus({ deletedAt: null, isActive: true, lockedUntil: new Date("2030-01-01T12:05:00Z") }, now)).toBe("locked");
    expect(accountStatus({ deletedAt: null, isActive: true, lockedUntil: new Date("2030-01-01T11:00:00Z") }, now)).toBe("active");
    expect(accountStatus({ deletedAt: new Date(), isActive: false, lockedUntil: new Date("2031-01-01") }, now)).toBe("deactivated");
    expect(accountStatus({ deletedAt: null, isActive: false, lockedUntil: null }, now)).toBe("deactivated");
  });
});

describe("URL numbers", () => {
  it("accepts only small non-negative integers as counts", () => {
    expect(countParam("3")).toBe(3);
    expect(countParam("0")).toBe(0);
    for (const bad of [undefined, "", "-1", "1e3", "12345", "3<b>", " 3"]) expect(countParam(bad)).toBeUndefined();
  });

  it("escapes LIKE wildcards", () => {
    expect(escapeLike("50%_off\\")).toBe("50\\%\\_off\\\\");
  });
});
