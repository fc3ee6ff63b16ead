// Reads of the bid-opportunity admin screens. Writes live beside their routes and workflows,
// inside the transaction that also writes the AdminAction row.
import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { isId } from "../../db/ids.ts";
import { users } from "../../db/schema/accounts.ts";
import {
  applicationFiles,
  type ApplicationStatus,
  type Project,
  projectApplications,
  projectFiles,
  projectInvitations,
  projects,
} from "../../db/schema/projects.ts";
import { escapeLike } from "../../db/search.ts";
import { CSV_MAX_ROWS } from "../../lib/csv.ts";
import { applicationSubmittedIn, instant, projectTakingBidsAt } from "../admin-dashboard/definitions.ts";
import { fromPacificDateInput, toPacificDateInput } from "../../lib/time.ts";
import type { ApplicationFilters, ProjectFilters } from "./forms.ts";

export type Reader = Db | Tx;
type Page = { limit: number; offset: number };

// Correlated subqueries name the outer table in full (drizzle renders columns unqualified).
const bidCount = sql<number>`(SELECT count(*)::int FROM project_applications a
  WHERE a.project_id = "projects"."id" AND a.status <> 'WITHDRAWN')`;
const pendingCount = sql<number>`(SELECT count(*)::int FROM project_applications a
  WHERE a.project_id = "projects"."id" AND a.status IN ('PENDING', 'REVIEWING'))`;

const DAY = 86_400_000;

function projectWhere(f: ProjectFilters, now: Date): SQL {
  const conds: Array<SQL | undefined> = [isNull(projects.deletedAt)];
  if (f.status) conds.push(eq(projects.status, f.status));
  if (f.category) conds.push(eq(projects.category, f.category));
  if (f.visibility) conds.push(eq(projects.visibility, f.visibility));
  if (f.q) {
    const pattern = `%${escapeLike(f.q)}%`;
    conds.push(or(ilike(projects.title, pattern), ilike(projects.organization, pattern), ilike(projects.externalId, pattern)));
  }
  const within = (days: number) => and(gte(projects.deadlineDate, now), lte(projects.deadlineDate, new Date(now.getTime() + days * DAY)));
  if (f.deadline === "week") conds.push(within(7));
  if (f.deadline === "fortnight") conds.push(within(14));
  if (f.deadline === "month") conds.push(within(30));
  if (f.deadline === "passed") conds.push(lt(projects.deadlineDate, now));
  if (f.deadline === "none") conds.push(isNull(projects.deadlineDate));
  if (f.bidding === "open") conds.push(projectTakingBidsAt(instant(now)));
  if (f.bidsSince) conds.push(sql`EXISTS (SELECT 1 FROM ${projectApplications} WHERE ${projectApplications.projectId} = ${projects.id} AND ${bidsSince(f, now)})`);
  return and(...conds)!;
}

/** The bids the list counts with `bidsSince`: the dashboard's definition, from that day to now. */
function bidsSince(f: ProjectFilters, now: Date): SQL {
  return applicationSubmittedIn(instant(fromPacificDateInput(f.bidsSince)!), instant(now));
}

const listColumns = {
  id: projects.id,
  title: projects.title,
  status: projects.status,
  category: projects.category,
  visibility: projects.visibility,
  organization: projects.organization,
  source: projects.source,
  externalId: projects.externalId,
  budgetMin: projects.budgetMin,
  budgetMax: projects.budgetMax,
  estimatedValue: projects.estimatedValue,
  deadlineDate: projects.deadlineDate,
  publishedAt: projects.publishedAt,
  maxApplications: projects.maxApplications,
  bids: bidCount,
  toReview: pendingCount,
};
export interface AdminProjectRow {
  id: string;
  title: string;
  status: Project["status"];
  category: Project["category"];
  visibility: Project["visibility"];
  organization: string | null;
  source: string;
  externalId: string | null;
  budgetMin: string | null;
  budgetMax: string | null;
  estimatedValue: string | null;
  deadlineDate: Date | null;
  publishedAt: Date | null;
  maxApplications: number | null;
  bids: number;
  toReview: number;
}

// Soonest deadline first (no deadline last), then newest.
const listOrder = [sql`${projects.deadlineDate} ASC NULLS LAST`, desc(projects.createdAt), asc(projects.id)];

export async function listAdminProjects(db: Reader, f: ProjectFilters, page: Page, now = new Date()) {
  const where = projectWhere(f, now);
  const [rows, [total], [bids]] = await Promise.all([
    db.select(listColumns).from(projects).where(where).orderBy(...listOrder).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(projects).where(where),
    f.bidsSince
      ? db
          .select({ n: count() })
          .from(projectApplications)
          .innerJoin(projects, eq(projects.id, projectApplications.projectId))
          .where(and(where, bidsSince(f, now)))
      : Promise.resolve([]),
  ]);
  return { rows: rows as AdminProjectRow[], total: total?.n ?? 0, bidsSince: f.bidsSince ? (bids?.n ?? 0) : null };
}

export async function exportAdminProjects(db: Reader, f: ProjectFilters, now = new Date()): Promise<AdminProjectRow[]> {
  return (await db.select(listColumns).from(projects).where(projectWhere(f, now)).orderBy(...listOrder).limit(CSV_MAX_ROWS + 1)) as AdminProjectRow[];
}

/** A live (not deleted) project, or null; junk ids never reach Postgres. */
export async function findProject(db: Reader, id: string): Promise<Project | null> {
  if (!isId(id)) return null;
  const [row] = await db.select().from(projects).where(and(eq(projects.id, id), isNull(projects.deletedAt)));
  return row ?? null;
}

export async function lockProject(tx: Tx, id: string): Promise<Project | null> {
  const [row] = await tx.select().from(projects).where(and(eq(projects.id, id), isNull(projects.deletedAt))).for("update");
  return row ?? null;
}

export async function projectFilesOf(db: Reader, projectId: string) {
  return db.select().from(projectFiles).where(eq(projectFiles.projectId, projectId)).orderBy(asc(projectFiles.uploadedAt));
}

export async function invitationsOf(db: Reader, projectId: string) {
  return db
    .select({ userId: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email, company: users.company, invitedAt: projectInvitations.createdAt })
    .from(projectInvitations)
    .innerJoin(users, eq(users.id, projectInvitations.userId))
    .where(eq(projectInvitations.projectId, projectId))
    .orderBy(asc(users.lastName), asc(users.firstName));
}
export type InvitationRow = Awaited<ReturnType<typeof invitationsOf>>[number];

/** Counts of a project's bids by status. */
export async function applicationCounts(db: Reader, projectId: string): Promise<Record<ApplicationStatus, number>> {
  const rows = await db
    .select({ status: projectApplications.status, n: count() })
    .from(projectApplications)
    .where(eq(projectApplications.projectId, projectId))
    .groupBy(projectApplications.status);
  const counts: Record<ApplicationStatus, number> = { PENDING: 0, REVIEWING: 0, APPROVED: 0, REJECTED: 0, WITHDRAWN: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** Verified members matching an email exactly or a name/company in part: who an admin may invite. */
export async function findInvitees(db: Reader, who: string, limit = 10) {
  const text = who.trim();
  const pattern = `%${escapeLike(text)}%`;
  return db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email, company: users.company })
    .from(users)
    .where(
      and(
        isNull(users.deletedAt),
        eq(users.isActive, true),
        eq(users.isVerified, true),
        text.includes("@")
          ? sql`lower(${users.email}) = lower(${text})`
          : or(ilike(sql`${users.firstName} || ' ' || ${users.lastName}`, pattern), ilike(users.company, pattern)),
      ),
    )
    .orderBy(asc(users.lastName), asc(users.firstName))
    .limit(limit);
}

// ---------------------------------------------------------------- applications

export interface HeldCredential {
  type: string;
  classification: string | null;
  expiresOn: string | null;
}

/** The applicant's credentials that count today: verified, and not expired (Pacific day). */
function currentCredentials(today: string) {
  return sql<HeldCredential[]>`(SELECT coalesce(json_agg(json_build_object('type', c.type, 'classification', c.classification, 'expiresOn', c.expires_on)
      ORDER BY c.type, c.classification), '[]'::json)
    FROM credentials c WHERE c.user_id = "project_applications"."user_id" AND c.status = 'VERIFIED'
      AND (c.expires_on IS NULL OR c.expires_on >= ${today}::date))`;
}
function currentCredentialCount(today: string) {
  return sql<number>`(SELECT count(*)::int FROM credentials c WHERE c.user_id = "project_applications"."user_id"
    AND c.status = 'VERIFIED' AND (c.expires_on IS NULL OR c.expires_on >= ${today}::date))`;
}
const fileList = sql<Array<{ id: string; fileName: string; fileSize: number }>>`(SELECT coalesce(json_agg(json_build_object('id', f.id,
    'fileName', f.file_name, 'fileSize', f.file_size) ORDER BY f.uploaded_at), '[]'::json)
  FROM application_files f WHERE f.application_id = "project_applications"."id")`;

function applicationColumns(today: string) {
  return {
    id: projectApplications.id,
    projectId: projectApplications.projectId,
    userId: projectApplications.userId,
    status: projectApplications.status,
    coverLetter: projectApplications.coverLetter,
    proposal: projectApplications.proposal,
    bidAmount: projectApplications.bidAmount,
    estimatedDuration: projectApplications.estimatedDuration,
    submittedAt: projectApplications.submittedAt,
    reviewedAt: projectApplications.reviewedAt,
    withdrawnAt: projectApplications.withdrawnAt,
    notes: projectApplications.notes,
    firstName: users.firstName,
    lastName: users.lastName,
    email: users.email,
    company: users.company,
    yearsExperience: users.yearsExperience,
    credentials: currentCredentials(today),
    credentialCount: currentCredentialCount(today),
    files: fileList,
  };
}
export interface ApplicationRow {
  id: string;
  projectId: string;
  userId: string;
  status: ApplicationStatus;
  coverLetter: string | null;
  proposal: string | null;
  bidAmount: string | null;
  estimatedDuration: number | null;
  submittedAt: Date;
  reviewedAt: Date | null;
  withdrawnAt: Date | null;
  notes: string | null;
  firstName: string;
  lastName: string;
  email: string;
  company: string | null;
  yearsExperience: number | null;
  credentials: HeldCredential[];
  credentialCount: number;
  files: Array<{ id: string; fileName: string; fileSize: number }>;
}

function applicationOrder(sort: ApplicationFilters["sort"], today: string): SQL[] {
  const tail = [desc(projectApplications.submittedAt), asc(projectApplications.id)];
  switch (sort) {
    case "bid":
      return [sql`${projectApplications.bidAmount} ASC NULLS LAST`, ...tail];
    case "duration":
      return [sql`${projectApplications.estimatedDuration} ASC NULLS LAST`, ...tail];
    case "credentials":
      return [sql`${currentCredentialCount(today)} DESC`, ...tail];
    case "experience":
      return [sql`${users.yearsExperience} DESC NULLS LAST`, ...tail];
    case "name":
      return [asc(users.lastName), asc(users.firstName), ...tail];
    default:
      // "match" sorts in the route (the score is computed there); the base order is newest first.
      return tail;
  }
}

/** The most bids one opportunity's list and CSV show (the CSV says so when there are more). */
export const MAX_BIDS_LISTED = 5_000;

/** The bids of one opportunity, at most MAX_BIDS_LISTED + 1 (one more tells there are more). */
export async function listApplications(db: Reader, projectId: string, f: ApplicationFilters, now = new Date()): Promise<ApplicationRow[]> {
  const today = toPacificDateInput(now);
  return (await db
    .select(applicationColumns(today))
    .from(projectApplications)
    .innerJoin(users, eq(users.id, projectApplications.userId))
    .where(and(eq(projectApplications.projectId, projectId), f.status ? eq(projectApplications.status, f.status) : undefined))
    .orderBy(...applicationOrder(f.sort, today))
    .limit(MAX_BIDS_LISTED + 1)) as ApplicationRow[];
}

/** Chosen bids of one project, in the order asked; ids of other projects are simply not found. */
export async function applicationsById(db: Reader, projectId: string, ids: string[], now = new Date()): Promise<ApplicationRow[]> {
  const wanted = ids.filter(isId);
  if (wanted.length === 0) return [];
  const rows = (await db
    .select(applicationColumns(toPacificDateInput(now)))
    .from(projectApplications)
    .innerJoin(users, eq(users.id, projectApplications.userId))
    .where(and(eq(projectApplications.projectId, projectId), inArray(projectApplications.id, wanted)))) as ApplicationRow[];
  return wanted.map((id) => rows.find((r) => r.id === id)).filter((r): r is ApplicationRow => !!r);
}

export async function findApplicationFile(db: Reader, projectId: string, applicationId: string, fileId: string) {
  if (!isId(applicationId) || !isId(fileId)) return null;
  const [row] = await db
    .select({ file: applicationFiles })
    .from(applicationFiles)
    .innerJoin(projectApplications, eq(projectApplications.id, applicationFiles.applicationId))
    .where(and(eq(applicationFiles.id, fileId), eq(applicationFiles.applicationId, applicationId), eq(projectApplications.projectId, projectId)));
  return row?.file ?? null;
}

/** Projects already imported from this source with these external ids, keyed by external id. */
export async function importedProjects(db: Reader, source: string, externalIds: string[]): Promise<Map<string, Project>> {
  if (externalIds.length === 0) return new Map();
  const found = new Map<string, Project>();
  for (let i = 0; i < externalIds.length; i += 500) {
    const rows = await db
      .select()
      .from(projects)
      .where(and(eq(projects.source, source), isNotNull(projects.externalId), inArray(projects.externalId, externalIds.slice(i, i + 500))));
    for (const r of rows) found.set(r.externalId!, r);
  }
  return found;
}
