// Every way the portal shows or reads a time. The chapter is in Northern California:
// members and admins alike see times in Pacific time with the zone named, and admins type
// times as Pacific wall-clock. The <time datetime> attribute carries the exact instant.
// (iCal's UTC stamps are a wire format and live in lib/ics.ts.)

export const CHAPTER_TIME_ZONE = "America/Los_Angeles";

const pacific = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("en-US", { timeZone: CHAPTER_TIME_ZONE, ...options });

const dateFormat = pacific({ month: "short", day: "numeric", year: "numeric" });
const dayFormat = pacific({ weekday: "short", month: "short", day: "numeric", year: "numeric" });
const timeFormat = pacific({ hour: "numeric", minute: "2-digit" });
const zoneFormat = pacific({ timeZoneName: "short" });
const wallClock = pacific({ hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });

const NO_TIME = "—";

function zoneName(d: Date): string {
  return zoneFormat.formatToParts(d).find((p) => p.type === "timeZoneName")?.value ?? "PT";
}

/** "Dec 1, 2026"; "—" for no date. */
export function formatDate(d: Date | null | undefined): string {
  return d ? dateFormat.format(d) : NO_TIME;
}

/** "Dec 1, 2026, 5:00 PM PST"; "—" for no date. */
export function formatDateTime(d: Date | null | undefined): string {
  return d ? `${dateFormat.format(d)}, ${timeFormat.format(d)} ${zoneName(d)}` : NO_TIME;
}

/** "Tue, Dec 1, 2026" */
export function formatDay(d: Date): string {
  return dayFormat.format(d);
}

/** "Tue, Dec 1, 2026, 6:00 PM – 8:00 PM PST", or both days when it spans more than one. */
export function formatWhen(start: Date, end: Date): string {
  const startDay = dayFormat.format(start);
  const endDay = dayFormat.format(end);
  if (startDay === endDay) return `${startDay}, ${timeFormat.format(start)} – ${timeFormat.format(end)} ${zoneName(end)}`;
  return `${startDay}, ${timeFormat.format(start)} – ${endDay}, ${timeFormat.format(end)} ${zoneName(end)}`;
}

/** "2026-12": the Pacific month an instant falls in (month filters and list headings). */
export function monthKey(d: Date): string {
  const w = wallParts(d);
  return `${w.y}-${String(w.mo).padStart(2, "0")}`;
}

// ---------------------------------------------------------------- Pacific wall clock ↔ UTC

function wallParts(at: Date): { y: number; mo: number; d: number; h: number; mi: number } {
  const p = Object.fromEntries(wallClock.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute) };
}

/** How far Pacific wall-clock time is ahead of UTC at this instant (negative: -7 h or -8 h). */
function offsetMs(at: number): number {
  const w = wallParts(new Date(at));
  const wallAsUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi);
  return wallAsUtc - Math.floor(at / 60_000) * 60_000;
}

/** A stored instant as a datetime-local value in Pacific time: "2026-03-08T18:30". */
export function toPacificInput(date: Date | null | undefined): string {
  if (!date) return "";
  const w = wallParts(date);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${w.y}-${two(w.mo)}-${two(w.d)}T${two(w.h)}:${two(w.mi)}`;
}

/**
 * A datetime-local value read as Pacific wall-clock time, as a UTC instant. null when it
 * is not a real time, or is a time the clocks skip (2:30 on the spring-forward night).
 * In the autumn's repeated hour the earlier (daylight) instant is taken.
 */
export function fromPacificInput(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::00)?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (y < 2000 || y > 2200 || h > 23 || mi > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  // Try both offsets the zone uses around this time; keep the earliest that maps back to the same wall clock.
  const candidates = [wall - offsetMs(wall - 12 * 3_600_000), wall - offsetMs(wall + 12 * 3_600_000)].sort((a, b) => a - b);
  const normalised = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}`;
  for (const at of candidates) if (toPacificInput(new Date(at)) === normalised) return new Date(at);
  return null;
}

/**
 * A "YYYY-MM-DD" from a date input, as the start of that day in Pacific time (the same
 * wall clock admins type times in); null when it is not a real date.
 */
export function fromPacificDateInput(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  return fromPacificInput(`${value}T00:00`);
}

/** The value a date input shows for a stored instant: its Pacific day. */
export function toPacificDateInput(date: Date | null | undefined): string {
  return toPacificInput(date).slice(0, 10);
}
