// Shared by the learning-*.test.ts files: a published course with one module of each kind, and
// requests as a member. Every test makes its own rows.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { newId } from "../../src/db/ids.ts";
import { certificates, courseEnrollments, courseModuleCompletions, courseModules, type NewCourse } from "../../src/db/schema/learning.ts";
import type { ModuleContent } from "../../src/features/learning/content.ts";
import { makeCourse } from "../helpers/db.ts";
import { postForm } from "../helpers/http.ts";
import type { Member } from "./events-fixtures.ts";

export const HANDOUT = new TextEncoder().encode("%PDF-1.4 a handout\n");

export const QUIZ: ModuleContent = {
  type: "quiz",
  passMark: 60,
  questions: [
    { prompt: "Which bond guarantees the contractor will finish the work?", options: ["Bid bond", "Performance bond", "Payment bond"], answer: 1 },
    { prompt: "Who pays the surety when a claim is paid?", options: ["The owner", "The contractor (indemnity)"], answer: 1 },
  ],
};

/** A published course: reading (10 min), video (20), handout (no duration), quiz (30). */
export async function courseWithModules(db: Db, overrides: Partial<NewCourse> = {}) {
  const course = await makeCourse(db, { title: `Bonding ${newId()}`, status: "PUBLISHED", price: "0.00", duration: 90, category: "Finance", difficulty: "BEGINNER", tags: ["bonding"], publishedAt: new Date(), ...overrides });
  const key = `courses/${course.id}/handout.pdf`;
  await env.FILES.put(key, HANDOUT, { httpMetadata: { contentType: "application/pdf" } });
  const contents: Array<[string, number | null, ModuleContent]> = [
    ["Why bonds", 10, { type: "text", markdown: "Public owners **require** bonds.\n\n- Bid\n- Performance\n\n<script>alert(1)</script>" }],
    ["Bonds on video", 20, { type: "video", url: "https://www.youtube-nocookie.com/embed/abc123", caption: "A surety agent explains" }],
    ["Submittal worksheet", null, { type: "file", key, fileName: "Surety submittal.pdf", contentType: "application/pdf", size: HANDOUT.byteLength }],
    ["Check your understanding", 30, QUIZ],
  ];
  const modules = await db
    .insert(courseModules)
    .values(contents.map(([title, duration, content], i) => ({ courseId: course.id, title, order: i + 1, duration, content })))
    .returning();
  return { course, modules: modules.sort((a, b) => a.order - b.order) };
}

export async function enrollmentOf(db: Db, courseId: string, userId: string) {
  const [row] = await db.select().from(courseEnrollments).where(and(eq(courseEnrollments.courseId, courseId), eq(courseEnrollments.userId, userId)));
  return row ?? null;
}

export async function completionsOf(db: Db, enrollmentId: string) {
  return db.select().from(courseModuleCompletions).where(eq(courseModuleCompletions.enrollmentId, enrollmentId));
}

export async function certificateOf(db: Db, enrollmentId: string) {
  const [row] = await db.select().from(certificates).where(eq(certificates.enrollmentId, enrollmentId));
  return row ?? null;
}

export async function send(path: string, member: Member, form: Record<string, string> = {}) {
  const res = await postForm(path, form, { headers: { cookie: member.cookie } });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}
