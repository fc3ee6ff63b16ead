import type { ChatMessage } from "../../src/features/messaging/chat.ts";
import { Notice } from "../account/Notice.tsx";
import { MessageItem } from "./parts.tsx";

export const CHAT_SCRIPT = "/js/chat-3.js";

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
  members: Array<{ id: string; firstName: string; lastName: string; role: string; state: "INVITED" | "JOINED" }>;
  isOwner: boolean;
  /** Archived by this member (hidden from their inbox until a new message arrives). */
  archived: boolean;
  /** Groups and channels: the members this member blocked, whose messages are not shown to them. */
  hiddenSenders: string[];
  /** Those of them with messages in this window, to say so (and offer to unblock). */
  hiddenNames: Array<{ id: string; name: string }>;
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
        data-hidden-senders={p.hiddenSenders.length ? p.hiddenSenders.join(" ") : undefined}
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
        {p.hiddenNames.length > 0 && (
          <div class="hint">
            <p>Messages from members you blocked are not shown here.</p>
            <ul>
              {p.hiddenNames.map((b) => (
                <li>
                  <form method="post" action={`/messages/block/${b.id}`} class="inline">
                    <input type="hidden" name="back" value={p.id} />
                    <input type="hidden" name="action" value="unblock" />
                    <button type="submit" class="secondary">
                      Unblock {b.name}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </div>
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
      {p.archived ? (
        <form method="post" action={`/messages/${p.id}/unarchive`}>
          <p class="hint">Archived: not in your inbox until a new message arrives.</p>
          <button type="submit" class="secondary">
            Move back to the inbox
          </button>
        </form>
      ) : (
        <form method="post" action={`/messages/${p.id}/archive`}>
          <button type="submit" class="secondary">
            Archive this conversation
          </button>
        </form>
      )}
      {p.kind === "GROUP" && (
        <section aria-labelledby="members-heading">
          <h2 id="members-heading">Members</h2>
          <ul>
            {p.members.map((m) => (
              <li>
                {m.firstName} {m.lastName}
                {m.role === "OWNER" && " (owner)"}
                {m.state === "INVITED" && " (invited)"}
                {p.isOwner && m.role !== "OWNER" && (
                  <form method="post" action={`/messages/${p.id}/members/${m.id}/remove`} class="inline">
                    {" "}
                    <button type="submit" class="secondary">
                      {m.state === "INVITED" ? "Withdraw the invitation" : "Remove"}
                      <span class="visually-hidden">
                        {" "}
                        {m.firstName} {m.lastName}
                      </span>
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
          {!p.isOwner && (
            <form method="post" action={`/messages/${p.id}/leave`}>
              <button type="submit" class="secondary">
                Leave this group
              </button>
            </form>
          )}
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

export function ReportPage(p: {
  conversationId: string;
  message: { id: string; content: string; senderName: string };
  /** The sender, when it is someone else: they may be blocked from here. */
  blockable: { id: string; blocked: boolean } | null;
  error?: string;
  reason?: string;
}) {
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
      {p.blockable && (
        <form method="post" action={`/messages/block/${p.blockable.id}`}>
          <input type="hidden" name="back" value={p.conversationId} />
          <input type="hidden" name="action" value={p.blockable.blocked ? "unblock" : "block"} />
          <p class="hint">Blocking hides their messages from you in groups and channels, and they can no longer message you directly.</p>
          <button type="submit" class="secondary">
            {p.blockable.blocked ? `Unblock ${p.message.senderName}` : `Block ${p.message.senderName}`}
          </button>
        </form>
      )}
      <p>
        <a href={`/messages/${p.conversationId}`}>Back to the conversation</a>
      </p>
    </>
  );
}
