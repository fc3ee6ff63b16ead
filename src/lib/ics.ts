// An RFC 5545 (iCalendar) writer: just what event calendars need. Lines end in CRLF and
// are folded at 75 octets (never inside a UTF-8 character); TEXT values escape \ ; , and
// newlines; every time is UTC ("Z"), so no VTIMEZONE is needed and no client guesses a zone.

export interface IcsEvent {
  /** Globally unique and stable across updates, e.g. "<event id>@portal.example.org". */
  uid: string;
  /** When this information was last changed (stable, so an unchanged feed is byte-identical). */
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description?: string | null;
  location?: string | null;
  /** An absolute URL (URI value: not TEXT-escaped). */
  url?: string | null;
  status?: "CONFIRMED" | "TENTATIVE" | "CANCELLED";
  /** Revision number; calendar apps take a higher one as the newer version of the event. */
  sequence?: number;
  categories?: string[];
}

export interface IcsCalendar {
  /** PRODID, e.g. "-//Chapter//Member Portal//EN". */
  prodId: string;
  /** Shown by calendar apps as the subscription's name (X-WR-CALNAME / NAME). */
  name?: string;
  /** How often subscribers should re-fetch (REFRESH-INTERVAL and X-PUBLISHED-TTL), in minutes. */
  refreshMinutes?: number;
  events: IcsEvent[];
}

const CRLF = "\r\n";
const MAX_OCTETS = 75;
const encoder = new TextEncoder();

/** TEXT value escaping (RFC 5545 3.3.11): backslash first, then ; , and every kind of line break. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n")
    // Other control characters are not allowed in TEXT; drop them rather than break the file.
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}

/** 2026-12-01T17:30:00.000Z → 20261201T173000Z */
export function formatUtc(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("invalid date in calendar");
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * Folds one content line so no physical line exceeds 75 octets (RFC 5545 3.1). The
 * continuation's leading space counts toward its 75. Splits only between code points.
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = MAX_OCTETS - 1; // room for the leading space
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

function property(name: string, value: string): string {
  return foldLine(`${name}:${value}`);
}

function textProperty(name: string, value: string | null | undefined): string[] {
  return value ? [property(name, escapeText(value))] : [];
}

function eventLines(e: IcsEvent): string[] {
  if (e.end.getTime() < e.start.getTime()) throw new RangeError(`event ${e.uid} ends before it starts`);
  return [
    "BEGIN:VEVENT",
    property("UID", escapeText(e.uid)),
    property("DTSTAMP", formatUtc(e.stamp)),
    property("LAST-MODIFIED", formatUtc(e.stamp)),
    property("DTSTART", formatUtc(e.start)),
    property("DTEND", formatUtc(e.end)),
    ...textProperty("SUMMARY", e.summary),
    ...textProperty("DESCRIPTION", e.description),
    ...textProperty("LOCATION", e.location),
    ...(e.url ? [property("URL", e.url.replace(/[\r\n]/g, ""))] : []),
    ...(e.categories?.length ? [property("CATEGORIES", e.categories.map(escapeText).join(","))] : []),
    ...(e.status ? [property("STATUS", e.status)] : []),
    ...(e.sequence !== undefined ? [property("SEQUENCE", String(Math.max(0, Math.trunc(e.sequence))))] : []),
    "END:VEVENT",
  ];
}

/** The whole VCALENDAR as one string, every line (the last too) ended by CRLF. */
export function writeCalendar(cal: IcsCalendar): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    property("PRODID", cal.prodId),
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    ...(cal.name ? [property("NAME", escapeText(cal.name)), property("X-WR-CALNAME", escapeText(cal.name))] : []),
    ...(cal.refreshMinutes
      ? [`REFRESH-INTERVAL;VALUE=DURATION:PT${cal.refreshMinutes}M`, `X-PUBLISHED-TTL:PT${cal.refreshMinutes}M`]
      : []),
    ...cal.events.flatMap(eventLines),
    "END:VCALENDAR",
  ];
  return lines.join(CRLF) + CRLF;
}
