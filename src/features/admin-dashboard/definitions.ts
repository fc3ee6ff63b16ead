// What each dashboard number counts, written once: the roll-up (rollup.ts) counts with these
// predicates, and the list behind each number filters with the same ones (the member list's
// membership filter, the ledger's "money received", the events' "still to start", the
// opportunities' "taking bids"), so a number and its list cannot drift apart. Each takes the
// instant it is true at (and the period's start) as SQL: the roll-up passes a day's bounds,
// a list passes now. Columns are the tables' own (no aliases), so a statement reads them
// `FROM users`, `FROM payments`, … as drizzle names them.
import { sql, type SQL } from "drizzle-orm";
import { users } from "../../db/schema/accounts.ts";
import { events } from "../../db/schema/events.ts";
import { payments } from "../../db/schema/payments.ts";
import { courseEnrollments } from "../../db/schema/learning.ts";
import { projectApplications, projects } from "../../db/schema/projects.ts";

/** How far ahead a renewal counts as due on the dashboard. */
export const RENEWAL_DUE_DAYS = 30;

export const instant = (at: Date): SQL => sql`${at.toISOString()}::timestamptz`;

// ---------------------------------------------------------------- members

/** A regular member (not an admin account) who had joined by `end` and was not deleted then. */
const memberAt = (end: SQL) =>
  sql`${users.memberType} = 'REGULAR' AND ${users.memberSince} < ${end} AND (${users.deletedAt} IS NULL OR ${users.deletedAt} >= ${end})`;

/** Active: a member whose membership has not ended (or never ends). */
export const memberActiveAt = (end: SQL) =>
  sql`(${memberAt(end)} AND (${users.membershipExpiresAt} IS NULL OR ${users.membershipExpiresAt} >= ${end}))`;

/** Past expiry: in the grace period or lapsed. */
export const memberEndedAt = (end: SQL) => sql`(${memberAt(end)} AND ${users.membershipExpiresAt} < ${end})`;

/** Ended less than `graceDays` ago: member prices still apply (DUES_GRACE_DAYS). */
export const memberInGraceAt = (end: SQL, graceDays: number) =>
  sql`(${memberEndedAt(end)} AND ${users.membershipExpiresAt} >= ${end} - make_interval(days => ${graceDays}))`;

/** Ended `graceDays` ago or more. */
export const memberLapsedAt = (end: SQL, graceDays: number) =>
  sql`(${memberEndedAt(end)} AND ${users.membershipExpiresAt} < ${end} - make_interval(days => ${graceDays}))`;

/** Renewal due: the membership ends within `days` after `end`. */
export const memberRenewalDueAt = (end: SQL, days: number) =>
  sql`(${memberAt(end)} AND ${users.membershipExpiresAt} >= ${end} AND ${users.membershipExpiresAt} < ${end} + make_interval(days => ${days}))`;

/** Joined in [start, end): a new member of the period (whatever became of them since). */
export const memberJoinedIn = (start: SQL, end: SQL) =>
  sql`(${users.memberType} = 'REGULAR' AND ${users.memberSince} >= ${start} AND ${users.memberSince} < ${end})`;

// ---------------------------------------------------------------- money

/** When a payment's money came in: when Stripe (or the office) processed it. */
export const paymentReceivedAt = sql`coalesce(${payments.processedAt}, ${payments.createdAt})`;

/** Money received (and not failed or pending): completed, or refunded since (the refund is netted out). */
export const paymentReceived = sql`${payments.status} IN ('COMPLETED', 'REFUNDED')`;

/** Revenue of [start, end): received in the period; sum `amount - refunded_amount`. */
export const paymentReceivedIn = (start: SQL | undefined, end: SQL | undefined) =>
  sql.join(
    [
      paymentReceived,
      ...(start ? [sql`${paymentReceivedAt} >= ${start}`] : []),
      ...(end ? [sql`${paymentReceivedAt} < ${end}`] : []),
    ],
    sql` AND `,
  );

/** Net money of the matched payments (of those also matching `only`), in dollars. */
export const netRevenue = (only?: SQL) =>
  sql`coalesce(sum(${payments.amount} - ${payments.refundedAmount})${only ? sql` FILTER (WHERE ${only})` : sql``}, 0)`;

// ---------------------------------------------------------------- events and opportunities

/** An event published (not a draft, not cancelled, not deleted) by `end` and starting after it. */
export const eventUpcomingAt = (end: SQL) =>
  sql`(${events.deletedAt} IS NULL AND ${events.status} NOT IN ('DRAFT', 'CANCELLED')
      AND coalesce(${events.publishedAt}, ${events.createdAt}) < ${end} AND ${events.startDate} >= ${end})`;

/** An opportunity taking bids at `end` (published by then, not yet closed). */
export const projectTakingBidsAt = (end: SQL) =>
  sql`(${projects.deletedAt} IS NULL AND coalesce(${projects.publishedAt}, ${projects.createdAt}) < ${end}
      AND (${projects.status} = 'BIDDING_OPEN' OR (${projects.status} IN ('BIDDING_CLOSED', 'AWARDED', 'COMPLETED') AND ${projects.closedAt} >= ${end})))`;

// ---------------------------------------------------------------- bids and courses

/** A bid submitted in [start, end) (withdrawn since or not) on an opportunity not deleted; reads `FROM project_applications JOIN projects`. */
export const applicationSubmittedIn = (start: SQL, end: SQL) =>
  sql`(${projects.deletedAt} IS NULL AND ${projectApplications.submittedAt} >= ${start} AND ${projectApplications.submittedAt} < ${end})`;

/** A course enrolment completed in [start, end). */
export const enrollmentCompletedIn = (start: SQL, end: SQL) =>
  sql`(${courseEnrollments.completedAt} >= ${start} AND ${courseEnrollments.completedAt} < ${end})`;
