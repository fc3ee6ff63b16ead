// Pure pieces of the member learning pages: the course list's filters, labels and the notices
// a redirect may ask for.
import * as z from "zod";
import { courseDifficultyEnum, type CourseDifficulty, type CourseEnrollmentStatus } from "../../db/schema/learning.ts";
import { plainText } from "../../lib/fields.ts";
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

/** A course's category and each of its tags: at most this long, any printable text on one line (the admin form's rule too). */
export const CATEGORY_MAX = 80;
export const TAG_MAX = 40;

/** Filters of /courses: the category and topic follow the admin form's rule, so any value an admin can save can be filtered on. */
export const courseFiltersSchema = z.object({
  category: plainText("Category", CATEGORY_MAX).default(""),
  difficulty: z.enum(["", ...DIFFICULTIES], { error: "Choose a level from the list." }).default(""),
  tag: plainText("Topic", TAG_MAX).default(""),
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
