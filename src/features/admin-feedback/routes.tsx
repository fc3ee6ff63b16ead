// Member feedback for the chapter office, mounted at /admin/feedback, for holders of
// feedback:manage: the queue (filters, age, oldest open first, CSV) and one ticket's page with
// assignment, status and replies. Every change is audited (FEEDBACK_UPDATED); a reply is
// emailed to the member in the same transaction (triage.ts). See test/authz/feedback.ts.
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { ID } from "../../db/ids.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { auditActor } from "../../lib/audit.ts";
import { csvPagedResponse, refusedCsvFilters, type CsvColumn } from "../../lib/csv.ts";
import { parseForm, readQuery, shownFilters, type FieldErrors, type FormValues } from "../../lib/forms.ts";
import { pageWindow } from "../../lib/pagination.ts";
import { toPacificDateInput } from "../../lib/time.ts";
import { deliverSoon } from "../outbox/outbox.ts";
import { AdminTicketPage, FeedbackQueuePage, FeedbackQueueResults } from "../../../templates/admin-feedback/pages.tsx";
import { adminReplyFormSchema, assignFormSchema, EMPTY_QUEUE_FILTERS, QUEUE_LIST_QUERY, queueFiltersSchema, statusFormSchema } from "../feedback/forms.ts";
import { exportQueue, feedbackManagers, findTicket, isFeedbackManager, listQueue, type PersonRef, type QueueRow, type TicketView } from "../feedback/queries.ts";
import { adminFeedbackNotices, FEEDBACK_CATEGORY_LABELS, FEEDBACK_PRIORITY_LABELS, FEEDBACK_STATUS_LABELS } from "./rules.ts";
import { assignTicket, changeStatus, replyToTicket, type TriageOutcome } from "./triage.ts";

export const adminFeedbackRoutes = new Hono<AppEnv>();

adminFeedbackRoutes.use(async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
});

const manage = allow.to("manage", "feedback");
const PER_PAGE = 25;

adminFeedbackRoutes.get("/", manage, async (c) => {
  const query = readQuery(c, QUEUE_LIST_QUERY);
  const filters = shownFilters(query, EMPTY_QUEUE_FILTERS);
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const db = c.var.db();
  const viewerId = c.var.signedIn.user.id;
  const [result, managers] = await Promise.all([
    query.ok ? listQueue(db, query.data, viewerId, { limit, offset }) : Promise.resolve({ rows: [], total: 0 }),
    feedbackManagers(db),
  ]);
  const props = { filters, rows: result.rows, total: result.total, page, perPage, now: new Date(), viewerId };
  return renderPage(c, {
    title: "Member feedback",
    status: query.ok ? 200 : 422,
    body: <FeedbackQueuePage {...props} managers={managers} errors={query.errors} links={navLinks(c)} notice={adminFeedbackNotices.read(c)} />,
    partial: <FeedbackQueueResults {...props} />,
  });
});

const QUEUE_COLUMNS: ReadonlyArray<CsvColumn<QueueRow>> = [
  ["ticket_id", (r) => r.id],
  ["status", (r) => FEEDBACK_STATUS_LABELS[r.status]],
  ["category", (r) => FEEDBACK_CATEGORY_LABELS[r.category]],
  ["priority", (r) => FEEDBACK_PRIORITY_LABELS[r.priority]],
  ["subject", (r) => r.subject],
  ["message", (r) => r.message],
  ["page", (r) => r.pageUrl],
  ["member_id", (r) => r.memberId],
  ["first_name", (r) => r.firstName],
  ["last_name", (r) => r.lastName],
  ["email", (r) => r.email],
  ["company", (r) => r.company],
  ["assigned_to", (r) => (r.assigneeFirstName ? `${r.assigneeFirstName} ${r.assigneeLastName ?? ""}`.trim() : "")],
  ["replies", (r) => r.replies],
  ["created_at", (r) => r.createdAt],
  ["last_answered_at", (r) => r.respondedAt],
  ["updated_at", (r) => r.updatedAt],
];

adminFeedbackRoutes.get("/export.csv", manage, async (c) => {
  const query = readQuery(c, queueFiltersSchema);
  if (!query.ok) return refusedCsvFilters(c, query.errors);
  const db = c.var.db();
  const filters = query.data;
  const viewer = c.var.signedIn.user.id;
  return csvPagedResponse(c, `feedback-${toPacificDateInput(new Date())}.csv`, QUEUE_COLUMNS, (page) => exportQueue(db, filters, viewer, page));
});

type TicketState = { values?: FormValues; errors?: FieldErrors; status?: 200 | 404 | 409 | 422; actionError?: string };

async function ticketPage(c: AdminContext, ticket: TicketView, state: TicketState = {}, known?: PersonRef[]) {
  const managers = known ?? (await feedbackManagers(c.var.db()));
  return renderPage(c, {
    title: `Feedback: ${ticket.subject}`,
    status: state.status ?? 200,
    body: (
      <AdminTicketPage
        ticket={ticket}
        managers={managers}
        viewerId={c.var.signedIn.user.id}
        now={new Date()}
        values={state.values ?? {}}
        errors={state.errors ?? {}}
        actionError={state.actionError}
        notice={state.status ? undefined : adminFeedbackNotices.read(c)}
        links={navLinks(c)}
      />
    ),
  });
}

adminFeedbackRoutes.get(`/${ID}`, manage, async (c) => {
  const db = c.var.db();
  // One batch: the ticket, its conversation and the people it may be assigned to.
  const [ticket, managers] = await Promise.all([findTicket(db, c.req.param("id")), feedbackManagers(db)]);
  return ticket ? ticketPage(c, ticket, {}, managers) : renderNotFound(c);
});

/** After a refused or failed change: the ticket as it is now, with the reason. */
async function afterRefusal(c: AdminContext, id: string, outcome: Extract<TriageOutcome, { ok: false }>, values: FormValues) {
  const fresh = await findTicket(c.var.db(), id);
  if (!fresh || outcome.status === 404) return renderNotFound(c);
  return ticketPage(c, fresh, { status: outcome.status, actionError: outcome.message, values });
}

adminFeedbackRoutes.post(`/${ID}/assign`, manage, async (c) => {
  const db = c.var.db();
  const ticket = await findTicket(db, c.req.param("id"));
  if (!ticket) return renderNotFound(c);
  const form = await parseForm(c, assignFormSchema);
  if (!form.ok) return ticketPage(c, ticket, { values: form.values, errors: form.errors, status: 422 });
  const assignee = form.data.assignee || null;
  const outcome = await assignTicket(db, auditActor(c), ticket.id, assignee, assignee === null || (await isFeedbackManager(db, assignee)));
  if (!outcome.ok) return afterRefusal(c, ticket.id, outcome, form.values);
  return adminFeedbackNotices.redirect(c, `/admin/feedback/${ticket.id}`, "assigned");
});

adminFeedbackRoutes.post(`/${ID}/status`, manage, async (c) => {
  const db = c.var.db();
  const ticket = await findTicket(db, c.req.param("id"));
  if (!ticket) return renderNotFound(c);
  const form = await parseForm(c, statusFormSchema);
  if (!form.ok) return ticketPage(c, ticket, { values: form.values, errors: form.errors, status: 422 });
  const outcome = await changeStatus(db, auditActor(c), ticket.id, form.data.status);
  if (!outcome.ok) return afterRefusal(c, ticket.id, outcome, form.values);
  return adminFeedbackNotices.redirect(c, `/admin/feedback/${ticket.id}`, "status");
});

adminFeedbackRoutes.post(`/${ID}/replies`, manage, async (c) => {
  const db = c.var.db();
  const ticket = await findTicket(db, c.req.param("id"));
  if (!ticket) return renderNotFound(c);
  const form = await parseForm(c, adminReplyFormSchema);
  if (!form.ok) return ticketPage(c, ticket, { values: form.values, errors: form.errors, status: 422 });
  const actor = { ...auditActor(c), firstName: c.var.signedIn.user.firstName };
  const outcome = await replyToTicket(db, actor, c.var.config.PUBLIC_URL, ticket.id, form.data.body, form.data.nextStatus);
  if (!outcome.ok) return afterRefusal(c, ticket.id, outcome, form.values);
  deliverSoon(c);
  return adminFeedbackNotices.redirect(c, `/admin/feedback/${ticket.id}`, "replied");
});

