// The dashboard's reads: the live numbers (one statement of small counts over indexed
// columns) and the 12-month trends from the roll-up rows (system_metrics), sent together.
import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { CHAPTER_TIME_ZONE, monthKey } from "../../lib/time.ts";
import { applicationsIn, completionsIn, eventFillAt, memberCounts, openBidsAt, registrationsIn, revenueSums, upcomingEventsAt } from "./rollup.ts";
import { lastTwelveMonths, METRICS, type MetricRow } from "./rules.ts";

export type Reader = Db | Tx;

export interface LiveNumbers {
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
  live: LiveNumbers;
  months: string[];
  rows: MetricRow[];
}

const TREND_METRICS = Object.values(METRICS);

function liveStatement(now: Date): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  const tz = CHAPTER_TIME_ZONE;
  const monthStart = sql`(date_trunc('month', ${at} AT TIME ZONE ${tz}) AT TIME ZONE ${tz})`;
  const yearStart = sql`(date_trunc('year', ${at} AT TIME ZONE ${tz}) AT TIME ZONE ${tz})`;
  const n = (q: SQL) => sql`(${q})::float8`;
  return sql`SELECT
    m.active AS "activeMembers", m.joined AS "newThisMonth", m.renewals AS "renewalsDue", m.lapsed AS "lapsed",
    rm."MEMBERSHIP" AS "duesMonth", ry."MEMBERSHIP" AS "duesYear", rm."all" AS "allMonth", ry."all" AS "allYear",
    ${n(upcomingEventsAt(at))} AS "upcomingEvents",
    ${n(eventFillAt(at))} AS "eventFill",
    ${n(registrationsIn(monthStart, at))} AS "registrationsMonth",
    ${n(openBidsAt(at))} AS "openBids",
    ${n(sql`SELECT count(*) FROM project_applications a JOIN projects p ON p.id = a.project_id
            WHERE p.status = 'BIDDING_OPEN' AND p.deleted_at IS NULL AND a.status <> 'WITHDRAWN'`)} AS "openBidApplications",
    ${n(applicationsIn(monthStart, at))} AS "applicationsMonth",
    ${n(completionsIn(monthStart, at))} AS "completionsMonth",
    ${n(sql`SELECT count(*) FROM member_feedback f WHERE f.status = 'OPEN'`)} AS "openFeedback"
    FROM (${memberCounts(monthStart, at)}) AS m, (${revenueSums(monthStart, at)}) AS rm, (${revenueSums(yearStart, at)}) AS ry`;
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

export async function loadDashboard(db: Reader, now: Date): Promise<DashboardData> {
  const months = lastTwelveMonths(monthKey(now));
  const [live, trend] = await Promise.all([db.execute(liveStatement(now)), db.execute(trendStatement(months))]);
  const l = rowsOf<Record<string, number>>(live)[0] ?? {};
  const v = (k: string) => Number(l[k] ?? 0);
  return {
    live: {
      activeMembers: v("activeMembers"),
      newThisMonth: v("newThisMonth"),
      renewalsDue: v("renewalsDue"),
      lapsed: v("lapsed"),
      duesMonth: v("duesMonth"),
      duesYear: v("duesYear"),
      otherMonth: v("allMonth") - v("duesMonth"),
      otherYear: v("allYear") - v("duesYear"),
      upcomingEvents: v("upcomingEvents"),
      eventFill: v("eventFill"),
      registrationsMonth: v("registrationsMonth"),
      openBids: v("openBids"),
      openBidApplications: v("openBidApplications"),
      applicationsMonth: v("applicationsMonth"),
      completionsMonth: v("completionsMonth"),
      openFeedback: v("openFeedback"),
    },
    months,
    rows: rowsOf<MetricRow>(trend).map((r) => ({ ...r, total: Number(r.total), last: Number(r.last) })),
  };
}
