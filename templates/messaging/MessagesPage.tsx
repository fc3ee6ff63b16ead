import type { ConversationRow } from "../../src/features/messaging/queries.ts";
import { formatDateTime } from "../../src/lib/time.ts";
import { Notice } from "../account/Notice.tsx";
import { Pager } from "../components/Pager.tsx";

export interface MessagesPageProps {
  rows: ConversationRow[];
  total: number;
  page: number;
  perPage: number;
  channels: Array<{ id: string; title: string | null }>;
  notice?: string;
  groupError?: string;
  groupTitle?: string;
}

const KIND: Record<ConversationRow["kind"], string> = { DIRECT: "One-to-one", GROUP: "Group", CHANNEL: "Channel" };

export function MessagesPage(p: MessagesPageProps) {
  return (
    <>
      <h1>Messages</h1>
      <Notice message={p.notice} />
      {p.rows.length === 0 ? (
        <p>
          No conversations yet. Start one with “Message” on a member's profile in the directory, create a group below, or join a
          chapter channel.
        </p>
      ) : (
        <ul class="conversations">
          {p.rows.map((r) => (
            <li>
              <h2>
                <a href={`/messages/${r.id}`}>{r.title}</a>
                {r.unread > 0 && <strong> · {r.unread} unread</strong>}
              </h2>
              <p>
                {KIND[r.kind]}
                {r.lastMessageAt && <> · {formatDateTime(r.lastMessageAt)}</>}
              </p>
              {r.lastText && (
                <p>
                  {r.lastSender}: {r.lastText.length > 140 ? `${r.lastText.slice(0, 140)}…` : r.lastText}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {p.total > p.perPage && <Pager page={p.page} perPage={p.perPage} total={p.total} baseUrl="/messages" query={{}} />}
      {p.channels.length > 0 && (
        <section aria-labelledby="channels-heading">
          <h2 id="channels-heading">Chapter channels</h2>
          <ul>
            {p.channels.map((ch) => (
              <li>
                <a href={`/messages/${ch.id}`}>{ch.title}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="group-heading">
        <h2 id="group-heading">New group</h2>
        <form method="post" action="/messages/groups">
          <div class="field">
            <label for="group-title">Group name</label>
            <input id="group-title" name="title" required maxlength={120} value={p.groupTitle ?? ""} aria-describedby={p.groupError ? "group-title-error" : undefined} />
            {p.groupError && (
              <p class="error" id="group-title-error">
                {p.groupError}
              </p>
            )}
          </div>
          <button type="submit">Create group</button>
        </form>
      </section>
    </>
  );
}
