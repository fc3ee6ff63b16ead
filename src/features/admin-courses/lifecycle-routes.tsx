// Publishing and archiving a course (the rules are changeCourseStatus in rules.ts): the
// course row is locked, its modules read in the same transaction, so a module deleted or
// broken at the same moment cannot slip past the publish check.
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { ID } from "../../db/ids.ts";
import { courseModules, courses } from "../../db/schema/learning.ts";
import { renderNotFound } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { auditActor, recordAdminAction } from "../../lib/audit.ts";
import { parseForm } from "../../lib/forms.ts";
import { statusFormSchema } from "./forms.ts";
import { renderCoursePage } from "./pages.tsx";
import { findCourse, lockCourse } from "./queries.ts";
import { changeCourseStatus, courseAdminNotices } from "./rules.ts";

export const lifecycleRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "courses");

lifecycleRoutes.post(`/${ID}/status`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const course = await findCourse(db, id);
  if (!course) return renderNotFound(c);
  const form = await parseForm(c, statusFormSchema);
  if (!form.ok) return renderCoursePage(c, course, { status: 422, actionError: Object.values(form.errors).join(" ") });
  const to = form.data.status;
  const outcome = await db.transaction(async (tx) => {
    const before = await lockCourse(tx, id);
    if (!before) return { kind: "missing" as const };
    const modules = await tx.select().from(courseModules).where(eq(courseModules.courseId, id));
    const change = changeCourseStatus(before, to, modules, new Date());
    if (!change.ok) return { kind: "refused" as const, message: change.message };
    await tx.update(courses).set({ status: to, publishedAt: change.publishedAt }).where(eq(courses.id, id));
    await recordAdminAction(tx, auditActor(c), {
      action: "COURSE_UPDATED",
      details: `Course ${to === "PUBLISHED" ? "published" : to === "ARCHIVED" ? "archived" : "moved back to draft"}: ${before.title}`,
      before: { status: before.status, publishedAt: before.publishedAt },
      after: { status: to, publishedAt: change.publishedAt },
      extra: { courseId: id },
    });
    return { kind: "changed" as const };
  });
  if (outcome.kind === "missing") return renderNotFound(c);
  if (outcome.kind === "refused") return renderCoursePage(c, course, { status: 422, actionError: outcome.message });
  return courseAdminNotices.redirect(c, `/admin/courses/${id}`, "status");
});
