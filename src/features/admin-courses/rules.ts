// Pure rules of the course admin screens: the course lifecycle and what publishing needs,
// labels, notice codes, the outline kept in courses.modules, completion rates and how a
// video link will be shown. No I/O; tested in test/unit/admin-courses-rules.test.ts.
import type { CourseDifficulty, CourseEnrollmentStatus, CourseStatus } from "../../db/schema/learning.ts";
import { noticeTable } from "../../lib/notices.ts";
import { type ModuleContent, type ModuleType, readModuleContent, VIDEO_HOSTS } from "../learning/content.ts";

export const COURSE_STATUS_LABEL: Record<CourseStatus, string> = { DRAFT: "Draft", PUBLISHED: "Published", ARCHIVED: "Archived" };

/** The button that moves a course into this status. */
export const COURSE_TRANSITION_LABEL: Record<CourseStatus, string> = {
  DRAFT: "Back to draft",
  PUBLISHED: "Publish",
  ARCHIVED: "Archive (members can no longer enrol)",
};

export const DIFFICULTY_LABEL: Record<CourseDifficulty, string> = { BEGINNER: "Beginner", INTERMEDIATE: "Intermediate", ADVANCED: "Advanced" };

export const ENROLLMENT_STATUS_LABEL: Record<CourseEnrollmentStatus, string> = {
  ENROLLED: "Enrolled",
  IN_PROGRESS: "In progress",
  COMPLETED: "Completed",
  DROPPED: "Dropped",
};

export const MODULE_TYPE_LABEL: Record<ModuleType, string> = { text: "Text", video: "Video", file: "File", quiz: "Quiz" };
export const MODULE_TYPES = ["text", "video", "file", "quiz"] as const satisfies readonly ModuleType[];

const TRANSITIONS: Record<CourseStatus, readonly CourseStatus[]> = {
  DRAFT: ["PUBLISHED", "ARCHIVED"],
  PUBLISHED: ["ARCHIVED"],
  ARCHIVED: ["PUBLISHED", "DRAFT"],
};

export function nextCourseStatuses(from: CourseStatus): readonly CourseStatus[] {
  return TRANSITIONS[from];
}

export interface ModuleForRules {
  order: number;
  title: string;
  duration: number | null;
  content: unknown;
}

/**
 * Why a course cannot be published as it stands; empty when it can. Its modules must hold
 * valid content, and at least one must have a length in minutes: the certificate states the
 * course's hours (the sum of its modules' minutes), and "0 hours" certifies nothing.
 */
export function publishProblems(modules: readonly ModuleForRules[]): string[] {
  if (modules.length === 0) return ["It has no modules yet: add at least one module first."];
  const sorted = [...modules].sort((a, b) => a.order - b.order);
  const problems = sorted
    .filter((m) => readModuleContent(m.content) === null)
    .map((m) => `Module ${m.order} “${m.title}” has no valid content (a text, video, file or quiz): open it and save its content.`);
  if ((totalDuration(sorted) ?? 0) === 0) {
    const untimed = sorted.filter((m) => !m.duration).map((m) => `${m.order} “${m.title}”`);
    problems.push(
      `No module has a length in minutes, so its certificates would say 0 hours: give minutes to ${untimed.length === 1 ? "module" : "modules"} ${untimed.join(", ")}.`,
    );
  }
  return problems;
}

export type StatusChange = { ok: true; publishedAt: Date | null } | { ok: false; message: string };

/** Whether a course may move from one status to another, and its publishedAt afterwards (set on the first publish, then kept). */
export function changeCourseStatus(
  course: { status: CourseStatus; publishedAt: Date | null },
  to: CourseStatus,
  modules: readonly ModuleForRules[],
  now: Date,
): StatusChange {
  const allowed = TRANSITIONS[course.status];
  if (!allowed.includes(to)) {
    return { ok: false, message: `From ${COURSE_STATUS_LABEL[course.status].toLowerCase()} it can go to: ${allowed.map((s) => COURSE_STATUS_LABEL[s]).join(", ")}.` };
  }
  if (to === "PUBLISHED") {
    const problems = publishProblems(modules);
    if (problems.length > 0) return { ok: false, message: `It cannot be published yet. ${problems.join(" ")}` };
  }
  return { ok: true, publishedAt: to === "PUBLISHED" ? (course.publishedAt ?? now) : course.publishedAt };
}

/** The seed's denormalised outline in courses.modules, rebuilt from the modules themselves. */
export function outlineOf(modules: ReadonlyArray<{ id: string; order: number; title: string; duration: number | null }>) {
  return [...modules].sort((a, b) => a.order - b.order).map((m) => ({ id: m.id, order: m.order, title: m.title, duration: m.duration }));
}

/** A course's duration: the sum of its modules' minutes; null when no module has one. */
export function totalDuration(modules: ReadonlyArray<{ duration: number | null }>): number | null {
  const timed = modules.filter((m) => m.duration !== null);
  return timed.length === 0 ? null : timed.reduce((sum, m) => sum + (m.duration ?? 0), 0);
}

/** Completed enrolments as a whole percent of all enrolments (dropped ones included); null with none. */
export function completionRate(completed: number, enrolled: number): number | null {
  return enrolled > 0 ? Math.round((completed / enrolled) * 100) : null;
}

/** "2 h 15 min" for 135. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return "—";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Whether a video URL will be embedded on the learner's page (its host is in VIDEO_HOSTS) or shown as a link. */
export function videoIsEmbedded(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return (VIDEO_HOSTS as readonly string[]).includes(host);
  } catch {
    return false;
  }
}

/** One line about a module's content for the module list. */
export function contentSummary(content: ModuleContent | null): string {
  if (!content) return "No valid content yet";
  switch (content.type) {
    case "text":
      return `${content.markdown.length.toLocaleString("en-US")} characters of text`;
    case "video":
      return videoIsEmbedded(content.url) ? `Video, embedded (${new URL(content.url).hostname})` : `Video, shown as a link (${new URL(content.url).hostname})`;
    case "file":
      return `${content.fileName}, ${Math.max(1, Math.round(content.size / 1024))} KB`;
    case "quiz":
      return `${content.questions.length} ${content.questions.length === 1 ? "question" : "questions"}, pass mark ${content.passMark}%`;
  }
}

/** The module a move swaps with: the neighbour before (up) or after (down); null at either end. */
export function swapPartner<M extends { id: string; order: number }>(modules: readonly M[], id: string, direction: "up" | "down"): [M, M] | null {
  const sorted = [...modules].sort((a, b) => a.order - b.order);
  const i = sorted.findIndex((m) => m.id === id);
  if (i < 0) return null;
  const j = direction === "up" ? i - 1 : i + 1;
  if (j < 0 || j >= sorted.length) return null;
  return [sorted[i]!, sorted[j]!];
}

export const courseAdminNotices = noticeTable({
  created: "Course created as a draft. Add its modules, then publish it.",
  saved: "Changes saved.",
  unchanged: "Nothing had changed, so nothing was saved.",
  status: "Status changed.",
  module_added: "Module added.",
  module_saved: "Module saved.",
  module_unchanged: "Nothing had changed in the module, so nothing was saved.",
  module_deleted: "Module deleted.",
  moved: "Module moved.",
});
