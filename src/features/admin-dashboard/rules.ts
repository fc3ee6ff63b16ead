// The admin dashboard's pure parts (no I/O): the metrics the daily roll-up writes, Pacific
// day arithmetic on "YYYY-MM-DD" strings, the 12 months a trend covers, and the small linear
// scale that turns a series into SVG path data (no chart library: a few lines, no bundle cost).

/** Every metric the roll-up writes, one row per Pacific day (and dimension). */
export const METRICS = {
  /** Regular members not deleted and not past their expiry at the end of the day (stock). */
  activeMembers: "ACTIVE_MEMBERS",
  /** Regular members who joined that day (flow). */
  newMembers: "NEW_MEMBERS",
  /** Regular members past their expiry (in grace or lapsed) at the end of the day (stock). */
  lapsedMembers: "LAPSED_MEMBERS",
  /** Memberships ending within the 30 days after the day (stock). */
  renewalsDue: "RENEWALS_DUE",
  /** Money received that day net of refunds, in dollars: dimension "" all, else the payment type (flow). */
  revenue: "REVENUE",
  /** Event registrations made that day (flow). */
  registrations: "EVENT_REGISTRATIONS",
  /** Published events still to start at the end of the day (stock). */
  upcomingEvents: "UPCOMING_EVENTS",
  /** Percent of the capped seats of those events taken (stock). */
  eventFill: "EVENT_FILL_PERCENT",
  /** Bid opportunities taking bids at the end of the day (stock). */
  openBids: "OPEN_BIDS",
  /** Bids (not withdrawn) on the opportunities taking bids at the end of the day (stock). */
  openBidApplications: "OPEN_BID_APPLICATIONS",
  /** Bids submitted that day (flow). */
  applications: "BID_APPLICATIONS",
  /** Course enrolments completed that day (flow). */
  completions: "COURSE_COMPLETIONS",
  /** Feedback tickets still open at the end of the day (stock). */
  openFeedback: "OPEN_FEEDBACK",
  /** Page views (flow), dimension "" for the chapter, else the project or event id. */
  projectViews: "PROJECT_VIEWS",
  eventViews: "EVENT_VIEWS",
} as const;
export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/** Stocks take the month's last day; flows add the month's days up. */
export const STOCK_METRICS: ReadonlySet<string> = new Set([
  METRICS.activeMembers,
  METRICS.lapsedMembers,
  METRICS.renewalsDue,
  METRICS.upcomingEvents,
  METRICS.eventFill,
  METRICS.openBids,
  METRICS.openBidApplications,
  METRICS.openFeedback,
]);

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-12-01" + n days (calendar arithmetic; no time zone involved). */
export function addDays(day: string, n: number): string {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`Not a day: ${day}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n));
  return d.toISOString().slice(0, 10);
}

/** The days from `from` to `to`, both included, oldest first. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** "2026-12" → the 12 months ending with it, oldest first: ["2026-01", …, "2026-12"]. */
export function lastTwelveMonths(month: string): string[] {
  const [y, mo] = month.split("-").map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(y, mo - 1 - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "2026-03" → "Mar 2026". */
export function monthLabel(month: string): string {
  const [y, mo] = month.split("-").map(Number) as [number, number];
  return `${MONTH_NAMES[mo - 1] ?? "?"} ${y}`;
}

export interface MetricRow {
  metric: string;
  dimension: string;
  month: string;
  /** Sum of the month's daily values. */
  total: number;
  /** The value of the month's latest day. */
  last: number;
}

export interface TrendPoint {
  month: string;
  value: number | null;
}

/**
 * One metric's monthly series over `months`: a month with no roll-up row is a gap (null), not
 * a zero, so a chapter that started using the portal in June does not draw a cliff before it.
 */
export function monthlySeries(rows: readonly MetricRow[], metric: string, months: readonly string[], dimension = ""): TrendPoint[] {
  const stock = STOCK_METRICS.has(metric);
  const byMonth = new Map<string, number>();
  for (const r of rows) if (r.metric === metric && r.dimension === dimension) byMonth.set(r.month, stock ? r.last : r.total);
  return months.map((month) => ({ month, value: byMonth.has(month) ? byMonth.get(month)! : null }));
}

/** a − b month by month (other revenue = all revenue − dues); a gap stays a gap. */
export function subtractSeries(a: readonly TrendPoint[], b: readonly TrendPoint[]): TrendPoint[] {
  return a.map((p, i) => ({ month: p.month, value: p.value === null ? null : p.value - (b[i]?.value ?? 0) }));
}

// ---------------------------------------------------------------- the chart's geometry

export interface ChartGeometry {
  width: number;
  height: number;
  /** SVG path data of the line ("" when nothing to draw). */
  line: string;
  /** Dots: one per point with a value (a single point is only a dot). */
  dots: Array<{ x: number; y: number; month: string; value: number }>;
  /** The baseline (y of zero, or of the minimum when every value is above zero). */
  baseline: number;
  min: number;
  max: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Places a series in a width×height box with `pad` around it: x spreads the slots evenly
 * (a gap keeps its slot), y runs from the smaller of 0 and the minimum to the maximum. A flat
 * or single-point series sits mid-height. Segments break at gaps (a new "M").
 */
export function chartGeometry(points: readonly TrendPoint[], width = 240, height = 64, pad = 4): ChartGeometry {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const min = values.length ? Math.min(0, ...values) : 0;
  const max = values.length ? Math.max(...values) : 0;
  const span = max - min;
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  const x = (i: number) => round(pad + (points.length <= 1 ? innerW / 2 : (i * innerW) / (points.length - 1)));
  const y = (v: number) => round(span === 0 ? pad + innerH / 2 : pad + innerH - ((v - min) / span) * innerH);
  let line = "";
  let pen = false;
  const dots: ChartGeometry["dots"] = [];
  points.forEach((p, i) => {
    if (p.value === null || !Number.isFinite(p.value)) {
      pen = false;
      return;
    }
    const px = x(i);
    const py = y(p.value);
    line += `${pen ? "L" : "M"}${px} ${py}`;
    pen = true;
    dots.push({ x: px, y: py, month: p.month, value: p.value });
  });
  // A path of only "M" commands draws nothing: lone points are shown by their dots alone.
  if (!line.includes("L")) line = "";
  return { width, height, line, dots, baseline: y(min), min, max };
}

// ---------------------------------------------------------------- page views: what counts

const PAGE = /^\/(projects|events)\/(c[a-z2-7]{24})$/;

// Crawlers, link previews, uptime monitors, scripts and headless browsers announce themselves.
const BOT =
  /bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|uptime|pingdom|lighthouse|headless|phantom|selenium|puppeteer|playwright|curl|wget|httpie|python|java\/|okhttp|go-http-client|axios|node-fetch|undici|libwww|scrapy|feedfetcher/i;

/** True for a user agent that is not a person's browser (or no user agent at all). */
export function isBot(userAgent: string | null | undefined): boolean {
  const ua = (userAgent ?? "").trim();
  return ua === "" || BOT.test(ua);
}

/** The page a path counts as, or null: only an opportunity's or an event's own page. */
export function countedPage(method: string, path: string): { kind: "project" | "event"; page: string } | null {
  if (method !== "GET") return null;
  const m = PAGE.exec(path);
  if (!m) return null;
  return { kind: m[1] === "projects" ? "project" : "event", page: m[2]! };
}
