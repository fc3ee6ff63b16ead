// Reads for the member learning pages. Members see PUBLISHED courses; an ARCHIVED course stays
// readable for the members enrolled in it; a DRAFT is never shown here.
import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { certificates, courseEnrollments, courseModuleCompletions, courseModules, courses, quizAttempts, type Course, type CourseEnrollment } from "../../db/schema/learning.ts";
import type { CourseFilters } from "./view.ts";

const published = eq(courses.status, "PUBLISHED");

const cardColumns = {
  id: courses.id,
  title: courses.title,
  description: courses.description,
  duration: courses.duration,
  difficulty: courses.difficulty,
  category: courses.category,
  tags: courses.tags,
  price: courses.price,
  memberPrice: courses.memberPrice,
};
export type CourseCardRow = Pick<Course, keyof typeof cardColumns>;

function listWhere(f: CourseFilters): SQL {
  const parts: SQL[] = [published];
  if (f.category) parts.push(sql`lower(${courses.category}) = lower(${f.category})`);
  if (f.difficulty) parts.push(eq(courses.difficulty, f.difficulty));
  if (f.tag) parts.push(sql`exists (select 1 from unnest(${courses.tags}) as t(tag) where lower(t.tag) = lower(${f.tag}))`);
  return and(...parts)!;
}

export async function listCourses(db: Db, f: CourseFilters, page: { limit: number; offset: number }) {
  const where = listWhere(f);
  const [rows, totals] = await Promise.all([
    db.select(cardColumns).from(courses).where(where).orderBy(asc(courses.title), asc(courses.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(courses).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

/** The categories and topics of published courses, for the filter form. */
export async function listCourseFacets(db: Db): Promise<{ categories: string[]; tags: string[] }> {
  const rows = await db.select({ category: courses.category, tags: courses.tags }).from(courses).where(published);
  const categories = [...new Set(rows.map((r) => r.category).filter((c): c is string => Boolean(c)))].sort();
  const tags = [...new Set(rows.flatMap((r) => r.tags))].sort((a, b) => a.localeCompare(b));
  return { categories, tags };
}

export interface MyEnrollment {
  id: string;
  courseId: string;
  status: CourseEnrollment["status"];
  progress: number;
  /** The first module in order not yet done ("Continue where you left off"). */
  nextModuleId: string | null;
}

// Written with the outer table's name in full: drizzle leaves columns unqualified in a
// single-table select, and inside this subquery an unqualified "id" would be the module's.
const nextModuleSql = sql<string | null>`(select m.id from ${courseModules} m where m.course_id = "course_enrollments"."course_id"
  and not exists (select 1 from ${courseModuleCompletions} d where d.enrollment_id = "course_enrollments"."id" and d.module_id = m.id)
  order by m."order" limit 1)`;

/** The member's enrolments, each with where to continue. */
export async function listMyEnrollments(db: Db, userId: string): Promise<MyEnrollment[]> {
  return db
    .select({ id: courseEnrollments.id, courseId: courseEnrollments.courseId, status: courseEnrollments.status, progress: courseEnrollments.progress, nextModuleId: nextModuleSql })
    .from(courseEnrollments)
    .where(eq(courseEnrollments.userId, userId));
}

/** A course a member may open: PUBLISHED, or ARCHIVED (the caller shows that only to its enrolled members). */
export async function findCourse(db: DbOrTx, id: string): Promise<Course | null> {
  const [row] = await db.select().from(courses).where(and(eq(courses.id, id), sql`${courses.status} <> 'DRAFT'`));
  return row ?? null;
}

export const moduleColumns = {
  id: courseModules.id,
  title: courseModules.title,
  description: courseModules.description,
  order: courseModules.order,
  duration: courseModules.duration,
  content: courseModules.content,
};
export type ModuleRow = { id: string; title: string; description: string | null; order: number; duration: number | null; content: unknown };

export async function listModules(db: DbOrTx, courseId: string): Promise<ModuleRow[]> {
  return db.select(moduleColumns).from(courseModules).where(eq(courseModules.courseId, courseId)).orderBy(asc(courseModules.order));
}

export async function findEnrollment(db: DbOrTx, courseId: string, userId: string): Promise<CourseEnrollment | null> {
  const [row] = await db.select().from(courseEnrollments).where(and(eq(courseEnrollments.courseId, courseId), eq(courseEnrollments.userId, userId)));
  return row ?? null;
}

/** The ids of the modules this member finished in this course (none without an enrolment). */
export async function myCompletedModules(db: Db, courseId: string, userId: string): Promise<Set<string>> {
  const rows = await db
    .select({ moduleId: courseModuleCompletions.moduleId })
    .from(courseModuleCompletions)
    .innerJoin(courseEnrollments, eq(courseEnrollments.id, courseModuleCompletions.enrollmentId))
    .where(and(eq(courseEnrollments.courseId, courseId), eq(courseEnrollments.userId, userId)));
  return new Set(rows.map((r) => r.moduleId));
}

/** This member's attempts at one quiz, newest first. */
export async function myQuizAttempts(db: Db, courseId: string, userId: string, moduleId: string) {
  return db
    .select({ id: quizAttempts.id, answers: quizAttempts.answers, score: quizAttempts.score, passed: quizAttempts.passed, createdAt: quizAttempts.createdAt })
    .from(quizAttempts)
    .innerJoin(courseEnrollments, eq(courseEnrollments.id, quizAttempts.enrollmentId))
    .where(and(eq(courseEnrollments.courseId, courseId), eq(courseEnrollments.userId, userId), eq(quizAttempts.moduleId, moduleId)))
    .orderBy(desc(quizAttempts.createdAt), desc(quizAttempts.id));
}

export interface TranscriptRow {
  enrollmentId: string;
  courseId: string;
  title: string;
  courseStatus: Course["status"];
  duration: number | null;
  status: CourseEnrollment["status"];
  progress: number;
  enrolledAt: Date;
  completedAt: Date | null;
  certificateId: string | null;
  /** When the certificate was revoked; null while it is valid (or when there is none). */
  certificateRevokedAt: Date | null;
  nextModuleId: string | null;
}

/** Every enrolment of the member, newest first, with its certificate when one was issued (revoked or not). */
export async function listTranscript(db: Db, userId: string): Promise<TranscriptRow[]> {
  return db
    .select({
      enrollmentId: courseEnrollments.id,
      courseId: courses.id,
      title: courses.title,
      courseStatus: courses.status,
      duration: courses.duration,
      status: courseEnrollments.status,
      progress: courseEnrollments.progress,
      enrolledAt: courseEnrollments.enrolledAt,
      completedAt: courseEnrollments.completedAt,
      certificateId: certificates.id,
      certificateRevokedAt: certificates.revokedAt,
      nextModuleId: nextModuleSql,
    })
    .from(courseEnrollments)
    .innerJoin(courses, eq(courses.id, courseEnrollments.courseId))
    .leftJoin(certificates, eq(certificates.enrollmentId, courseEnrollments.id))
    .where(eq(courseEnrollments.userId, userId))
    .orderBy(desc(courseEnrollments.enrolledAt), desc(courseEnrollments.id));
}
