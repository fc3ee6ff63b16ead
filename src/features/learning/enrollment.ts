// Enrolment workflows: enrolling (free courses at once; paid ones once the payment webhook
// calls fulfilCoursePayment), dropping, finishing a module and taking a quiz. Progress and
// status are written in the same transaction as the completion row, and a completed course
// gets its certificate in that transaction too.
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Config } from "../../config.ts";
import type { Db, Tx } from "../../db/client.ts";
import { courseEnrollments, courseModuleCompletions, quizAttempts, type CourseEnrollment } from "../../db/schema/learning.ts";
import { issueCertificate } from "../certificates/issue.ts";
import { readModuleContent } from "./content.ts";
import { progressPercent, resumedStatus, statusFor, type TimedModule } from "./progress.ts";
import { listModules } from "./queries.ts";
import { gradeQuiz, type QuizGrade } from "./rules.ts";

async function doneIds(tx: Pick<Tx, "select">, enrollmentId: string): Promise<Set<string>> {
  const rows = await tx.select({ moduleId: courseModuleCompletions.moduleId }).from(courseModuleCompletions).where(eq(courseModuleCompletions.enrollmentId, enrollmentId));
  return new Set(rows.map((r) => r.moduleId));
}

export type EnrolOutcome = "enrolled" | "resumed" | "already";

/**
 * Opens (or reopens) the member's enrolment in a course, inside the caller's transaction. A new
 * one starts ENROLLED; a dropped one resumes where it left off (its completions were kept);
 * a live one is left alone. Safe to run twice: the (course, member) pair is unique.
 */
export async function openEnrollment(tx: Tx, courseId: string, userId: string, now: Date): Promise<{ outcome: EnrolOutcome; enrollmentId: string }> {
  const [fresh] = await tx
    .insert(courseEnrollments)
    .values({ courseId, userId, status: "ENROLLED", progress: 0, enrolledAt: now })
    .onConflictDoNothing()
    .returning({ id: courseEnrollments.id });
  if (fresh) return { outcome: "enrolled", enrollmentId: fresh.id };
  const [row] = await tx
    .select()
    .from(courseEnrollments)
    .where(and(eq(courseEnrollments.courseId, courseId), eq(courseEnrollments.userId, userId)))
    .for("update");
  if (!row) throw new Error("enrolment vanished while opening it");
  if (row.status !== "DROPPED") return { outcome: "already", enrollmentId: row.id };
  const modules = await listModules(tx, courseId);
  const done = await doneIds(tx, row.id);
  const status = resumedStatus(modules, done);
  await tx
    .update(courseEnrollments)
    .set({ status, progress: progressPercent(modules, done), completedAt: status === "COMPLETED" ? (row.completedAt ?? now) : null })
    .where(eq(courseEnrollments.id, row.id));
  return { outcome: "resumed", enrollmentId: row.id };
}

/** A free course: enrol at once. */
export async function enrolFree(db: Db, courseId: string, userId: string, now: Date): Promise<EnrolOutcome> {
  return (await db.transaction((tx) => openEnrollment(tx, courseId, userId, now))).outcome;
}

/** The member drops the course; completions stay for a later return. False when there was nothing to drop. */
export async function dropEnrollment(db: Db, courseId: string, userId: string): Promise<boolean> {
  const rows = await db
    .update(courseEnrollments)
    .set({ status: "DROPPED" })
    .where(and(eq(courseEnrollments.courseId, courseId), eq(courseEnrollments.userId, userId), sql`${courseEnrollments.status} in ('ENROLLED', 'IN_PROGRESS')`))
    .returning({ id: courseEnrollments.id });
  return rows.length > 0;
}

export interface CompletionResult {
  status: CourseEnrollment["status"];
  progress: number;
  /** The certificate issued now or before, once the course is complete. */
  certificateId: string | null;
}

/** Inside a transaction holding the enrolment's row lock: records the module done and writes progress and status. */
async function completeLocked(tx: Tx, config: Config, enrollment: CourseEnrollment, moduleId: string, now: Date): Promise<CompletionResult> {
  await tx.insert(courseModuleCompletions).values({ enrollmentId: enrollment.id, moduleId, completedAt: now }).onConflictDoNothing();
  const modules = await listModules(tx, enrollment.courseId);
  const done = await doneIds(tx, enrollment.id);
  const status = statusFor(enrollment.status, modules, done);
  const progress = progressPercent(modules, done);
  const completedAt = status === "COMPLETED" ? (enrollment.completedAt ?? now) : null;
  await tx.update(courseEnrollments).set({ status, progress, completedAt }).where(eq(courseEnrollments.id, enrollment.id));
  const certificateId = status === "COMPLETED" ? (await issueCertificate(tx, config, enrollment.id, now)).id : null;
  return { status, progress, certificateId };
}

async function lockEnrollment(tx: Tx, enrollmentId: string): Promise<CourseEnrollment | null> {
  const [row] = await tx.select().from(courseEnrollments).where(eq(courseEnrollments.id, enrollmentId)).for("update");
  return row && row.status !== "DROPPED" ? row : null;
}

/** Marks a (non-quiz) module complete; null when the enrolment is gone or dropped meanwhile. */
export async function completeModule(db: Db, config: Config, enrollmentId: string, moduleId: string, now: Date): Promise<CompletionResult | null> {
  return await db.transaction(async (tx) => {
    const enrollment = await lockEnrollment(tx, enrollmentId);
    return enrollment ? await completeLocked(tx, config, enrollment, moduleId, now) : null;
  });
}

export interface QuizResult extends QuizGrade {
  attemptId: string;
  completion: CompletionResult | null;
}

/** Grades the answers on the server, keeps the attempt, and on a pass marks the module complete (one transaction). */
export async function submitQuiz(db: Db, config: Config, enrollmentId: string, module: { id: string; content: unknown }, answers: number[], now: Date): Promise<QuizResult | null> {
  const content = readModuleContent(module.content);
  if (content?.type !== "quiz") throw new Error(`module ${module.id} is not a quiz`);
  const grade = gradeQuiz(content.questions, answers, content.passMark);
  return await db.transaction(async (tx) => {
    const enrollment = await lockEnrollment(tx, enrollmentId);
    if (!enrollment) return null;
    const [attempt] = await tx
      .insert(quizAttempts)
      .values({ enrollmentId, moduleId: module.id, answers: Object.fromEntries(answers.map((a, i) => [String(i), a])), score: grade.score, passed: grade.passed, createdAt: now })
      .returning({ id: quizAttempts.id });
    const completion = grade.passed ? await completeLocked(tx, config, enrollment, module.id, now) : null;
    return { ...grade, attemptId: attempt!.id, completion };
  });
}

/**
 * After a course's outline changed (a module added, edited or deleted), inside that change's
 * transaction with the course row locked, given the course's modules as they now are: every
 * enrolment not yet COMPLETED gets its progress and status again from the same pure rules a
 * completion uses, and one that the change finishes (its only unfinished module deleted) is
 * completed and gets its certificate, email included.
 * A COMPLETED enrolment stays as it is: its certificate is for the course as it was. Returns how
 * many enrolments completed.
 */
export async function refreshEnrollments(tx: Tx, config: Config, courseId: string, modules: readonly TimedModule[], now: Date): Promise<number> {
  const live = await tx
    .select()
    .from(courseEnrollments)
    .where(and(eq(courseEnrollments.courseId, courseId), ne(courseEnrollments.status, "COMPLETED")))
    .orderBy(courseEnrollments.id)
    .for("update");
  if (live.length === 0) return 0;
  const completions = await tx
    .select({ enrollmentId: courseModuleCompletions.enrollmentId, moduleId: courseModuleCompletions.moduleId })
    .from(courseModuleCompletions)
    .where(inArray(courseModuleCompletions.enrollmentId, live.map((e) => e.id)));
  let completed = 0;
  for (const enrollment of live) {
    const done = new Set(completions.filter((d) => d.enrollmentId === enrollment.id).map((d) => d.moduleId));
    const status = statusFor(enrollment.status, modules, done);
    const progress = progressPercent(modules, done);
    if (status === enrollment.status && progress === enrollment.progress) continue;
    const completedAt = status === "COMPLETED" ? now : null;
    await tx.update(courseEnrollments).set({ status, progress, completedAt }).where(eq(courseEnrollments.id, enrollment.id));
    if (status === "COMPLETED") {
      await issueCertificate(tx, config, enrollment.id, now);
      completed++;
    }
  }
  return completed;
}

/**
 * A TRAINING payment arrived (the Stripe webhook, inside its transaction): the member's
 * enrolment in the course the payment names (referenceId) opens, or a dropped one resumes.
 * Once per payment; a second delivery finds the enrolment open and changes nothing.
 */
export async function fulfilCoursePayment(tx: Tx, payment: { id: string; userId: string; referenceId: string | null }, now: Date): Promise<string> {
  if (!payment.referenceId) throw new Error(`training payment ${payment.id} names no course`);
  const { outcome } = await openEnrollment(tx, payment.referenceId, payment.userId, now);
  return outcome === "already" ? "course enrolment already open" : outcome === "resumed" ? "course enrolment resumed" : "course enrolment opened";
}
