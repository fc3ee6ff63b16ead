// A course's enrolments: each member's status, progress, dates and quiz results (best score
// and attempts per quiz module), the completion rate, filters and CSV.
import { courseEnrollmentStatusEnum, type Course } from "../../src/db/schema/learning.ts";
import type { EnrollmentFilters } from "../../src/features/admin-courses/forms.ts";
import type { EnrollmentCounts, EnrollmentRow } from "../../src/features/admin-courses/queries.ts";
import { completionRate, ENROLLMENT_STATUS_LABEL } from "../../src/features/admin-courses/rules.ts";
import type { FieldErrors } from "../../src/lib/forms.ts";
import type { AdminNavLinks } from "../admin/parts.tsx";
import { When } from "../admin-events/parts.tsx";
import { AdminPageHeader } from "../components/AdminPageHeader.tsx";
import { Field, SelectField } from "../components/Field.tsx";
import { FilterForm } from "../components/FilterForm.tsx";
import { Pager } from "../components/Pager.tsx";
import { CourseNav, percent } from "./parts.tsx";

export interface QuizColumn {
  id: string;
  order: number;
  title: string;
}

export interface EnrollmentResultsProps {
  course: Course;
  quizzes: QuizColumn[];
  filters: Record<keyof EnrollmentFilters, string>;
  rows: EnrollmentRow[];
  total: number;
  page: number;
  perPage: number;
}

const STATUS_OPTIONS = [["", "Any status"] as const, ...courseEnrollmentStatusEnum.enumValues.map((s) => [s, ENROLLMENT_STATUS_LABEL[s]] as const)];

export function EnrollmentResults(props: EnrollmentResultsProps) {
  const base = `/admin/courses/${props.course.id}/enrollments`;
  const query = { ...props.filters };
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v)).toString();
  return (
    <div id="enrollment-results">
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          {Object.values(props.filters).some(Boolean) ? "No enrolments match these filters." : "Nobody is enrolled yet."}
        </p>
      ) : (
        <>
          <div class="table-wrap" tabindex={0} role="region" aria-label="Enrolments table">
            <table>
              <caption>
                Enrolments, page {props.page} ({props.total} {props.total === 1 ? "match" : "matches"})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Status</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Enrolled</th>
                  <th scope="col">Completed</th>
                  {props.quizzes.map((q) => (
                    <th scope="col">
                      Quiz {q.order}: {q.title}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {props.rows.map((r) => (
                  <tr>
                    <th scope="row">
                      {r.firstName} {r.lastName}
                      <br />
                      <small>{r.company ?? r.email}</small>
                    </th>
                    <td>{ENROLLMENT_STATUS_LABEL[r.status]}</td>
                    <td>{r.progress}%</td>
                    <td>
                      <When at={r.enrolledAt} />
                    </td>
                    <td>
                      <When at={r.completedAt} />
                    </td>
                    {props.quizzes.map((q) => {
                      const result = r.quizzes[q.id];
                      return (
                        <td>
                          {result ? (
                            <>
                              Best {result.best}% {result.passed ? "(passed)" : "(not passed)"}
                              <br />
                              <small>
                                {result.attempts} {result.attempts === 1 ? "attempt" : "attempts"}
                              </small>
                            </>
                          ) : (
                            "Not tried"
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl={base} query={query} />
        </>
      )}
      <p>
        <a href={`/admin/courses/${props.course.id}/enrollments.csv${qs ? `?${qs}` : ""}`} download>
          Download these enrolments as CSV
        </a>
      </p>
    </div>
  );
}

export function EnrollmentsPage(props: EnrollmentResultsProps & { counts: EnrollmentCounts; links: AdminNavLinks; errors: FieldErrors }) {
  const c = props.course;
  const rate = completionRate(props.counts.completed, props.counts.total);
  return (
    <>
      <AdminPageHeader title={`Enrolments: ${c.title}`} section="/admin/courses" links={props.links} nav={<CourseNav courseId={c.id} current="enrollments" />} />
      <p>
        <span class="stat">{props.counts.total}</span> enrolled · {props.counts.completed} completed · completion rate {percent(rate)}{" "}
        <small>(completed out of all enrolments, dropped ones included)</small>
      </p>
      <FilterForm action={`/admin/courses/${c.id}/enrollments`} label="Filter enrolments" resultsId="enrollment-results">
        <div class="grid">
          <Field name="q" label="Name, email or company" type="search" value={props.filters.q} error={props.errors.q} />
          <SelectField name="status" label="Status" value={props.filters.status} options={STATUS_OPTIONS} error={props.errors.status} />
        </div>
        <button type="submit">Show matching enrolments</button>
      </FilterForm>
      <EnrollmentResults {...props} />
    </>
  );
}
