// Importing members from a CSV: the upload form with the documented columns, the preview
// (what each row would do, with its errors; nothing written yet) and the report.
import { MAX_MEMBER_IMPORT_BYTES, MAX_MEMBER_IMPORT_ROWS, MEMBER_COLUMNS } from "../../src/features/admin-members-bulk/import-file.ts";
import type { ImportCounts, PlannedMemberRow, RowOutcome } from "../../src/features/admin-members-bulk/import.ts";
import { formatDateTime } from "../../src/lib/time.ts";
import { ActionError, AdminNav, type AdminNavLinks } from "../admin/parts.tsx";
import { ImportColumnsTable } from "../components/ImportColumns.tsx";

const OUTCOME_LABEL: Record<RowOutcome, string> = { create: "Create and invite", update: "Update", unchanged: "Unchanged", error: "Error (skipped)" };
const DONE_LABEL: Record<RowOutcome, string> = { create: "Created, invitation sent", update: "Updated", unchanged: "Unchanged", error: "Failed" };

function Columns() {
  return (
    <details>
      <summary>Columns the import reads</summary>
      <p>A CSV with a header row, saved as UTF-8 (quoted cells, doubled quotes and line breaks inside quotes are fine). Other columns are reported and ignored.</p>
      <ImportColumnsTable label="Member import columns" columns={MEMBER_COLUMNS} />
    </details>
  );
}

export function MemberImportPage(props: { links: AdminNavLinks; error?: string }) {
  return (
    <>
      <h1>Import members</h1>
      <AdminNav current="/admin/users" links={props.links} />
      <p class="lede">
        Upload a CSV of members. You see what each row would do before anything is saved. Members are matched by email (case does not matter): a known
        email updates that member, a new one creates an account and emails an invitation to choose a password. Importing the same file again changes
        nothing. Up to {MAX_MEMBER_IMPORT_ROWS} rows, {MAX_MEMBER_IMPORT_BYTES / 1024 / 1024} MB.
      </p>
      <ActionError message={props.error} />
      <form method="post" action="/admin/users/import" enctype="multipart/form-data">
        <div class="field">
          <label for="f-file">CSV file</label>
          <input id="f-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="f-file-hint" />
          <p class="hint" id="f-file-hint">
            In a spreadsheet: File → Save as → CSV UTF-8.
          </p>
        </div>
        <button type="submit">Preview the import</button>
      </form>
      <Columns />
      <p>
        <a href="/admin/users">Back to members</a>
      </p>
    </>
  );
}

function Counts(props: { counts: ImportCounts; done?: boolean }) {
  const c = props.counts;
  return (
    <ul class="counts">
      <li>
        <strong>{c.created}</strong> {props.done ? "created" : "to create"}
      </li>
      <li>
        <strong>{c.updated}</strong> {props.done ? "updated" : "to update"}
      </li>
      <li>
        <strong>{c.unchanged}</strong> unchanged
      </li>
      <li>
        <strong>{c.failed}</strong> with errors
      </li>
    </ul>
  );
}

/** Rows listed on one page at most, so a 5,000-row file keeps a page a phone can open; the report's CSV has every row. */
export const LISTED_ROWS = 1_000;

function RowsTable(props: { rows: readonly PlannedMemberRow[]; done?: boolean; caption: string }) {
  const labels = props.done ? DONE_LABEL : OUTCOME_LABEL;
  // Unchanged rows need no reading: they are counted above, and listed only in a small file.
  const worth = props.rows.length > 50 ? props.rows.filter((r) => r.outcome !== "unchanged") : props.rows;
  const listed = worth.slice(0, LISTED_ROWS);
  const hidden = props.rows.length - listed.length;
  return (
    <>
    {hidden > 0 && (
      <p>
        {hidden} {hidden === 1 ? "row is" : "rows are"} not listed here (unchanged rows, then rows past the first {LISTED_ROWS})
        {props.done ? "; the CSV report has every row." : "."}
      </p>
    )}
    <div class="table-wrap" tabindex={0} role="region" aria-label={props.caption}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Email</th>
            <th scope="col">Name</th>
            <th scope="col">{props.done ? "Outcome" : "Will"}</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {listed.map((r) => (
            <tr class={r.outcome === "error" ? "bad" : undefined}>
              <th scope="row">{r.line}</th>
              <td>{r.email || "—"}</td>
              <td>{r.name || "—"}</td>
              <td>{labels[r.outcome]}</td>
              <td>
                {r.errors.length > 0 ? (
                  <ul>
                    {r.errors.map((e) => (
                      <li>{e}</li>
                    ))}
                  </ul>
                ) : r.changes.length > 0 ? (
                  `Changes: ${r.changes.join(", ")}`
                ) : (
                  ""
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    </>
  );
}

export function MemberImportPreviewPage(props: {
  links: AdminNavLinks;
  token: string | null;
  fileName: string;
  rows: readonly PlannedMemberRow[];
  counts: ImportCounts;
  unknownColumns: string[];
  /** The rows with errors as a CSV, when there are any. */
  errorsCsv: string | null;
}) {
  const writes = props.counts.created + props.counts.updated;
  return (
    <>
      <h1>Import preview: {props.fileName}</h1>
      <AdminNav current="/admin/users" links={props.links} />
      <div class="notice" role="status">
        <p>Nothing has been saved yet.</p>
      </div>
      <Counts counts={props.counts} />
      {props.unknownColumns.length > 0 && <p>These columns are not read and will be ignored: {props.unknownColumns.join(", ")}.</p>}
      {props.token && writes > 0 ? (
        <form method="post" action="/admin/users/import/commit">
          <input type="hidden" name="token" value={props.token} />
          <p>
            Importing creates {props.counts.created} {props.counts.created === 1 ? "account" : "accounts"} (each emailed an invitation) and updates{" "}
            {props.counts.updated}. Rows with errors are skipped.
          </p>
          <button type="submit">Import {writes} {writes === 1 ? "member" : "members"}</button>
        </form>
      ) : (
        <p class="notice">There is nothing to import: every row is unchanged or has errors. Fix the file and upload it again.</p>
      )}
      {props.errorsCsv && (
        <p>
          <a href={props.errorsCsv}>Download the rows with errors (CSV)</a>, fix them and upload them again.
        </p>
      )}
      <RowsTable rows={props.rows} caption="What each row will do" />
      <p>
        <a href="/admin/users/import">Upload a different file</a>
      </p>
    </>
  );
}

export interface StoredImportReport {
  id: string;
  fileName: string;
  importedAt: string;
  importedBy: string;
  counts: ImportCounts;
  rows: PlannedMemberRow[];
}

export function MemberImportReportPage(props: { links: AdminNavLinks; report: StoredImportReport }) {
  const r = props.report;
  const c = r.counts;
  return (
    <>
      <h1>Import finished: {r.fileName}</h1>
      <AdminNav current="/admin/users" links={props.links} />
      <div class="notice good" role="status">
        <p>
          {c.created} created, {c.updated} updated, {c.unchanged} unchanged, {c.failed} failed. Imported {formatDateTime(new Date(r.importedAt))}.
        </p>
      </div>
      <Counts counts={c} done />
      <p>
        <a href={`/admin/users/import/${r.id}/report.csv`} download>
          Download this report as CSV
        </a>
      </p>
      <RowsTable rows={r.rows} done caption="Outcome of each row" />
      <p>
        <a href="/admin/users">Back to members</a> · <a href="/admin/users/import">Import another file</a>
      </p>
    </>
  );
}
