import type { ConversationRow } from "../../src/features/messaging/queries.ts";
import { formatDateTime } from "../../src/lib/time.ts";
import { Notice } from "../account/Notice.tsx";
import { Pager } from "../components/Pager.tsx";

export type MessagesView = "inbox" | "archived";

export interface MessagesPageProps {
  view: MessagesView;
  rows: ConversationRow[];
  total: number;
  page: number;
  perPage: number;
  channels: Array<{ id: string; title: string | null }>;
  invitations: Array<{ id: string; title: string | null; owner: string | null }>;
  notice?: string;
  /** A refused query (the inbox is shown instead). */
  error?: string;
  groupError?: string;
  groupTitle?: string;
}

const KIND: Record<ConversationRow["kind"], string> = { DIRECT: "One-to-one", GROUP: "Group", CHANNEL: "Channel" };

function Views(p: { view: MessagesView }) {
  return (
    <nav aria-label="Conversations">
      <a href="/messages" aria-current={p.view === "inbox" ? "page" : undefined}>
        Inbox
      </a>
      {" · "}
      <a href="/messages?view=archived" aria-current={p.view === "archived" ? "page" : undefined}>
        Archived
      </a>
    </nav>
  );
}

function Invitations(p: { invitations: MessagesPageProps["invitations"] }) {
  if (p.invitations.length === 0) return null;
  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <ul class="conversations">
        {p.invitations.map((inv) => (
          <li>
            <p>
              <strong>{inv.title ?? "A group"}</strong>
              {inv.owner && <> · invited by {inv.owner}</>}
            </p>
            <form method="post" action={`/messages/${inv.id}/accept`} class="inline">
              <button type="submit">Accept</button>
            </form>{" "}
            <form method="post" action={`/messages/${inv.id}/decline`} class="inline">
              <button type="submit" class="secondary">
                Decline
              </button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function MessagesPage(p: MessagesPageProps) {
  const archived = p.view === "archived";
  return (
    <>
      <h1>{archived ? "Archived conversations" : "Messages"}</h1>
      <Views view={p.view} />
      <Notice message={p.notice} />
      {p.error && (
        <div class="notice bad" role="alert">
          <p>{p.error}</p>
        </div>
      )}
      {archived && <p>A conversation you archive comes back to your inbox when a new message arrives in it.</p>}
      {!archived && <Invitations invitations={p.invitations} />}
      {p.rows.length === 0 ? (
        archived ? (
          <p>No archived conversations.</p>
        ) : (
          <p>
            No conversations yet. Start one with “Message” on a member's profile in the directory, create a group below, or join a
            chapter channel.
          </p>
        )
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
              {archived && (
                <form method="post" action={`/messages/${r.id}/unarchive`}>
                  <button type="submit" class="secondary">
                    Unarchive<span class="visually-hidden"> {r.title}</span>
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {p.total > p.perPage && <Pager page={p.page} perPage={p.perPage} total={p.total} baseUrl="/messages" query={{ view: archived ? "archived" : undefined }} />}
      {!archived && p.channels.length > 0 && (
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
      {!archived && (
        <section aria-labelledby="group-heading">
          <h2 id="group-heading">New group</h2>
          <form method="post" action="/messages/groups">
            <div class="field">
              <label for="group-title">Group name</label>
              <input
                id="group-title"
                name="title"
                required
                maxlength={120}
                value={p.groupTitle ?? ""}
                aria-describedby={p.groupError ? "group-title-error" : undefined}
              />
              {p.groupError && (
                <p class="error" id="group-title-error">
                  {p.groupError}
                </p>
              )}
            </div>
            <button type="submit">Create group</button>
          </form>
        </section>
      )}
    </>
  );
}
