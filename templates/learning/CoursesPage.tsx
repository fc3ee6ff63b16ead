import type { CourseCardRow, MyEnrollment } from "../../src/features/learning/queries.ts";
import { formatHours, formatMinutes, type CoursePrice } from "../../src/features/learning/rules.ts";
import { DIFFICULTIES, DIFFICULTY_LABELS, STATUS_LABELS, TAG_MAX, type CourseFilters } from "../../src/features/learning/view.ts";
import { ErrorSummary, SelectField } from "../components/Field.tsx";
import { FilterForm } from "../components/FilterForm.tsx";
import { Pager } from "../components/Pager.tsx";
import { moduleHref } from "./parts.tsx";

export interface CourseCardView {
  course: CourseCardRow;
  price: CoursePrice;
  enrollment: MyEnrollment | null;
}

export interface CourseResultsProps {
  filters: CourseFilters;
  errors: Record<string, string>;
  cards: CourseCardView[];
  total: number;
  page: number;
  perPage: number;
}

function CourseCard(props: CourseCardView) {
  const c = props.course;
  const e = props.enrollment;
  return (
    <article class="card" aria-labelledby={`course-${c.id}`}>
      <h2 id={`course-${c.id}`}>
        <a href={`/courses/${c.id}`}>{c.title}</a>
      </h2>
      <p>
        {[c.category, c.difficulty ? DIFFICULTY_LABELS[c.difficulty] : null].filter(Boolean).join(" · ")}
        <br />
        {c.duration ? `${formatMinutes(c.duration)} · ` : ""}
        {formatHours(c.duration)} of credit
      </p>
      {c.tags.length > 0 ? (
        <p class="course-tags">
          Topics:{" "}
          {c.tags.map((t, i) => (
            <>
              {i > 0 ? ", " : ""}
              <a href={`/courses?tag=${encodeURIComponent(t)}`}>{t}</a>
            </>
          ))}
        </p>
      ) : null}
      <p>
        <strong>
          {props.price.label}
          {props.price.rule === "member" ? " (member price)" : ""}
        </strong>
      </p>
      {e && e.status !== "DROPPED" ? (
        <p>
          {STATUS_LABELS[e.status]}, {e.progress}% done
          {e.nextModuleId && (
            <>
              {" · "}
              <a href={moduleHref(c.id, e.nextModuleId)}>Continue where you left off</a>
            </>
          )}
        </p>
      ) : null}
    </article>
  );
}

function query(f: CourseFilters): Record<string, string> {
  return { category: f.category, difficulty: f.difficulty, tag: f.tag };
}

export function CourseResults(props: CourseResultsProps) {
  const invalid = Object.keys(props.errors).length > 0;
  const filtered = props.filters.category || props.filters.difficulty || props.filters.tag;
  return (
    <div id="course-results">
      {invalid ? (
        <p class="notice bad" role="alert">
          The filters above need fixing before courses can be shown.
        </p>
      ) : props.cards.length === 0 ? (
        <p class="notice" role="status">
          {filtered ? "No courses match these filters. Try another category, level or topic, or clear the filters." : "No courses are open yet. New courses are announced here and by email; check back soon."}
        </p>
      ) : (
        <>
          <div class="grid">
            {props.cards.map((card) => (
              <CourseCard {...card} />
            ))}
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/courses" query={query(props.filters)} />
        </>
      )}
    </div>
  );
}

export function CoursesPage(props: CourseResultsProps & { facets: { categories: string[]; tags: string[] }; signedIn: boolean }) {
  const f = props.filters;
  const categories = props.facets.categories.includes(f.category) || !f.category ? props.facets.categories : [...props.facets.categories, f.category];
  return (
    <>
      <h1>Courses</h1>
      <p class="lede">
        Training for contractors: estimating, bonding, safety, prevailing wage and certification. Work at your own pace; each course counts hours of credit.
        {props.signedIn ? (
          <>
            {" "}
            <a href="/account/learning">My learning</a>
          </>
        ) : null}
      </p>
      <ErrorSummary errors={props.errors} />
      <details open={Boolean(f.category || f.difficulty || f.tag || Object.keys(props.errors).length)}>
        <summary>Filter by category, level or topic</summary>
        <FilterForm action="/courses" label="Filter courses" resultsId="course-results">
          <div class="grid">
            <SelectField name="category" label="Category" value={f.category} error={props.errors.category} options={[["", "Any category"], ...categories.map((c): [string, string] => [c, c])]} />
            <SelectField
              name="difficulty"
              label="Level"
              value={f.difficulty}
              error={props.errors.difficulty}
              options={[["", "Any level"], ...DIFFICULTIES.map((d): [string, string] => [d, DIFFICULTY_LABELS[d]])]}
            />
            <div class="field">
              <label for="f-tag">Topic</label>
              <input id="f-tag" name="tag" type="text" list="course-tags" maxlength={TAG_MAX} value={f.tag} aria-invalid={props.errors.tag ? "true" : undefined} aria-describedby={props.errors.tag ? "f-tag-error" : undefined} />
              <datalist id="course-tags">
                {props.facets.tags.map((t) => (
                  <option value={t} />
                ))}
              </datalist>
              {props.errors.tag && (
                <p class="error" id="f-tag-error">
                  {props.errors.tag}
                </p>
              )}
            </div>
          </div>
          <p>
            <button type="submit">Show courses</button>
          </p>
        </FilterForm>
      </details>
      <CourseResults {...props} />
    </>
  );
}
