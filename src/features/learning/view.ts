// Pure pieces of the member learning pages: the course list's filters, labels and the notices
// a redirect may ask for.
import * as z from "zod";
import { courseDifficultyEnum, type CourseDifficulty, type CourseEnrollmentStatus } from "../../db/schema/learning.ts";
import { noticeTable } from "../../lib/notices.ts";
import type { ModuleType } from "./content.ts";

export const DIFFICULTIES = courseDifficultyEnum.enumValues;
export const DIFFICULTY_LABELS: Record<CourseDifficulty, string> = { BEGINNER: "Beginner", INTERMEDIATE: "Intermediate", ADVANCED: "Advanced" };
export const STATUS_LABELS: Record<CourseEnrollmentStatus, string> = {
  ENROLLED: "Enrolled",
  IN_PROGRESS: "In progress",
  COMPLETED: "Completed",
  DROPPED: "Dropped",
};
export const MODULE_TYPE_LABELS: Record<ModuleType, string> = { text: "Reading", video: "Video", file: "Handout", quiz: "Quiz" };

const label = /^[\p{L}\p{N} &/'.,()-]*$/u;

/** Filters of /courses; every value is bounded before it reaches SQL. */
export const courseFiltersSchema = z.object({
  category: z.string().max(60, "Choose a category from the list.").regex(label, "Choose a category from the list.").default(""),
  difficulty: z.enum(["", ...DIFFICULTIES], { error: "Choose a level from the list." }).default(""),
  tag: z.string().trim().max(40, "A topic is at most 40 characters.").regex(label, "A topic holds letters, numbers and spaces.").default(""),
});
export type CourseFilters = z.infer<typeof courseFiltersSchema>;
export const EMPTY_COURSE_FILTERS: CourseFilters = { category: "", difficulty: "", tag: "" };

export const learningNotices = noticeTable({
  enrolled: { tone: "good", text: "You are enrolled. Start with the first module below." },
  resumed: { tone: "good", text: "Welcome back: you are enrolled again, and your finished modules are kept." },
  already: { tone: "info", text: "You are already enrolled in this course." },
  paid: { tone: "good", text: "Thank you: your payment went through. Your enrolment opens as soon as Stripe confirms it (a few seconds); reload this page." },
  dropped: { tone: "info", text: "You dropped this course. Your finished modules are kept if you enrol again." },
  completed: { tone: "good", text: "Module marked complete." },
  "course-completed": { tone: "good", text: "You completed the course. Your certificate is on your learning transcript." },
  "quiz-passed": { tone: "good", text: "You passed the quiz." },
  "quiz-failed": { tone: "bad", text: "Not a pass this time. Review the module and try again." },
} as const);
export type LearningNotice = (typeof learningNotices.messages)[keyof typeof learningNotices.messages];
