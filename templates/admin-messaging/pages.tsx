import { AdminNav, Notice, type AdminNavLinks } from "../admin/parts.tsx";
import { Pager } from "../components/Pager.tsx";
import { formatDate, formatDateTime } from "../../src/lib/time.ts";

export function ChannelsPage(p: {
  links: AdminNavLinks;
  channels: Array<{ id: string; title: string | null; eventTitle: string | null; members: number; createdAt: Date }>;
  events: Array<{ id: string; title: string; startDate: Date }>;
  errors: Record<string, string>;
  values: Record<string, string>;
  notice?: string;
}) {
  return (
    <>
      <AdminNav current="/admin/messages/channels" links={p.links} />
      <h1>Chapter channels</h1>
      <Notice message={p.notice} />
      {p.channels.length === 0 ? (
        <p>No channels yet.</p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-label="Channels">
          <table>
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col">For</th>
                <th scope="col">Members</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {p.channels.map((ch) => (
                <tr>
                  <td>
                    <a href={`/messages/${ch.id}`}>{ch.title}</a>
                  </td>
                  <td>{ch.eventTitle ? `Registrants of ${ch.eventTitle}` : "Every member"}</td>
                  <td>{ch.members}</td>
                  <td>{formatDate(ch.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href="/admin/messages/channels.csv" download>
          Download the channels as CSV
        </a>
      </p>
      <h2>New channel</h2>
      <form method="post" action="/admin/messages/channels">
        <div class="field">
          <label for="channel-title">Channel name</label>
          <input id="channel-title" name="title" required maxlength={120} value={p.values.title ?? ""} aria-describedby={p.errors.title ? "channel-title-error" : undefined} />
          {p.errors.title && (
            <p class="error" id="channel-title-error">
              {p.errors.title}
            </p>
          )}
        </div>
        <div class="field">
          <label for="channel-event">For an event's registrants (optional)</label>
          <select id="channel-event" name="eventId" aria-describedby={p.errors.eventId ? "channel-event-error" : undefined}>
            <option value="">Every member</option>
            {p.events.map((e) => (
              <option value={e.id} selected={p.values.eventId === e.id}>
                {e.title} ({formatDate(e.startDate)})
              </option>
            ))}
          </select>
          {p.errors.eventId && (
            <p class="error" id="channel-event-error">
              {p.errors.eventId}
            </p>
          )}
        </div>
        <button type="submit">Create channel</button>
      </form>
    </>
  );
}

export interface ReportRow {
  id: string;
  reason: string;
  status: string;
  createdAt: Date;
  content: string;
  sentAt: Date;
  senderName: string;
  reporterName: string;
  conversationId: string | null;
}

export function ReportsPage(p: { links: AdminNavLinks; rows: ReportRow[]; total: number; page: number; perPage: number; status: string; notice?: string }) {
  return (
    <>
      <AdminNav current="/admin/messages/reports" links={p.links} />
      <h1>Reported messages</h1>
      <Notice message={p.notice} />
      <nav class="pager" aria-label="Report status">
        {(["OPEN", "RESOLVED", "DISMISSED"] as const).map((s) => (
          <a href={`/admin/messages/reports?status=${s}`} aria-current={p.status === s ? "page" : undefined}>
            {s === "OPEN" ? "Open" : s === "RESOLVED" ? "Resolved" : "Dismissed"}
          </a>
        ))}
      </nav>
      {p.rows.length === 0 ? (
        <p>No reports here.</p>
      ) : (
        <ul class="reports">
          {p.rows.map((r) => (
            <li>
              <blockquote>
                <p>{r.content}</p>
                <footer>
                  {r.senderName}, {formatDateTime(r.sentAt)}
                </footer>
              </blockquote>
              <p>
                Reported by {r.reporterName} on {formatDateTime(r.createdAt)}: {r.reason}
              </p>
              {r.status === "OPEN" && (
                <form method="post" action={`/admin/messages/reports/${r.id}`}>
                  <button type="submit" name="outcome" value="RESOLVED">
                    Resolve
                  </button>{" "}
                  <button type="submit" name="outcome" value="DISMISSED" class="secondary">
                    Dismiss
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {p.total > p.perPage && <Pager page={p.page} perPage={p.perPage} total={p.total} baseUrl="/admin/messages/reports" query={{ status: p.status }} />}
      <p>
        <a href={`/admin/messages/reports.csv?status=${p.status}`} download>
          Download these reports as CSV
        </a>
      </p>
    </>
  );
}
