// The dashboard's reads, all from the roll-up rows (system_metrics), never from the tables:
// the numbers are today's row of each stock and the sums of this month's and this year's
// rows of each flow, as of the latest roll-up (the cron's, every few minutes), and the
// 12-month trends. A fresh database with no roll-up of today yet gets one on that request.
import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { monthKey, toPacificDateInput } from "../../lib/time.ts";
import { rollUpDays } from "./rollup.ts";
import { lastTwelveMonths, METRICS, type MetricRow } from "./rules.ts";

export type Reader = Db | Tx;

export interface DashboardNumbers {
  activeMembers: number;
  newThisMonth: number;
  renewalsDue: number;
  lapsed: number;
  duesMonth: number;
  duesYear: number;
  otherMonth: number;
  otherYear: number;
  upcomingEvents: number;
  eventFill: number;
  registrationsMonth: number;
  openBids: number;
  openBidApplications: number;
  applicationsMonth: number;
  completionsMonth: number;
  openFeedback: number;
}

export interface DashboardData {
  numbers: DashboardNumbers;
  /** When the roll-up the numbers come from ran. */
  asOf: Date;
  months: string[];
  rows: MetricRow[];
}

const TREND_METRICS = Object.values(METRICS);

interface KpiRow {
  metric: string;
  dimension: string;
  today: number | null;
  month: number | null;
  year: number | null;
  recorded: string | null;
}

/** Each metric's value today, its sum over this month and over this year (to today), and when today's row was written. */
function kpiStatement(today: string): SQL {
  const month = `${today.slice(0, 7)}-01`;
  const year = `${today.slice(0, 4)}-01-01`;
  return sql`SELECT metric, dimension,
      max(value) FILTER (WHERE day = ${today}::date) AS today,
      sum(value) FILTER (WHERE day >= ${month}::date) AS month,
      sum(value) AS year,
      max(recorded_at) FILTER (WHERE day = ${today}::date) AS recorded
    FROM system_metrics
    WHERE metric IN (${sql.join(TREND_METRICS.map((m) => sql`${m}`), sql`, `)}) AND dimension IN ('', 'MEMBERSHIP')
      AND day >= ${year}::date AND day <= ${today}::date
    GROUP BY metric, dimension`;
}

/** The roll-up rows of the 12 months ending with `now`'s Pacific month, one per metric, dimension and month. */
function trendStatement(months: string[]): SQL {
  const first = `${months[0]}-01`;
  return sql`SELECT metric, dimension, to_char(day, 'YYYY-MM') AS month,
      sum(value)::float8 AS total, (array_agg(value ORDER BY day DESC))[1]::float8 AS last
    FROM system_metrics
    WHERE metric IN (${sql.join(TREND_METRICS.map((m) => sql`${m}`), sql`, `)}) AND day >= ${first}::date
      AND dimension IN ('', 'MEMBERSHIP')
    GROUP BY metric, dimension, month`;
}

const rowsOf = <T>(result: unknown): T[] => ((result as { rows?: T[] }).rows ?? []) as T[];

function numbersOf(rows: readonly KpiRow[]): DashboardNumbers {
  const find = (metric: string, dimension = "") => rows.find((r) => r.metric === metric && r.dimension === dimension);
  const today = (metric: string) => Number(find(metric)?.today ?? 0);
  const month = (metric: string, dimension = "") => Number(find(metric, dimension)?.month ?? 0);
  const year = (metric: string, dimension = "") => Number(find(metric, dimension)?.year ?? 0);
  return {
    activeMembers: today(METRICS.activeMembers),
    newThisMonth: month(METRICS.newMembers),
    renewalsDue: today(METRICS.renewalsDue),
    lapsed: today(METRICS.lapsedMembers),
    duesMonth: month(METRICS.revenue, "MEMBERSHIP"),
    duesYear: year(METRICS.revenue, "MEMBERSHIP"),
    otherMonth: month(METRICS.revenue) - month(METRICS.revenue, "MEMBERSHIP"),
    otherYear: year(METRICS.revenue) - year(METRICS.revenue, "MEMBERSHIP"),
    upcomingEvents: today(METRICS.upcomingEvents),
    eventFill: today(METRICS.eventFill),
    registrationsMonth: month(METRICS.registrations),
    openBids: today(METRICS.openBids),
    openBidApplications: today(METRICS.openBidApplications),
    applicationsMonth: month(METRICS.applications),
    completionsMonth: month(METRICS.completions),
    openFeedback: today(METRICS.openFeedback),
  };
}

export async function loadDashboard(db: Reader, now: Date): Promise<DashboardData> {
  const today = toPacificDateInput(now);
  const months = lastTwelveMonths(monthKey(now));
  let [kpis, trend] = await Promise.all([db.execute(kpiStatement(today)), db.execute(trendStatement(months))]);
  const rolledUpToday = (result: unknown) => rowsOf<KpiRow>(result).some((r) => r.metric === METRICS.activeMembers && r.recorded !== null);
  if (!rolledUpToday(kpis)) {
    // No roll-up of today yet (a fresh database, or the cron has not run since midnight): run it
    // once now; it replaces the day, so the cron's next run changes nothing it should not.
    await rollUpDays(db, today, today, now);
    [kpis, trend] = await Promise.all([db.execute(kpiStatement(today)), db.execute(trendStatement(months))]);
  }
  const kpiRows = rowsOf<KpiRow>(kpis);
  const recorded = kpiRows.find((r) => r.metric === METRICS.activeMembers)?.recorded;
  return {
    numbers: numbersOf(kpiRows),
    asOf: recorded ? new Date(recorded) : now,
    months,
    rows: rowsOf<MetricRow>(trend).map((r) => ({ ...r, total: Number(r.total), last: Number(r.last) })),
  };
}
