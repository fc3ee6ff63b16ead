/** Every page that exists, for the smoke walk and the page-weight and slow-3G benchmarks. */
export interface PageVisit {
  name: string;
  path: string;
  status: number;
}

/** Pages anyone can open. */
export const PUBLIC_PAGES: PageVisit[] = [
  { name: "home", path: "/", status: 200 },
  { name: "not-found", path: "/no-such-page", status: 404 },
  { name: "register", path: "/register", status: 200 },
  { name: "login", path: "/login", status: 200 },
  { name: "forgot-password", path: "/forgot-password", status: 200 },
  { name: "verify-email-link-expired", path: "/verify-email?token=expired", status: 400 },
  { name: "reset-password-link-expired", path: "/reset-password?token=expired", status: 400 },
  { name: "welcome-link-expired", path: "/welcome?token=expired", status: 400 },
  // The walk's database is empty: these show the empty states. An event's own page is walked in events.test.ts.
  { name: "events", path: "/events", status: 200 },
  { name: "events-past", path: "/events?when=past", status: 200 },
  { name: "events-bad-month", path: "/events?month=2026-13", status: 422 },
  // Bid opportunities; an opportunity's own page is walked in projects.test.ts.
  { name: "projects", path: "/projects", status: 200 },
  { name: "projects-bad-filter", path: "/projects?closing=3&zip=123", status: 422 },
  { name: "unsubscribe-invalid", path: "/unsubscribe/not-a-valid-token", status: 404 },
  { name: "find-a-contractor", path: "/find-a-contractor", status: 200 },
  { name: "find-a-contractor-bad-zip", path: "/find-a-contractor?zip=123&miles=25", status: 422 },
  // Courses (empty here); a course's page and its modules are walked in learning.test.ts.
  { name: "courses", path: "/courses", status: 200 },
  { name: "courses-bad-filter", path: "/courses?difficulty=EXPERT", status: 422 },
  // A certificate's own page is walked in certificates.test.ts.
  { name: "certificates-verify", path: "/certificates/verify", status: 200 },
  // "Help & feedback" for a visitor: the ways to reach the office.
  { name: "feedback-guest", path: "/feedback/new?from=%2Flogin", status: 200 },
];

/** Pages of a signed-in regular member (the walk signs in first). */
export const MEMBER_PAGES: PageVisit[] = [
  { name: "account", path: "/account", status: 200 },
  { name: "account-security", path: "/account/security", status: 200 },
  { name: "account-two-factor", path: "/account/two-factor", status: 200 },
  { name: "my-events", path: "/events/my", status: 200 },
  { name: "projects-member", path: "/projects?sort=deadline&show=all", status: 200 },
  { name: "my-bids", path: "/projects/mine", status: 200 },
  { name: "messages", path: "/messages", status: 200 },
  { name: "messages-archived", path: "/messages?view=archived", status: 200 },
  { name: "messages-bad-view", path: "/messages?view=trash", status: 422 },
  { name: "account-profile", path: "/account/profile", status: 200 },
  { name: "account-credentials", path: "/account/credentials", status: 200 },
  { name: "account-credentials-new", path: "/account/credentials/new", status: 200 },
  // A member's own profile page is walked in directory.test.ts (it needs the member's id).
  { name: "members", path: "/members", status: 200 },
  { name: "members-search", path: "/members?q=Martnez&cert=DBE&sort=name", status: 200 },
  { name: "members-bad-zip", path: "/members?zip=00000&miles=25", status: 422 },
  { name: "saved-searches", path: "/projects/saved", status: 200 },
  { name: "membership", path: "/membership", status: 200 },
  { name: "account-payments", path: "/account/payments", status: 200 },
  { name: "donate", path: "/donate", status: 200 },
  { name: "sponsorships", path: "/sponsorships", status: 200 },
  { name: "announcements", path: "/announcements", status: 200 },
  { name: "my-learning", path: "/account/learning", status: 200 },
  { name: "feedback-new", path: "/feedback/new?from=%2Fevents", status: 200 },
  { name: "my-feedback", path: "/account/feedback", status: 200 },
];

/** Admin screens (the walk signs in as an admin). */
export const ADMIN_PAGES: PageVisit[] = [
  { name: "admin-dashboard", path: "/admin", status: 200 },
  { name: "admin-users", path: "/admin/users", status: 200 },
  { name: "admin-users-filtered", path: "/admin/users?status=all&verified=yes&q=a", status: 200 },
  { name: "admin-roles", path: "/admin/roles", status: 200 },
  { name: "admin-outbox", path: "/admin/outbox", status: 200 },
  { name: "admin-audit", path: "/admin/audit", status: 200 },
  { name: "admin-events", path: "/admin/events", status: 200 },
  { name: "admin-events-past", path: "/admin/events?when=past&status=COMPLETED", status: 200 },
  { name: "admin-message-channels", path: "/admin/messages/channels", status: 200 },
  { name: "admin-message-reports", path: "/admin/messages/reports", status: 200 },
  { name: "admin-event-new", path: "/admin/events/new", status: 200 },
  { name: "admin-events-door", path: "/admin/events/checkin", status: 200 },
  { name: "admin-projects", path: "/admin/projects", status: 200 },
  { name: "admin-projects-filtered", path: "/admin/projects?status=BIDDING_OPEN&category=COMMERCIAL&visibility=PUBLIC&deadline=week&q=roof", status: 200 },
  { name: "admin-projects-bad-filter", path: "/admin/projects?status=SOLD", status: 422 },
  { name: "admin-project-new", path: "/admin/projects/new", status: 200 },
  { name: "admin-projects-import", path: "/admin/projects/import", status: 200 },
  { name: "admin-credentials", path: "/admin/credentials", status: 200 },
  { name: "admin-credentials-all", path: "/admin/credentials?tab=all&type=MBE", status: 200 },
  { name: "admin-credentials-bad-filter", path: "/admin/credentials?tab=nope", status: 422 },
  { name: "admin-payments", path: "/admin/payments", status: 200 },
  { name: "admin-payments-filtered", path: "/admin/payments?type=MEMBERSHIP&status=COMPLETED&member=a", status: 200 },
  { name: "admin-payments-offline", path: "/admin/payments/offline", status: 200 },
  { name: "admin-payments-tiers", path: "/admin/payments/tiers", status: 200 },
  { name: "admin-payments-packages", path: "/admin/payments/packages", status: 200 },
  { name: "admin-announcements", path: "/admin/announcements", status: 200 },
  { name: "admin-announcement-new", path: "/admin/announcements/new", status: 200 },
  { name: "admin-users-import", path: "/admin/users/import", status: 200 },
  { name: "admin-users-bulk", path: "/admin/users/bulk?status=all&verified=yes&q=a", status: 200 },
  { name: "admin-certificates", path: "/admin/certificates", status: 200 },
  { name: "admin-certificates-filtered", path: "/admin/certificates?member=a&course=safety&status=valid", status: 200 },
  { name: "admin-certificates-bad-filter", path: "/admin/certificates?status=lost", status: 422 },
  { name: "admin-courses", path: "/admin/courses", status: 200 },
  { name: "admin-courses-filtered", path: "/admin/courses?status=PUBLISHED&category=Safety&q=osha", status: 200 },
  { name: "admin-courses-bad-filter", path: "/admin/courses?status=SOLD", status: 422 },
  { name: "admin-course-new", path: "/admin/courses/new", status: 200 },
  { name: "admin-feedback", path: "/admin/feedback", status: 200 },
  { name: "admin-feedback-filtered", path: "/admin/feedback?status=waiting&assignee=unassigned&priority=HIGH&sort=priority&q=a", status: 200 },
  { name: "admin-feedback-bad-filter", path: "/admin/feedback?assignee=nobody", status: 422 },
];

/** Walked again once the member is signed in on several devices and the lists are long (smoke.test.ts seeds them). */
export const LONG_MEMBER_PAGES: PageVisit[] = [
  { name: "account-security-devices", path: "/account/security", status: 200 },
  { name: "events-long", path: "/events", status: 200 },
  { name: "events-long-page-2", path: "/events?page=2", status: 200 },
  { name: "my-events-long", path: "/events/my", status: 200 },
  { name: "my-feedback-ticket", path: "/account/feedback/:ticket", status: 200 },
];

/**
 * The same for an admin; ":today" is the seeded event starting in two hours, ":payment" the
 * seeded card payment, ":ticket" the member's feedback ticket, ":import" the report of a member
 * import the walk makes.
 */
export const LONG_ADMIN_PAGES: PageVisit[] = [
  { name: "admin-users-long", path: "/admin/users", status: 200 },
  { name: "admin-users-long-page-2", path: "/admin/users?page=2", status: 200 },
  { name: "admin-audit-long", path: "/admin/audit", status: 200 },
  { name: "admin-outbox-long", path: "/admin/outbox", status: 200 },
  { name: "admin-events-long", path: "/admin/events", status: 200 },
  { name: "admin-events-door-today", path: "/admin/events/checkin", status: 200 },
  { name: "admin-event-checkin-long", path: "/admin/events/:today/checkin", status: 200 },
  { name: "admin-event-attendees-long", path: "/admin/events/:today/attendees", status: 200 },
  { name: "admin-payment", path: "/admin/payments/:payment", status: 200 },
  { name: "admin-feedback-ticket", path: "/admin/feedback/:ticket", status: 200 },
  { name: "admin-users-import-report", path: "/admin/users/import/:import", status: 200 },
];

/**
 * Messaging pages that need data: walked in messaging.test.ts (which seeds a conversation of 60
 * messages, a group invitation, an archived conversation and a report) and benchmarked on the
 * demo data (test/bench/pages.ts). `:name` parts are filled in by `fillPath`.
 */
export const MESSAGING_PAGES: Array<PageVisit & { as: "member" | "admin" }> = [
  { name: "messages-with-invitation", path: "/messages", status: 200, as: "member" },
  { name: "messages-archived-one", path: "/messages?view=archived", status: 200, as: "member" },
  { name: "conversation-older", path: "/messages/:conversation?before=:before", status: 200, as: "member" },
  { name: "message-report", path: "/messages/:conversation/report/:message", status: 200, as: "member" },
  { name: "message-new", path: "/messages/new?to=:person", status: 200, as: "member" },
  { name: "group-with-members", path: "/messages/:group", status: 200, as: "member" },
  { name: "admin-message-reports-one", path: "/admin/messages/reports", status: 200, as: "admin" },
];

/** A walk path with its `:name` parts replaced. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/:([a-z]+)/g, (_, name: string) => values[name] ?? `:${name}`);
}
