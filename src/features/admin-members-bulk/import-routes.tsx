// Importing members from a CSV. The preview stores the uploaded file in R2 under a random key
// and shows what each row would do; nothing is written to Postgres. The commit sends only that
// key: the file is read back and checked again on the server (the browser never carries rows),
// then written batch by batch; the report is kept in R2 beside it for its page and CSV.
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { ID, isId, newId } from "../../db/ids.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { auditActor } from "../../lib/audit.ts";
import { type CsvColumn, csvResponse } from "../../lib/csv.ts";
import { readForm } from "../../lib/forms.ts";
import {
  MemberImportPage,
  MemberImportPreviewPage,
  MemberImportReportPage,
  type StoredImportReport,
} from "../../../templates/admin-members-bulk/ImportPages.tsx";
import { MAX_MEMBER_IMPORT_BYTES, checkMemberRecords, readMemberFile } from "./import-file.ts";
import { commitMemberImport, countsOf, type PlannedMemberRow, planMemberImport } from "./import.ts";
import { errorsKey, fileKey } from "./import-previews.ts";

export const memberImportRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "users");

/** Where the report of a commit is kept (the previews: import-previews.ts, cleared by the cron after a day). */
const reportKey = (id: string) => `member-imports/reports/${id}.json`;

function refuse(c: AdminContext, message: string, status: 409 | 422 = 422) {
  return renderPage(c, { title: "Import members", status, body: <MemberImportPage links={navLinks(c)} error={message} /> });
}

memberImportRoutes.get("/users/import", manage, (c) => renderPage(c, { title: "Import members", body: <MemberImportPage links={navLinks(c)} /> }));

memberImportRoutes.post("/users/import", manage, async (c) => {
  const { raw } = await readForm(c);
  const file = raw.file;
  if (!(file instanceof File) || file.name === "") return refuse(c, "Choose a CSV file to import.");
  if (file.size > MAX_MEMBER_IMPORT_BYTES) return refuse(c, `The file is larger than ${MAX_MEMBER_IMPORT_BYTES / 1024 / 1024} MB; split it into smaller files.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const fileName = file.name.replace(/[^\p{L}\p{N} .()_-]/gu, "_").slice(0, 120);
  const read = readMemberFile(fileName, bytes);
  if (!read.ok) return refuse(c, read.message);
  const rows = await planMemberImport(c.var.db(), c.var.signedIn.user, checkMemberRecords(read.records));
  const counts = countsOf(rows);
  // Only a file with something to write waits for a commit.
  let token: string | null = null;
  if (counts.created + counts.updated > 0) {
    token = newId();
    await c.env.FILES.put(fileKey(token), bytes, {
      customMetadata: { fileName, uploadedBy: c.var.signedIn.user.id, uploadedAt: new Date().toISOString() },
    });
  }
  let errorsCsv: string | null = null;
  const failed = rows.filter((r) => r.outcome === "error");
  if (failed.length > 0) {
    const id = newId();
    await c.env.FILES.put(errorsKey(id), JSON.stringify(failed), {
      httpMetadata: { contentType: "application/json" },
      customMetadata: { fileName, uploadedBy: c.var.signedIn.user.id, uploadedAt: new Date().toISOString() },
    });
    errorsCsv = `/admin/users/import/preview/${id}/errors.csv`;
  }
  return renderPage(c, {
    title: `Import preview: ${fileName}`,
    body: (
      <MemberImportPreviewPage
        links={navLinks(c)}
        token={token}
        fileName={fileName}
        rows={rows}
        counts={counts}
        unknownColumns={read.unknownColumns}
        errorsCsv={errorsCsv}
      />
    ),
  });
});

memberImportRoutes.post("/users/import/commit", manage, async (c) => {
  const { values } = await readForm(c);
  const token = values.token ?? "";
  const me = c.var.signedIn.user;
  const object = isId(token) ? await c.env.FILES.get(fileKey(token)) : null;
  // A preview belongs to the admin who uploaded it: another admin's key finds nothing here either.
  if (!object || object.customMetadata?.uploadedBy !== me.id) {
    await object?.body.cancel();
    return refuse(c, "This preview has already been imported, or it expired. Upload the file again to see a fresh preview.", 409);
  }
  // Taken before the writes, so a second click of the same preview finds nothing to import.
  await c.env.FILES.delete(fileKey(token));
  const fileName = object.customMetadata?.fileName ?? "members.csv";
  const read = readMemberFile(fileName, new Uint8Array(await object.arrayBuffer()));
  if (!read.ok) return refuse(c, read.message);
  const importId = newId();
  const rows = await commitMemberImport(c.var.db(), c.var.config, me, auditActor(c), { rows: checkMemberRecords(read.records), importId, fileName });
  const report: StoredImportReport = { id: importId, fileName, importedAt: new Date().toISOString(), importedBy: me.id, counts: countsOf(rows), rows };
  await c.env.FILES.put(reportKey(importId), JSON.stringify(report), { httpMetadata: { contentType: "application/json" } });
  return c.redirect(`/admin/users/import/${importId}`, 303);
});

async function readReport(c: AdminContext, id: string): Promise<StoredImportReport | null> {
  const object = await c.env.FILES.get(reportKey(id));
  return object ? ((await object.json()) as StoredImportReport) : null;
}

memberImportRoutes.get(`/users/import/${ID}`, manage, async (c) => {
  const report = await readReport(c, c.req.param("id"));
  if (!report) return renderNotFound(c);
  return renderPage(c, { title: `Import finished: ${report.fileName}`, body: <MemberImportReportPage links={navLinks(c)} report={report} /> });
});

const OUTCOME_WORD = { create: "created", update: "updated", unchanged: "unchanged", error: "failed" } as const;
const REPORT_COLUMNS: ReadonlyArray<CsvColumn<PlannedMemberRow>> = [
  ["row", (r) => r.line],
  ["email", (r) => r.email],
  ["name", (r) => r.name],
  ["outcome", (r) => OUTCOME_WORD[r.outcome]],
  ["changes", (r) => r.changes.join("; ")],
  ["errors", (r) => r.errors.join("; ")],
];

/** A preview's rows with errors, for the admin who uploaded the file (anyone else: 404). */
memberImportRoutes.get(`/users/import/preview/${ID}/errors.csv`, manage, async (c) => {
  const object = await c.env.FILES.get(errorsKey(c.req.param("id")));
  if (!object || object.customMetadata?.uploadedBy !== c.var.signedIn.user.id) {
    await object?.body.cancel();
    return renderNotFound(c);
  }
  const rows = (await object.json()) as PlannedMemberRow[];
  const name = (object.customMetadata?.fileName ?? "members.csv").replace(/\.csv$/i, "").replace(/[^\w.-]+/g, "-");
  return csvResponse(c, `${name}-errors.csv`, REPORT_COLUMNS, rows);
});

memberImportRoutes.get(`/users/import/${ID}/report.csv`, manage, async (c) => {
  const report = await readReport(c, c.req.param("id"));
  if (!report) return renderNotFound(c);
  return csvResponse(c, `member-import-${report.id}.csv`, REPORT_COLUMNS, report.rows);
});
