import type { ProjectRow } from "../../src/features/projects/queries.ts";
import { timeLeft } from "../../src/features/projects/rules.ts";
import {
  BONDING_FILTER,
  CATEGORIES,
  CATEGORY_LABELS,
  CERT_FILTER,
  CLOSING_FILTER,
  filterQuery,
  isFiltered,
  MILES_FILTER,
  SHOW_FILTER,
  SORT_FILTER,
  STATUS_LABELS,
  type ProjectFilters,
} from "../../src/features/projects/view.ts";
import { formatUsd, toCents } from "../../src/lib/money.ts";
import { formatDateTime } from "../../src/lib/time.ts";
import { ErrorSummary, Field, SelectField } from "../components/Field.tsx";
import { FilterForm } from "../components/FilterForm.tsx";
import { Pager } from "../components/Pager.tsx";
import { SaveSearchForm } from "./SavedSearchesPage.tsx";

export interface ProjectCardView {
  project: ProjectRow;
  match: number | null;
}

export interface ProjectResultsProps {
  filters: ProjectFilters;
  errors: Record<string, string>;
  cards: ProjectCardView[];
  total: number;
  page: number;
  perPage: number;
  now: Date;
  hasBase: boolean;
  signedIn: boolean;
}

export function valueText(p: Pick<ProjectRow, "estimatedValue" | "budgetMin" | "budgetMax">): string | null {
  if (p.estimatedValue !== null) return `about ${formatUsd(toCents(p.estimatedValue))}`;
  if (p.budgetMin !== null && p.budgetMax !== null) return `${formatUsd(toCents(p.budgetMin))} – ${formatUsd(toCents(p.budgetMax))}`;
  return null;
}

function ProjectCard(props: ProjectCardView & { now: Date }) {
  const p = props.project;
  const value = valueText(p);
  return (
    <article class="card" aria-labelledby={`pr-${p.id}`}>
      <h2 id={`pr-${p.id}`}>
        <a href={`/projects/${p.id}`}>{p.title}</a>
      </h2>
      <p>
        {p.organization ?? "Chapter opportunity"}
        {p.location ? <> · {p.location}</> : null}
        {p.distanceMiles !== null ? <> · {Math.round(p.distanceMiles)} mi</> : null}
      </p>
      <p>
        {CATEGORY_LABELS[p.category]}
        {value ? <> · {value}</> : null}
        {p.bondingRequired ? " · bonding required" : ""}
      </p>
      <p class="hint">
        {STATUS_LABELS[p.status]}
        {p.deadlineDate ? (
          <>
            {" · due "}
            <time datetime={p.deadlineDate.toISOString()}>{formatDateTime(p.deadlineDate)}</time>
            {p.deadlineDate.getTime() > props.now.getTime() ? ` (${timeLeft(p.deadlineDate, props.now)})` : ""}
          </>
        ) : null}
      </p>
      {props.match !== null && (
        <p>
          <strong>Your match: {props.match}/100</strong>
        </p>
      )}
    </article>
  );
}

/** The cards and pager: what the filter form swaps with htmx. */
export function ProjectResults(props: ProjectResultsProps) {
  const invalid = Object.keys(props.errors).length > 0;
  return (
    <div id="project-results">
      {invalid ? (
        <p class="notice bad" role="alert">
          The filters above need fixing before opportunities can be shown.
        </p>
      ) : props.cards.length === 0 ? (
        <p class="notice" role="status">
          {isFiltered(props.filters)
            ? "No opportunities match these filters. Try fewer words, a wider distance or budget, or clear the filters."
            : "No opportunities are open right now. New ones are posted here as agencies publish them; check back soon."}
        </p>
      ) : (
        <>
          <p role="status">
            {props.total} {props.total === 1 ? "opportunity" : "opportunities"}
          </p>
          <div class="grid">
            {props.cards.map((card) => (
              <ProjectCard {...card} now={props.now} />
            ))}
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/projects" query={filterQuery(props.filters)} />
        </>
      )}
      {props.signedIn && !invalid && <SaveSearchForm filters={props.filters} />}
      {props.signedIn && (
        <p>
          <a href="/projects/saved">Your saved searches and bid alerts</a>
        </p>
      )}
    </div>
  );
}

export function ProjectsPage(props: ProjectResultsProps) {
  const f = props.filters;
  const e = props.errors;
  const more = Boolean(f.category || f.subcategory || f.sector || f.min || f.max || f.closing || f.cert || f.bonding || f.zip || f.miles || f.show);
  return (
    <>
      <h1>Bid opportunities</h1>
      <p class="lede">
        Public-agency and private work open to chapter members. Deadlines are Pacific time.
        {props.signedIn ? (
          <>
            {" "}
            <a href="/projects/mine">My bids</a>
          </>
        ) : (
          <>
            {" "}
            <a href="/login?next=%2Fprojects">Sign in</a> to see members-only opportunities and your match.
          </>
        )}
      </p>
      <ErrorSummary errors={e} />
      <FilterForm action="/projects" label="Search opportunities" resultsId="project-results">
        <div class="grid">
          <Field name="q" label="Search" type="search" value={f.q} error={e.q} maxlength={200} hint='Words, "an exact phrase", or -word to leave out.' />
          <SelectField name="sort" label="Sort by" value={f.sort} error={e.sort} options={SORT_FILTER.options} />
        </div>
        <details open={more || Object.keys(e).some((k) => k !== "q" && k !== "sort")}>
          <summary>More filters: category, budget, deadline, distance</summary>
          <div class="grid">
            <SelectField
              name="category"
              label="Category"
              value={f.category}
              error={e.category}
              options={[["", "Any category"], ...CATEGORIES.map((c): [string, string] => [c, CATEGORY_LABELS[c]])]}
            />
            <Field name="subcategory" label="Subcategory" value={f.subcategory} error={e.subcategory} maxlength={100} />
            <Field name="sector" label="Sector" value={f.sector} error={e.sector} maxlength={60} hint="public, private, education, transportation…" />
            <Field name="min" label="Budget at least ($)" value={f.min} error={e.min} inputmode="numeric" maxlength={20} />
            <Field name="max" label="Budget at most ($)" value={f.max} error={e.max} inputmode="numeric" maxlength={20} />
            <SelectField name="closing" label="Deadline" value={f.closing} error={e.closing} options={CLOSING_FILTER.options} />
            <SelectField name="cert" label="Certification asked for" value={f.cert} error={e.cert} options={CERT_FILTER.options} />
            <SelectField name="bonding" label="Bonding" value={f.bonding} error={e.bonding} options={BONDING_FILTER.options} />
            <Field
              name="zip"
              label="From ZIP code"
              value={f.zip}
              error={e.zip}
              inputmode="numeric"
              maxlength={5}
              hint={props.hasBase ? "Blank: from your business address." : "Distances are measured from here."}
            />
            <SelectField name="miles" label="Distance" value={f.miles} error={e.miles} options={MILES_FILTER.options} />
            <SelectField name="show" label="Show" value={f.show} error={e.show} options={SHOW_FILTER.options} />
          </div>
        </details>
        <p>
          <button type="submit">Search</button> <a href="/projects">Clear</a>
        </p>
      </FilterForm>
      <ProjectResults {...props} />
    </>
  );
}
