// Importing opportunities from a file: the upload form with the documented columns, the
// preview (what each row would do, with its errors; nothing written yet) and the report.
import { type ImportFormat, IMPORT_FORMAT_LABEL, MAX_IMPORT_ROWS, PORTAL_COLUMNS, SAM_USED } from "../../src/features/admin-projects/import.ts";
import type { ImportReport, NewImportStatus, PlannedRow } from "../../src/features/admin-projects/import-plan.ts";
import { ActionError, AdminNav, type AdminNavLinks } from "../admin/parts.tsx";
import { ImportColumnsTable } from "../components/ImportColumns.tsx";
import { SelectField } from "../components/Field.tsx";

const NEW_STATUS_OPTIONS: Array<readonly [NewImportStatus, string]> = [
  ["DRAFT", "Drafts (publish each one yourself)"],
  ["BIDDING_OPEN", "Open for bidding at once"],
];

function Columns() {
  return (
    <details>
      <summary>Columns the portal format reads</summary>
      <p>
        A CSV with a header row (UTF-8; quotes, doubled quotes and line breaks inside quoted cells are fine), or a JSON list of objects with the same
        names (lists may be JSON arrays). Other columns are reported and ignored.
      </p>
      <ImportColumnsTable label="Portal import columns" columns={PORTAL_COLUMNS} />
      <p>
        <strong>SAM.gov:</strong> upload the Contract Opportunities CSV export as it comes (a header starting <code>NoticeId,Title,Sol#</code>). Rows are
        keyed by NoticeId (source SAM.GOV); these columns are read: {SAM_USED.join(", ")}. The NAICS code picks the category, the set-aside the
        certification required, the place-of-performance ZIP the map position.
      </p>
    </details>
  );
}

export function ImportPage(props: { links: AdminNavLinks; error?: string; newStatus?: string }) {
  return (
    <>
      <h1>Import bid opportunities</h1>
      <AdminNav current="/admin/projects" links={props.links} />
      <p class="lede">
        Upload a file; you see what each row would do before anything is saved. Importing the same file again changes nothing; a changed row updates its
        opportunity in place. Up to {MAX_IMPORT_ROWS} rows, 5 MB.
      </p>
      <ActionError message={props.error} />
      <form method="post" action="/admin/projects/import" enctype="multipart/form-data">
        <div class="field">
          <label for="f-file">File (.csv or .json)</label>
          <input type="file" id="f-file" name="file" accept=".csv,.json,.txt" required aria-describedby="f-file-hint" />
          <p class="hint" id="f-file-hint">
            SAM.gov Contract Opportunities CSV, or the portal's own columns as CSV or JSON.
          </p>
        </div>
        <SelectField name="newStatus" label="New opportunities are created as" value={props.newStatus ?? "DRAFT"} options={NEW_STATUS_OPTIONS} />
        <button type="submit">Preview the import</button>
      </form>
      <Columns />
    </>
  );
}

function Counts(props: { report: ImportReport }) {
  const r = props.report;
  return (
    <ul class="pager" aria-label="Import counts">
      <li>
        <strong>{r.created}</strong> to create
      </li>
      <li>
        <strong>{r.updated}</strong> to update
      </li>
      <li>
        <strong>{r.unchanged}</strong> unchanged
      </li>
      <li>
        <strong>{r.errors}</strong> with errors
      </li>
    </ul>
  );
}

const ACTION_LABEL: Record<PlannedRow["action"], string> = { create: "New", update: "Update", unchanged: "Unchanged", error: "Error: skipped" };

function RowsTable(props: { plan: PlannedRow[]; caption: string }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label={props.caption}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Id</th>
            <th scope="col">Title</th>
            <th scope="col">What happens</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {props.plan.map((r) => (
            <tr>
              <th scope="row">{r.line}</th>
              <td>{r.externalId ?? "—"}</td>
              <td>{r.title ?? "—"}</td>
              <td>{ACTION_LABEL[r.action]}</td>
              <td>
                {r.action === "error" ? (
                  <ul>
                    {r.errors.map((e) => (
                      <li>{e}</li>
                    ))}
                  </ul>
                ) : r.action === "update" ? (
                  `Changes: ${r.changed.join(", ")}`
                ) : (
                  ""
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportPreviewPage(props: {
  links: AdminNavLinks;
  token: string;
  fileName: string;
  format: ImportFormat;
  newStatus: NewImportStatus;
  plan: PlannedRow[];
  report: ImportReport;
  unknownColumns: string[];
  missingColumns: string[];
}) {
  const writable = props.report.created + props.report.updated;
  return (
    <>
      <h1>Import preview: {props.fileName}</h1>
      <AdminNav current="/admin/projects" links={props.links} />
      <p>
        Read as <strong>{IMPORT_FORMAT_LABEL[props.format]}</strong>. Nothing has been saved yet.
      </p>
      {props.missingColumns.length > 0 && (
        <div class="notice bad" role="alert">
          <p>
            <strong>Required columns are missing:</strong> {props.missingColumns.join(", ")}. Every row without them is an error.
          </p>
        </div>
      )}
      {props.unknownColumns.length > 0 && (
        <div class="notice" role="status" id="unknown-columns">
          <p>
            <strong>Columns this format does not read (ignored):</strong> {props.unknownColumns.join(", ")}
          </p>
        </div>
      )}
      <Counts report={props.report} />
      {writable > 0 ? (
        <form method="post" action="/admin/projects/import/commit">
          <input type="hidden" name="token" value={props.token} />
          <button type="submit">
            Import: create {props.report.created}, update {props.report.updated}
            {props.report.created > 0 ? ` (new ones as ${props.newStatus === "DRAFT" ? "drafts" : "open for bidding"})` : ""}
          </button>
        </form>
      ) : (
        <p>Nothing to import: every row is unchanged or has errors.</p>
      )}
      <p>
        <a href="/admin/projects/import">Start again with another file</a>
      </p>
      <RowsTable plan={props.plan} caption="Rows of the file" />
    </>
  );
}

export function ImportReportPage(props: { links: AdminNavLinks; fileName: string; report: ImportReport; plan: PlannedRow[]; unknownColumns: string[] }) {
  return (
    <>
      <h1>Import finished: {props.fileName}</h1>
      <AdminNav current="/admin/projects" links={props.links} />
      <div class="notice good" role="status">
        <p id="import-report">
          {props.report.created} created, {props.report.updated} updated, {props.report.unchanged} unchanged, {props.report.errors} with errors (skipped).
        </p>
      </div>
      {props.unknownColumns.length > 0 && <p>Ignored columns: {props.unknownColumns.join(", ")}</p>}
      <p class="pager">
        <a href="/admin/projects">All opportunities</a>
        <a href="/admin/projects/import">Import another file</a>
      </p>
      <RowsTable plan={props.plan} caption="What happened to each row" />
    </>
  );
}
