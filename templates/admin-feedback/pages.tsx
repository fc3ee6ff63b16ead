// The chapter office's feedback screens: the queue (filters, age, CSV) and one ticket with its
// conversation, assignment, status and reply forms.
import { CATEGORIES, MESSAGE_MAX, PRIORITIES, SORTS, STATUS_FILTER } from "../../src/features/feedback/forms.ts";
import type { PersonRef, QueueRow, TicketView } from "../../src/features/feedback/queries.ts";
import {
  acceptsReplies,
  ageLabel,
  FEEDBACK_CATEGORY_LABELS,
  FEEDBACK_PRIORITY_LABELS,
  FEEDBACK_STATUS_LABELS,
  isOpen,
  nextStatuses,
  sameSitePath,
} from "../../src/features/admin-feedback/rules.ts";
import type { FieldErrors, FormValues } from "../../src/lib/forms.ts";
import { formatDateTime } from "../../src/lib/time.ts";
import { ActionError, AdminNav, type AdminNavLinks, fullName, Notice } from "../admin/parts.tsx";
import { ErrorSummary, Field, SelectField, TextArea } from "../components/Field.tsx";
import { FilterForm } from "../components/FilterForm.tsx";
import { Pager } from "../components/Pager.tsx";
import { Conversation, StatusBadge } from "../feedback/pages.tsx";

type Filters = { status: string; category: string; priority: string; assignee: string; q: string; sort: string };

export interface FeedbackQueueProps {
  filters: Filters;
  rows: QueueRow[];
  total: number;
  page: number;
  perPage: number;
  now: Date;
  viewerId: string;
}

const personName = (p: PersonRef) => fullName(p);

function assigneeCell(r: QueueRow, viewerId: string) {
  if (!r.assignedToId) return "Unassigned";
  const name = `${r.assigneeFirstName ?? ""} ${r.assigneeLastName ?? ""}`.trim() || "A former admin";
  return r.assignedToId === viewerId ? `${name} (you)` : name;
}

export function FeedbackQueueResults(props: FeedbackQueueProps) {
  const query: Record<string, string> = { ...props.filters };
  if (query.sort === "oldest") delete query.sort;
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v)).toString();
  return (
    <div id="feedback-results">
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          No tickets match these filters.
        </p>
      ) : (
        <>
          <div class="table-wrap" tabindex={0} role="region" aria-label="Feedback tickets table">
            <table>
              <caption>
                Feedback tickets, page {props.page} ({props.total} {props.total === 1 ? "match" : "matches"})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Ticket</th>
                  <th scope="col">Member</th>
                  <th scope="col">Status</th>
                  <th scope="col">Priority</th>
                  <th scope="col">Age</th>
                  <th scope="col">Assigned to</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((r) => (
                  <tr>
                    <th scope="row">
                      <a href={`/admin/feedback/${r.id}`}>{r.subject}</a>
                      <br />
                      <small>
                        {FEEDBACK_CATEGORY_LABELS[r.category]} · {r.replies} {r.replies === 1 ? "reply" : "replies"}
                      </small>
                    </th>
                    <td>
                      {r.firstName} {r.lastName}
                      <br />
                      <small>{r.company ?? r.email}</small>
                    </td>
                    <td>{FEEDBACK_STATUS_LABELS[r.status]}</td>
                    <td>{r.priority === "URGENT" || r.priority === "HIGH" ? <strong>{FEEDBACK_PRIORITY_LABELS[r.priority]}</strong> : FEEDBACK_PRIORITY_LABELS[r.priority]}</td>
                    <td>
                      <time datetime={r.createdAt.toISOString()} title={formatDateTime(r.createdAt)}>
                        {ageLabel(r.createdAt, props.now)}
                      </time>
                      {isOpen(r.status) ? null : <small> (done)</small>}
                    </td>
                    <td>{assigneeCell(r, props.viewerId)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/admin/feedback" query={query} />
        </>
      )}
      <p>
        <a href={`/admin/feedback/export.csv${qs ? `?${qs}` : ""}`} download>
          Download this list as CSV
        </a>
      </p>
    </div>
  );
}

function assigneeOptions(managers: PersonRef[], viewerId: string, withFilters: boolean): Array<readonly [string, string]> {
  const people = managers.map((m) => [m.id, m.id === viewerId ? `${personName(m)} (you)` : personName(m)] as const);
  return withFilters ? [["", "Anyone or nobody"], ["unassigned", "Unassigned"], ["me", "Assigned to me"], ...people] : [["", "Nobody"], ...people];
}

export function FeedbackQueuePage(props: FeedbackQueueProps & { managers: PersonRef[]; links: AdminNavLinks; notice?: string; errors: FieldErrors }) {
  const f = props.filters;
  return (
    <>
      <h1>Member feedback</h1>
      <AdminNav current="/admin/feedback" links={props.links} />
      <Notice message={props.notice} />
      <FilterForm action="/admin/feedback" label="Filter feedback" resultsId="feedback-results">
        <div class="grid">
          <SelectField name="status" label="Status" value={f.status} options={STATUS_FILTER.options} error={props.errors.status} />
          <SelectField name="category" label="Category" value={f.category} options={[["", "Any category"], ...CATEGORIES.options]} error={props.errors.category} />
          <SelectField name="priority" label="Priority" value={f.priority} options={[["", "Any priority"], ...PRIORITIES.options]} error={props.errors.priority} />
          <SelectField name="assignee" label="Assigned to" value={f.assignee} options={assigneeOptions(props.managers, props.viewerId, true)} error={props.errors.assignee} />
          <Field name="q" label="Subject, message or member" type="search" value={f.q} error={props.errors.q} maxlength={100} />
          <SelectField name="sort" label="Order" value={f.sort} options={SORTS.options} error={props.errors.sort} />
        </div>
        <button type="submit">Show matching tickets</button>
      </FilterForm>
      <FeedbackQueueResults {...props} />
    </>
  );
}

export function AdminTicketPage(props: {
  ticket: TicketView;
  managers: PersonRef[];
  viewerId: string;
  now: Date;
  values: FormValues;
  errors: FieldErrors;
  actionError?: string;
  notice?: string;
  links: AdminNavLinks;
}) {
  const t = props.ticket;
  const v = props.values;
  const page = t.pageUrl ? sameSitePath(t.pageUrl) : null;
  const moves = nextStatuses(t.status);
  return (
    <>
      <p>
        <a href="/admin/feedback">← Member feedback</a>
      </p>
      <h1>{t.subject}</h1>
      <AdminNav current="/admin/feedback" links={props.links} />
      <Notice message={props.notice} />
      <ActionError message={props.actionError} />
      <ErrorSummary errors={props.errors} />
      <dl>
        <dt>Member</dt>
        <dd>
          {fullName(t.member)} · <a href={`mailto:${t.member.email}`}>{t.member.email}</a>
          {t.member.company ? ` · ${t.member.company}` : ""}
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={t.status} />
        </dd>
        <dt>Category and priority</dt>
        <dd>
          {FEEDBACK_CATEGORY_LABELS[t.category]} · {FEEDBACK_PRIORITY_LABELS[t.priority]}
        </dd>
        <dt>Age</dt>
        <dd>
          {ageLabel(t.createdAt, props.now)} (sent {formatDateTime(t.createdAt)})
        </dd>
        <dt>Sent from</dt>
        <dd>{page ? <a href={page}>{page}</a> : t.pageUrl ? <code>{t.pageUrl}</code> : "Not known"}</dd>
        <dt>Assigned to</dt>
        <dd>{t.assignee ? personName(t.assignee) : "Nobody"}</dd>
      </dl>

      <h2>Conversation</h2>
      <Conversation ticket={t} viewer="staff" />

      {acceptsReplies(t.status) ? (
        <form method="post" action={`/admin/feedback/${t.id}/replies`} novalidate>
          <h2>Reply to the member</h2>
          <TextArea
            name="body"
            label="Your reply (emailed to the member)"
            value={v.body}
            error={props.errors.body}
            rows={6}
            required
            maxlength={MESSAGE_MAX}
          />
          <SelectField
            name="nextStatus"
            label="Then set the status to"
            value={v.nextStatus ?? ""}
            options={[["", t.status === "OPEN" ? "In progress (answered)" : `Leave it ${FEEDBACK_STATUS_LABELS[t.status].toLowerCase()}`], ...moves.map((s) => [s, FEEDBACK_STATUS_LABELS[s]] as const)]}
            error={props.errors.nextStatus}
          />
          <button type="submit">Send reply</button>
        </form>
      ) : (
        <p class="notice" role="status">
          This ticket is closed: nothing more can be added to it.
        </p>
      )}

      <h2>Handling</h2>
      <div class="grid">
        <form method="post" action={`/admin/feedback/${t.id}/assign`}>
          <SelectField
            name="assignee"
            label="Assign to"
            value={v.assignee ?? t.assignedToId ?? ""}
            options={assigneeOptions(props.managers, props.viewerId, false)}
            error={props.errors.assignee}
          />
          <button type="submit" class="secondary">
            Save assignment
          </button>
        </form>
        {moves.length > 0 ? (
          <form method="post" action={`/admin/feedback/${t.id}/status`}>
            <SelectField
              name="status"
              label={`Move from ${FEEDBACK_STATUS_LABELS[t.status].toLowerCase()} to`}
              value={moves[0]!}
              options={moves.map((s) => [s, FEEDBACK_STATUS_LABELS[s]] as const)}
              error={undefined}
            />
            <button type="submit" class="secondary">
              Change status
            </button>
          </form>
        ) : null}
      </div>
    </>
  );
}

