// Reads of the course admin screens. Writes live in modules.ts and beside their routes, inside
// the transaction that also writes the AdminAction row.
import { and, asc, count, desc, eq, ilike, isNotNull, or, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { isId } from "../../db/ids.ts";
import { users } from "../../db/schema/accounts.ts";
import { type Course, type CourseEnrollmentStatus, type CourseModule, courseEnrollments, courseModules, courses } from "../../db/schema/learning.ts";
import { escapeLike } from "../../db/search.ts";
import { CSV_MAX_ROWS } from "../../lib/csv.ts";
import { fromPacificDateInput } from "../../lib/time.ts";
import { enrollmentCompletedIn, instant } from "../admin-dashboard/definitions.ts";
import type { CourseFilters, EnrollmentFilters } from "./forms.ts";

export type Reader = Db | Tx;
type Page = { limit: number; offset: number };

// Correlated subqueries name the outer table in full (drizzle renders columns unqualified).
const enrolledCount = sql<number>`(SELECT count(*)::int FROM course_enrollments e WHERE e.course_id = "courses"."id")`;
const completedCount = sql<number>`(SELECT count(*)::int FROM course_enrollments e WHERE e.course_id = "courses"."id" AND e.status = 'COMPLETED')`;
const moduleCount = sql<number>`(SELECT count(*)::int FROM course_modules m WHERE m.course_id = "courses"."id")`;

const listColumns = {
  id: courses.id,
  title: courses.title,
  status: courses.status,
  category: courses.category,
  difficulty: courses.difficulty,
  duration: courses.duration,
  price: courses.price,
  memberPrice: courses.memberPrice,
  publishedAt: courses.publishedAt,
  updatedAt: courses.updatedAt,
  modules: moduleCount,
  enrolled: enrolledCount,
  completed: completedCount,
};
export type AdminCourseRow = {
  id: string;
  title: string;
  status: Course["status"];
  category: string | null;
  difficulty: Course["difficulty"];
  duration: number | null;
  price: string;
  memberPrice: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
  modules: number;
  enrolled: number;
  completed: number;
};

function courseWhere(f: CourseFilters): SQL | undefined {
  const conditions: SQL[] = [];
  if (f.status) conditions.push(eq(courses.status, f.status));
  if (f.category) conditions.push(eq(courses.category, f.category));
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    conditions.push(or(ilike(courses.title, like), ilike(courses.description, like), sql`${f.q} = ANY(${courses.tags})`)!);
  }
  if (f.completedSince) {
    conditions.push(sql`EXISTS (SELECT 1 FROM ${courseEnrollments} WHERE ${courseEnrollments.courseId} = ${courses.id} AND ${completedSince(f)})`);
  }
  return conditions.length ? and(...conditions) : undefined;
}

/** The completions the list counts with `completedSince`: the dashboard's definition, from that day to now. */
function completedSince(f: CourseFilters): SQL {
  return enrollmentCompletedIn(instant(fromPacificDateInput(f.completedSince)!), sql`now()`);
}

const listOrder = [desc(courses.updatedAt), asc(courses.id)];

export async function listAdminCourses(db: Reader, f: CourseFilters, page: Page) {
  const where = courseWhere(f);
  const [rows, [total], [completions]] = await Promise.all([
    db.select(listColumns).from(courses).where(where).orderBy(...listOrder).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(courses).where(where),
    f.completedSince
      ? db
          .select({ n: count() })
          .from(courseEnrollments)
          .innerJoin(courses, eq(courses.id, courseEnrollments.courseId))
          .where(and(where, completedSince(f)))
      : Promise.resolve([]),
  ]);
  return { rows: rows as AdminCourseRow[], total: total?.n ?? 0, completedSince: f.completedSince ? (completions?.n ?? 0) : null };
}

export async function exportAdminCourses(db: Reader, f: CourseFilters): Promise<AdminCourseRow[]> {
  return (await db.select(listColumns).from(courses).where(courseWhere(f)).orderBy(...listOrder).limit(CSV_MAX_ROWS + 1)) as AdminCourseRow[];
}

/** The categories in use, for the filter's list. */
export async function courseCategories(db: Reader): Promise<string[]> {
  const rows = await db.selectDistinct({ category: courses.category }).from(courses).where(isNotNull(courses.category)).orderBy(asc(courses.category));
  return rows.map((r) => r.category!).filter(Boolean);
}

export async function findCourse(db: Reader, id: string): Promise<Course | null> {
  if (!isId(id)) return null;
  const [row] = await db.select().from(courses).where(eq(courses.id, id));
  return row ?? null;
}

export async function lockCourse(tx: Tx, id: string): Promise<Course | null> {
  const [row] = await tx.select().from(courses).where(eq(courses.id, id)).for("update");
  return row ?? null;
}

export async function modulesOf(db: Reader, courseId: string): Promise<CourseModule[]> {
  return db.select().from(courseModules).where(eq(courseModules.courseId, courseId)).orderBy(asc(courseModules.order));
}

export async function findModule(db: Reader, courseId: string, moduleId: string): Promise<CourseModule | null> {
  if (!isId(moduleId)) return null;
  const [row] = await db.select().from(courseModules).where(and(eq(courseModules.id, moduleId), eq(courseModules.courseId, courseId)));
  return row ?? null;
}

export interface EnrollmentCounts {
  total: number;
  completed: number;
  byStatus: Record<string, number>;
}

export async function enrollmentCounts(db: Reader, courseId: string): Promise<EnrollmentCounts> {
  const rows = await db
    .select({ status: courseEnrollments.status, n: count() })
    .from(courseEnrollments)
    .where(eq(courseEnrollments.courseId, courseId))
    .groupBy(courseEnrollments.status);
  const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  return { total: rows.reduce((s, r) => s + r.n, 0), completed: byStatus.COMPLETED ?? 0, byStatus };
}

// ---------------------------------------------------------------- enrolments

/** Best score, attempts and whether any passed, per quiz module of the enrolment: { moduleId: {best, attempts, passed} }. */
const quizResults = sql<Record<string, QuizResult>>`(SELECT coalesce(json_object_agg(q.module_id, json_build_object('best', q.best, 'attempts', q.attempts, 'passed', q.passed)), '{}'::json)
  FROM (SELECT a.module_id, max(a.score)::int AS best, count(*)::int AS attempts, bool_or(a.passed) AS passed
        FROM quiz_attempts a WHERE a.enrollment_id = "course_enrollments"."id" GROUP BY a.module_id) q)`;

const enrollmentColumns = {
  id: courseEnrollments.id,
  userId: users.id,
  firstName: users.firstName,
  lastName: users.lastName,
  email: users.email,
  company: users.company,
  status: courseEnrollments.status,
  progress: courseEnrollments.progress,
  enrolledAt: courseEnrollments.enrolledAt,
  completedAt: courseEnrollments.completedAt,
  quizzes: quizResults,
};

function enrollmentWhere(courseId: string, f: EnrollmentFilters): SQL {
  const conditions: SQL[] = [eq(courseEnrollments.courseId, courseId)];
  if (f.status) conditions.push(eq(courseEnrollments.status, f.status));
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    conditions.push(
      or(ilike(users.email, like), ilike(users.company, like), ilike(sql`${users.firstName} || ' ' || ${users.lastName}`, like))!,
    );
  }
  return and(...conditions)!;
}

export interface QuizResult {
  best: number;
  attempts: number;
  passed: boolean;
}

export type EnrollmentRow = {
  id: string;
  userId: string;
  firstName: string;
  lastName: string;
  email: string;
  company: string | null;
  status: CourseEnrollmentStatus;
  progress: number;
  enrolledAt: Date;
  completedAt: Date | null;
  /** Quiz module id → best score and attempts. */
  quizzes: Record<string, QuizResult>;
};

export async function listEnrollments(db: Reader, courseId: string, f: EnrollmentFilters, page: Page) {
  const where = enrollmentWhere(courseId, f);
  const [rows, [total]] = await Promise.all([
    db
      .select(enrollmentColumns)
      .from(courseEnrollments)
      .innerJoin(users, eq(users.id, courseEnrollments.userId))
      .where(where)
      .orderBy(desc(courseEnrollments.enrolledAt), asc(courseEnrollments.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(courseEnrollments).innerJoin(users, eq(users.id, courseEnrollments.userId)).where(where),
  ]);
  return { rows: rows as EnrollmentRow[], total: total?.n ?? 0 };
}

export async function exportEnrollments(db: Reader, courseId: string, f: EnrollmentFilters): Promise<EnrollmentRow[]> {
  return (await db
    .select(enrollmentColumns)
    .from(courseEnrollments)
    .innerJoin(users, eq(users.id, courseEnrollments.userId))
    .where(enrollmentWhere(courseId, f))
    .orderBy(desc(courseEnrollments.enrolledAt), asc(courseEnrollments.id))
    .limit(CSV_MAX_ROWS + 1)) as EnrollmentRow[];
}
