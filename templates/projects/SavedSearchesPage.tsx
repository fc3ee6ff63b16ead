import type { SavedSearch } from "../../src/db/schema/projects.ts";
import { FREQUENCY, MAX_SAVED_SEARCHES, readSavedQuery, writeSavedQuery } from "../../src/features/projects/saved-searches.ts";
import {
  BONDING_FILTER,
  CATEGORY_LABELS,
  CERT_FILTER,
  CLOSING_FILTER,
  MILES_FILTER,
  SHOW_FILTER,
  SORT_FILTER,
  type ProjectFilters,
} from "../../src/features/projects/view.ts";
import { formatDateTime } from "../../src/lib/time.ts";
import { ErrorSummary, Field, SelectField } from "../components/Field.tsx";
import { NoticeBox } from "../events/parts.tsx";

type FormState = { values: Record<string, string>; errors: Record<string, string> };

export interface SavedSearchesProps {
  searches: SavedSearch[];
  threshold: number;
  notice: { tone: "good" | "info" | "bad"; text: string } | null;
  /** A save refused (422): the form again with what was sent. */
  saveForm?: FormState;
  thresholdForm?: FormState;
}

const label = (options: ReadonlyArray<readonly [string, string]>, value: string) => options.find(([v]) => v === value)?.[1] ?? value;

/** The filters in words: "“paving” · Infrastructure · Closing within 14 days". */
export function describeFilters(f: ProjectFilters): string {
  const parts: string[] = [];
  if (f.q) parts.push(`“${f.q}”`);
  if (f.category) parts.push(CATEGORY_LABELS[f.category]);
  if (f.subcategory) parts.push(`subcategory ${f.subcategory}`);
  if (f.sector) parts.push(`sector ${f.sector}`);
  if (f.min) parts.push(`budget at least $${Number(f.min).toLocaleString("en-US")}`);
  if (f.max) parts.push(`budget at most $${Number(f.max).toLocaleString("en-US")}`);
  if (f.closing) parts.push(label(CLOSING_FILTER.options, f.closing));
  if (f.cert) parts.push(label(CERT_FILTER.options, f.cert));
  if (f.bonding) parts.push(label(BONDING_FILTER.options, f.bonding));
  if (f.miles) parts.push(`${label(MILES_FILTER.options, f.miles).toLowerCase()}${f.zip ? ` of ${f.zip}` : " of your base"}`);
  else if (f.zip) parts.push(`from ${f.zip}`);
  if (f.show) parts.push(label(SHOW_FILTER.options, f.show));
  if (f.sort) parts.push(`sorted: ${label(SORT_FILTER.options, f.sort).toLowerCase()}`);
  return parts.length ? parts.join(" · ") : "Every open opportunity";
}

function SavedRow(props: { search: SavedSearch }) {
  const s = props.search;
  const read = readSavedQuery(s.query);
  const href = `/projects${s.query ? `?${s.query}` : ""}`;
  return (
    <li class="card">
      <h3 id={`ss-${s.id}`}>
        <a href={href}>{s.name}</a>
      </h3>
      <p>{read.ok ? describeFilters(read.filters) : "These filters are no longer valid; delete this search and save it again."}</p>
      <p class="hint">
        Checked up to <time datetime={s.lastCheckedAt.toISOString()}>{formatDateTime(s.lastCheckedAt)}</time>
      </p>
      <form method="post" action={`/projects/saved/${s.id}`}>
        <div class="field">
          <label for={`freq-${s.id}`}>Email new matches</label>
          <select id={`freq-${s.id}`} name="frequency">
            {FREQUENCY.options.map(([value, text]) => (
              <option value={value} selected={value === s.frequency}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <p>
          <button type="submit" aria-label={`Change how often for “${s.name}”`}>
            Change
          </button>
        </p>
      </form>
      <form method="post" action={`/projects/saved/${s.id}/delete`}>
        <button type="submit" aria-label={`Delete the saved search “${s.name}”`}>
          Delete
        </button>
      </form>
    </li>
  );
}

/** "Save this search" under the list's results: the filters in force as a hidden query string. */
export function SaveSearchForm(props: { filters?: ProjectFilters; values?: Record<string, string>; errors?: Record<string, string> }) {
  const v = props.values ?? {};
  const e = props.errors ?? {};
  const query = props.filters ? writeSavedQuery(props.filters) : (v.query ?? "");
  return (
    <form method="post" action="/projects/saved" class="save-search" aria-labelledby="save-search-title">
      <h2 id="save-search-title">Save this search</h2>
      <p class="hint">We email you new opportunities that match these filters. {props.filters ? describeFilters(props.filters) : null}</p>
      <ErrorSummary errors={e} />
      <input type="hidden" name="query" value={query} />
      <div class="grid">
        <Field name="name" label="Name" value={v.name} error={e.name} required maxlength={100} />
        <SelectField name="frequency" label="How often" value={v.frequency ?? "DAILY"} error={e.frequency} options={FREQUENCY.options} />
      </div>
      {e.query && (
        <p class="error" id="f-query-error">
          {e.query}
        </p>
      )}
      <p>
        <button type="submit">Save search</button>
      </p>
    </form>
  );
}

export function SavedSearchesPage(props: SavedSearchesProps) {
  const t = props.thresholdForm;
  return (
    <>
      <h1>Saved searches and bid alerts</h1>
      <NoticeBox notice={props.notice} />
      <p class="lede">
        New opportunities are emailed to you two ways: matches for the searches you save, and any new opportunity whose match score
        reaches your threshold. <a href="/projects">Search opportunities</a> · <a href="/projects/mine">My bids</a> ·{" "}
        <a href="/account">Email preferences</a>
      </p>

      {props.saveForm && <SaveSearchForm values={props.saveForm.values} errors={props.saveForm.errors} />}

      <section aria-labelledby="saved-title">
        <h2 id="saved-title">Your saved searches</h2>
        {props.searches.length === 0 ? (
          <p class="notice" role="status">
            You have no saved searches. Search <a href="/projects">opportunities</a>, then use “Save this search” under the results.
          </p>
        ) : (
          <>
            <p class="hint">
              {props.searches.length} of {MAX_SAVED_SEARCHES} you can keep.
            </p>
            <ul>
              {props.searches.map((s) => (
                <SavedRow search={s} />
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="threshold-title">
        <h2 id="threshold-title">New opportunities that fit you</h2>
        <form method="post" action="/projects/saved/threshold">
          <ErrorSummary errors={t?.errors ?? {}} />
          <Field
            name="threshold"
            label="Email me when a new opportunity’s match score is at least (0–100)"
            value={t?.values.threshold ?? String(props.threshold)}
            error={t?.errors.threshold}
            inputmode="numeric"
            maxlength={3}
            required
            hint="The score weighs your skills, verified credentials, experience, bonding, distance and insurance. 100 turns these emails off in practice."
          />
          <p>
            <button type="submit">Save threshold</button>
          </p>
        </form>
      </section>
    </>
  );
}
