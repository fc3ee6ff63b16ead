// The admin audit trail that the rest of the data implies, member feedback, and
// a year of page-view metrics.
import type { NewAdminAction, NewMemberFeedback, NewUser, NewPayment } from "../../src/db/schema/index.ts";
import type { systemMetrics } from "../../src/db/schema/index.ts";
import type { EventInfo } from "./events.ts";
import { DEMO_EMAILS, type Member } from "./members.ts";
import type { NewApplication, ProjectInfo } from "./projects.ts";
import type { Rng } from "./random.ts";
import { Clock, isoDay } from "./time.ts";

type NewMetric = typeof systemMetrics.$inferInsert;

const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
];

export interface AuditInput {
  members: Member[];
  users: NewUser[];
  admins: Member[];
  projects: ProjectInfo[];
  applications: NewApplication[];
  events: EventInfo[];
  payments: NewPayment[];
  roleGrants: Array<{ userId: string; role: string; assignedAt: Date; isActive: boolean; expiresAt?: Date | null }>;
}

export function buildAdminActions(rng: Rng, clock: Clock, input: AuditInput): NewAdminAction[] {
  const rows: NewAdminAction[] = [];
  const latest = clock.at(-1, 23 * 60);
  // Each admin works from one office address (documentation ranges, never a real host).
  const ipOf = new Map(input.admins.map((a, i) => [a.id, `${["192.0.2", "198.51.100", "203.0.113"][i % 3]}.${10 + i * 7}`]));
  const act = (action: NewAdminAction["action"], by: string, at: Date, details: string, metadata: Record<string, unknown>, target: string | null = null) =>
    rows.push({
      id: rng.id(),
      action,
      userId: by,
      targetUserId: target,
      details,
      metadata,
      ipAddress: ipOf.get(by) ?? `203.0.113.${rng.int(100, 200)}`,
      userAgent: rng.pick(USER_AGENTS),
      createdAt: Clock.min(at, latest),
    });
  const anAdmin = () => rng.pick(input.admins).id;
  const userRow = new Map(input.users.map((u) => [u.id, u]));

  const regular = input.members.filter((m) => !m.isAdmin);
  // Accounts an admin typed in for members who joined at an event, recorded as such on the user row too.
  for (const m of rng.sample(regular.filter((x) => x.memberSince > clock.days(-365) && x.isVerified), 8)) {
    const by = anAdmin();
    userRow.get(m.id)!.createdById = by;
    act("USER_CREATED", by, m.memberSince, `Created member account for ${m.company}`, { after: { email: m.email, memberType: "REGULAR", company: m.company } }, m.id);
  }
  for (const m of rng.sample(regular.filter((x) => x.isVerified && x.memberSince > clock.days(-730)), 25)) {
    act("USER_UPDATED", anAdmin(), Clock.plusDays(m.memberSince, rng.float(0.5, 3)), "Verified member after reviewing CSLB license and certifications", { before: { isVerified: false }, after: { isVerified: true } }, m.id);
  }
  for (const g of input.roleGrants) {
    if (g.role === "member" || g.role === "admin") continue;
    act("USER_UPDATED", anAdmin(), g.assignedAt, `Granted role "${g.role}"`, { field: "roles", before: ["member"], after: ["member", g.role], expiresAt: g.expiresAt?.toISOString() ?? null }, g.userId);
    if (!g.isActive) act("USER_UPDATED", anAdmin(), Clock.plusDays(g.assignedAt, rng.int(20, 90)), `Suspended role "${g.role}"`, { field: "userRole.isActive", before: { isActive: true }, after: { isActive: false } }, g.userId);
  }
  for (const m of regular.filter((x) => x.deleted)) {
    const deletedAt = userRow.get(m.id)!.deletedAt!;
    act("USER_DELETED", anAdmin(), deletedAt, rng.pick(["Deactivated at the member's request", "Company dissolved; account deactivated"]), { before: { isActive: true, deletedAt: null }, after: { isActive: false, deletedAt: deletedAt.toISOString() } }, m.id);
  }
  for (const m of regular.filter((x) => x.membershipExpiresAt && x.membershipCurrent).slice(0, 18)) {
    const after = m.membershipExpiresAt!;
    act("MEMBERSHIP_RENEWED", anAdmin(), Clock.plusDays(after, -365), `Recorded ${m.tier} renewal paid by check`, { before: { membershipExpiresAt: Clock.plusDays(after, -365).toISOString() }, after: { membershipExpiresAt: after.toISOString() }, tier: m.tier }, m.id);
  }

  const approved = new Map(input.applications.filter((a) => a.status === "APPROVED").map((a) => [a.projectId, a.userId]));
  const company = new Map(input.members.map((m) => [m.id, m.company]));
  for (const p of input.projects) {
    act("PROJECT_CREATED", p.createdById, p.createdAt, `Created project "${p.template.title}"`, { projectId: p.id, after: { status: "DRAFT" } });
    if (p.publishedAt) act("PROJECT_UPDATED", p.createdById, p.publishedAt, `Published "${p.template.title}"`, { projectId: p.id, before: { status: "DRAFT" }, after: { status: p.status === "PUBLISHED" ? "PUBLISHED" : "BIDDING_OPEN" } });
    if (p.status === "AWARDED" || p.status === "COMPLETED") {
      const winner = approved.get(p.id);
      act("PROJECT_UPDATED", p.createdById, Clock.plusDays(p.deadline, rng.int(7, 20)), `Awarded "${p.template.title}"`, { projectId: p.id, before: { status: "BIDDING_CLOSED" }, after: { status: "AWARDED", awardedTo: winner ? company.get(winner) : null } }, winner ?? null);
    }
    if (p.status === "CANCELLED") act("PROJECT_UPDATED", anAdmin(), Clock.plusDays(p.publishedAt ?? p.createdAt, rng.int(5, 20)), `Cancelled "${p.template.title}"`, { projectId: p.id, before: { status: "BIDDING_OPEN" }, after: { status: "CANCELLED" }, reason: "Owner postponed the solicitation" });
    if (p.deleted) act("PROJECT_DELETED", anAdmin(), clock.at(-rng.int(1, 5), 600), `Removed "${p.template.title}"`, { projectId: p.id, before: { deletedAt: null }, after: { deletedAt: "set" }, reason: "Duplicate posting" });
  }
  for (const e of input.events) {
    act("EVENT_CREATED", e.createdById, Clock.plusDays(e.start, -rng.int(45, 70)), `Created event "${e.title}"`, { eventId: e.id });
    if (e.status === "CANCELLED") act("EVENT_UPDATED", e.createdById, Clock.plusDays(e.start, -rng.int(2, 5)), `Cancelled "${e.title}"; registrants notified`, { eventId: e.id, before: { status: "REGISTRATION_OPEN" }, after: { status: "CANCELLED" } });
    if (e.status === "REGISTRATION_CLOSED") act("EVENT_UPDATED", e.createdById, clock.at(-1, 1020), `Closed registration for "${e.title}"`, { eventId: e.id, before: { status: "REGISTRATION_OPEN" }, after: { status: "REGISTRATION_CLOSED" } });
  }
  for (const p of input.payments.filter((x) => x.status === "REFUNDED")) {
    act("PAYMENT_PROCESSED", anAdmin(), Clock.plusDays(p.createdAt!, rng.int(1, 10)), `Refunded ${p.description}`, { paymentId: p.id, amount: p.amount, before: { status: "COMPLETED" }, after: { status: "REFUNDED" } }, p.userId);
  }
  const cfg = (days: number, setting: string, before: unknown, after: unknown, details: string) =>
    act("SYSTEM_CONFIG_CHANGED", input.admins[0]!.id, clock.at(-days, 700), details, { setting, before, after });
  cfg(300, "membershipTiers.Regular.price", "550.00", "600.00", "Board-approved dues increase for Regular members");
  cfg(120, "bidAlerts.defaultRadiusMiles", 25, 50, "Widened the default bid alert radius");
  cfg(20, "events.reminderLeadDays", [7], [7, 1], "Added a day-before reminder for events");
  return rows.sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime());
}

const FEEDBACK: Array<[NewMemberFeedback["category"], NewMemberFeedback["priority"], string, string, string]> = [
  ["FEATURE_REQUEST", "MEDIUM", "Filter bids by license class", "It would save time if I could filter bid opportunities by CSLB class, like C-10 only.", "Thanks! Filtering by license class is on the roadmap for the next release."],
  ["BUG_REPORT", "HIGH", "Upload fails for large plan sets", "Tried to upload a 60 MB plan set for our profile and got an error.", "Uploads are limited to 25 MB; we have made the error message say so. Please split large sets."],
  ["SUPPORT", "MEDIUM", "Can't find my DBE certificate field", "Where do I add my DBE certificate number on my profile?", "Under Profile > Certifications, choose DBE and enter the number and expiry date."],
  ["GENERAL", "LOW", "Great mixer last month", "Met two primes at the mixer and we are already quoting a job together. Thank you!", "So glad to hear it. See you at the next one."],
  ["FEATURE_REQUEST", "LOW", "Calendar export for events", "Could events be added to Google Calendar with one click?", "Each event page now has an Add to calendar link (.ics)."],
  ["BUG_REPORT", "URGENT", "Payment charged twice", "My gala registration shows two charges on my card.", "We found the duplicate and refunded it the same day. Sorry for the trouble."],
  ["SUPPORT", "HIGH", "Locked out after password reset", "The reset email link says it has expired.", "Reset links last one hour. We sent you a fresh one."],
  ["FEATURE_REQUEST", "MEDIUM", "Spanish version of the portal", "Many of our foremen read Spanish first. A Spanish version would help.", ""],
  ["GENERAL", "MEDIUM", "More Sacramento events please", "Most events are in the East Bay. Sacramento members would love more local ones.", "Agreed: we have added a Sacramento Regional Networking Night and more are coming."],
  ["BUG_REPORT", "MEDIUM", "Map shows the wrong city", "The project map put a Stockton project in Sacramento.", ""],
  ["SUPPORT", "LOW", "How do I add a staff member?", "I want my estimator to have access under our company membership.", "Corporate and Regular memberships include staff seats. Send us their email and we will link them."],
  ["FEATURE_REQUEST", "HIGH", "Alert me when a project closes soon", "I'd like an email two days before a bid I'm watching closes.", ""],
  ["GENERAL", "LOW", "Scholarship dinner date", "Is the scholarship dinner date final? We want to sponsor a table.", "Yes. Sponsorship details are on the event page."],
  ["BUG_REPORT", "LOW", "Typo on the courses page", "The DBE course description says 'certifcation'.", "Fixed, thank you!"],
  ["SUPPORT", "MEDIUM", "Invoice for event registration", "Our bookkeeper needs an invoice for the estimating workshop.", "Invoices can be downloaded from Account > Payments."],
];

/** The page each FEEDBACK row was sent from (its "Help & feedback" link carries it). */
const FEEDBACK_PAGES = [
  "/projects", "/account/profile", "/account/credentials", "/events", "/events", "/account/payments", "/login",
  "/", "/events", "/projects", "/membership", "/projects/saved", "/events", "/", "/account/payments",
];
/** Rows of FEEDBACK the demo member sent (round 0): one answered and resolved, one still open. */
const DEMO_TICKETS: Record<number, NewMemberFeedback["status"]> = { 2: "RESOLVED", 7: "OPEN" };

type NewFeedbackReply = { id: string; feedbackId: string; authorId: string | null; body: string; createdAt: Date };

/**
 * Tickets with the conversation their status implies: an open ticket has no answer yet; an
 * answered one (in progress, resolved, closed) has the office's reply, and `response`,
 * `respondedAt` and `respondedBy` repeat that latest reply, as the admin screens keep them; a
 * closed one often ends with the member's thanks. Whoever answered owns the ticket.
 */
export function buildFeedback(rng: Rng, clock: Clock, members: Member[], admins: Member[]): { tickets: NewMemberFeedback[]; replies: NewFeedbackReply[] } {
  const authors = members.filter((m) => !m.isAdmin && m.isActive && m.isVerified);
  const demo = members.find((m) => m.email === DEMO_EMAILS.member);
  const rows: NewMemberFeedback[] = [];
  const replies: NewFeedbackReply[] = [];
  const latest = clock.at(-1, 1380);
  for (let round = 0; round < 2; round++) {
    FEEDBACK.forEach(([category, priority, subject, message, answer], i) => {
      if (round === 1 && i % 2 === 1) return;
      const createdAt = clock.at(-rng.int(1, 140), rng.int(6 * 60, 22 * 60));
      let status = !answer ? rng.pick(["OPEN", "IN_PROGRESS"] as const) : round === 1 ? rng.pick(["OPEN", "IN_PROGRESS", "RESOLVED"] as const) : rng.pick(["RESOLVED", "CLOSED", "RESOLVED"] as const);
      const forDemo = round === 0 && demo !== undefined && DEMO_TICKETS[i] !== undefined;
      if (forDemo) status = DEMO_TICKETS[i]!;
      const responded = status === "RESOLVED" || status === "CLOSED" || (status === "IN_PROGRESS" && !!answer);
      const at = responded ? Clock.min(Clock.plusDays(createdAt, rng.float(0.1, 4)), latest) : null;
      const respondedAt = at && at < createdAt ? createdAt : at;
      const admin = rng.pick(admins);
      const id = rng.id();
      const userId = forDemo ? demo.id : rng.pick(authors).id;
      const response = responded ? (status === "IN_PROGRESS" ? `Looking into it. ${answer}` : answer) : null;
      let updatedAt = respondedAt ?? createdAt;
      if (responded && respondedAt) {
        replies.push({ id: rng.id(), feedbackId: id, authorId: admin.id, body: response!, createdAt: respondedAt });
        if (status === "CLOSED" && rng.int(0, 1) === 1) {
          const thanks = Clock.min(Clock.plusMinutes(respondedAt, rng.int(30, 600)), latest);
          if (thanks > respondedAt) {
            replies.push({ id: rng.id(), feedbackId: id, authorId: userId, body: "Thank you, that answers it.", createdAt: thanks });
            updatedAt = thanks;
          }
        }
      }
      rows.push({
        id,
        userId,
        category,
        subject,
        message,
        priority,
        status,
        response,
        respondedAt,
        respondedBy: responded ? admin.id : null,
        // Answered tickets belong to whoever answered; some open ones have been picked up already.
        assignedToId: responded || (status === "IN_PROGRESS" && rng.int(0, 1) === 1) ? admin.id : null,
        pageUrl: FEEDBACK_PAGES[i] ?? "/",
        createdAt,
        updatedAt,
      });
    });
  }
  return { tickets: rows, replies };
}

/**
 * The page views the PageViews Durable Object would have counted over the past year (the
 * chapter totals; nothing in the tables records views). Every other metric is computed from
 * the seeded tables by the dashboard's roll-up, run over the same days once the data is written
 * (METRIC_DAYS, scripts/seed.ts).
 */
export const METRIC_DAYS = 365;
export function buildMetrics(rng: Rng, clock: Clock, days = METRIC_DAYS): NewMetric[] {
  const rows: NewMetric[] = [];
  for (let d = days - 1; d >= 0; d--) {
    const day = clock.days(-d);
    const weekday = day.getUTCDay();
    const workday = weekday !== 0 && weekday !== 6;
    const trend = 1 + (days - d) / (days * 2); // slow growth across the year
    const date = isoDay(day);
    rows.push({ id: rng.id(), metric: "PROJECT_VIEWS", dimension: "", day: date, value: Math.max(0, Math.round((workday ? 340 : 90) * trend + rng.int(-40, 40))), recordedAt: day });
    rows.push({ id: rng.id(), metric: "EVENT_VIEWS", dimension: "", day: date, value: Math.max(0, Math.round((workday ? 120 : 45) * trend + rng.int(-20, 20))), recordedAt: day });
  }
  return rows;
}
