// The member directory (/members) and the public "Find a contractor" listing: one page, one
// results partial, told apart by `audience`. The public one never shows the "from me" choice
// nor anything a card would not show a visitor.
import type { DirectoryAudience, MemberSearchRow } from "../../src/db/search.ts";
import { badgeTexts } from "../../src/features/directory/rules.ts";
import {
  CERT_FILTER,
  FROM_FILTER,
  filterQuery,
  formatMiles,
  isFiltered,
  MILES_FILTER,
  SORT_FILTER,
  type DirectoryFilters,
} from "../../src/features/directory/view.ts";
import { ErrorSummary, Field, SelectField } from "../components/Field.tsx";
import { FilterForm } from "../components/FilterForm.tsx";
import { Pager } from "../components/Pager.tsx";

export interface DirectoryResultsProps {
  audience: DirectoryAudience;
  filters: DirectoryFilters;
  errors: Record<string, string>;
  rows: MemberSearchRow[];
  total: number;
  page: number;
  perPage: number;
}

export interface DirectoryPageProps extends DirectoryResultsProps {
  choices: { skills: string[]; languages: string[] };
}

const PATHS: Record<DirectoryAudience, string> = { members: "/members", public: "/find-a-contractor" };
export const RESULTS_ID = "directory-results";

function place(r: Pick<MemberSearchRow, "city" | "state">): string | null {
  return [r.city, r.state].filter(Boolean).join(", ") || null;
}

function MemberCard(props: { row: MemberSearchRow; audience: DirectoryAudience }) {
  const r = props.row;
  const name = `${r.firstName} ${r.lastName}`;
  const badges = badgeTexts(r.badges);
  const miles = formatMiles(r.distanceMiles);
  const where = [place(r), miles ? `${miles} away` : null].filter(Boolean).join(" · ");
  const website = r.website && /^https:\/\//i.test(r.website) ? r.website : null;
  return (
    <article class="card" aria-labelledby={`m-${r.id}`}>
      <h2 id={`m-${r.id}`}>{props.audience === "members" ? <a href={`/members/${r.id}`}>{name}</a> : name}</h2>
      <p>
        {r.company && <strong>{r.company}</strong>}
        {r.company && r.title && props.audience === "members" ? <>, {r.title}</> : null}
        {where && (
          <>
            <br />
            {where}
          </>
        )}
      </p>
      {r.skills.length > 0 && <p class="hint">{r.skills.slice(0, 6).join(" · ")}</p>}
      {badges.length > 0 && (
        <ul class="badges" aria-label="Verified certifications">
          {badges.map((b) => (
            <li>{b}</li>
          ))}
        </ul>
      )}
      {(r.shownEmail || r.shownPhone || (props.audience === "public" && website)) && (
        <p>
          {r.shownEmail && <a href={`mailto:${r.shownEmail}`}>{r.shownEmail}</a>}
          {r.shownEmail && r.shownPhone && <br />}
          {r.shownPhone && <a href={`tel:${r.shownPhone.replace(/[^\d+]/g, "")}`}>{r.shownPhone}</a>}
          {props.audience === "public" && website && (
            <>
              {(r.shownEmail || r.shownPhone) && <br />}
              <a href={website} rel="noopener noreferrer nofollow">
                Website<span class="visually-hidden"> of {r.company ?? name}</span>
              </a>
            </>
          )}
        </p>
      )}
    </article>
  );
}

function emptyText(props: DirectoryResultsProps): string {
  const who = props.audience === "public" ? "contractors" : "members";
  if (isFiltered(props.filters)) return `No ${who} match this search. Check the spelling, widen the distance or clear a filter.`;
  return props.audience === "public"
    ? "No contractors have chosen to be listed publicly yet."
    : "No members are listed in the directory yet.";
}

/** The result count, cards and pager: what the search form swaps with htmx. */
export function DirectoryResults(props: DirectoryResultsProps) {
  const invalid = Object.keys(props.errors).length > 0;
  return (
    <div id={RESULTS_ID}>
      {invalid ? (
        <div class="notice bad" role="alert">
          <p>The search above needs fixing before {props.audience === "public" ? "contractors" : "members"} can be shown:</p>
          <ul>
            {Object.values(props.errors).map((message) => (
              <li>{message}</li>
            ))}
          </ul>
        </div>
      ) : props.rows.length === 0 ? (
        <p class="notice" role="status">
          {emptyText(props)}
        </p>
      ) : (
        <>
          <p class="hint" role="status">
            {props.total} {props.total === 1 ? "match" : "matches"}
          </p>
          <div class="grid">
            {props.rows.map((row) => (
              <MemberCard row={row} audience={props.audience} />
            ))}
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl={PATHS[props.audience]} query={filterQuery(props.filters)} />
        </>
      )}
    </div>
  );
}

/** A select whose current value is kept even when it is not among today's choices. */
function withCurrent(values: string[], current: string, any: string): Array<readonly [string, string]> {
  const list = current && !values.includes(current) ? [current, ...values] : values;
  return [["", any], ...list.map((v): [string, string] => [v, v])];
}

export function DirectoryPage(props: DirectoryPageProps) {
  const f = props.filters;
  const e = props.errors;
  const pub = props.audience === "public";
  const advanced = Boolean(f.skill || f.cert || f.licence || f.language || f.zip || f.from || f.miles || f.sort || e.skill || e.cert || e.licence || e.language || e.zip || e.from || e.miles || e.sort);
  return (
    <>
      <h1>{pub ? "Find a contractor" : "Member directory"}</h1>
      <p class="lede">
        {pub
          ? "Minority-owned construction firms of the chapter who chose to be listed: search by trade, certification and distance. Certifications shown are verified by the chapter."
          : "Find members to team with: search by name or company, trade, verified certification, language and distance."}
      </p>
      <ErrorSummary errors={e} />
      <FilterForm action={PATHS[props.audience]} label={pub ? "Search contractors" : "Search members"} resultsId={RESULTS_ID} trigger="submit, input changed delay:300ms">
        <Field
          name="q"
          type="search"
          label={pub ? "Company or name" : "Name or company"}
          value={f.q}
          error={e.q}
          maxlength={100}
          autocomplete="off"
          hint="Close spellings match too."
        />
        <details open={advanced}>
          <summary>Trade, certification, language and distance</summary>
          <div class="grid">
            <SelectField name="skill" label="Trade or skill" value={f.skill} error={e.skill} options={withCurrent(props.choices.skills, f.skill, "Any trade or skill")} />
            <SelectField name="cert" label="Certification" value={f.cert} error={e.cert} options={CERT_FILTER.options} hint="Verified by the chapter and not expired." />
            <Field name="licence" label="CSLB licence class" value={f.licence} error={e.licence} maxlength={20} hint="For example B, C-10 or C-61/D-12." />
            <SelectField name="language" label="Language" value={f.language} error={e.language} options={withCurrent(props.choices.languages, f.language, "Any language")} />
            <Field name="zip" label="ZIP code" value={f.zip} error={e.zip} inputmode="numeric" maxlength={5} autocomplete="postal-code" hint="Distances are measured from here." />
            {!pub && <SelectField name="from" label="Measure distance from" value={f.from} error={e.from} options={FROM_FILTER.options} />}
            <SelectField name="miles" label="Distance" value={f.miles} error={e.miles} options={MILES_FILTER.options} />
            <SelectField name="sort" label="Sort by" value={f.sort} error={e.sort} options={SORT_FILTER.options} />
          </div>
        </details>
        <p>
          <button type="submit">Search</button> <a href={PATHS[props.audience]}>Clear</a>
        </p>
      </FilterForm>
      <DirectoryResults {...props} />
    </>
  );
}
