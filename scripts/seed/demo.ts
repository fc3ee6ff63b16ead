// Assembles the demo data set in memory, with no I/O: same seed and anchor, same rows.
import type { ApplicationStatus, ProjectStatus } from "../../src/db/schema/index.ts";
import * as schema from "../../src/db/schema/index.ts";
import { buildAdminActions, buildFeedback, buildMetrics } from "./audit.ts";
import { buildCourses } from "./courses.ts";
import { buildCredentials } from "./credentials.ts";
import { buildEvents } from "./events.ts";
import { buildMembers, type Member, type NewUserSkill } from "./members.ts";
import { withDirectoryChoices } from "./directory.ts";
import { buildAnnouncements, buildMessaging } from "./messaging.ts";
import { buildPayments, buildSponsorshipPackages, buildTiers } from "./money.ts";
import { buildApplications, buildProjectFiles, buildProjects } from "./projects.ts";
import { Rng } from "./random.ts";
import { buildRbac } from "./rbac.ts";
import { Clock } from "./time.ts";

export const SEED = "chapter-portal-demo-v1";

/** Table and rows, in an order that satisfies every foreign key. */
export type Batch = { table: (typeof TABLE_ORDER)[number]; rows: Record<string, unknown>[] };

export const TABLE_ORDER = [
  schema.users, schema.userSkills, schema.permissions, schema.roles, schema.rolePermissions, schema.userRoles,
  schema.projects, schema.projectApplications, schema.projectFiles, schema.projectWatches, schema.projectInvitations,
  schema.membershipTiers, schema.sponsorshipPackages, schema.payments,
  schema.events, schema.eventRegistrations, schema.eventFiles,
  schema.courses, schema.courseModules, schema.courseEnrollments, schema.courseModuleCompletions, schema.quizAttempts,
  schema.conversations, schema.conversationMembers, schema.messages, schema.announcements,
  schema.adminActions, schema.memberFeedback, schema.systemMetrics,
  schema.credentials,
  schema.feedbackReplies,
] as const;

export interface DemoData {
  batches: Batch[];
  /** Ids of the accounts that get a real password hash. */
  loginIds: { admin: string; member: string };
  members: Member[];
}

export function buildDemo(anchor: Date): DemoData {
  const root = new Rng(SEED);
  const clock = new Clock(anchor);

  const { users, skills, members, admin, demo } = buildMembers(root.fork("members"), clock);
  completeDemoProfile(users, skills, demo.id);
  withDirectoryChoices(root.fork("directory"), users, new Set([admin.id, demo.id]));
  const admins = members.filter((m) => m.isAdmin);
  const adminIds = admins.map((m) => m.id);
  const rbac = buildRbac(root.fork("rbac"), clock, members, admin);

  const creators = [...adminIds, ...rbac.chairs.map((c) => c.id)];
  const projects = buildProjects(root.fork("projects"), clock, creators);
  // The demo member's bids: one won, one lost, one under review, one waiting, one withdrawn.
  const forced = new Map<string, { member: Member; status: ApplicationStatus }>();
  const wants: Array<[ProjectStatus, ApplicationStatus]> = [["AWARDED", "APPROVED"], ["COMPLETED", "REJECTED"], ["BIDDING_CLOSED", "REVIEWING"], ["BIDDING_OPEN", "PENDING"], ["BIDDING_OPEN", "WITHDRAWN"], ["COMPLETED", "APPROVED"]];
  for (const [status, outcome] of wants) {
    const fits = (p: (typeof projects.infos)[number]) => p.status === status && !p.deleted && !forced.has(p.id);
    const p = projects.infos.find((x) => fits(x) && x.template.trades.some((t) => t === "concrete" || t === "engineering")) ?? projects.infos.find(fits);
    if (p) forced.set(p.id, { member: demo, status: outcome });
  }
  const prng = root.fork("applications");
  const applications = buildApplications(prng, clock, projects.infos, members, adminIds, forced);
  const counts = new Map<string, number>();
  // A withdrawn bid gave its place back, so it is not counted.
  for (const a of applications) if (a.status !== "WITHDRAWN") counts.set(a.projectId, (counts.get(a.projectId) ?? 0) + 1);
  for (const p of projects.rows) p.applicationCount = counts.get(p.id!) ?? 0;
  const projectFiles = buildProjectFiles(root.fork("project-files"), clock, projects.infos);
  // The demo member watches one open opportunity they have not bid on, and is invited to one
  // INVITE_ONLY opportunity (made so if the catalogue has none open).
  const demoBids = new Set(applications.filter((a) => a.userId === demo.id).map((a) => a.projectId));
  const open = projects.rows.filter((p) => p.status === "BIDDING_OPEN" && !p.deletedAt && !demoBids.has(p.id!));
  const watched = open.find((p) => p.visibility === "PUBLIC");
  const invite = open.find((p) => p.visibility === "INVITE_ONLY") ?? open.find((p) => p !== watched);
  if (invite) invite.visibility = "INVITE_ONLY";
  const projectWatches = watched ? [{ userId: demo.id, projectId: watched.id!, createdAt: clock.at(-2, 9 * 60) }] : [];
  const projectInvitations = invite ? [{ projectId: invite.id!, userId: demo.id, invitedById: invite.createdById, createdAt: clock.at(-3, 10 * 60) }] : [];

  const events = buildEvents(root.fork("events"), clock, members, adminIds, demo);
  const courses = buildCourses(root.fork("courses"), clock, members, demo);
  const messaging = buildMessaging(root.fork("messages"), clock, members, demo, admin, projects.infos);
  const announcements = buildAnnouncements(root.fork("announcements"), clock, adminIds, rbac.chairs, rbac.roleIds["committee chair"]!);
  const tiers = buildTiers(root.fork("tiers"), clock);
  // Each paying member's tier is on their account (the membership page shows it).
  const tierId = new Map(tiers.map((t) => [t.name, t.id!]));
  const memberOf = new Map(members.map((m) => [m.id, m]));
  for (const u of users) {
    const m = memberOf.get(u.id!);
    if (m && !m.isAdmin) u.membershipTierId = tierId.get(m.tier) ?? null;
  }
  const packages = buildSponsorshipPackages(clock);
  const sponsors = events.events.flatMap((e) =>
    ((e.sponsors as Array<{ memberId: string; level: string }>) ?? []).map((s) => ({ eventId: e.id!, memberId: s.memberId, level: s.level, at: e.publishedAt ?? e.createdAt! })),
  );
  const payments = buildPayments(root.fork("payments"), clock, members, events.registrations, events.infos, sponsors, courses.enrollments, courses.infos);
  const roleName = new Map(Object.entries(rbac.roleIds).map(([name, id]) => [id, name]));
  const adminActions = buildAdminActions(root.fork("admin-actions"), clock, {
    members, users, admins, projects: projects.infos, applications, events: events.infos, payments,
    roleGrants: rbac.userRoles.map((g) => ({ userId: g.userId, role: roleName.get(g.roleId)!, assignedAt: g.assignedAt!, isActive: g.isActive ?? true, expiresAt: g.expiresAt })),
  });
  const feedback = buildFeedback(root.fork("feedback"), clock, members, admins);
  const metrics = buildMetrics(root.fork("metrics"), clock);
  const credentials = buildCredentials(root.fork("credentials"), clock, users, members, demo, [admin.id, ...adminIds.filter((id) => id !== admin.id)]);

  const rowsByTable = new Map<unknown, Record<string, unknown>[]>([
    [schema.users, users], [schema.userSkills, skills], [schema.permissions, rbac.permissions], [schema.roles, rbac.roles],
    [schema.rolePermissions, rbac.rolePermissions], [schema.userRoles, rbac.userRoles],
    [schema.projects, projects.rows], [schema.projectApplications, applications], [schema.projectFiles, projectFiles],
    [schema.projectWatches, projectWatches], [schema.projectInvitations, projectInvitations],
    [schema.events, events.events], [schema.eventRegistrations, events.registrations], [schema.eventFiles, events.files],
    [schema.courses, courses.courses], [schema.courseModules, courses.modules], [schema.courseEnrollments, courses.enrollments],
    [schema.courseModuleCompletions, courses.completions], [schema.quizAttempts, courses.attempts],
    [schema.conversations, messaging.conversations], [schema.conversationMembers, messaging.members], [schema.messages, messaging.messages], [schema.announcements, announcements], [schema.membershipTiers, tiers], [schema.sponsorshipPackages, packages], [schema.payments, payments],
    [schema.adminActions, adminActions], [schema.memberFeedback, feedback.tickets], [schema.systemMetrics, metrics],
    [schema.credentials, credentials],
    [schema.feedbackReplies, feedback.replies],
  ]);
  return {
    batches: TABLE_ORDER.map((table) => ({ table, rows: rowsByTable.get(table) ?? [] })),
    loginIds: { admin: admin.id, member: demo.id },
    members,
  };
}

/**
 * The demo member's profile, complete (100% on /account/profile once a credential is verified):
 * Oakland ZIP 94621 at its centroid (the zipcodes package's, as loaded into zip_codes), a
 * 60-mile radius around the East Bay, bonding, languages, years on every skill, public listing.
 */
function completeDemoProfile(users: schema.NewUser[], skills: NewUserSkill[], demoId: string): void {
  const ana = users.find((u) => u.id === demoId);
  if (!ana) throw new Error("the demo member is missing");
  const centroid = { lat: 37.7589, lng: -122.1853 };
  Object.assign(ana, {
    zipCode: "94621",
    city: "Oakland",
    state: "CA",
    latitude: centroid.lat,
    longitude: centroid.lng,
    coordinates: centroid,
    yearsExperience: 18,
    bondingCapacity: "2500000.00",
    serviceRadiusMiles: 60,
    languages: ["English", "Spanish"],
    directoryVisibility: "PUBLIC",
    showPhone: true,
    website: "https://www.reyesconcrete.example.com",
    linkedin: "https://www.linkedin.com/in/ana-reyes-concrete",
  } satisfies Partial<schema.NewUser>);
  const years = [18, 15, 12, 9, 6, 4, 3];
  skills.filter((k) => k.userId === demoId).forEach((k, i) => {
    k.years = years[i] ?? 2;
  });
}
