// Reads for the member bid pages. Every read of a project goes through visibleTo(viewer),
// the SQL twin of canSeeProject in rules.ts: list, page, files and apply agree by construction.
import { and, asc, desc, eq, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { userSkills, users } from "../../db/schema/accounts.ts";
import { credentials } from "../../db/schema/directory.ts";
import {
  applicationFiles,
  projectApplications,
  projectFiles,
  projectInvitations,
  projects,
  projectWatches,
  type Project,
} from "../../db/schema/projects.ts";
import { searchProjects, type ProjectSort } from "../../db/search.ts";
import type { MatchCredential, MatchMember, MatchSkill } from "./match.ts";
import { LISTED_STATUSES, OPEN_STATUSES, type Viewer } from "./rules.ts";
import type { ProjectFilters } from "./view.ts";

/** The visibility rule as one SQL condition (see canSeeProject). */
export function visibleTo(viewer: Viewer): SQL {
  if (viewer.manages) return isNull(projects.deletedAt);
  const seen: SQL[] = [eq(projects.visibility, "PUBLIC")];
  if (viewer.verified && viewer.id) {
    seen.push(eq(projects.visibility, "MEMBERS_ONLY"));
    seen.push(
      sql`(${projects.visibility} = 'INVITE_ONLY' and exists (select 1 from ${projectInvitations} where ${projectInvitations.projectId} = ${projects.id} and ${projectInvitations.userId} = ${viewer.id}))`,
    );
  }
  return and(isNull(projects.deletedAt), ne(projects.status, "DRAFT"), or(...seen))!;
}

/** What the match score needs about a member: profile, skills, credentials (every status; the score keeps the verified, current ones). */
export async function loadMatchMember(db: Db, userId: string): Promise<MatchMember | null> {
  return (await loadMatchMembers(db, [userId])).get(userId) ?? null;
}

/** loadMatchMember for many members at once: three reads in one batch, whatever the count. */
export async function loadMatchMembers(db: Db, userIds: readonly string[]): Promise<Map<string, MatchMember>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const [profiles, skills, creds] = await Promise.all([
    db
      .select({
        id: users.id,
        yearsExperience: users.yearsExperience,
        bondingCapacity: users.bondingCapacity,
        serviceRadiusMiles: users.serviceRadiusMiles,
        latitude: users.latitude,
        longitude: users.longitude,
      })
      .from(users)
      .where(inArray(users.id, ids)),
    db.select({ userId: userSkills.userId, skill: userSkills.skill, level: userSkills.level, years: userSkills.years }).from(userSkills).where(inArray(userSkills.userId, ids)),
    db
      .select({ userId: credentials.userId, type: credentials.type, status: credentials.status, classification: credentials.classification, expiresOn: credentials.expiresOn })
      .from(credentials)
      .where(inArray(credentials.userId, ids)),
  ]);
  const out = new Map<string, MatchMember>();
  for (const { id, ...p } of profiles) out.set(id, { ...p, skills: [], credentials: [] });
  for (const { userId, ...s } of skills) (out.get(userId)?.skills as MatchSkill[] | undefined)?.push(s);
  for (const { userId, ...c } of creds) (out.get(userId)?.credentials as MatchCredential[] | undefined)?.push(c);
  return out;
}

export interface ListPlan {
  filters: ProjectFilters;
  viewer: Viewer;
  /** Where distances are measured from: the ZIP typed, else the member's base. */
  origin: { lat: number; lng: number } | null;
  now: Date;
  limit: number;
  offset: number;
  /** More conditions (the alerts' "published in this window"). */
  extra?: SQL[];
}

/** The list's conditions beyond text, budget, radius and status (those are searchProjects' own). */
function listWhere(f: ProjectFilters, viewer: Viewer, now: Date): SQL[] {
  const where: SQL[] = [visibleTo(viewer)];
  if (f.subcategory) where.push(sql`lower(${projects.subcategory}) = lower(${f.subcategory})`);
  if (f.sector) where.push(sql`exists (select 1 from unnest(${projects.sector}) s where lower(s) = lower(${f.sector}))`);
  if (f.closing) {
    const until = new Date(now.getTime() + Number(f.closing) * 86_400_000);
    where.push(sql`${projects.deadlineDate} >= ${now.toISOString()}::timestamptz and ${projects.deadlineDate} < ${until.toISOString()}::timestamptz`);
  }
  if (f.cert) where.push(sql`${projects.certificationsRequired} @> ${JSON.stringify([{ type: f.cert }])}::jsonb`);
  if (f.bonding) where.push(eq(projects.bondingRequired, f.bonding === "yes"));
  return where;
}

export function listProjects(db: Db, plan: ListPlan, sort: ProjectSort) {
  const f = plan.filters;
  const miles = f.miles ? Number(f.miles) : null;
  return searchProjects(db, {
    q: f.q || undefined,
    category: f.category || undefined,
    status: f.show === "all" ? LISTED_STATUSES : OPEN_STATUSES,
    minBudget: f.min ? Number(f.min) * 100 : undefined,
    maxBudget: f.max ? Number(f.max) * 100 : undefined,
    near: plan.origin && miles !== null ? { ...plan.origin, miles } : undefined,
    origin: plan.origin ?? undefined,
    where: [...listWhere(f, plan.viewer, plan.now), ...(plan.extra ?? [])],
    sort,
    limit: plan.limit,
    offset: plan.offset,
  });
}

export type ProjectRow = Awaited<ReturnType<typeof listProjects>>[number];

/** The project if this viewer may see it. */
export async function findVisibleProject(db: DbOrTx, id: string, viewer: Viewer): Promise<Project | null> {
  const [row] = await db.select().from(projects).where(and(eq(projects.id, id), visibleTo(viewer)));
  return row ?? null;
}

export async function listProjectFiles(db: Db, projectId: string) {
  return db
    .select({ id: projectFiles.id, fileName: projectFiles.fileName, fileType: projectFiles.fileType, fileSize: projectFiles.fileSize })
    .from(projectFiles)
    .where(eq(projectFiles.projectId, projectId))
    .orderBy(asc(projectFiles.uploadedAt), asc(projectFiles.id));
}

/** A file of this project (never another's), if the viewer may see the project. */
export async function findProjectFile(db: Db, projectId: string, fileId: string, viewer: Viewer) {
  const [row] = await db
    .select({ fileName: projectFiles.fileName, filePath: projectFiles.filePath, fileType: projectFiles.fileType })
    .from(projectFiles)
    .innerJoin(projects, eq(projects.id, projectFiles.projectId))
    .where(and(eq(projectFiles.id, fileId), eq(projectFiles.projectId, projectId), visibleTo(viewer)));
  return row ?? null;
}

export async function findMyApplication(db: DbOrTx, projectId: string, userId: string) {
  const [row] = await db
    .select()
    .from(projectApplications)
    .where(and(eq(projectApplications.projectId, projectId), eq(projectApplications.userId, userId)));
  return row ?? null;
}

export async function listApplicationFiles(db: Db, applicationId: string) {
  return db
    .select({ id: applicationFiles.id, fileName: applicationFiles.fileName, fileSize: applicationFiles.fileSize })
    .from(applicationFiles)
    .where(eq(applicationFiles.applicationId, applicationId))
    .orderBy(asc(applicationFiles.uploadedAt), asc(applicationFiles.id));
}

/**
 * An applicant's file: only the applicant (the application is theirs) or someone who manages
 * projects may read it. Anyone else gets null (a 404: not even whether it exists).
 */
export async function findApplicationFile(db: Db, applicationId: string, fileId: string, viewer: Viewer) {
  if (!viewer.id) return null;
  const [row] = await db
    .select({ fileName: applicationFiles.fileName, filePath: applicationFiles.filePath, fileType: applicationFiles.fileType })
    .from(applicationFiles)
    .innerJoin(projectApplications, eq(projectApplications.id, applicationFiles.applicationId))
    .where(
      and(
        eq(applicationFiles.id, fileId),
        eq(applicationFiles.applicationId, applicationId),
        viewer.manages ? undefined : eq(projectApplications.userId, viewer.id),
      ),
    );
  return row ?? null;
}

export async function isWatching(db: Db, projectId: string, userId: string): Promise<boolean> {
  const rows = await db
    .select({ one: sql`1` })
    .from(projectWatches)
    .where(and(eq(projectWatches.projectId, projectId), eq(projectWatches.userId, userId)));
  return rows.length > 0;
}

/** The member's bids, newest first, with what "My bids" shows of each project. */
export async function listMyApplications(db: Db, userId: string) {
  return db
    .select({
      id: projectApplications.id,
      status: projectApplications.status,
      bidAmount: projectApplications.bidAmount,
      estimatedDuration: projectApplications.estimatedDuration,
      submittedAt: projectApplications.submittedAt,
      withdrawnAt: projectApplications.withdrawnAt,
      projectId: projects.id,
      title: projects.title,
      projectStatus: projects.status,
      deadlineDate: projects.deadlineDate,
      organization: projects.organization,
    })
    .from(projectApplications)
    .innerJoin(projects, eq(projects.id, projectApplications.projectId))
    .where(and(eq(projectApplications.userId, userId), isNull(projects.deletedAt)))
    .orderBy(desc(projectApplications.submittedAt), asc(projectApplications.id))
    .limit(200);
}

/** The member's watched opportunities that are still visible to them. */
export async function listMyWatches(db: Db, viewer: Viewer & { id: string }) {
  return db
    .select({ id: projects.id, title: projects.title, status: projects.status, deadlineDate: projects.deadlineDate })
    .from(projectWatches)
    .innerJoin(projects, eq(projects.id, projectWatches.projectId))
    .where(and(eq(projectWatches.userId, viewer.id), visibleTo(viewer)))
    .orderBy(sql`${projects.deadlineDate} asc nulls last`, asc(projects.id))
    .limit(100);
}

/** Open opportunities a member may see, for "Recommended for you" (scored in the route). */
export function recommendationCandidates(db: Db, viewer: Viewer, now: Date) {
  return db
    .select({
      id: projects.id,
      title: projects.title,
      deadlineDate: projects.deadlineDate,
      organization: projects.organization,
      skillsRequired: projects.skillsRequired,
      certificationsRequired: projects.certificationsRequired,
      experienceRequired: projects.experienceRequired,
      bondingRequired: projects.bondingRequired,
      estimatedValue: projects.estimatedValue,
      insuranceRequired: projects.insuranceRequired,
      latitude: projects.latitude,
      longitude: projects.longitude,
    })
    .from(projects)
    .where(
      and(
        visibleTo(viewer),
        inArray(projects.status, ["BIDDING_OPEN"]),
        sql`(${projects.deadlineDate} is null or ${projects.deadlineDate} > ${now.toISOString()}::timestamptz)`,
      ),
    )
    .orderBy(sql`${projects.deadlineDate} asc nulls last`, asc(projects.id))
    .limit(200);
}
