// Importing opportunities from a file. The preview stores the uploaded file in R2 under a
// random key and shows what each row would do; nothing is written to Postgres. The commit
// sends only that key: the file is read back and parsed again on the server (the browser
// never carries rows), then written with one AdminAction row carrying the report.
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { isId, newId } from "../../db/ids.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { auditActor } from "../../lib/audit.ts";
import { readForm } from "../../lib/forms.ts";
import { ImportPage, ImportPreviewPage, ImportReportPage } from "../../../templates/admin-projects/ImportPage.tsx";
import { MAX_IMPORT_BYTES, mapImport, readImportFile } from "./import.ts";
import { commitImport, type NewImportStatus, planImport, reportOf } from "./import-plan.ts";

export const importRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "projects");

/** Where a previewed file waits for its commit (a day, then the bucket's lifecycle rule or the next commit removes it). */
const importKey = (token: string) => `imports/${token}`;
const NEW_STATUSES: readonly NewImportStatus[] = ["DRAFT", "BIDDING_OPEN"];

function refuse(c: AdminContext, message: string, newStatus?: string) {
  return renderPage(c, { title: "Import bid opportunities", status: 422, body: <ImportPage links={navLinks(c)} error={message} newStatus={newStatus} /> });
}

importRoutes.get("/import", manage, (c) => renderPage(c, { title: "Import bid opportunities", body: <ImportPage links={navLinks(c)} /> }));

importRoutes.post("/import", manage, async (c) => {
  const { raw, values } = await readForm(c);
  const newStatus = NEW_STATUSES.find((s) => s === values.newStatus);
  if (!newStatus) return refuse(c, "Choose how new opportunities are created.");
  const file = raw.file;
  if (!(file instanceof File) || file.name === "") return refuse(c, "Choose a file to import.", newStatus);
  if (file.size > MAX_IMPORT_BYTES) return refuse(c, `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it.`, newStatus);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const fileName = file.name.replace(/[^\w .()-]/g, "_").slice(0, 120);
  const read = readImportFile(fileName, bytes);
  if (!read.ok) return refuse(c, read.message, newStatus);
  const plan = await planImport(c.var.db(), mapImport(read));
  const report = reportOf(plan);
  // Only a file with something to write waits for a commit.
  const token = newId();
  if (report.created + report.updated > 0) {
    await c.env.FILES.put(importKey(token), bytes, {
      customMetadata: { fileName, newStatus, uploadedBy: c.var.signedIn.user.id, uploadedAt: new Date().toISOString() },
    });
  }
  return renderPage(c, {
    title: `Import preview: ${fileName}`,
    body: (
      <ImportPreviewPage
        links={navLinks(c)}
        token={token}
        fileName={fileName}
        format={read.format}
        newStatus={newStatus}
        plan={plan}
        report={report}
        unknownColumns={read.unknownColumns}
        missingColumns={read.missingColumns}
      />
    ),
  });
});

importRoutes.post("/import/commit", manage, async (c) => {
  const { values } = await readForm(c);
  const token = values.token ?? "";
  const object = isId(token) ? await c.env.FILES.get(importKey(token)) : null;
  if (!object) return refuse(c, "This preview has already been imported, or it expired. Upload the file again to see a fresh preview.");
  const meta = object.customMetadata ?? {};
  const newStatus = NEW_STATUSES.find((s) => s === meta.newStatus) ?? "DRAFT";
  const fileName = meta.fileName ?? "import";
  const read = readImportFile(fileName, new Uint8Array(await object.arrayBuffer()));
  if (!read.ok) return refuse(c, read.message);
  const { report, plan } = await commitImport(c.var.db(), auditActor(c), {
    mapped: mapImport(read),
    format: read.format,
    fileName,
    newStatus,
    unknownColumns: read.unknownColumns,
  });
  await c.env.FILES.delete(importKey(token));
  return renderPage(c, {
    title: `Import finished: ${fileName}`,
    body: <ImportReportPage links={navLinks(c)} fileName={fileName} report={report} plan={plan} unknownColumns={read.unknownColumns} />,
  });
});
