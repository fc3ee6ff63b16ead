// Shared by the admin-courses-*.test.ts files: an admin session, a valid course form, a
// course's modules and AdminAction rows, and module forms of each kind.
import { exports } from "cloudflare:workers";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { adminActions, courseModules, courses } from "../../src/db/schema/index.ts";
import { ORIGIN } from "../helpers/http.ts";

export { adminSession, as, sessionWithRoles, type Staff } from "./admin-events-helpers.ts";

export function validCourseForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: "DBE Certification, Step by Step",
    description: "What the UCP asks for.\nAnd how to answer it.",
    difficulty: "BEGINNER",
    category: "Certification",
    tags: "DBE, certification",
    requirements: "A business in California\nThree years of tax returns",
    objectives: "File a complete UCP application",
    price: "$49",
    memberPrice: "19.50",
    ...overrides,
  };
}

export function textModule(overrides: Record<string, string> = {}): Record<string, string> {
  return { type: "text", title: "What DBE means", duration: "15", markdown: "A **DBE** is a *disadvantaged* business.", ...overrides };
}

export function quizModule(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    type: "quiz",
    title: "Check your understanding",
    duration: "10",
    passMark: "50",
    "questions.0.prompt": "Who certifies DBEs in California?",
    "questions.0.option.0": "The CUCP",
    "questions.0.option.1": "The IRS",
    "questions.0.answer": "0",
    "questions.1.prompt": "Is a personal net worth cap part of the test?",
    "questions.1.option.0": "No",
    "questions.1.option.1": "Yes",
    "questions.1.answer": "1",
    ...overrides,
  };
}

export async function courseRow(db: Db, id: string) {
  const [row] = await db.select().from(courses).where(eq(courses.id, id));
  return row!;
}

export function modulesIn(db: Db, courseId: string) {
  return db.select().from(courseModules).where(eq(courseModules.courseId, courseId)).orderBy(asc(courseModules.order));
}

/** The AdminAction rows that name this course. */
export function courseAudits(db: Db, courseId: string) {
  return db
    .select()
    .from(adminActions)
    .where(sql`${adminActions.metadata}->>'courseId' = ${courseId}`)
    .orderBy(adminActions.createdAt);
}

/** A multipart POST from our own origin (file modules). */
export function postMultipart(path: string, fields: Record<string, string>, file: File | null, cookie: string): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set("file", file);
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { method: "POST", body: form, redirect: "manual", headers: { origin: ORIGIN, cookie } }));
}

export const idFrom = (location: string | null) => /\/admin\/courses\/(c[a-z2-7]{24})/.exec(location ?? "")![1]!;
