import { QUEUE_TABS, CREDENTIAL_TYPES } from "../../src/features/credentials/forms.ts";
import type { QueueRow } from "../../src/features/credentials/queries.ts";
import { CREDENTIAL_STATUS_LABELS, CREDENTIAL_TYPE_LABELS, effectiveStatus, expiresSoon } from "../../src/features/credentials/rules.ts";
import type { FieldErrors } from "../../src/lib/forms.ts";
import { AdminNav, type AdminNavLinks, fullName, Notice } from "../admin/parts.tsx";
import { Field, SelectField } from "../components/Field.tsx";
import { FilterForm } from "../components/FilterForm.tsx";
import { Pager } from "../components/Pager.tsx";
import { ExpiryLine } from "../credentials/CredentialsPage.tsx";

export interface QueueResultsProps {
  filters: { tab: string; type: string; q: string };
  rows: QueueRow[];
  total: number;
  page: number;
  perPage: number;
  today: string;
}

const TYPE_OPTIONS: Array<readonly [string, string]> = [["", "Any kind"], ...CREDENTIAL_TYPES.options];

/** The tab links: each keeps the kind and search, starts at page 1. */
function Tabs(props: { filters: QueueResultsProps["filters"] }) {
  return (
    <nav aria-label="Review lists" class="pager">
      {QUEUE_TABS.options.map(([tab, label]) => {
        const params = new URLSearchParams(Object.entries({ ...props.filters, tab }).filter(([k, v]) => v && !(k === "tab" && v === "pending")));
        const qs = params.toString();
        return (
          <a href={`/admin/credentials${qs ? `?${qs}` : ""}`} aria-current={props.filters.tab === tab ? "page" : undefined}>
            {label}
          </a>
        );
      })}
    </nav>
  );
}

export function QueueResults(props: QueueResultsProps) {
  const query = { tab: props.filters.tab, type: props.filters.type, q: props.filters.q };
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v)).toString();
  return (
    <div id="credential-results">
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          No credentials in this list.
        </p>
      ) : (
        <>
          <div class="table-wrap" tabindex={0} role="region" aria-label="Credentials table">
            <table>
              <caption>
                Credentials, page {props.page} ({props.total} {props.total === 1 ? "match" : "matches"})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Credential</th>
                  <th scope="col">Status</th>
                  <th scope="col">Expiry</th>
                  <th scope="col">Document</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((r) => {
                  const status = effectiveStatus(r, props.today);
                  return (
                    <tr>
                      <th scope="row">
                        {fullName(r)}
                        <br />
                        <small>{r.company ?? r.email}</small>
                      </th>
                      <td>
                        <a href={`/admin/credentials/${r.id}`}>
                          {CREDENTIAL_TYPE_LABELS[r.type]}
                          {r.number ? ` ${r.number}` : ""}
                        </a>
                        {r.classification ? (
                          <>
                            <br />
                            <small>{r.classification}</small>
                          </>
                        ) : null}
                      </td>
                      <td>{expiresSoon(r, props.today) ? <strong>{CREDENTIAL_STATUS_LABELS[status]}, expires soon</strong> : CREDENTIAL_STATUS_LABELS[status]}</td>
                      <td>
                        <ExpiryLine credential={r} today={props.today} />
                      </td>
                      <td>{r.documentName ?? "None"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/admin/credentials" query={query} />
        </>
      )}
      <p>
        <a href={`/admin/credentials/export.csv${qs ? `?${qs}` : ""}`} download>
          Download this list as CSV
        </a>
      </p>
    </div>
  );
}

export function QueuePage(props: QueueResultsProps & { links: AdminNavLinks; notice?: string; errors: FieldErrors }) {
  return (
    <>
      <h1>Credentials</h1>
      <AdminNav current="/admin/credentials" links={props.links} />
      <Notice message={props.notice} />
      <Tabs filters={props.filters} />
      <FilterForm action="/admin/credentials" label="Filter credentials" resultsId="credential-results">
        <input type="hidden" name="tab" value={props.filters.tab} />
        <div class="grid">
          <SelectField name="type" label="Kind" value={props.filters.type} options={TYPE_OPTIONS} error={props.errors.type} />
          <Field name="q" label="Member, company or number" type="search" value={props.filters.q} error={props.errors.q} maxlength={100} />
        </div>
        {props.errors.tab ? <p class="error">{props.errors.tab}</p> : null}
        <button type="submit">Show matching credentials</button>
      </FilterForm>
      <QueueResults {...props} />
    </>
  );
}
