// Course admin routes in the authorization matrix: only holders of courses:manage (among the
// matrix's personas, the admin) get past the rule; members, event staff and the other delegated
// managers do not (an events and bids manager is checked in admin-courses-access.test.ts).
// Forms that would change something are sent empty or invalid (422 after authorization);
// a move is harmless to repeat.
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { ID, idParam } from "../../src/db/ids.ts";
import { courseModules } from "../../src/db/schema/index.ts";
import { makeCourse } from "../helpers/db.ts";
import type { RouteRow } from "./types.ts";

const MANAGERS = ["admin"] as const;
export const COURSE_MATRIX_PDF = new TextEncoder().encode("%PDF-1.7\ncourse matrix");

async function sharedTargets() {
  const { db, pool } = createDb(loadConfig(env as unknown as Record<string, unknown>));
  try {
    const course = await makeCourse(db, { title: "Matrix: course" });
    const key = `courses/${course.id}/matrix.pdf`;
    await env.FILES.put(key, COURSE_MATRIX_PDF);
    const [text, file] = await db
      .insert(courseModules)
      .values([
        { courseId: course.id, title: "Matrix text", order: 1, content: { type: "text", markdown: "Hello" } },
        {
          courseId: course.id,
          title: "Matrix file",
          order: 2,
          content: { type: "file", key, fileName: "matrix.pdf", contentType: "application/pdf", size: COURSE_MATRIX_PDF.byteLength },
        },
      ])
      .returning({ id: courseModules.id });
    return { course: course.id, text: text!.id, file: file!.id };
  } finally {
    await pool.end();
  }
}

const t = await sharedTargets();
const rule = "allow.to(manage, courses)";
const base = "/admin/courses";
const MODULE = `${base}/${ID}/modules/${idParam("moduleId")}`;
const allowed = [...MANAGERS];

export const adminCourseRows: RouteRow[] = [
  { method: "GET", route: base, rule, path: () => `${base}?status=DRAFT&q=matrix`, allowed },
  { method: "GET", route: `${base}/export.csv`, rule, path: () => `${base}/export.csv?status=DRAFT`, allowed },
  { method: "GET", route: `${base}/rows/questions`, rule, path: () => `${base}/rows/questions?index=3`, allowed },
  { method: "GET", route: `${base}/new`, rule, path: () => `${base}/new`, allowed },
  // Empty form: 422, nothing created.
  { method: "POST", route: base, rule, path: () => base, form: () => ({}), allowed },
  { method: "GET", route: `${base}/${ID}`, rule, path: () => `${base}/${t.course}`, allowed },
  { method: "POST", route: `${base}/${ID}`, rule, path: () => `${base}/${t.course}`, form: () => ({}), allowed },
  // No status: 422.
  { method: "POST", route: `${base}/${ID}/status`, rule, path: () => `${base}/${t.course}/status`, form: () => ({}), allowed },
  { method: "GET", route: `${base}/${ID}/modules/new`, rule, path: () => `${base}/${t.course}/modules/new?type=quiz`, allowed },
  // No kind: 422.
  { method: "POST", route: `${base}/${ID}/modules`, rule, path: () => `${base}/${t.course}/modules`, form: () => ({}), allowed },
  { method: "GET", route: MODULE, rule, path: () => `${base}/${t.course}/modules/${t.text}`, allowed },
  // No title: 422.
  { method: "POST", route: MODULE, rule, path: () => `${base}/${t.course}/modules/${t.text}`, form: () => ({}), allowed },
  { method: "GET", route: `${MODULE}/file`, rule, path: () => `${base}/${t.course}/modules/${t.file}/file`, allowed },
  // No confirmation: 422, nothing deleted.
  { method: "POST", route: `${MODULE}/delete`, rule, path: () => `${base}/${t.course}/modules/${t.text}/delete`, form: () => ({}), allowed },
  // The first module moved up: nothing to swap with, 303.
  { method: "POST", route: `${MODULE}/move`, rule, path: () => `${base}/${t.course}/modules/${t.text}/move`, form: () => ({ direction: "up" }), allowed },
  { method: "GET", route: `${base}/${ID}/enrollments`, rule, path: () => `${base}/${t.course}/enrollments?status=COMPLETED`, allowed },
  { method: "GET", route: `${base}/${ID}/enrollments.csv`, rule, path: () => `${base}/${t.course}/enrollments.csv`, allowed },
];
