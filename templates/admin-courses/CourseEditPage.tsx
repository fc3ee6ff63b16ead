// One course's admin page: where it stands, its lifecycle (with why it cannot be published
// yet), its modules in order, and every field of the course.
import type { Course, CourseModule } from "../../src/db/schema/learning.ts";
import type { CourseFormState } from "../../src/features/admin-courses/forms.ts";
import type { EnrollmentCounts } from "../../src/features/admin-courses/queries.ts";
import {
  COURSE_TRANSITION_LABEL,
  completionRate,
  formatMinutes,
  MODULE_TYPE_LABEL,
  MODULE_TYPES,
  nextCourseStatuses,
  publishProblems,
} from "../../src/features/admin-courses/rules.ts";
import { AdminNav, type AdminNavLinks } from "../admin/parts.tsx";
import { When } from "../admin-events/parts.tsx";
import { AdminLifecycle } from "../components/AdminLifecycle.tsx";
import { AdminPageHeader } from "../components/AdminPageHeader.tsx";
import { CourseForm } from "./CourseForm.tsx";
import { ModuleList } from "./ModuleList.tsx";
import { CourseNav, CourseStatusBadge, money, percent } from "./parts.tsx";

export function CourseNewPage(props: { form: CourseFormState; links: AdminNavLinks }) {
  return (
    <>
      <h1>New course</h1>
      <AdminNav current="/admin/courses" links={props.links} />
      <p class="lede">A new course starts as a draft: members see it only once you add its modules and publish it.</p>
      <CourseForm action="/admin/courses" submitLabel="Create the draft course" form={props.form} />
    </>
  );
}

export interface CourseEditPageProps {
  course: Course;
  modules: CourseModule[];
  form: CourseFormState;
  counts: EnrollmentCounts;
  links: AdminNavLinks;
  notice?: string;
  actionError?: string;
}

function Summary(props: { course: Course; modules: CourseModule[]; counts: EnrollmentCounts }) {
  const c = props.course;
  return (
    <div class="grid">
      <div class="card">
        <h2>Status</h2>
        <p>
          <CourseStatusBadge status={c.status} />
          {c.publishedAt && (
            <>
              <br />
              First published <When at={c.publishedAt} />
            </>
          )}
        </p>
      </div>
      <div class="card">
        <h2>Content</h2>
        <p>
          <span class="stat">{props.modules.length}</span> {props.modules.length === 1 ? "module" : "modules"} · {formatMinutes(c.duration)} in all
          <br />
          {money(c.price)}
          {c.memberPrice !== null && <>, members {money(c.memberPrice)}</>}
        </p>
      </div>
      <div class="card">
        <h2>Learners</h2>
        <p>
          <span class="stat">{props.counts.total}</span> enrolled · {props.counts.completed} completed ({percent(completionRate(props.counts.completed, props.counts.total))})
          <br />
          <a href={`/admin/courses/${c.id}/enrollments`}>See the enrolments</a>
        </p>
      </div>
    </div>
  );
}

function Lifecycle(props: { course: Course; modules: CourseModule[] }) {
  const next = nextCourseStatuses(props.course.status);
  const problems = next.includes("PUBLISHED") ? publishProblems(props.modules) : [];
  return (
    <AdminLifecycle
      action={`/admin/courses/${props.course.id}/status`}
      steps={next.filter((s) => s !== "PUBLISHED" || problems.length === 0).map((status) => ({ status, label: COURSE_TRANSITION_LABEL[status] }))}
    >
      {problems.length > 0 && (
        <div class="notice" id="publish-problems">
          <p>
            <strong>Not ready to publish:</strong>
          </p>
          <ul>
            {problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      )}
    </AdminLifecycle>
  );
}

export function AddModule(props: { courseId: string }) {
  return (
    <form method="get" action={`/admin/courses/${props.courseId}/modules/new`} class="pager">
      <div class="field">
        <label for="f-new-module-type">Kind of module</label>
        <select id="f-new-module-type" name="type">
          {MODULE_TYPES.map((t) => (
            <option value={t}>{MODULE_TYPE_LABEL[t]}</option>
          ))}
        </select>
      </div>
      <button type="submit">Add a module</button>
    </form>
  );
}

export function CourseEditPage(props: CourseEditPageProps) {
  const c = props.course;
  return (
    <>
      <AdminPageHeader
        title={c.title}
        section="/admin/courses"
        links={props.links}
        nav={<CourseNav courseId={c.id} current="edit" />}
        notice={props.notice}
        actionError={props.actionError}
      />
      <Summary course={c} modules={props.modules} counts={props.counts} />
      <Lifecycle course={c} modules={props.modules} />
      <section aria-labelledby="modules">
        <h2 id="modules">Modules</h2>
        <p class="hint">Learners take them in this order. Moving a module keeps learners' completed modules.</p>
        <ModuleList courseId={c.id} modules={props.modules} />
        <AddModule courseId={c.id} />
      </section>
      <h2>Details</h2>
      <CourseForm action={`/admin/courses/${c.id}`} submitLabel="Save changes" form={props.form} duration={formatMinutes(c.duration)} />
    </>
  );
}
