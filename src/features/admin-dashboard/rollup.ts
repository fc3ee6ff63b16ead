// The daily roll-up behind the dashboard's trends: one system_metrics row per metric, Pacific
// day and dimension, computed from the tables. Idempotent: rolling a day up again replaces its
// rows (INSERT … ON CONFLICT (metric, day, dimension) DO UPDATE). The cron rolls up yesterday
// and today on every run; the seed backfills a year. Page views come from the PageViews
// Durable Object instead (flushPageViews), as they are counted nowhere in Postgres.
//
// The stock metrics ("at the end of the day") read today's columns, so for past days they are
// a reconstruction: a member's expiry is the current one, a project's or a ticket's status is
// its current status with its closing time. That is exact for days rolled up as they happen,
// which is what the cron does from then on.
import { sql, type SQL } from "drizzle-orm";
import { CHAPTER_TIME_ZONE } from "../../lib/time.ts";
import { users } from "../../db/schema/accounts.ts";
import { events } from "../../db/schema/events.ts";
import { payments } from "../../db/schema/payments.ts";
import { courseEnrollments } from "../../db/schema/learning.ts";
import { projectApplications, projects } from "../../db/schema/projects.ts";
import {
  applicationSubmittedIn,
  enrollmentCompletedIn,
  eventUpcomingAt,
  memberActiveAt,
  memberEndedAt,
  memberJoinedIn,
  memberRenewalDueAt,
  netRevenue,
  paymentReceivedIn,
  projectTakingBidsAt,
  RENEWAL_DUE_DAYS,
} from "./definitions.ts";
import { METRICS } from "./rules.ts";

/** Anything that runs a statement: the Worker's Db, a transaction, the seed's node-postgres drizzle. */
export interface Executor {
  execute(query: SQL): Promise<unknown>;
}

// ---------------------------------------------------------------- shared definitions
// Each takes the instants bounding the period as SQL, so the roll-up (per day) and the
// dashboard's live numbers (up to now) count the same way.

/**
 * The member counts in one pass over the regular members (definitions.ts): active, joined in
 * the period, ended (in grace or lapsed), renewals due within RENEWAL_DUE_DAYS after `end`.
 */
export const memberCounts = (start: SQL, end: SQL) =>
  sql`SELECT
      count(*) FILTER (WHERE ${memberActiveAt(end)})::float8 AS active,
      count(*) FILTER (WHERE ${memberJoinedIn(start, end)})::float8 AS joined,
      count(*) FILTER (WHERE ${memberEndedAt(end)})::float8 AS lapsed,
      count(*) FILTER (WHERE ${memberRenewalDueAt(end, RENEWAL_DUE_DAYS)})::float8 AS renewals
    FROM ${users} WHERE ${users.memberType} = 'REGULAR' AND ${users.memberSince} < ${end}`;

const PAYMENT_TYPES = ["MEMBERSHIP", "EVENT_REGISTRATION", "SPONSORSHIP", "DONATION", "TRAINING"] as const;

/** Money received in the period net of refunds, in dollars, in one pass: "all", then one column per payment type. */
export const revenueSums = (start: SQL, end: SQL) =>
  sql`SELECT ${netRevenue()}::float8 AS "all",
      ${sql.join(
        PAYMENT_TYPES.map((t) => sql`${netRevenue(sql`${payments.type} = ${t}::payment_type`)}::float8 AS ${sql.identifier(t)}`),
        sql`, `,
      )}
    FROM ${payments} WHERE ${paymentReceivedIn(start, end)}`;

export const upcomingEventsAt = (end: SQL) => sql`(SELECT count(*) FROM ${events} WHERE ${eventUpcomingAt(end)})`;
/** Seats taken of the capped seats of the upcoming events, in percent (0 with no capped event). */
export const eventFillAt = (end: SQL) =>
  sql`(SELECT coalesce(round(100.0 * sum((SELECT count(*) FROM event_registrations r
          WHERE r.event_id = ${events.id} AND r.status IN ('REGISTERED', 'ATTENDED') AND r.registered_at < ${end}))
          / nullif(sum(${events.maxCapacity}), 0), 1), 0)
        FROM ${events} WHERE ${eventUpcomingAt(end)} AND ${events.maxCapacity} > 0)`;

export const openBidsAt = (end: SQL) => sql`(SELECT count(*) FROM ${projects} WHERE ${projectTakingBidsAt(end)})`;
/** Bids (not withdrawn) submitted by `end` on the opportunities taking bids then. */
export const openBidApplicationsAt = (end: SQL) =>
  sql`(SELECT count(*) FROM project_applications a JOIN ${projects} ON ${projects.id} = a.project_id
        WHERE ${projectTakingBidsAt(end)} AND a.status <> 'WITHDRAWN' AND a.submitted_at < ${end})`;
export const applicationsIn = (start: SQL, end: SQL) =>
  sql`(SELECT count(*) FROM ${projectApplications} JOIN ${projects} ON ${projects.id} = ${projectApplications.projectId} WHERE ${applicationSubmittedIn(start, end)})`;
export const registrationsIn = (start: SQL, end: SQL) =>
  sql`(SELECT count(*) FROM event_registrations r WHERE r.registered_at >= ${start} AND r.registered_at < ${end})`;
export const completionsIn = (start: SQL, end: SQL) => sql`(SELECT count(*) FROM ${courseEnrollments} WHERE ${enrollmentCompletedIn(start, end)})`;
export const openFeedbackAt = (end: SQL) =>
  sql`(SELECT count(*) FROM member_feedback f WHERE f.created_at < ${end}
        AND (f.status = 'OPEN' OR (f.responded_at IS NOT NULL AND f.responded_at >= ${end})))`;

/** A row id made in SQL from the row's key, shaped like newId() ('c' + 24 of [a-z2-7]); kept on conflict. */
const keyId = (metric: SQL, day: SQL, dimension: SQL) =>
  sql`'c' || translate(substr(md5(${metric} || '|' || ${day}::text || '|' || ${dimension}), 1, 24), '0189', 'wxyz')`;

/**
 * Rolls up every Pacific day from `from` to `to` ("YYYY-MM-DD", both included) in one
 * statement. A day not over at `asOf` (today) is rolled up to `asOf`: its stocks are as of
 * then, its flows so far, and its rows are stamped with it (the dashboard's "as of").
 * Returns how many rows it wrote (inserted or replaced).
 */
export async function rollUpDays(db: Executor, from: string, to: string, asOf = new Date()): Promise<number> {
  if (to < from) return 0;
  const start = sql`d.start_at`;
  const end = sql`d.end_at`;
  const chapter: Array<[string, SQL]> = [
    [METRICS.activeMembers, sql`m.active`],
    [METRICS.newMembers, sql`m.joined`],
    [METRICS.lapsedMembers, sql`m.lapsed`],
    [METRICS.renewalsDue, sql`m.renewals`],
    [METRICS.registrations, registrationsIn(start, end)],
    [METRICS.upcomingEvents, upcomingEventsAt(end)],
    [METRICS.eventFill, eventFillAt(end)],
    [METRICS.openBids, openBidsAt(end)],
    [METRICS.openBidApplications, openBidApplicationsAt(end)],
    [METRICS.applications, applicationsIn(start, end)],
    [METRICS.completions, completionsIn(start, end)],
    [METRICS.openFeedback, openFeedbackAt(end)],
  ];
  const columns: Array<[string, string, SQL]> = [
    ...chapter.map(([metric, value]): [string, string, SQL] => [metric, "", value]),
    [METRICS.revenue, "", sql`r."all"`],
    ...PAYMENT_TYPES.map((t): [string, string, SQL] => [METRICS.revenue, t, sql`r.${sql.identifier(t)}`]),
  ];
  const values = sql.join(
    columns.map(([metric, dimension, value]) => sql`(${metric}, ${dimension}, (${value})::double precision)`),
    sql`, `,
  );
  const at = sql`${asOf.toISOString()}::timestamptz`;
  const result = (await db.execute(sql`
    WITH d AS (
      SELECT day::date AS day,
             (day::date::timestamp AT TIME ZONE ${CHAPTER_TIME_ZONE}) AS start_at,
             least(((day::date + 1)::timestamp AT TIME ZONE ${CHAPTER_TIME_ZONE}), ${at}) AS end_at
      FROM generate_series(${from}::date, ${to}::date, interval '1 day') AS day
    )
    INSERT INTO system_metrics (id, metric, value, day, dimension, recorded_at)
    SELECT ${keyId(sql`v.metric`, sql`d.day`, sql`v.dimension`)}, v.metric, v.value, d.day, v.dimension, ${at}
    FROM d CROSS JOIN LATERAL (${memberCounts(start, end)}) AS m CROSS JOIN LATERAL (${revenueSums(start, end)}) AS r
      CROSS JOIN LATERAL (VALUES ${values}) AS v(metric, dimension, value)
    ON CONFLICT (metric, day, dimension) DO UPDATE SET value = excluded.value, recorded_at = excluded.recorded_at
    RETURNING 1`)) as { rows?: unknown[]; rowCount?: number | null };
  return result.rows?.length ?? result.rowCount ?? 0;
}

/** Writes page-view counts (absolute per day, so re-flushing a day replaces it, never adds). */
export async function writeViewCounts(db: Executor, counts: readonly ViewCount[]): Promise<number> {
  const rows = new Map<string, { metric: string; day: string; dimension: string; value: number }>();
  const add = (metric: string, day: string, dimension: string, value: number) => {
    const key = `${metric}|${day}|${dimension}`;
    const row = rows.get(key);
    if (row) row.value += value;
    else rows.set(key, { metric, day, dimension, value });
  };
  for (const c of counts) {
    const metric = c.kind === "project" ? METRICS.projectViews : METRICS.eventViews;
    add(metric, c.day, c.page, c.count);
    add(metric, c.day, "", c.count);
  }
  const all = [...rows.values()];
  for (let i = 0; i < all.length; i += 500) {
    const chunk = all.slice(i, i + 500);
    await db.execute(sql`
      INSERT INTO system_metrics (id, metric, value, day, dimension, recorded_at)
      SELECT ${keyId(sql`v.metric`, sql`v.day`, sql`v.dimension`)}, v.metric, v.value, v.day, v.dimension, now()
      FROM (VALUES ${sql.join(
        chunk.map((r) => sql`(${r.metric}, ${r.value}::double precision, ${r.day}::date, ${r.dimension})`),
        sql`, `,
      )}) AS v(metric, value, day, dimension)
      ON CONFLICT (metric, day, dimension) DO UPDATE SET value = excluded.value, recorded_at = excluded.recorded_at`);
  }
  return all.length;
}

export interface ViewCount {
  day: string;
  kind: "project" | "event";
  page: string;
  count: number;
}

/** Days the PageViews object keeps after they end, so a late flush still sees whole days. */
export const VIEW_DAYS_KEPT = 2;

