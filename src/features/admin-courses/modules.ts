// Writes of the module editor. Each runs inside the caller's transaction, after the course row
// is locked (lockCourse), so two admins editing one course's modules take turns; each ends with
// syncOutline, in the same transaction.
import { and, eq, sql } from "drizzle-orm";
import type { Config } from "../../config.ts";
import type { Tx } from "../../db/client.ts";
import { type CourseModule, courseModules, courses } from "../../db/schema/learning.ts";
import { refreshEnrollments } from "../learning/enrollment.ts";
import { outlineOf, swapPartner, totalDuration } from "./rules.ts";

/**
 * After any change of a course's modules: rebuilds courses.modules ([{id, order, title,
 * duration}]) and courses.duration (the sum of the modules' minutes) from course_modules, and
 * brings every enrolment's progress and status up to date with the new outline (a member whose
 * last unfinished module went is completed and gets the certificate).
 */
export async function syncOutline(tx: Tx, config: Config, courseId: string, now: Date): Promise<CourseModule[]> {
  const modules = await tx.select().from(courseModules).where(eq(courseModules.courseId, courseId)).orderBy(courseModules.order);
  await tx
    .update(courses)
    .set({ modules: outlineOf(modules), duration: totalDuration(modules) })
    .where(eq(courses.id, courseId));
  await refreshEnrollments(tx, config, courseId, modules, now);
  return modules;
}

/** The order a new module takes: after the last one (orders start at 1). */
export async function nextOrder(tx: Tx, courseId: string): Promise<number> {
  const [row] = await tx
    .select({ max: sql<number | null>`max(${courseModules.order})::int` })
    .from(courseModules)
    .where(eq(courseModules.courseId, courseId));
  return (row?.max ?? 0) + 1;
}

/**
 * Swaps a module with its neighbour. (course_id, order) is unique and checked row by row, and
 * order may not be negative, so the module first parks on an order no other module has (one past
 * the last), then the neighbour takes its place, then it takes the neighbour's.
 */
export async function moveModule(tx: Tx, courseId: string, moduleId: string, direction: "up" | "down") {
  const modules = await tx.select().from(courseModules).where(eq(courseModules.courseId, courseId));
  const pair = swapPartner(modules, moduleId, direction);
  if (!pair) return null;
  const [moving, other] = pair;
  const parking = Math.max(...modules.map((m) => m.order)) + 1;
  const inCourse = (id: string) => and(eq(courseModules.id, id), eq(courseModules.courseId, courseId));
  await tx.update(courseModules).set({ order: parking }).where(inCourse(moving.id));
  await tx.update(courseModules).set({ order: moving.order }).where(inCourse(other.id));
  await tx.update(courseModules).set({ order: other.order }).where(inCourse(moving.id));
  return { moving, other, from: moving.order, to: other.order };
}

/** After a delete: orders 1..n again, in the same sequence (shifted out of the way first, for the unique key). */
export async function renumber(tx: Tx, courseId: string): Promise<void> {
  await tx.execute(sql`UPDATE course_modules SET "order" = "order" + 100000 WHERE course_id = ${courseId}`);
  await tx.execute(sql`UPDATE course_modules m SET "order" = r.n
    FROM (SELECT id, row_number() OVER (ORDER BY "order")::int AS n FROM course_modules WHERE course_id = ${courseId}) r
    WHERE m.id = r.id`);
}
