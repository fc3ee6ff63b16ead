// The course admin forms: the course's own fields, the list filters, and the module editor
// (title, minutes and the content of one of the four kinds in src/features/learning/content.ts,
// checked at the end with moduleContentSchema). Quiz questions are repeating rows named
// `questions.0.prompt`, `questions.0.option.3` and `questions.0.answer` (the radio's value).
import * as z from "zod";
import { courseDifficultyEnum, courseEnrollmentStatusEnum, courseStatusEnum, type Course } from "../../db/schema/learning.ts";
import { dollars, isHttpsUrl, plainText, requiredText } from "../../lib/fields.ts";
import { toFieldErrors } from "../../lib/forms.ts";
import { fromPacificDateInput } from "../../lib/time.ts";
import { type ModuleContent, moduleContentSchema, type ModuleType } from "../learning/content.ts";
import { CATEGORY_MAX, TAG_MAX } from "../learning/view.ts";

export interface CourseFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

// ---------------------------------------------------------------- the course

/** One item per line (tags: commas too), trimmed, blanks and repeats dropped. */
function listOf(label: string, maxItems: number, maxLength: number, separators: RegExp) {
  return z
    .string()
    .optional()
    .default("")
    .transform((v) => [...new Set(v.split(separators).map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(plainText(label, maxLength)).max(maxItems, `At most ${maxItems} ${label.toLowerCase()} entries`));
}

const optionalText = (label: string, max: number) =>
  z
    .string()
    .optional()
    .default("")
    .pipe(plainText(label, max))
    .transform((v) => (v === "" ? null : v));

export const courseFormSchema = z
  .object({
    title: requiredText("Title", 200),
    description: requiredText("Description", 10_000, { multiline: true }),
    difficulty: z
      .enum(["", ...courseDifficultyEnum.enumValues], { error: "Choose a level from the list" })
      .optional()
      .default("")
      .transform((v) => (v === "" ? null : v)),
    category: optionalText("Category", CATEGORY_MAX),
    tags: listOf("Tag", 20, TAG_MAX, /[,\n]/),
    requirements: listOf("Requirement", 30, 300, /\n/),
    objectives: listOf("Objective", 30, 300, /\n/),
    price: dollars("Price").transform((v) => v ?? "0.00"),
    memberPrice: dollars("Member price"),
  })
  .superRefine((v, ctx) => {
    if (v.memberPrice !== null && Number(v.memberPrice) > Number(v.price)) {
      ctx.addIssue({ code: "custom", path: ["memberPrice"], message: "Member price cannot be more than the price" });
    }
  });

export type CourseFormData = z.infer<typeof courseFormSchema>;

export const EMPTY_COURSE_FORM: CourseFormState = { values: { price: "0" }, errors: {} };

/** The form as a stored course fills it. */
export function courseFormState(course: Course): CourseFormState {
  return {
    values: {
      title: course.title,
      description: course.description,
      difficulty: course.difficulty ?? "",
      category: course.category ?? "",
      tags: course.tags.join(", "),
      requirements: course.requirements.join("\n"),
      objectives: course.objectives.join("\n"),
      price: course.price,
      memberPrice: course.memberPrice ?? "",
    },
    errors: {},
  };
}

// ---------------------------------------------------------------- list filters

export const courseFiltersSchema = z.object({
  status: z.enum(["", ...courseStatusEnum.enumValues], { error: "Choose a status from the list" }).optional().default(""),
  category: plainText("Category", CATEGORY_MAX).optional().default(""),
  q: plainText("Search", 200).optional().default(""),
  /** Completed by someone since this Pacific day; the list then counts those completions (the dashboard's). */
  completedSince: z
    .string()
    .trim()
    .optional()
    .default("")
    .refine((v) => v === "" || fromPacificDateInput(v) !== null, "Use a date like 2026-12-01"),
});
export type CourseFilters = z.infer<typeof courseFiltersSchema>;

export const enrollmentFiltersSchema = z.object({
  status: z.enum(["", ...courseEnrollmentStatusEnum.enumValues], { error: "Choose a status from the list" }).optional().default(""),
  q: plainText("Search", 200).optional().default(""),
});
export type EnrollmentFilters = z.infer<typeof enrollmentFiltersSchema>;

export const statusFormSchema = z.object({
  status: z.enum(courseStatusEnum.enumValues, { error: "Choose a status the course can move to" }),
});

export const moveFormSchema = z.object({
  direction: z.enum(["up", "down"], { error: "Move a module up or down" }),
});

// ---------------------------------------------------------------- modules

export const MAX_OPTIONS = 8;
export const MAX_QUESTIONS = 50;
export type Row = Record<string, string>;

export interface ModuleFormState {
  type: ModuleType;
  values: Record<string, string>;
  /** Quiz questions as typed (or stored): prompt, option.0 … option.7, answer. */
  questions: Row[];
  errors: Record<string, string>;
}

const QUESTION_KEY = /^questions\.(\d{1,2})\.(prompt|answer|remove|option\.[0-7])$/;
const QUESTION_FIELDS = ["prompt", "answer", ...Array.from({ length: MAX_OPTIONS }, (_, i) => `option.${i}`)];

/** The quiz rows of a submitted form in index order, without rows left blank or marked for removal. */
export function readQuestions(body: Record<string, string>): Row[] {
  const byIndex = new Map<number, Row>();
  for (const [key, value] of Object.entries(body)) {
    const m = QUESTION_KEY.exec(key);
    if (!m) continue;
    const index = Number(m[1]);
    const row = byIndex.get(index) ?? {};
    row[m[2]!] = value;
    byIndex.set(index, row);
  }
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .filter(([, row]) => row.remove !== "yes")
    .map(([, row]) => Object.fromEntries(QUESTION_FIELDS.map((f) => [f, row[f] ?? ""])))
    .filter((row) => QUESTION_FIELDS.some((f) => f !== "answer" && row[f]!.trim() !== ""));
}

/** The form as a stored module fills it; content that is not one of the four shapes leaves the content fields blank. */
export function moduleFormState(
  m: { title: string; description: string | null; duration: number | null },
  type: ModuleType,
  content: ModuleContent | null,
): ModuleFormState {
  const values: Record<string, string> = { title: m.title, description: m.description ?? "", duration: m.duration === null ? "" : String(m.duration) };
  let questions: Row[] = [];
  if (content?.type === "text") values.markdown = content.markdown;
  if (content?.type === "video") {
    values.url = content.url;
    values.caption = content.caption ?? "";
  }
  if (content?.type === "quiz") {
    values.passMark = String(content.passMark);
    questions = content.questions.map((q) => ({
      prompt: q.prompt,
      answer: String(q.answer),
      ...Object.fromEntries(Array.from({ length: MAX_OPTIONS }, (_, i) => [`option.${i}`, q.options[i] ?? ""])),
    }));
  }
  return { type, values, questions, errors: {} };
}

export const emptyModuleForm = (type: ModuleType): ModuleFormState => ({
  type,
  values: type === "quiz" ? { passMark: "80" } : {},
  questions: [],
  errors: {},
});

const moduleFieldsSchema = z.object({
  title: requiredText("Module title", 200),
  description: optionalText("Summary", 2000),
  duration: z
    .string()
    .optional()
    .default("")
    .transform((v) => v.trim())
    .refine((v) => v === "" || (/^\d{1,4}$/.test(v) && Number(v) <= 1440), "Minutes must be a whole number from 0 to 1440 (blank if you do not know)")
    .transform((v) => (v === "" ? null : Number(v))),
});

export interface ModuleFields {
  title: string;
  description: string | null;
  duration: number | null;
}

export type ModuleParse =
  | { ok: true; fields: ModuleFields; content: ModuleContent | null }
  | { ok: false; errors: Record<string, string> };

function quizContent(values: Record<string, string>, questions: Row[], errors: Record<string, string>): ModuleContent | null {
  const passMark = (values.passMark ?? "").trim();
  if (!/^\d{1,3}$/.test(passMark) || Number(passMark) < 1 || Number(passMark) > 100) {
    errors.passMark = "Pass mark must be a whole percent from 1 to 100";
  }
  if (questions.length === 0) errors.questions = "Add at least one question";
  if (questions.length > MAX_QUESTIONS) errors.questions = `A quiz has at most ${MAX_QUESTIONS} questions`;
  const prompt = plainText("Question", 1000, { multiline: true });
  const option = plainText("Option", 300);
  const out = questions.map((q, i) => {
    const n = i + 1;
    const p = prompt.safeParse(q.prompt ?? "");
    if (!p.success) errors[`questions.${i}.prompt`] = `Question ${n}: ${p.error.issues[0]!.message.toLowerCase()}`;
    else if (p.data === "") errors[`questions.${i}.prompt`] = `Question ${n}: enter the question`;
    const filled: Array<{ at: number; text: string }> = [];
    for (let o = 0; o < MAX_OPTIONS; o++) {
      const raw = q[`option.${o}`] ?? "";
      const parsed = option.safeParse(raw);
      if (!parsed.success) errors[`questions.${i}.option.${o}`] ??= `Question ${n}, option ${o + 1}: ${parsed.error.issues[0]!.message.toLowerCase()}`;
      else if (parsed.data !== "") filled.push({ at: o, text: parsed.data });
    }
    if (filled.length < 2) errors[`questions.${i}.option.0`] ??= `Question ${n} needs at least 2 options`;
    const chosen = /^[0-7]$/.test(q.answer ?? "") ? Number(q.answer) : -1;
    const answer = filled.findIndex((f) => f.at === chosen);
    if (answer < 0) errors[`questions.${i}.answer`] = `Question ${n}: choose which option is correct (a filled-in one)`;
    return { prompt: p.success ? p.data : "", options: filled.map((f) => f.text), answer: Math.max(0, answer) };
  });
  return { type: "quiz", passMark: Number(passMark), questions: out };
}

/**
 * The module editor's fields and content. File content is not read here (the route stores
 * the upload); for a file module `content` is null and the route supplies it.
 */
export function parseModuleForm(type: ModuleType, values: Record<string, string>, questions: Row[]): ModuleParse {
  const fields = moduleFieldsSchema.safeParse(values);
  const errors: Record<string, string> = fields.success ? {} : toFieldErrors(fields.error.issues);
  let content: ModuleContent | null = null;
  if (type === "text") {
    const md = plainText("Text", 50_000, { multiline: true }).safeParse(values.markdown ?? "");
    if (!md.success) errors.markdown = md.error.issues[0]!.message;
    else if (md.data === "") errors.markdown = "Enter the module's text";
    else content = { type: "text", markdown: md.data };
  } else if (type === "video") {
    const url = (values.url ?? "").trim();
    const caption = plainText("Caption", 300).safeParse(values.caption ?? "");
    if (url === "") errors.url = "Enter the video's link";
    else if (url.length > 2000 || !isHttpsUrl(url)) errors.url = "Video link must be a full https:// link";
    if (!caption.success) errors.caption = caption.error.issues[0]!.message;
    if (!errors.url && caption.success) content = { type: "video", url, ...(caption.data ? { caption: caption.data } : {}) };
  } else if (type === "quiz") {
    content = quizContent(values, questions, errors);
  }
  if (content) {
    const checked = moduleContentSchema.safeParse(content);
    if (!checked.success) errors.form ??= `The content is not valid: ${checked.error.issues[0]!.message}`;
  }
  if (Object.keys(errors).length > 0 || !fields.success) return { ok: false, errors };
  return { ok: true, fields: fields.data, content };
}
