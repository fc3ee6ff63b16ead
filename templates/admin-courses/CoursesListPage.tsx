// The courses list: filters, enrolments and completion rate per course, CSV.
import { courseStatusEnum } from "../../src/db/schema/learning.ts";
import type { CourseFilters } from "../../src/features/admin-courses/forms.ts";
import type { AdminCourseRow } from "../../src/features/admin-courses/queries.ts";
import { COURSE_STATUS_LABEL, completionRate, DIFFICULTY_LABEL, formatMinutes } from "../../src/features/admin-courses/rules.ts";
import type { FieldErrors } from "../../src/lib/forms.ts";
import { AdminNav, type AdminNavLinks, Notice } from "../admin/parts.tsx";
import { Field, SelectField } from "../components/Field.tsx";
import { FilterForm } from "../components/FilterForm.tsx";
import { Pager } from "../components/Pager.tsx";
import { money, percent } from "./parts.tsx";

export interface CourseResultsProps {
  filters: Record<keyof CourseFilters, string>;
  rows: AdminCourseRow[];
  total: number;
  /** With the completedSince filter: the completions of these courses since that day. */
  completedSince: number | null;
  page: number;
  perPage: number;
}

const STATUS_OPTIONS = [["", "Any status"] as const, ...courseStatusEnum.enumValues.map((s) => [s, COURSE_STATUS_LABEL[s]] as const)];

export function CourseResults(props: CourseResultsProps) {
  const query = { ...props.filters };
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v)).toString();
  return (
    <div id="course-results">
      {props.completedSince !== null && (
        <p>
          <strong data-count>{props.completedSince}</strong> {props.completedSince === 1 ? "completion" : "completions"} of these courses since{" "}
          {props.filters.completedSince}.
        </p>
      )}
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          {Object.values(props.filters).some(Boolean) ? "No courses match these filters." : "No courses yet. Create the first one."}
        </p>
      ) : (
        <>
          <div class="table-wrap" tabindex={0} role="region" aria-label="Courses table">
            <table>
              <caption>
                Courses, page {props.page} ({props.total} {props.total === 1 ? "match" : "matches"})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Course</th>
                  <th scope="col">Status</th>
                  <th scope="col">Modules</th>
                  <th scope="col">Length</th>
                  <th scope="col">Price (members)</th>
                  <th scope="col">Enrolled</th>
                  <th scope="col">Completed</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((c) => (
                  <tr>
                    <th scope="row">
                      <a href={`/admin/courses/${c.id}`}>{c.title}</a>
                      <br />
                      <small>
                        {c.category ?? "No category"}
                        {c.difficulty ? ` · ${DIFFICULTY_LABEL[c.difficulty]}` : ""}
                      </small>
                    </th>
                    <td>{COURSE_STATUS_LABEL[c.status]}</td>
                    <td>{c.modules}</td>
                    <td>{formatMinutes(c.duration)}</td>
                    <td>
                      {money(c.price)}
                      {c.memberPrice !== null && <> ({money(c.memberPrice)})</>}
                    </td>
                    <td>
                      <a href={`/admin/courses/${c.id}/enrollments`}>{c.enrolled}</a>
                    </td>
                    <td>
                      {c.completed} · {percent(completionRate(c.completed, c.enrolled))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/admin/courses" query={query} />
        </>
      )}
      <p>
        <a href={`/admin/courses/export.csv${qs ? `?${qs}` : ""}`} download>
          Download these courses as CSV
        </a>
      </p>
    </div>
  );
}

export function CoursesListPage(props: CourseResultsProps & { categories: string[]; links: AdminNavLinks; notice?: string; errors: FieldErrors }) {
  const categories = props.filters.category && !props.categories.includes(props.filters.category) ? [...props.categories, props.filters.category] : props.categories;
  return (
    <>
      <h1>Courses</h1>
      <AdminNav current="/admin/courses" links={props.links} />
      <Notice message={props.notice} />
      <p class="pager">
        <a class="btn" href="/admin/courses/new">
          Create a course
        </a>
      </p>
      <p class="hint">Completion rate: completed enrolments out of all enrolments, dropped ones included.</p>
      <FilterForm action="/admin/courses" label="Filter courses" resultsId="course-results">
        <div class="grid">
          <Field name="q" label="Title, description or tag" type="search" value={props.filters.q} error={props.errors.q} />
          <SelectField name="status" label="Status" value={props.filters.status} options={STATUS_OPTIONS} error={props.errors.status} />
          <SelectField
            name="category"
            label="Category"
            value={props.filters.category}
            options={[["", "Any category"], ...categories.map((c) => [c, c] as const)]}
            error={props.errors.category}
          />
          <Field name="completedSince" label="Completed since" type="date" value={props.filters.completedSince} error={props.errors.completedSince} />
        </div>
        <button type="submit">Show matching courses</button>
      </FilterForm>
      <CourseResults {...props} />
    </>
  );
}
