// What a course module holds (course_modules.content): the one shape the learner's pages read
// and the admin module editor writes. Four kinds, the ones a chapter's courses use.
import * as z from "zod";

/** Video hosts we embed. Anything else is shown as a link, never framed. */
export const VIDEO_HOSTS = ["youtube-nocookie.com", "www.youtube-nocookie.com", "player.vimeo.com"] as const;

/**
 * The address the player frame loads: the module's link, with Vimeo told not to track the
 * viewer (`dnt=1`; YouTube's no-cookie host needs nothing more).
 */
export function embedUrl(url: string): string {
  const u = new URL(url);
  if (u.hostname === "player.vimeo.com") u.searchParams.set("dnt", "1");
  return u.href;
}

export const quizQuestionSchema = z.object({
  prompt: z.string().trim().min(1).max(1000),
  options: z.array(z.string().trim().min(1).max(300)).min(2).max(8),
  /** Index into options. */
  answer: z.number().int().min(0),
});

export const moduleContentSchema = z.discriminatedUnion("type", [
  /** Safe Markdown subset, rendered with src/lib/markdown.ts. */
  z.object({ type: z.literal("text"), markdown: z.string().max(50_000) }),
  /** An https URL; embedded only when its host is in VIDEO_HOSTS, else linked. */
  z.object({ type: z.literal("video"), url: z.url({ protocol: /^https$/ }), caption: z.string().max(300).optional() }),
  /** A handout in R2 under `key`; served to enrolled members only. */
  z.object({
    type: z.literal("file"),
    key: z.string().min(1),
    fileName: z.string().min(1).max(200),
    contentType: z.string().min(1),
    size: z.number().int().nonnegative(),
  }),
  z.object({
    type: z.literal("quiz"),
    /** Percent of questions right needed to pass. */
    passMark: z.number().int().min(1).max(100),
    questions: z.array(quizQuestionSchema).min(1).max(50),
  }),
]);

export type ModuleContent = z.infer<typeof moduleContentSchema>;
export type ModuleType = ModuleContent["type"];
export type QuizQuestion = z.infer<typeof quizQuestionSchema>;

/** The stored jsonb read back; null when it is missing or not one of the four shapes. */
export function readModuleContent(json: unknown): ModuleContent | null {
  const parsed = moduleContentSchema.safeParse(json);
  if (!parsed.success) return null;
  const c = parsed.data;
  if (c.type === "quiz" && c.questions.some((q) => q.answer >= q.options.length)) return null;
  return c;
}
