// Assembles the demo data set in memory, with no I/O: same seed and anchor, same rows.
import type { ApplicationStatus, ProjectStatus } from "../../src/db/schema/index.ts";
import * as schema from "../../src/db/schema/index.ts";
import { buildAdminActions, buildFeedback, buildMetrics } from "./audit.ts";
import { buildCourses } from "./courses.ts";
import { buildEvents } from "./events.ts";
import { buildMembers, type Member } from "./members.ts";
import { buildAnnouncements, buildMessages } from "./messaging.ts";
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
  schema.projects, schema.projectApplications, schema.projectFiles,
  schema.membershipTiers, schema.sponsorshipPackages, schema.payments,
  schema.events, schema.eventRegistrations, schema.eventFiles,
  schema.courses, schema.courseModules, schema.courseEnrollments,
  schema.messages, schema.announcements,
  schema.adminActions, schema.memberFeedback, schema.systemMetrics,
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
  for (const a of applications) counts.set(a.projectId, (counts.get(a.projectId) ?? 0) + 1);
  for (const p of projects.rows) p.applicationCount = counts.get(p.id!) ?? 0;
  const projectFiles = buildProjectFiles(root.fork("project-files"), clock, projects.infos);

  const events = buildEvents(root.fork("events"), clock, members, adminIds, demo);
  const courses = buildCourses(root.fork("courses"), clock, members, demo);
  const messages = buildMessages(root.fork("messages"), clock, members, demo, admin, projects.infos);
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
  const metrics = buildMetrics(root.fork("metrics"), clock, events.registrations);

  const rowsByTable = new Map<unknown, Record<string, unknown>[]>([
    [schema.users, users], [schema.userSkills, skills], [schema.permissions, rbac.permissions], [schema.roles, rbac.roles],
    [schema.rolePermissions, rbac.rolePermissions], [schema.userRoles, rbac.userRoles],
    [schema.projects, projects.rows], [schema.projectApplications, applications], [schema.projectFiles, projectFiles],
    [schema.events, events.events], [schema.eventRegistrations, events.registrations], [schema.eventFiles, events.files],
    [schema.courses, courses.courses], [schema.courseModules, courses.modules], [schema.courseEnrollments, courses.enrollments],
    [schema.messages, messages], [schema.announcements, announcements], [schema.membershipTiers, tiers], [schema.sponsorshipPackages, packages], [schema.payments, payments],
    [schema.adminActions, adminActions], [schema.memberFeedback, feedback], [schema.systemMetrics, metrics],
  ]);
  return {
    batches: TABLE_ORDER.map((table) => ({ table, rows: rowsByTable.get(table) ?? [] })),
    loginIds: { admin: admin.id, member: demo.id },
    members,
  };
}
