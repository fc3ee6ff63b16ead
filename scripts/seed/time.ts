// Every seeded timestamp is an offset from one anchor, so "past" and "upcoming"
// stay true whenever the seed is run. The anchor is the start of the current UTC
// day: two runs on the same day write identical rows.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

export function startOfUtcDay(now: Date = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

const laOffset = new Intl.DateTimeFormat("en-US", { timeZone: "America/Los_Angeles", timeZoneName: "shortOffset" });

/** Minutes east of UTC for Pacific time at that instant (-480 in winter, -420 in summer). */
function pacificOffsetMinutes(at: Date): number {
  const part = laOffset.formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "GMT-8";
  const m = /GMT([+-]\d{1,2})(?::(\d{2}))?/.exec(part);
  if (!m) return -480;
  const hours = Number(m[1]);
  return hours * 60 + Math.sign(hours) * Number(m[2] ?? 0);
}

export class Clock {
  constructor(readonly anchor: Date) {}

  /** anchor + n days (fractions allowed). */
  days(n: number): Date {
    return new Date(this.anchor.getTime() + n * DAY);
  }

  hours(n: number): Date {
    return new Date(this.anchor.getTime() + n * HOUR);
  }

  /** A moment `n` days from the anchor plus some minutes: for created/sent stamps that should not all tick at midnight. */
  at(days: number, minutes: number): Date {
    return new Date(this.anchor.getTime() + days * DAY + minutes * MINUTE);
  }

  /** Wall-clock time in the Bay Area on the day `days` from the anchor (events, deadlines). */
  pacific(days: number, hour: number, minute = 0): Date {
    const day = new Date(this.anchor.getTime() + days * DAY);
    const guess = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, minute);
    const offset = pacificOffsetMinutes(new Date(guess + 8 * HOUR));
    return new Date(guess - offset * MINUTE);
  }

  /** Clamps a stamp that must lie in the past to just before the anchor (a late-evening Pacific time on day -1 is already tomorrow in UTC). */
  past(d: Date): Date {
    const limit = this.anchor.getTime() - 30 * MINUTE;
    return d.getTime() <= limit ? d : new Date(limit);
  }

  /** Whole days from a to b. */
  static daysBetween(a: Date, b: Date): number {
    return Math.round((b.getTime() - a.getTime()) / DAY);
  }

  static plusMinutes(d: Date, minutes: number): Date {
    return new Date(d.getTime() + minutes * MINUTE);
  }

  static plusDays(d: Date, days: number): Date {
    return new Date(d.getTime() + days * DAY);
  }

  static max(a: Date, b: Date): Date {
    return a.getTime() >= b.getTime() ? a : b;
  }

  static min(a: Date, b: Date): Date {
    return a.getTime() <= b.getTime() ? a : b;
  }
}

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
