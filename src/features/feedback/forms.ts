// The member's feedback form and follow-up reply; the admin queue's filters and the ticket
// page's forms. One table of choices per select, so options and schema cannot drift.
import * as z from "zod";
import { feedbackCategoryEnum, feedbackPriorityEnum, feedbackStatusEnum } from "../../db/schema/audit.ts";
import { choices, plainText, requiredText } from "../../lib/fields.ts";
import { pageField } from "../../lib/pagination.ts";
import { FEEDBACK_CATEGORY_LABELS, FEEDBACK_PRIORITY_LABELS, FEEDBACK_STATUS_LABELS, sameSitePath } from "../admin-feedback/rules.ts";

export const CATEGORIES = choices(FEEDBACK_CATEGORY_LABELS, "Choose what this is about");
export const PRIORITIES = choices(FEEDBACK_PRIORITY_LABELS, "Choose how urgent it is");
export const STATUSES = choices(FEEDBACK_STATUS_LABELS, "Choose a status from the list");
// The enums in the schema and the label tables must list the same values.
feedbackCategoryEnum.enumValues satisfies ReadonlyArray<keyof typeof FEEDBACK_CATEGORY_LABELS>;
feedbackPriorityEnum.enumValues satisfies ReadonlyArray<keyof typeof FEEDBACK_PRIORITY_LABELS>;
feedbackStatusEnum.enumValues satisfies ReadonlyArray<keyof typeof FEEDBACK_STATUS_LABELS>;

export const SUBJECT_MAX = 150;
export const MESSAGE_MAX = 5000;

/** The page the member came from: blank, or a same-site path (anything else is refused, never stored). */
const fromPath = z
  .string()
  .optional()
  .default("")
  .transform((v) => v.trim())
  .refine((v) => v === "" || sameSitePath(v) !== null, "The page this came from must be a page of this portal")
  .transform((v) => (v === "" ? null : sameSitePath(v)));

export const feedbackFormSchema = z.object({
  category: CATEGORIES.schema,
  subject: requiredText("A subject", SUBJECT_MAX),
  message: requiredText("Your message", MESSAGE_MAX, { multiline: true }),
  priority: PRIORITIES.schema,
  from: fromPath,
});
export type FeedbackForm = z.infer<typeof feedbackFormSchema>;
export const EMPTY_FEEDBACK_FORM = { category: "", subject: "", message: "", priority: "MEDIUM", from: "" };

export const replyFormSchema = z.object({
  body: requiredText("Your reply", MESSAGE_MAX, { multiline: true }),
});

/** `?from=` on the form's own URL: kept for the hidden field only when it is a same-site path. */
export function readFrom(value: string | undefined): string {
  return sameSitePath(value ?? "") ?? "";
}

export const memberListQuery = z.object({ page: pageField() });

// ---------------------------------------------------------------- admin

const ASSIGNEE_FILTER = /^(|unassigned|me|c[a-z2-7]{24})$/;
export const SORTS = choices({ oldest: "Oldest open first", newest: "Newest first", priority: "Most urgent first" }, "Choose an order from the list");
export const STATUS_FILTER = choices(
  { "": "Any status", waiting: "Open or in progress", OPEN: "Open", IN_PROGRESS: "In progress", RESOLVED: "Resolved", CLOSED: "Closed" },
  "Choose a status from the list",
);

export const queueFiltersSchema = z.object({
  status: STATUS_FILTER.schema.optional().default(""),
  category: z.union([z.literal(""), CATEGORIES.schema], { error: "Choose a category from the list" }).optional().default(""),
  priority: z.union([z.literal(""), PRIORITIES.schema], { error: "Choose a priority from the list" }).optional().default(""),
  assignee: z
    .string()
    .optional()
    .default("")
    .refine((v) => ASSIGNEE_FILTER.test(v), "Choose an assignee from the list"),
  q: plainText("Search", 100).optional().default(""),
  sort: SORTS.schema.optional().default("oldest"),
});
export type QueueFilters = z.infer<typeof queueFiltersSchema>;
export const QUEUE_LIST_QUERY = queueFiltersSchema.extend({ page: pageField() });
export const EMPTY_QUEUE_FILTERS = { status: "", category: "", priority: "", assignee: "", q: "", sort: "oldest" };

export const assignFormSchema = z.object({
  assignee: z
    .string({ error: "Choose an admin or nobody" })
    .refine((v) => v === "" || /^c[a-z2-7]{24}$/.test(v), "Choose an admin or nobody"),
});

export const statusFormSchema = z.object({ status: STATUSES.schema });

export const adminReplyFormSchema = z.object({
  body: requiredText("The reply", MESSAGE_MAX, { multiline: true }),
  nextStatus: z.union([z.literal(""), STATUSES.schema], { error: "Choose a status from the list" }).optional().default(""),
});
