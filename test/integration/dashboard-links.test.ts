// Every dashboard number links to the list it counts, and that list shows the same figure:
// for each card, follow its link and compare the list's total (or its net, or its count of
// bids or completions) with the number on the card. On the SWEEPS list (vitest.config.ts):
// no other file may add members or payments between the roll-up and the lists.
import { describe, expect, it } from "vitest";
import { courseEnrollments } from "../../src/db/schema/learning.ts";
import { memberFeedback } from "../../src/db/schema/audit.ts";
import { payments } from "../../src/db/schema/payments.ts";
import { projectApplications } from "../../src/db/schema/projects.ts";
import { rollUpDays } from "../../src/features/admin-dashboard/rollup.ts";
import { toPacificDateInput } from "../../src/lib/time.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { makeCourse, makeEvent, makeProject, makeUser, useTestDb } from "../helpers/db.ts";
import { get } from "../helpers/http.ts";

const db = useTestDb();
const DAY = 86_400_000;

const unescapeHtml = (s: string) => s.replace(/&amp;/g, "&");
const number = (s: string) => Number(s.replace(/[$,]/g, ""));

interface Card {
  id: string;
  value: string;
  href: string | null;
}

function cardsOf(html: string): Card[] {
  const sections = html.split('<section class="card" aria-labelledby="').slice(1);
  return sections.map((s) => {
    const id = s.slice(0, s.indexOf('"'));
    const value = /<span class="stat">([^<]+)<\/span>/.exec(s)?.[1] ?? "";
    const end = s.indexOf("</section>");
    const links = [...s.slice(0, end).matchAll(/<a href="([^"]+)">/g)].map((m) => unescapeHtml(m[1]!));
    return { id, value, href: links.at(-1) ?? null };
  });
}

/** The figure a list shows for the card's number. */
function listFigure(html: string): number {
  const net = /net received <strong data-net[^>]*>([^<]+)<\/strong>/.exec(html);
  if (net) return Math.round(number(net[1]!)); // the card shows whole dollars
  const counted = /<strong data-count[^>]*>(\d+)<\/strong>/.exec(html);
  if (counted) return Number(counted[1]);
  const caption = /<caption>[^<]*\((\d+) match(?:es)?\)/.exec(html);
  if (caption) return Number(caption[1]);
  if (/role="status">\s*No [a-z ]+ match/.test(html)) return 0;
  throw new Error(`no total on the list:\n${html.slice(0, 400)}`);
}

async function chapterActivityThisMonth() {
  const now = Date.now();
  const minuteAgo = new Date(now - 60_000);
  const joinedLongAgo = new Date("2020-01-01T00:00:00Z");
  // Members: joined this month, due to renew, in grace, lapsed long ago, active for years; an admin account and a deleted member count nowhere.
  const fresh = await makeUser(db, { memberSince: minuteAgo, membershipExpiresAt: new Date(now + 300 * DAY) });
  await makeUser(db, { memberSince: joinedLongAgo, membershipExpiresAt: new Date(now + 10 * DAY) });
  await makeUser(db, { memberSince: joinedLongAgo, membershipExpiresAt: new Date(now - 3 * DAY) });
  await makeUser(db, { memberSince: joinedLongAgo, membershipExpiresAt: new Date(now - 200 * DAY) });
  await makeUser(db, { memberSince: joinedLongAgo, membershipExpiresAt: null });
  await makeUser(db, { memberSince: minuteAgo, memberType: "admin" });
  await makeUser(db, { memberSince: joinedLongAgo, deletedAt: minuteAgo, isActive: false });
  // Money: dues and a sponsorship received, a refunded donation, a pending payment and a failed one (not revenue).
  await db.insert(payments).values([
    { userId: fresh.id, type: "MEMBERSHIP", status: "COMPLETED", amount: "120.00", processedAt: minuteAgo },
    { userId: fresh.id, type: "SPONSORSHIP", status: "COMPLETED", amount: "500.00", processedAt: minuteAgo },
    { userId: fresh.id, type: "DONATION", status: "REFUNDED", amount: "50.00", refundedAmount: "20.00", processedAt: minuteAgo },
    { userId: fresh.id, type: "MEMBERSHIP", status: "PENDING", amount: "120.00" },
    { userId: fresh.id, type: "EVENT_REGISTRATION", status: "FAILED", amount: "35.00" },
  ]);
  // Events: one published ahead, a draft and a cancelled one ahead (not upcoming), one on now.
  const host = await makeUser(db, { memberType: "admin" });
  const ahead = { startDate: new Date(now + 10 * DAY), endDate: new Date(now + 10 * DAY + 7_200_000) };
  await makeEvent(db, host.id, { status: "REGISTRATION_OPEN", publishedAt: new Date(now - DAY), maxCapacity: 20, ...ahead });
  await makeEvent(db, host.id, { status: "DRAFT", ...ahead });
  await makeEvent(db, host.id, { status: "CANCELLED", publishedAt: new Date(now - DAY), ...ahead });
  await makeEvent(db, host.id, { status: "REGISTRATION_OPEN", publishedAt: new Date(now - DAY), startDate: new Date(now - 3_600_000), endDate: new Date(now + 3_600_000) });
  // Opportunities: one taking bids with a bid this month, one closed, one deleted with a bid.
  const open = await makeProject(db, host.id, { status: "BIDDING_OPEN", publishedAt: new Date(now - DAY) });
  await makeProject(db, host.id, { status: "BIDDING_CLOSED", publishedAt: new Date(now - 5 * DAY), closedAt: new Date(now - DAY) });
  const gone = await makeProject(db, host.id, { status: "BIDDING_OPEN", publishedAt: new Date(now - DAY), deletedAt: minuteAgo });
  await db.insert(projectApplications).values([
    { projectId: open.id, userId: fresh.id, submittedAt: minuteAgo },
    { projectId: gone.id, userId: fresh.id, submittedAt: minuteAgo },
  ]);
  const course = await makeCourse(db);
  await db.insert(courseEnrollments).values({ courseId: course.id, userId: fresh.id, status: "COMPLETED", progress: 100, completedAt: minuteAgo });
  await db.insert(memberFeedback).values({ userId: fresh.id, category: "GENERAL", subject: "Dues", message: "A question" });
}

describe("dashboard numbers and the lists behind them", () => {
  it("each card links to a list that shows the card's number", async () => {
    await chapterActivityThisMonth();
    // The cron's roll-up of today, as it runs every few minutes.
    await rollUpDays(db, toPacificDateInput(new Date()), toPacificDateInput(new Date()));
    const admin = await createAccount(db, { memberType: "admin", roles: ["admin"] });
    const cookie = await sessionCookie(db, admin.id);
    const res = await get("/admin", { headers: { cookie } });
    expect(res.status).toBe(200);
    const cards = cardsOf(await res.text());
    expect(cards.map((c) => c.id)).toEqual([
      "k-active",
      "k-new",
      "k-renewals",
      "k-lapsed",
      "k-dues",
      "k-other",
      "k-events",
      "k-fill",
      "k-bids",
      "k-applications",
      "k-courses",
      "k-feedback",
      "k-project-views",
      "k-event-views",
    ]);
    const compared: Record<string, [number, number]> = {};
    for (const card of cards) {
      // Seats filled is a percentage of the upcoming events' seats: its link is the upcoming events' list.
      // Page views are counted in no list: their links open the pages' lists.
      if (card.id === "k-fill") {
        expect(card.href).toBe(cards.find((c) => c.id === "k-events")!.href);
        continue;
      }
      if (card.id.endsWith("-views")) continue;
      expect(card.href, card.id).not.toBeNull();
      const list = await get(card.href!, { headers: { cookie } });
      expect(list.status, card.href!).toBe(200);
      compared[card.id] = [number(card.value.split(" ")[0]!), listFigure(await list.text())];
    }
    for (const [id, [onCard, onList]] of Object.entries(compared)) expect({ id, onList }).toEqual({ id, onList: onCard });
    // What the data above makes certain, so the comparison is not of zeros.
    for (const id of ["k-active", "k-new", "k-renewals", "k-lapsed", "k-dues", "k-other", "k-events", "k-bids", "k-applications", "k-courses", "k-feedback"]) {
      expect(compared[id]![0], id).toBeGreaterThan(0);
    }
  });
});
