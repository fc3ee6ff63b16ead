// Course progress, pure: how much of a course an enrolment has done, which module comes next,
// and the enrolment status that follows. Tested in test/unit/learning-progress.test.ts.
//
// Progress is weighted by module duration: a 40-minute lesson counts four times a 10-minute
// one. A module without a duration (null or 0 minutes) weighs what the timed modules weigh on
// average, so it counts like an ordinary module; when no module has a duration, every module
// weighs the same. The percent is rounded down, so 100 means every module is done, and any
// finished module shows at least 1.
import type { CourseEnrollmentStatus } from "../../db/schema/learning.ts";

export interface TimedModule {
  id: string;
  duration: number | null;
}

/** Each module's weight, by the rule above. */
export function moduleWeights(modules: readonly TimedModule[]): number[] {
  const timed = modules.map((m) => m.duration ?? 0).filter((d) => d > 0);
  const fallback = timed.length ? timed.reduce((a, b) => a + b, 0) / timed.length : 1;
  return modules.map((m) => (m.duration && m.duration > 0 ? m.duration : fallback));
}

/** Percent complete (0–100, whole number) given the ids of finished modules. */
export function progressPercent(modules: readonly TimedModule[], done: ReadonlySet<string>): number {
  if (modules.length === 0) return 0;
  const weights = moduleWeights(modules);
  const total = weights.reduce((a, b) => a + b, 0);
  let finished = 0;
  let count = 0;
  modules.forEach((m, i) => {
    if (done.has(m.id)) {
      finished += weights[i]!;
      count++;
    }
  });
  if (count === 0) return 0;
  if (count === modules.length) return 100;
  return Math.min(99, Math.max(1, Math.floor((100 * finished) / total)));
}

/** The first module (in the order given) not yet done: where "Continue" leads; null when all are done. */
export function nextModule<M extends { id: string }>(modules: readonly M[], done: ReadonlySet<string>): M | null {
  return modules.find((m) => !done.has(m.id)) ?? null;
}

/**
 * The status after a change of completions: ENROLLED until the first module is done,
 * IN_PROGRESS until all are, then COMPLETED. A dropped enrolment stays DROPPED (its member
 * cannot complete modules until they enrol again).
 */
export function statusFor(current: CourseEnrollmentStatus, modules: readonly TimedModule[], done: ReadonlySet<string>): CourseEnrollmentStatus {
  if (current === "DROPPED") return "DROPPED";
  const count = modules.filter((m) => done.has(m.id)).length;
  if (modules.length > 0 && count === modules.length) return "COMPLETED";
  if (current === "COMPLETED") return "COMPLETED";
  return count > 0 ? "IN_PROGRESS" : "ENROLLED";
}

/** The status a dropped enrolment comes back to when its member enrols again: where they left off. */
export function resumedStatus(modules: readonly TimedModule[], done: ReadonlySet<string>): CourseEnrollmentStatus {
  return statusFor("ENROLLED", modules, done);
}
