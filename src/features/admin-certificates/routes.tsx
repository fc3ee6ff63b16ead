// Certificates at /admin/certificates, for holders of courses:manage: the list (search by member
// or course, valid/revoked, pages, CSV), one certificate's page, and revocation with a reason.
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { ID } from "../../db/ids.ts";
import { navLinks, type AdminContext } from "../../http/admin.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { auditActor } from "../../lib/audit.ts";
import { cappedCsvResponse, refusedCsvFilters, type CsvColumn } from "../../lib/csv.ts";
import { parseForm, readQuery, shownFilters, type FieldErrors, type FormValues } from "../../lib/forms.ts";
import { noticeTable } from "../../lib/notices.ts";
import { pageWindow } from "../../lib/pagination.ts";
import { CertificateAdminPage } from "../../../templates/admin-certificates/CertificateAdminPage.tsx";
import { CertificateList, CertificatesPage } from "../../../templates/admin-certificates/CertificatesPage.tsx";
import type { Certificate } from "../../db/schema/learning.ts";
import { CERTIFICATE_LIST_QUERY, certificateFiltersSchema, EMPTY_CERTIFICATE_FILTERS, revokeFormSchema } from "../certificates/forms.ts";
import { CSV_ROW_LIMIT, exportCertificates, findCertificate, listCertificates, type CertificateRow } from "../certificates/queries.ts";
import { checkStoredCertificate } from "../certificates/verify.ts";
import { revokeCertificate } from "./revoke.ts";

export const adminCertificateRoutes = new Hono<AppEnv>();

adminCertificateRoutes.use(async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
});

const manage = allow.to("manage", "courses");
const PER_PAGE = 25;

export const certificateNotices = noticeTable({
  REVOKED: "Certificate revoked. Its page and the verifier now say so.",
});

adminCertificateRoutes.get("/", manage, async (c) => {
  const query = readQuery(c, CERTIFICATE_LIST_QUERY);
  const filters = shownFilters(query, EMPTY_CERTIFICATE_FILTERS);
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const result = query.ok ? await listCertificates(c.var.db(), query.data, { limit, offset }) : { rows: [], total: 0 };
  const props = { filters, rows: result.rows, total: result.total, page, perPage };
  return renderPage(c, {
    title: "Certificates",
    status: query.ok ? 200 : 422,
    body: <CertificatesPage {...props} errors={query.errors} links={navLinks(c)} notice={certificateNotices.read(c)} />,
    partial: <CertificateList {...props} />,
  });
});

const COLUMNS: ReadonlyArray<CsvColumn<CertificateRow>> = [
  ["certificate_id", (r) => r.id],
  ["member_id", (r) => r.userId],
  ["recipient_name", (r) => r.recipientName],
  ["email", (r) => r.email],
  ["course_id", (r) => r.courseId],
  ["course_title", (r) => r.courseTitle],
  ["hours", (r) => r.hours],
  ["issued_at", (r) => r.issuedAt],
  ["status", (r) => (r.revokedAt ? "revoked" : "valid")],
  ["revoked_at", (r) => r.revokedAt],
  ["revoked_reason", (r) => r.revokedReason],
];

adminCertificateRoutes.get("/export.csv", manage, async (c) => {
  const query = readQuery(c, certificateFiltersSchema);
  if (!query.ok) return refusedCsvFilters(c, query.errors);
  const rows = await exportCertificates(c.var.db(), query.data);
  return cappedCsvResponse(c, `certificates-${new Date().toISOString().slice(0, 10)}.csv`, COLUMNS, rows, CSV_ROW_LIMIT);
});

async function renderCertificate(
  c: AdminContext,
  certificate: Certificate,
  state: { values?: FormValues; errors?: FieldErrors; status?: 200 | 409 | 422; actionError?: string } = {},
) {
  const status = await checkStoredCertificate(certificate, c.var.config);
  return renderPage(c, {
    title: `Certificate: ${certificate.recipientName}`,
    status: state.status ?? 200,
    body: (
      <CertificateAdminPage
        certificate={certificate}
        status={status}
        links={navLinks(c)}
        values={state.values ?? {}}
        errors={state.errors ?? {}}
        actionError={state.actionError}
        notice={certificateNotices.read(c)}
      />
    ),
  });
}

adminCertificateRoutes.get(`/${ID}`, manage, async (c) => {
  const certificate = await findCertificate(c.var.db(), c.req.param("id"));
  return certificate ? renderCertificate(c, certificate) : renderNotFound(c);
});

adminCertificateRoutes.post(`/${ID}/revoke`, manage, async (c) => {
  const db = c.var.db();
  const certificate = await findCertificate(db, c.req.param("id"));
  if (!certificate) return renderNotFound(c);
  const form = await parseForm(c, revokeFormSchema);
  if (!form.ok) return renderCertificate(c, certificate, { values: form.values, errors: form.errors, status: 422 });
  const outcome = await revokeCertificate(db, auditActor(c), certificate.id, form.data.reason, new Date());
  if (!outcome.ok) {
    const fresh = (await findCertificate(db, certificate.id)) ?? certificate;
    return renderCertificate(c, fresh, { status: 409, actionError: outcome.message });
  }
  return certificateNotices.redirect(c, `/admin/certificates/${certificate.id}`, "REVOKED");
});
