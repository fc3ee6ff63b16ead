// The dashboard's daily roll-up against known data on a day no other test touches (a Pacific
// day in 2003), its idempotence, and the dashboard's numbers read from it (as differences, in one snapshot).
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { courseEnrollments } from "../../src/db/schema/learning.ts";
import { eventRegistrations } from "../../src/db/schema/events.ts";
import { memberFeedback, systemMetrics } from "../../src/db/schema/audit.ts";
import { payments } from "../../src/db/schema/payments.ts";
import { projectApplications } from "../../src/db/schema/projects.ts";
import { loadDashboard } from "../../src/features/admin-dashboard/queries.ts";
import { rollUpDays } from "../../src/features/admin-dashboard/rollup.ts";
import { METRICS } from "../../src/features/admin-dashboard/rules.ts";
import { toPacificDateInput } from "../../src/lib/time.ts";
import { makeCourse, makeEvent, makeProject, makeUser, useTestDb } from "../helpers/db.ts";

const db = useTestDb();

const DAY = "2003-06-11"; // a Wednesday in daylight time: the Pacific day is 07:00Z to 07:00Z next day
const at = (iso: string) => new Date(iso);
const noon = at("2003-06-11T19:00:00Z");

async function rowsOf(day: string) {
  const rows = await db
    .select({ id: systemMetrics.id, metric: systemMetrics.metric, dimension: systemMetrics.dimension, value: systemMetrics.value })
    .from(systemMetrics)
    .where(eq(systemMetrics.day, day));
  return rows;
}
const metricValue = (rows: Awaited<ReturnType<typeof rowsOf>>, metric: string, dimension = "") => rows.find((r) => r.metric === metric && r.dimension === dimension)?.value;

async function knownDay() {
  const since = at("2003-01-01T20:00:00Z");
  // Members: one joins at noon, one at 11:30 PM Pacific (already the 12th in UTC), one renews
  // within 30 days, one is past expiry, an admin and a member deleted before the day do not count.
  await makeUser(db, { memberSince: noon });
  await makeUser(db, { memberSince: at("2003-06-12T06:30:00Z") });
  await makeUser(db, { memberSince: since, membershipExpiresAt: at("2003-06-20T19:00:00Z") });
  await makeUser(db, { memberSince: since, membershipExpiresAt: at("2003-06-01T19:00:00Z") });
  await makeUser(db, { memberSince: since, memberType: "admin" });
  await makeUser(db, { memberSince: since, deletedAt: at("2003-06-05T19:00:00Z"), isActive: false });
  const payer = await makeUser(db);
  await db.insert(payments).values([
    { userId: payer.id, type: "MEMBERSHIP", status: "COMPLETED", amount: "100.00", processedAt: noon },
    { userId: payer.id, type: "DONATION", status: "COMPLETED", amount: "50.00", refundedAmount: "20.00", processedAt: noon },
    { userId: payer.id, type: "EVENT_REGISTRATION", status: "PENDING", amount: "30.00", createdAt: noon },
    { userId: payer.id, type: "MEMBERSHIP", status: "COMPLETED", amount: "75.00", processedAt: at("2003-06-12T19:00:00Z") },
  ]);
  const host = await makeUser(db);
  const event = await makeEvent(db, host.id, {
    status: "REGISTRATION_OPEN",
    maxCapacity: 10,
    createdAt: at("2003-05-01T19:00:00Z"),
    publishedAt: at("2003-05-01T19:00:00Z"),
    startDate: at("2003-07-01T19:00:00Z"),
    endDate: at("2003-07-01T21:00:00Z"),
  });
  const attendees = await Promise.all([makeUser(db), makeUser(db), makeUser(db), makeUser(db)]);
  await db.insert(eventRegistrations).values(
    attendees.map((u, i) => ({ eventId: event.id, userId: u.id, status: i === 3 ? ("CANCELLED" as const) : ("REGISTERED" as const), registeredAt: noon })),
  );
  const published = { createdAt: at("2003-05-01T19:00:00Z"), publishedAt: at("2003-05-01T19:00:00Z") };
  const open = await makeProject(db, host.id, { status: "BIDDING_OPEN", ...published });
  await makeProject(db, host.id, { status: "BIDDING_CLOSED", closedAt: at("2003-06-11T20:00:00Z"), ...published });
  await makeProject(db, host.id, { status: "BIDDING_CLOSED", closedAt: at("2003-06-15T20:00:00Z"), ...published });
  await db.insert(projectApplications).values(attendees.slice(0, 2).map((u) => ({ projectId: open.id, userId: u.id, submittedAt: noon })));
  const course = await makeCourse(db);
  await db.insert(courseEnrollments).values({ courseId: course.id, userId: payer.id, status: "COMPLETED", progress: 100, completedAt: noon });
  const filed = at("2003-06-01T19:00:00Z");
  const ticket = { userId: payer.id, category: "GENERAL" as const, subject: "Dues", message: "A question", createdAt: filed };
  await db.insert(memberFeedback).values([
    { ...ticket, status: "OPEN" },
    { ...ticket, status: "RESOLVED", respondedAt: at("2003-06-20T19:00:00Z") },
    { ...ticket, status: "RESOLVED", respondedAt: at("2003-06-05T19:00:00Z") },
  ]);
  return { payer };
}

describe("daily roll-up", () => {
  it("computes each metric of a Pacific day from the tables, then replaces its rows when run again", async () => {
    const { payer } = await knownDay();
    await rollUpDays(db, DAY, DAY);
    const first = await rowsOf(DAY);
    expect({
      active: metricValue(first, METRICS.activeMembers),
      joined: metricValue(first, METRICS.newMembers),
      lapsed: metricValue(first, METRICS.lapsedMembers),
      renewals: metricValue(first, METRICS.renewalsDue),
      revenue: metricValue(first, METRICS.revenue),
      dues: metricValue(first, METRICS.revenue, "MEMBERSHIP"),
      donations: metricValue(first, METRICS.revenue, "DONATION"),
      eventRevenue: metricValue(first, METRICS.revenue, "EVENT_REGISTRATION"),
      registrations: metricValue(first, METRICS.registrations),
      upcoming: metricValue(first, METRICS.upcomingEvents),
      fill: metricValue(first, METRICS.eventFill),
      openBids: metricValue(first, METRICS.openBids),
      openBidApplications: metricValue(first, METRICS.openBidApplications),
      applications: metricValue(first, METRICS.applications),
      completions: metricValue(first, METRICS.completions),
      openFeedback: metricValue(first, METRICS.openFeedback),
    }).toEqual({
      active: 3,
      joined: 2,
      lapsed: 1,
      renewals: 1,
      revenue: 130,
      dues: 100,
      donations: 30,
      eventRevenue: 0,
      registrations: 4,
      upcoming: 1,
      fill: 30,
      openBids: 2,
      openBidApplications: 2,
      applications: 2,
      completions: 1,
      openFeedback: 2,
    });
    // One row per metric and dimension: 12 chapter metrics + revenue in all and by each of 5 types.
    expect(first).toHaveLength(18);

    // Same data, run again: the same rows (same ids), the same values.
    await rollUpDays(db, DAY, DAY);
    const again = await rowsOf(DAY);
    const key = (r: (typeof first)[number]) => `${r.id} ${r.metric} ${r.dimension} ${r.value}`;
    expect(again.map(key).sort()).toEqual(first.map(key).sort());

    // The data changes (a late dues payment recorded for that day): the rerun replaces the values, adding no row.
    await db.insert(payments).values({ userId: payer.id, type: "MEMBERSHIP", status: "COMPLETED", amount: "25.00", processedAt: noon });
    await rollUpDays(db, DAY, DAY);
    const replaced = await rowsOf(DAY);
    expect(replaced).toHaveLength(18);
    expect(metricValue(replaced, METRICS.revenue, "MEMBERSHIP")).toBe(125);
    expect(metricValue(replaced, METRICS.revenue)).toBe(155);
    const duesRow = (rows: typeof first) => rows.find((r) => r.metric === METRICS.revenue && r.dimension === "MEMBERSHIP")?.id;
    expect(duesRow(replaced)).toBe(duesRow(first));
  });

  it("rolls up a range of days in one run, one set of rows per day", async () => {
    const written = await rollUpDays(db, "2003-02-01", "2003-02-03");
    expect(written).toBe(3 * 18);
    const days = await db
      .select({ day: systemMetrics.day, n: sql<number>`count(*)::int` })
      .from(systemMetrics)
      .where(and(sql`${systemMetrics.day} between '2003-02-01' and '2003-02-03'`, eq(systemMetrics.dimension, "")))
      .groupBy(systemMetrics.day);
    expect(days.map((d) => d.n)).toEqual([13, 13, 13]);
    expect(await rollUpDays(db, "2003-02-03", "2003-02-01")).toBe(0);
  });
});

describe("the dashboard's numbers", () => {
  it("are today's roll-up: what changed this month shows once the roll-up has run again, as differences within one snapshot", async () => {
    class Rollback extends Error {}
    const now = new Date();
    const today = toPacificDateInput(now);
    await rollUpDays(db, today, today, now); // the cron's latest run
    try {
      await db.transaction(
        async (tx) => {
          const before = (await loadDashboard(tx, now)).numbers;
          const joined = await makeUser(tx, { memberSince: new Date(now.getTime() - 60_000), membershipExpiresAt: new Date(now.getTime() + 10 * 86_400_000) });
          await makeUser(tx, { memberSince: new Date("2020-01-01T00:00:00Z"), membershipExpiresAt: new Date(now.getTime() - 86_400_000) });
          await tx.insert(payments).values([
            { userId: joined.id, type: "MEMBERSHIP", status: "COMPLETED", amount: "120.00", processedAt: new Date(now.getTime() - 60_000) },
            { userId: joined.id, type: "SPONSORSHIP", status: "COMPLETED", amount: "500.00", processedAt: new Date(now.getTime() - 60_000) },
          ]);
          await tx.insert(memberFeedback).values({ userId: joined.id, category: "GENERAL", subject: "Hi", message: "Hello" });
          const host = await makeUser(tx, { memberType: "admin" });
          const project = await makeProject(tx, host.id, { status: "BIDDING_OPEN", publishedAt: new Date(now.getTime() - 86_400_000) });
          await tx.insert(projectApplications).values({ projectId: project.id, userId: joined.id });
          // Until the roll-up runs again, the numbers stay as of the last one.
          expect((await loadDashboard(tx, now)).numbers).toEqual(before);
          const later = new Date();
          await rollUpDays(tx, today, today, later);
          const loaded = await loadDashboard(tx, later);
          expect(loaded.asOf.getTime()).toBe(later.getTime());
          const after = loaded.numbers;
          expect({
            active: after.activeMembers - before.activeMembers,
            newThisMonth: after.newThisMonth - before.newThisMonth,
            renewalsDue: after.renewalsDue - before.renewalsDue,
            lapsed: after.lapsed - before.lapsed,
            duesMonth: after.duesMonth - before.duesMonth,
            duesYear: after.duesYear - before.duesYear,
            otherMonth: after.otherMonth - before.otherMonth,
            openFeedback: after.openFeedback - before.openFeedback,
            openBids: after.openBids - before.openBids,
            openBidApplications: after.openBidApplications - before.openBidApplications,
          }).toEqual({ active: 1, newThisMonth: 1, renewalsDue: 1, lapsed: 1, duesMonth: 120, duesYear: 120, otherMonth: 500, openFeedback: 1, openBids: 1, openBidApplications: 1 });
          throw new Rollback();
        },
        { isolationLevel: "repeatable read" },
      );
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }
  });

  it("roll today up once when no roll-up of today exists yet (a fresh database), and say as of when", async () => {
    class Rollback extends Error {}
    const now = new Date();
    const today = toPacificDateInput(now);
    try {
      await db.transaction(async (tx) => {
        await tx.delete(systemMetrics).where(eq(systemMetrics.day, today));
        const loaded = await loadDashboard(tx, now);
        expect(loaded.asOf.getTime()).toBe(now.getTime());
        const [row] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(systemMetrics)
          .where(and(eq(systemMetrics.day, today), eq(systemMetrics.metric, METRICS.activeMembers)));
        expect(row?.n).toBe(1);
        expect(loaded.numbers.activeMembers).toBeGreaterThan(0);
        throw new Rollback();
      });
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }
  });
});
