// The Worker's side of the ChatRoom object (src/objects/ChatRoom.ts, which documents the socket
// protocol): who is asking, the frames both sides exchange, and the limits.
import type { ChatRoom } from "../../objects/ChatRoom.ts";

/**
 * What the Worker tells the object about the person asking, after it has checked the session,
 * the Origin and membership. The object trusts it because only the Worker can reach the object;
 * a client's own headers never travel through (the Worker builds the request to the object).
 */
export interface ChatContext {
  conversationId: string;
  kind: "DIRECT" | "GROUP" | "CHANNEL";
  /** DIRECT: the two member ids sorted and joined by ":" (the receiver is the other one). */
  directKey: string | null;
  userId: string;
  /** Shown beside the member's messages. */
  name: string;
  /** False when the member may read but not write (blocked in a DIRECT conversation). */
  canWrite: boolean;
}

/** The header carrying the ChatContext (JSON) from the Worker to the object. */
export const CONTEXT_HEADER = "x-chat-context";

export const LIMITS = {
  /** UTF-8 bytes of one message's text. */
  maxBytes: 4096,
  /** Messages per member per window. */
  ratePerWindow: 10,
  windowMs: 10_000,
  /** Open sockets per member in one conversation (tabs and devices). */
  socketsPerMember: 5,
  /** clientId: the client's own id for a message, for idempotent resends. */
  maxClientIdLength: 64,
} as const;

export interface ChatMessage {
  id: string;
  seq: number;
  senderId: string;
  senderName: string;
  text: string;
  sentAt: number;
  clientId: string | null;
  status: "SENT" | "DELIVERED" | "READ" | "ARCHIVED";
}

export type RefusalCode = "too_large" | "empty" | "rate_limited" | "closed" | "bad_frame" | "too_many_sockets";

export type PostResult = { ok: true; message: ChatMessage; duplicate: boolean } | { ok: false; code: RefusalCode; error: string; retryAfterMs?: number };

export interface HistoryPage {
  messages: ChatMessage[];
  lastSeq: number;
  /** True when older messages exist before the first one returned. */
  more: boolean;
}

export function chatStub(env: Env, conversationId: string): DurableObjectStub<ChatRoom> {
  return env.CHAT_ROOM.get(env.CHAT_ROOM.idFromName(conversationId));
}

/** The receiver of a message in a DIRECT conversation: the member of the pair who did not send it. */
export function directReceiver(directKey: string | null, senderId: string): string | null {
  if (!directKey) return null;
  const [a, b] = directKey.split(":");
  return a === senderId ? (b ?? null) : (a ?? null);
}

export function directKeyOf(a: string, b: string): string {
  return [a, b].sort().join(":");
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}
