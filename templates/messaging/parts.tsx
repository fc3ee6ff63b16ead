import type { ChatMessage } from "../../src/features/messaging/chat.ts";
import { formatDateTime } from "../../src/lib/time.ts";

const STATUS_TEXT: Record<ChatMessage["status"], string> = { SENT: "Sent", DELIVERED: "Delivered", READ: "Read", ARCHIVED: "Archived" };
export const statusText = (s: ChatMessage["status"]) => STATUS_TEXT[s];

/**
 * One message. The live script (public/js/chat-3.js) builds the same markup from a socket frame
 * with textContent, so content is escaped on both paths.
 */
export function MessageItem(props: { m: ChatMessage; me: string; conversationId: string }) {
  const { m, me } = props;
  const mine = m.senderId === me;
  return (
    <li id={`m-${m.seq}`} data-seq={m.seq} class={mine ? "mine" : undefined}>
      <p class="meta">
        <strong>{mine ? "You" : m.senderName}</strong> · <time datetime={new Date(m.sentAt).toISOString()}>{formatDateTime(new Date(m.sentAt))}</time>
        {mine ? (
          <>
            {" · "}
            <span class="status" data-status>
              {statusText(m.status)}
            </span>
          </>
        ) : (
          <>
            {" · "}
            <a href={`/messages/${props.conversationId}/report/${m.id}`}>Report</a>
          </>
        )}
      </p>
      <p class="text">{m.text}</p>
    </li>
  );
}
