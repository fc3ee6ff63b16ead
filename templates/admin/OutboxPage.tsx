import type { OutboxRow } from "../../src/features/admin/queries.ts";
import { bodyLines } from "../../src/features/admin/rules.ts";
import { ErrorSummary, SelectField } from "../components/Field.tsx";
import { Pager } from "../components/Pager.tsx";
import { ActionButton, ActionError, AdminNav, type AdminNavLinks, Notice } from "./parts.tsx";
import { formatDateTime } from "../../src/lib/time.ts";
import { OUTBOX_STATUS_FILTER } from "../../src/features/admin/forms.ts";

/**
 * An email's plain text with its http(s) links clickable (in development the
 * admin follows verification links from here). Built from parts, never from
 * HTML: every piece of text is escaped by JSX.
 */
export function EmailBody(props: { text: string }) {
  const lines = bodyLines(props.text);
  return (
    <p>
      {lines.map((parts, i) => (
        <>
          {i > 0 && <br />}
          {parts.map((part) => (part.kind === "link" ? <a href={part.href}>{part.href}</a> : part.text))}
        </>
      ))}
    </p>
  );
}

export function OutboxPage(props: {
  rows: OutboxRow[];
  total: number;
  page: number;
  perPage: number;
  status: string;
  errors: Record<string, string>;
  links: AdminNavLinks;
  notice?: string;
  noticeDetail?: string;
  actionError?: string;
}) {
  return (
    <>
      <h1>Email outbox</h1>
      <AdminNav current="/admin/outbox" links={props.links} />
      <Notice message={props.notice}>{props.noticeDetail}</Notice>
      <ActionError message={props.actionError} />
      <ErrorSummary errors={props.errors} />
      <div class="grid">
        <form method="get" action="/admin/outbox" role="search" aria-label="Filter emails">
          <SelectField
            name="status"
            label="Status"
            value={props.status}
            error={props.errors.status}
            options={OUTBOX_STATUS_FILTER.options}
          />
          <button type="submit">Show emails</button>
        </form>
        <ActionButton action="/admin/outbox/deliver" label="Deliver due emails now" secondary />
      </div>
      {props.rows.length === 0 ? (
        <p class="notice" role="status">
          No emails {props.status ? "with this status" : "yet"}.
        </p>
      ) : (
        <>
          <div class="table-wrap" tabindex={0} role="region" aria-label="Emails table">
            <table>
              <caption>
                Outgoing email, newest first, page {props.page} ({props.total} in all)
              </caption>
              <thead>
                <tr>
                  <th scope="col">To and subject</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last error</th>
                  <th scope="col">Message</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((e) => (
                  <tr>
                    <th scope="row">
                      {e.toAddress}
                      <br />
                      {e.subject}
                      <br />
                      <small>Queued {formatDateTime(e.createdAt)}</small>
                    </th>
                    <td>{e.kind}</td>
                    <td>
                      {e.status}
                      {e.status === "SENT" && (
                        <>
                          <br />
                          <small>{formatDateTime(e.sentAt)}</small>
                        </>
                      )}
                    </td>
                    <td>{e.attempts}</td>
                    <td>{e.lastError ?? "—"}</td>
                    <td>
                      <details>
                        <summary>Read message to {e.toAddress}</summary>
                        <EmailBody text={e.textBody} />
                      </details>
                    </td>
                    <td>
                      {e.status === "PENDING" ? (
                        "Queued"
                      ) : (
                        <ActionButton action={`/admin/outbox/${e.id}/resend`} label={`Resend “${e.subject}” to ${e.toAddress}`} secondary />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={props.page} perPage={props.perPage} total={props.total} baseUrl="/admin/outbox" query={{ status: props.status }} />
        </>
      )}
      <p>
        <a href={`/admin/outbox.csv${props.status ? `?status=${props.status}` : ""}`} download>
          Download this list as CSV (without the email bodies)
        </a>
      </p>
    </>
  );
}
