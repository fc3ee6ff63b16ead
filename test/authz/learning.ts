// Member-facing learning routes in the authorization matrix. Targets: one published free
// course (reading, handout and quiz modules, the handout in R2) and one draft. `member` is
// enrolled in the published course by each row's prepare step (with a quiz attempt), so only
// they reach its modules, handout, quiz and completion; everyone else gets 403 there. A draft
// is a 404 to everyone, admins included (they edit it in the admin screens).
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { ID, idParam } from "../../src/db/ids.ts";
import { courseEnrollments, courseModules, quizAttempts } from "../../src/db/schema/learning.ts";
import { makeCourse } from "../helpers/db.ts";
import { EVERYONE, SIGNED_IN, VERIFIED, type Fixtures, type RouteRow } from "./types.ts";

async function sharedTargets() {
  const { db, pool } = createDb(loadConfig(env as unknown as Record<string, unknown>));
  try {
    const course = await makeCourse(db, { title: "Authorization matrix course", status: "PUBLISHED", price: "0.00", duration: 30, publishedAt: new Date() });
    const draft = await makeCourse(db, { title: "Authorization matrix draft", status: "DRAFT" });
    const key = `courses/${course.id}/matrix.pdf`;
    await env.FILES.put(key, "%PDF-1.4 matrix", { httpMetadata: { contentType: "application/pdf" } });
    const rows = await db
      .insert(courseModules)
      .values([
        { courseId: course.id, title: "Reading", order: 1, duration: 10, content: { type: "text", markdown: "Read this." } },
        { courseId: course.id, title: "Handout", order: 2, duration: 10, content: { type: "file", key, fileName: "matrix.pdf", contentType: "application/pdf", size: 15 } },
        { courseId: course.id, title: "Quiz", order: 3, duration: 10, content: { type: "quiz", passMark: 100, questions: [{ prompt: "Two plus two?", options: ["3", "4"], answer: 1 }] } },
      ])
      .returning();
    const [draftModule] = await db.insert(courseModules).values({ courseId: draft.id, title: "Draft reading", order: 1, content: { type: "text", markdown: "Draft." } }).returning();
    const byTitle = (t: string) => rows.find((r) => r.title === t)!.id;
    return { courseId: course.id, draftId: draft.id, textId: byTitle("Reading"), fileId: byTitle("Handout"), quizId: byTitle("Quiz"), draftModuleId: draftModule!.id };
  } finally {
    await pool.end();
  }
}

const t = await sharedTargets();

/** Enrols the fixtures' `member` in the course, with one failed quiz attempt on record. */
async function enrolMember(f: Fixtures) {
  const { db, pool } = createDb(loadConfig(env as unknown as Record<string, unknown>));
  try {
    const [e] = await db.insert(courseEnrollments).values({ courseId: t.courseId, userId: f.member.id }).returning();
    await db.insert(quizAttempts).values({ enrollmentId: e!.id, moduleId: t.quizId, answers: { "0": 0 }, score: 0, passed: false });
  } finally {
    await pool.end();
  }
}

const mod = (id: string) => `/courses/${t.courseId}/modules/${id}`;
const MODULE = `/courses/${ID}/modules/${idParam("moduleId")}`;

export const learningRows: RouteRow[] = [
  { method: "GET", route: "/courses", rule: "public", path: () => "/courses?difficulty=BEGINNER", allowed: EVERYONE },
  { method: "GET", route: `/courses/${ID}`, rule: "public (published courses)", path: () => `/courses/${t.courseId}`, allowed: EVERYONE },
  // The draft's page: not visible to members (nor anyone) here.
  { method: "GET", route: `/courses/${ID}`, rule: "public, drafts are 404", path: () => `/courses/${t.draftId}`, allowed: [] },
  // Enrols the actor in the free course; an unconfirmed account gets 403.
  { method: "POST", route: `/courses/${ID}/enrol`, rule: "signedIn, verified in the handler", path: () => `/courses/${t.courseId}/enrol`, form: () => ({}), allowed: VERIFIED },
  { method: "POST", route: `/courses/${ID}/enrol`, rule: "signedIn, drafts are 404", path: () => `/courses/${t.draftId}/enrol`, form: () => ({}), allowed: [] },
  // Drops only the actor's own enrolment; with none it goes back to the course page.
  { method: "POST", route: `/courses/${ID}/drop`, rule: "signedIn, own enrolment only", path: () => `/courses/${t.courseId}/drop`, form: () => ({ confirm: "yes" }), prepare: enrolMember, allowed: SIGNED_IN },
  { method: "GET", route: MODULE, rule: "signedIn, enrolled in the course", path: () => mod(t.textId), prepare: enrolMember, allowed: ["member"] },
  // The quiz page shows the viewer's own attempts only; nobody else reaches member's.
  { method: "GET", route: MODULE, rule: "signedIn, enrolled (own quiz attempts)", path: () => mod(t.quizId), prepare: enrolMember, allowed: ["member"] },
  { method: "GET", route: MODULE, rule: "signedIn, draft modules are 404", path: () => `/courses/${t.draftId}/modules/${t.draftModuleId}`, allowed: [] },
  { method: "POST", route: `${MODULE}/complete`, rule: "signedIn, enrolled in the course", path: () => `${mod(t.textId)}/complete`, form: () => ({}), prepare: enrolMember, allowed: ["member"] },
  { method: "POST", route: `${MODULE}/quiz`, rule: "signedIn, enrolled in the course", path: () => `${mod(t.quizId)}/quiz`, form: () => ({ q0: "1" }), prepare: enrolMember, allowed: ["member"] },
  { method: "GET", route: `${MODULE}/file`, rule: "signedIn, enrolled in the course", path: () => `${mod(t.fileId)}/file`, prepare: enrolMember, allowed: ["member"] },
  { method: "GET", route: "/account/learning", rule: "signedIn, own enrolments only", path: () => "/account/learning", prepare: enrolMember, allowed: SIGNED_IN },
  { method: "GET", route: "/account/learning.csv", rule: "signedIn, own enrolments only", path: () => "/account/learning.csv", prepare: enrolMember, allowed: SIGNED_IN },
];
