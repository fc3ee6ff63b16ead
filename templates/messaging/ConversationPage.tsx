import type { ChatMessage } from "../../src/features/messaging/chat.ts";
import { Notice } from "../account/Notice.tsx";
import { MessageItem } from "./parts.tsx";

export const CHAT_SCRIPT = "/js/chat-2.js";

export interface ConversationPageProps {
  id: string;
  title: string;
  kind: "DIRECT" | "GROUP" | "CHANNEL";
  me: string;
  messages: ChatMessage[];
  lastSeq: number;
  /** The sequence to ask for older messages before, when there are older ones. */
  olderBefore: number | null;
  /** Showing an older window (not the newest): no live updates. */
  paging: boolean;
  canWrite: boolean;
  peer: { id: string; name: string } | null;
  iBlocked: boolean;
  members: Array<{ id: string; firstName: string; lastName: string; role: string }>;
  isOwner: boolean;
  draft?: string;
  error?: string;
  notice?: string;
  inviteError?: string;
}

export function ConversationPage(p: ConversationPageProps) {
  const live = !p.paging;
  return (
    <>
      <p>
        <a href="/messages">All conversations</a>
      </p>
      <h1>{p.title}</h1>
      <Notice message={p.notice} />
      {p.olderBefore !== null && (
        <p id="older-messages">
          <a href={`/messages/${p.id}?before=${p.olderBefore}`}>Older messages</a>
        </p>
      )}
      <section
        aria-labelledby="history-heading"
        id="chat"
        data-chat={live ? "" : undefined}
        data-conversation={p.id}
        data-last-seq={p.lastSeq}
        data-me={p.me}
      >
        <h2 id="history-heading" class="visually-hidden">
          Messages
        </h2>
        {p.messages.length === 0 && <p id="chat-empty">No messages yet. Say hello.</p>}
        <ol id="chat-log" class="messages" aria-live="polite" aria-relevant="additions">
          {p.messages.map((m) => (
            <MessageItem m={m} me={p.me} conversationId={p.id} />
          ))}
        </ol>
        {p.paging && (
          <p>
            <a href={`/messages/${p.id}`}>Newest messages</a>
          </p>
        )}
        <p id="chat-state" role="status" aria-live="polite"></p>
      </section>
      {p.canWrite ? (
        <form method="post" action={`/messages/${p.id}`} id="composer">
          {p.error && (
            <div class="notice bad" role="alert">
              <p>{p.error}</p>
            </div>
          )}
          <div class="field">
            <label for="composer-text">Message</label>
            <textarea id="composer-text" name="text" rows={3} required maxlength={4096}>
              {p.draft ?? ""}
            </textarea>
          </div>
          <input type="hidden" name="clientId" value={crypto.randomUUID()} />
          <button type="submit">Send</button>
        </form>
      ) : (
        <p class="notice bad">You can no longer write in this conversation.</p>
      )}
      {p.kind === "DIRECT" && p.peer && (
        <form method="post" action={`/messages/block/${p.peer.id}`}>
          <input type="hidden" name="back" value={p.id} />
          <input type="hidden" name="action" value={p.iBlocked ? "unblock" : "block"} />
          <button type="submit" class="secondary">
            {p.iBlocked ? `Unblock ${p.peer.name}` : `Block ${p.peer.name}`}
          </button>
        </form>
      )}
      <form method="post" action={`/messages/${p.id}/archive`}>
        <button type="submit" class="secondary">
          Archive this conversation
        </button>
      </form>
      {p.kind === "GROUP" && (
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">Members</h2>
          <ul>
            {p.members.map((m) => (
              <li>
                {m.firstName} {m.lastName}
                {m.role === "OWNER" && " (owner)"}
              </li>
            ))}
          </ul>
          {p.isOwner && (
            <form method="post" action={`/messages/${p.id}/invite`}>
              <div class="field">
                <label for="invite-email">Invite a member by email</label>
                <input id="invite-email" name="email" type="email" required autocomplete="off" aria-describedby={p.inviteError ? "invite-email-error" : undefined} />
                {p.inviteError && (
                  <p class="error" id="invite-email-error">
                    {p.inviteError}
                  </p>
                )}
              </div>
              <button type="submit">Invite</button>
            </form>
          )}
        </section>
      )}
      {live && <script src={CHAT_SCRIPT} defer></script>}
    </>
  );
}

export function NewConversationPage(p: { to: { id: string; name: string }; draft?: string; error?: string }) {
  return (
    <>
      <h1>Message {p.to.name}</h1>
      <form method="post" action="/messages/new">
        <input type="hidden" name="to" value={p.to.id} />
        {p.error && (
          <div class="notice bad" role="alert">
            <p>{p.error}</p>
          </div>
        )}
        <div class="field">
          <label for="new-text">Message</label>
          <textarea id="new-text" name="text" rows={4} required maxlength={4096}>
            {p.draft ?? ""}
          </textarea>
        </div>
        <input type="hidden" name="clientId" value={crypto.randomUUID()} />
        <button type="submit">Send</button>
      </form>
    </>
  );
}

export function ReportPage(p: { conversationId: string; message: { id: string; content: string; senderName: string }; error?: string; reason?: string }) {
  return (
    <>
      <h1>Report a message</h1>
      <blockquote>
        <p>{p.message.content}</p>
        <footer>{p.message.senderName}</footer>
      </blockquote>
      <form method="post" action={`/messages/${p.conversationId}/report/${p.message.id}`}>
        <div class="field">
          <label for="report-reason">Why should the chapter office look at it?</label>
          <textarea id="report-reason" name="reason" rows={3} required maxlength={1000} aria-describedby={p.error ? "report-reason-error" : undefined}>
            {p.reason ?? ""}
          </textarea>
          {p.error && (
            <p class="error" id="report-reason-error">
              {p.error}
            </p>
          )}
        </div>
        <button type="submit">Send report</button>
      </form>
      <p>
        <a href={`/messages/${p.conversationId}`}>Back to the conversation</a>
      </p>
    </>
  );
}
