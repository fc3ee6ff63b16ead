// The opportunities list: filters, bid counts and deadlines, CSV.
import { projectCategoryEnum, projectStatusEnum, projectVisibilityEnum } from "../../src/db/schema/projects.ts";
import { BIDDING_FILTER, DEADLINE_FILTER, type ProjectFilters } from "../../src/features/admin-projects/forms.ts";
import type { AdminProjectRow } from "../../src/features/admin-projects/queries.ts";
import { CATEGORY_LABEL, daysLeft, PROJECT_STATUS_LABEL, VISIBILITY_LABEL } from "../../src/features/admin-projects/rules.ts";
import type { FieldErrors } from "../../src/lib/forms.ts";
import { AdminNav, type AdminNavLinks, Notice } from "../admin/parts.tsx";
import { When } from "../admin-events/parts.tsx";
import { Field, SelectField } from "../components/Field.tsx";
import { FilterForm } from "../components/FilterForm.tsx";
import { Pager } from "../components/Pager.tsx";
import { budgetRange } from "./parts.tsx";

export interface ProjectResultsProps {
  filters: ProjectFilters;
  rows: AdminProjectRow[];
  total: number;
  /** With the bidsSince filter: the bids submitted on these opportunities since that day. */
  bidsSince: number | null;
  page: number;
  perPage: number;
  now: Date;
}

const any = (label: string): readonly [string, string] => ["", label];
const STATUS_OPTIONS = [any("Any status"), ...projectStatusEnum.enumValues.map((s) => [s, PROJECT_STATUS_LABEL[s]] as const)];
const CATEGORY_OPTIONS = [any("Any category"), ...projectCategoryEnum.enumValues.map((s) => [s, CATEGORY_LABEL[s]] as const)];
const VISIBILITY_OPTIONS = [any("Anyone"), ...projectVisibilityEnum.enumValues.map((s) => [s, VISIBILITY_LABEL[s]] as const)];

function Due(props: { at: Date | null; now: Date }) {
  const days = daysLeft(props.at, props.now);
  if (days === null) return <>No deadline</>;
  return (
    <>
      <When at={props.at} />
      <br />
      <small>{days < 0 ? "passed" : days === 0 ? "today" : `${days} ${days === 1 ? "day" : "days"} left`}</small>
    </>
  );
}

export function ProjectResults(props: ProjectResultsProps) {
  const query = { ...props.filters };
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v)).toString();
  return (
    <div id="project-results">
      {props.bidsSince !== null && (
        <p>
          <strong data-count>{props.bidsSince}</strong> {props.bidsSince === 1 ? "bid" : "bids"} submitted on these opportunities since{" "}
          {props.filters.bidsSince}.
        </p>
      )}
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          No opportunities match these filters.
        </p>
      ) : (
        <>
          <div class="table-wrap" tabindex={0} role="region" aria-label="Opportunities table">
            <table>
              <caption>
                Bid opportunities, page {props.page} ({props.total} {props.total === 1 ? "match" : "matches"})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Opportunity</th>
                  <th scope="col">Status</th>
                  <th scope="col">Visible to</th>
                  <th scope="col">Budget</th>
                  <th scope="col">Bids due</th>
                  <th scope="col">Bids</th>
                  <th scope="col">To review</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((p) => (
                  <tr>
                    <th scope="row">
                      <a href={`/admin/projects/${p.id}`}>{p.title}</a>
                      <br />
                      <small>
                        {CATEGORY_LABEL[p.category]}
                        {p.organization ? ` · ${p.organization}` : ""}
                        {p.externalId ? ` · ${p.source} ${p.externalId}` : ""}
                      </small>
                    </th>
                    <td>{PROJECT_STATUS_LABEL[p.status]}</td>
                    <td>{VISIBILITY_LABEL[p.visibility]}</td>
                    <td>{budgetRange(p.budgetMin, p.budgetMax)}</td>
                    <td>
                      <Due at={p.deadlineDate} now={props.now} />
                    </td>
                    <td>
                      <a href={`/admin/projects/${p.id}/applications`}>
                        {p.bids}
                        {p.maxApplications !== null ? ` / ${p.maxApplications}` : ""}
                      </a>
                    </td>
                    <td>{p.toReview}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/admin/projects" query={query} />
        </>
      )}
      <p>
        <a href={`/admin/projects/export.csv${qs ? `?${qs}` : ""}`} download>
          Download these opportunities as CSV
        </a>
      </p>
    </div>
  );
}

export function ProjectsListPage(props: ProjectResultsProps & { links: AdminNavLinks; notice?: string; errors: FieldErrors }) {
  return (
    <>
      <h1>Bid opportunities</h1>
      <AdminNav current="/admin/projects" links={props.links} />
      <Notice message={props.notice} />
      <p class="pager">
        <a class="btn" href="/admin/projects/new">
          Create an opportunity
        </a>
        <a href="/admin/projects/import">Import from a file (SAM.gov, CSV, JSON)</a>
      </p>
      <FilterForm action="/admin/projects" label="Filter opportunities" resultsId="project-results">
        <div class="grid">
          <Field name="q" label="Title, organization or notice id" type="search" value={props.filters.q} error={props.errors.q} />
          <SelectField name="status" label="Status" value={props.filters.status} options={STATUS_OPTIONS} error={props.errors.status} />
          <SelectField name="category" label="Category" value={props.filters.category} options={CATEGORY_OPTIONS} error={props.errors.category} />
          <SelectField name="visibility" label="Visible to" value={props.filters.visibility} options={VISIBILITY_OPTIONS} error={props.errors.visibility} />
          <SelectField name="deadline" label="Bids due" value={props.filters.deadline} options={DEADLINE_FILTER.options} error={props.errors.deadline} />
          <Field name="bidsSince" label="Bid on since" type="date" value={props.filters.bidsSince} error={props.errors.bidsSince} />
          <SelectField name="bidding" label="Bidding" value={props.filters.bidding} options={BIDDING_FILTER.options} error={props.errors.bidding} />
        </div>
        <button type="submit">Show matching opportunities</button>
      </FilterForm>
      <ProjectResults {...props} />
    </>
  );
}
