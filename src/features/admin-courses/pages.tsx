// Page renderers shared by the course admin routes, so a refused action re-renders the page it
// came from (status 422, the reason at the top, the admin's input kept).
import type { Course, CourseModule } from "../../db/schema/learning.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";
import { renderPage } from "../../http/render.tsx";
import { CourseEditPage } from "../../../templates/admin-courses/CourseEditPage.tsx";
import { ModulePage, type ModulePageProps } from "../../../templates/admin-courses/ModulePage.tsx";
import { type CourseFormState, courseFormState } from "./forms.ts";
import { enrollmentCounts, modulesOf } from "./queries.ts";
import { courseAdminNotices } from "./rules.ts";

export interface CoursePageState {
  status?: 200 | 422;
  form?: CourseFormState;
  actionError?: string;
}

export async function renderCoursePage(c: AdminContext, course: Course, state: CoursePageState = {}) {
  const db = c.var.db();
  const [modules, counts] = await Promise.all([modulesOf(db, course.id), enrollmentCounts(db, course.id)]);
  return renderPage(c, {
    title: course.title,
    status: state.status ?? 200,
    body: (
      <CourseEditPage
        course={course}
        modules={modules}
        form={state.form ?? courseFormState(course)}
        counts={counts}
        links={navLinks(c)}
        notice={state.status ? undefined : courseAdminNotices.read(c)}
        actionError={state.actionError}
      />
    ),
  });
}

export function renderModulePage(
  c: AdminContext,
  props: Omit<ModulePageProps, "links" | "notice"> & { module?: CourseModule },
  status: 200 | 422 = 200,
) {
  const title = props.module ? `${props.module.title}: ${props.course.title}` : `New module: ${props.course.title}`;
  return renderPage(c, {
    title,
    status,
    body: <ModulePage {...props} links={navLinks(c)} notice={status === 200 && !props.addedQuestion ? courseAdminNotices.read(c) : undefined} />,
  });
}
