// The RFC 5545 writer: escaping, folding at 75 octets, UTC times, line endings.
import { describe, expect, it } from "vitest";
import { escapeText, foldLine, formatUtc, writeCalendar, type IcsEvent } from "../../src/lib/ics.ts";

const octets = (s: string) => new TextEncoder().encode(s).length;

/** Undoes folding (RFC 5545 3.1): a CRLF followed by one space or tab is removed. */
const unfold = (s: string) => s.replace(/\r\n[ \t]/g, "");

const event = (o: Partial<IcsEvent> = {}): IcsEvent => ({
  uid: "cabc@portal.example.org",
  stamp: new Date("2026-11-01T08:00:00Z"),
  start: new Date("2026-12-01T02:00:00Z"),
  end: new Date("2026-12-01T04:30:00Z"),
  summary: "Mixer",
  ...o,
});

describe("escapeText", () => {
  it("escapes backslash, semicolon, comma and every kind of newline", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf\rg")).toBe("a\\\\b\\;c\\,d\\ne\\nf\\ng");
  });
  it("escapes the backslash before the others, so nothing is escaped twice", () => {
    expect(escapeText("\\,")).toBe("\\\\\\,");
  });
  it("drops control characters that TEXT cannot hold", () => {
    expect(escapeText("bell\u0007 tab\tok")).toBe("bell tab\tok");
  });
});

describe("foldLine", () => {
  it("leaves a line of 75 octets alone and folds one of 76", () => {
    const exact = "X".repeat(75);
    expect(foldLine(exact)).toBe(exact);
    expect(foldLine(`${exact}Y`)).toBe(`${exact}\r\n Y`);
  });

  it("keeps every physical line at 75 octets or fewer, the leading space included", () => {
    const folded = foldLine(`DESCRIPTION:${"word ".repeat(100)}`);
    for (const line of folded.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(unfold(folded)).toBe(`DESCRIPTION:${"word ".repeat(100)}`);
  });

  it("counts octets, not characters, and never splits a UTF-8 character", () => {
    const text = `SUMMARY:${"Año nuevo 🎉 señor ".repeat(12)}`;
    const folded = foldLine(text);
    const lines = folded.split("\r\n");
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(octets(line)).toBeLessThanOrEqual(75);
      expect(line).not.toContain("\uFFFD");
    }
    expect(unfold(folded)).toBe(text);
    // "ñ" is 2 octets: 40 of them cannot fit on one 75-octet line.
    expect(foldLine(`X:${"ñ".repeat(40)}`).split("\r\n")[0]).toBe(`X:${"ñ".repeat(36)}`);
  });
});

describe("formatUtc", () => {
  it("writes UTC date-times with a Z", () => {
    expect(formatUtc(new Date("2026-12-01T17:05:09.123Z"))).toBe("20261201T170509Z");
  });
  it("refuses an invalid date", () => {
    expect(() => formatUtc(new Date("nope"))).toThrow(RangeError);
  });
});

describe("writeCalendar", () => {
  it("writes a VCALENDAR with CRLF line ends (the last one too) and one VEVENT per event", () => {
    const ics = writeCalendar({ prodId: "-//Test//EN", name: "Chapter events", refreshMinutes: 60, events: [event(), event({ uid: "cdef@x" })] });
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(ics).toContain("X-WR-CALNAME:Chapter events\r\n");
    expect(ics).toContain("REFRESH-INTERVAL;VALUE=DURATION:PT60M\r\n");
    expect(ics).toContain("DTSTART:20261201T020000Z\r\nDTEND:20261201T043000Z\r\n");
    expect(ics).toContain("DTSTAMP:20261101T080000Z\r\n");
    expect(ics).toContain("UID:cabc@portal.example.org\r\n");
  });

  it("escapes TEXT properties and keeps URLs as they are", () => {
    const ics = writeCalendar({
      prodId: "-//Test//EN",
      events: [event({ summary: "Bonding, Bidding; Q&A", description: "Line one\nLine two", location: "Hall A, Oakland", url: "https://x.example/e?a=1,2" })],
    });
    expect(ics).toContain("SUMMARY:Bonding\\, Bidding\\; Q&A\r\n");
    expect(ics).toContain("DESCRIPTION:Line one\\nLine two\r\n");
    expect(ics).toContain("LOCATION:Hall A\\, Oakland\r\n");
    expect(ics).toContain("URL:https://x.example/e?a=1,2\r\n");
  });

  it("omits empty optional properties and refuses an event that ends before it starts", () => {
    const ics = writeCalendar({ prodId: "-//Test//EN", events: [event({ description: null, location: "" })] });
    expect(ics).not.toContain("DESCRIPTION");
    expect(ics).not.toContain("LOCATION");
    expect(() => writeCalendar({ prodId: "-//Test//EN", events: [event({ end: new Date("2026-11-30T00:00:00Z") })] })).toThrow(RangeError);
  });
});
