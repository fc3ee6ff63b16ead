// Credential review at /admin/credentials, for holders of credentials:review (admins have it):
// the queue (pending, expiring in 30 days, expired, all) with CSV, one credential's review
// page with its document beside the form, the decision (verify, or reject with a reason —
// emailed and audited in one transaction), and the document itself (download, or an inline
// preview locked down for the review page's frame).
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
import { QueuePage, QueueResults } from "../../../templates/admin-credentials/QueuePage.tsx";
import { ReviewPage } from "../../../templates/admin-credentials/ReviewPage.tsx";
import { credentialDocumentResponse } from "../credentials/documents.ts";
import { EMPTY_QUEUE_FILTERS, QUEUE_LIST_QUERY, queueFiltersSchema, reviewFormSchema } from "../credentials/forms.ts";
import { CSV_ROW_LIMIT, exportReviewQueue, findCredentialForReview, listReviewQueue, type QueueRow, type ReviewTarget } from "../credentials/queries.ts";
import { chapterToday, CREDENTIAL_STATUS_LABELS, CREDENTIAL_TYPE_LABELS, effectiveStatus } from "../credentials/rules.ts";
import { reviewCredential } from "./review.ts";

export const adminCredentialRoutes = new Hono<AppEnv>();

adminCredentialRoutes.use(async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
});

const review = allow.to("review", "credentials");
const PER_PAGE = 25;

export const reviewNotices = noticeTable({
  VERIFIED: "Credential verified. The member has been emailed.",
  REJECTED: "Credential rejected. The member has been emailed the reason.",
});

adminCredentialRoutes.get("/", review, async (c) => {
  const query = readQuery(c, QUEUE_LIST_QUERY);
  const filters = shownFilters(query, EMPTY_QUEUE_FILTERS);
  const today = chapterToday(new Date());
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const result = query.ok ? await listReviewQueue(c.var.db(), query.data, { limit, offset }, today) : { rows: [], total: 0 };
  const props = { filters, rows: result.rows, total: result.total, page, perPage, today };
  return renderPage(c, {
    title: "Credentials",
    status: query.ok ? 200 : 422,
    body: <QueuePage {...props} errors={query.errors} links={navLinks(c)} notice={reviewNotices.read(c)} />,
    partial: <QueueResults {...props} />,
  });
});

const todayNow = () => chapterToday(new Date());
const QUEUE_COLUMNS: ReadonlyArray<CsvColumn<QueueRow>> = [
  ["credential_id", (r) => r.id],
  ["member_id", (r) => r.userId],
  ["first_name", (r) => r.firstName],
  ["last_name", (r) => r.lastName],
  ["email", (r) => r.email],
  ["company", (r) => r.company],
  ["type", (r) => CREDENTIAL_TYPE_LABELS[r.type]],
  ["issuer", (r) => r.issuer],
  ["number", (r) => r.number],
  ["classification", (r) => r.classification],
  ["issued_on", (r) => r.issuedOn],
  ["expires_on", (r) => r.expiresOn],
  ["status", (r) => CREDENTIAL_STATUS_LABELS[effectiveStatus(r, todayNow())]],
  ["rejection_reason", (r) => r.rejectionReason],
  ["document", (r) => r.documentName],
  ["reviewed_at", (r) => r.reviewedAt],
  ["updated_at", (r) => r.updatedAt],
];

adminCredentialRoutes.get("/export.csv", review, async (c) => {
  const query = readQuery(c, queueFiltersSchema);
  if (!query.ok) return refusedCsvFilters(c, query.errors);
  const rows = await exportReviewQueue(c.var.db(), query.data, todayNow());
  return cappedCsvResponse(c, `credentials-${query.data.tab}-${todayNow()}.csv`, QUEUE_COLUMNS, rows, CSV_ROW_LIMIT);
});

function renderReview(c: AdminContext, target: ReviewTarget, state: { values?: FormValues; errors?: FieldErrors; status?: 200 | 403 | 409 | 422; actionError?: string } = {}) {
  return renderPage(c, {
    title: `Review: ${CREDENTIAL_TYPE_LABELS[target.type]}`,
    status: state.status ?? 200,
    body: (
      <ReviewPage
        credential={target}
        today={todayNow()}
        links={navLinks(c)}
        values={state.values ?? {}}
        errors={state.errors ?? {}}
        actionError={state.actionError}
      />
    ),
  });
}

adminCredentialRoutes.get(`/${ID}`, review, async (c) => {
  const target = await findCredentialForReview(c.var.db(), c.req.param("id"));
  return target ? renderReview(c, target) : renderNotFound(c);
});

adminCredentialRoutes.post(`/${ID}/review`, review, async (c) => {
  const db = c.var.db();
  const target = await findCredentialForReview(db, c.req.param("id"));
  if (!target) return renderNotFound(c);
  const form = await parseForm(c, reviewFormSchema);
  if (!form.ok) return renderReview(c, target, { values: form.values, errors: form.errors, status: 422 });
  const { decision, reason, version } = form.data;
  // Like roles, nobody vouches for themselves: an admin's own credential is reviewed by someone else.
  if (target.owner.id === c.var.signedIn.user.id) {
    return renderReview(c, target, { values: form.values, status: 403, actionError: "This is your own credential: another reviewer must decide on it." });
  }
  const outcome = await reviewCredential(db, c.var.config, auditActor(c), target, decision, reason, version, new Date());
  if (!outcome.ok) {
    const fresh = (await findCredentialForReview(db, target.id)) ?? target;
    return renderReview(c, fresh, { values: form.values, status: 409, actionError: outcome.message });
  }
  return reviewNotices.redirect(c, "/admin/credentials", decision);
});

adminCredentialRoutes.get(`/${ID}/document`, review, async (c) => {
  const target = await findCredentialForReview(c.var.db(), c.req.param("id"));
  const res = target ? await credentialDocumentResponse(c, target, "download") : null;
  return res ?? renderNotFound(c);
});

adminCredentialRoutes.get(`/${ID}/preview`, review, async (c) => {
  const target = await findCredentialForReview(c.var.db(), c.req.param("id"));
  const res = target ? await credentialDocumentResponse(c, target, "preview") : null;
  return res ?? renderNotFound(c);
});
