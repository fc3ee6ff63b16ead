// Creating and editing a course's own fields, each change with its AdminAction row in the
// same transaction (before/after of the fields that changed).
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { ID, newId } from "../../db/ids.ts";
import { courses } from "../../db/schema/learning.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { auditActor, changedFields, recordAdminAction } from "../../lib/audit.ts";
import { readFormStrings, toFieldErrors } from "../../lib/forms.ts";
import { CourseNewPage } from "../../../templates/admin-courses/CourseEditPage.tsx";
import { type CourseFormData, type CourseFormState, courseFormSchema, EMPTY_COURSE_FORM } from "./forms.ts";
import { renderCoursePage } from "./pages.tsx";
import { findCourse, lockCourse } from "./queries.ts";
import { courseAdminNotices } from "./rules.ts";

export const editorRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "courses");

type Submitted = { ok: true; data: CourseFormData } | { ok: false; form: CourseFormState };

const FORM_FIELDS = ["title", "description", "difficulty", "category", "tags", "requirements", "objectives", "price", "memberPrice"];

async function readCourseForm(c: AdminContext): Promise<Submitted> {
  const all = await readFormStrings(c);
  const values = Object.fromEntries(FORM_FIELDS.filter((f) => f in all).map((f) => [f, all[f]!]));
  const parsed = courseFormSchema.safeParse(values);
  if (!parsed.success) return { ok: false, form: { values, errors: toFieldErrors(parsed.error.issues) } };
  return { ok: true, data: parsed.data };
}

function renderNew(c: AdminContext, form: CourseFormState, status: 200 | 422 = 200) {
  return renderPage(c, { title: "New course", status, body: <CourseNewPage form={form} links={navLinks(c)} /> });
}

editorRoutes.get("/new", manage, (c) => renderNew(c, EMPTY_COURSE_FORM));

editorRoutes.post("/", manage, async (c) => {
  const submitted = await readCourseForm(c);
  if (!submitted.ok) return renderNew(c, submitted.form, 422);
  const id = newId();
  const d = submitted.data;
  await c.var.db().transaction(async (tx) => {
    await tx.insert(courses).values({ ...d, id, status: "DRAFT", modules: [], duration: null });
    await recordAdminAction(tx, auditActor(c), {
      action: "COURSE_CREATED",
      details: `Course created: ${d.title}`,
      after: { ...d, status: "DRAFT" },
      extra: { courseId: id },
    });
  });
  return courseAdminNotices.redirect(c, `/admin/courses/${id}`, "created");
});

editorRoutes.get(`/${ID}`, manage, async (c) => {
  const course = await findCourse(c.var.db(), c.req.param("id"));
  return course ? renderCoursePage(c, course) : renderNotFound(c);
});

editorRoutes.post(`/${ID}`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const course = await findCourse(db, id);
  if (!course) return renderNotFound(c);
  const submitted = await readCourseForm(c);
  if (!submitted.ok) return renderCoursePage(c, course, { status: 422, form: submitted.form });
  const wanted = submitted.data;
  const outcome = await db.transaction(async (tx) => {
    const before = await lockCourse(tx, id);
    if (!before) return "missing" as const;
    const diff = changedFields(Object.fromEntries(Object.keys(wanted).map((k) => [k, before[k as keyof typeof before]])), wanted);
    const fields = Object.keys(diff.after);
    if (fields.length === 0) return "unchanged" as const;
    await tx.update(courses).set(wanted).where(eq(courses.id, id));
    await recordAdminAction(tx, auditActor(c), {
      action: "COURSE_UPDATED",
      details: `Course updated (${before.title}): ${fields.join(", ")}`,
      before: diff.before,
      after: diff.after,
      extra: { courseId: id },
    });
    return "saved" as const;
  });
  if (outcome === "missing") return renderNotFound(c);
  return courseAdminNotices.redirect(c, `/admin/courses/${id}`, outcome);
});
