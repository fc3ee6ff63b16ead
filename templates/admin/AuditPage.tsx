import type { AuditRow } from "../../src/features/admin/queries.ts";
import { ErrorSummary, Field, SelectField } from "../components/Field.tsx";
import { Pager } from "../components/Pager.tsx";
import { AdminNav, type AdminNavLinks } from "./parts.tsx";
import { formatDateTime } from "../../src/lib/time.ts";

/** The filters shown, as the CSV link's query string. */
function csvQuery(f: Record<string, string>): string {
  const qs = new URLSearchParams(Object.entries(f).filter(([, v]) => v)).toString();
  return qs ? `?${qs}` : "";
}

export function AuditPage(props: {
  rows: AuditRow[];
  total: number;
  page: number;
  perPage: number;
  filters: { action: string; actor: string; target: string };
  actions: readonly string[];
  errors: Record<string, string>;
  links: AdminNavLinks;
}) {
  const f = props.filters;
  return (
    <>
      <h1>Audit trail</h1>
      <AdminNav current="/admin/audit" links={props.links} />
      <ErrorSummary errors={props.errors} />
      <form method="get" action="/admin/audit" role="search" aria-label="Filter the audit trail">
        <div class="grid">
          <SelectField
            name="action"
            label="Action"
            value={f.action}
            error={props.errors.action}
            options={[["", "Any action"], ...props.actions.map((a) => [a, a] as const)]}
          />
          <Field name="actor" label="Done by (email or account id)" value={f.actor} error={props.errors.actor} maxlength={254} />
          <Field name="target" label="Done to (email or account id)" value={f.target} error={props.errors.target} maxlength={254} />
        </div>
        <button type="submit">Show matching actions</button>
      </form>
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          No admin actions match these filters.
        </p>
      ) : (
        <>
          <div class="table-wrap" tabindex={0} role="region" aria-label="Audit trail table">
            <table>
              <caption>
                Admin actions, newest first, page {props.page} ({props.total} in all)
              </caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">By</th>
                  <th scope="col">About</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((a) => (
                  <tr>
                    <th scope="row">{formatDateTime(a.createdAt)}</th>
                    <td>{a.action}</td>
                    <td>{a.actorName ? <a href={`/admin/users/${a.actorId}`}>{a.actorName}</a> : "—"}</td>
                    <td>{a.targetName && a.targetId ? <a href={`/admin/users/${a.targetId}`}>{a.targetName}</a> : "—"}</td>
                    <td>{a.details ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/admin/audit" query={f} />
        </>
      )}
      <p>
        <a href={`/admin/audit.csv${csvQuery(f)}`} download>
          Download these actions as CSV
        </a>
      </p>
    </>
  );
}
