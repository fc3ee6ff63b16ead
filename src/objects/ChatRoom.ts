import { DurableObject } from "cloudflare:workers";
import { newId } from "../db/ids.ts";
import {
  byteLength,
  CONTEXT_HEADER,
  directReceiver,
  LIMITS,
  type ChatContext,
  type ChatMessage,
  type HistoryPage,
  type PostResult,
  type RefusalCode,
} from "../features/messaging/chat.ts";
import { log } from "../lib/log.ts";
import { loadConversation, SCHEMA, writeThrough, type Meta, type StoredMessage } from "./chat-room-storage.ts";

/**
 * One conversation's live sockets and messages (one object per conversation,
 * idFromName(conversationId)).
 *
 * ## Socket protocol (an outside load generator can drive it from this)
 *
 * URL: `GET /messages/<conversationId>/socket?after=<seq>` with `Upgrade: websocket`, the session
 * cookie, and `Origin` equal to the portal's own origin (anything else: 403; signed out: 401; not
 * a member: 404; blocked by the other member of a DIRECT conversation: 403). `after` is the last
 * sequence the client has (0 or absent: everything).
 *
 * Frames are JSON text, except the keep-alive: the client sends the text `ping` and gets `pong`
 * (answered without waking the object).
 *
 * The client sends:
 * - `{"type":"send","text":"…","clientId":"…"}`: a message. `clientId` (≤ 64 chars, optional) is
 *   the client's own id: sending the same one again (after a reconnect) stores nothing new and
 *   answers with the stored message.
 * - `{"type":"read","seq":N}`: the member has seen everything up to N.
 *
 * The client receives:
 * - `{"type":"message","id","seq","senderId","senderName","text","sentAt","clientId","status"}`:
 *   a message, to every socket in the room, the sender's included (its `clientId` acknowledges
 *   the send). On connect, every message after `after` comes first, in order.
 * - `{"type":"joined","userId","lastSeq"}`: catch-up is done; the client is live. This is the
 *   frame that means "joined".
 * - `{"type":"status","status":"DELIVERED"|"READ","seqs":[…]}`: to the sender, when their
 *   messages reached another member's open client (DELIVERED) or were seen (READ).
 * - `{"type":"error","code","error","clientId"?,"retryAfterMs"?}`: a refusal: `too_large`
 *   (over 4 KB of text), `empty`, `rate_limited` (over 10 messages in 10 s; `retryAfterMs` says
 *   when the next one will be taken), `closed` (this member may no longer write here),
 *   `bad_frame`, `too_many_sockets` (over 5 open sockets of one member here: sent instead of
 *   the backlog, then the socket is closed with 1008 and the same words as its reason).
 * - `{"type":"announcement"}`: an urgent announcement was published; the page asks for its
 *   banner (`GET /announcements/banner`, which checks the audience).
 *
 * A room that restarts (a failed write, an eviction mid-write) may have shown other members a
 * message it then did not keep: its `joined` frame then carries a `lastSeq` below the last
 * sequence the client holds, and the client drops what it holds after `lastSeq` (those
 * sequences will be given to new messages). A sender's own frame comes only once its message
 * is stored, so a sender never takes an unkept message for sent.
 *
 * A socket closed by the room with 1008 is final (too many sockets, or this member was blocked
 * or removed): a client should not reconnect. A refused upgrade (signed out, not a member,
 * blocked) answers the same URL without `Upgrade` with its status: 401, 403 or 404 (426 when
 * the upgrade would have been taken), so a browser, which cannot read an upgrade's status,
 * can ask why.
 *
 * ## Storage
 * Each message gets its id and sequence here and is stored in the object's SQLite in the same
 * synchronous step. Other members' clients are sent it just before the write; the sender's
 * acknowledgement just after, which the output gate holds until the write is durable. The same step queues it in an outbox; a coalesced flush writes the outbox
 * to Postgres by the ids chosen here (a retry never duplicates) and deletes what it wrote. If
 * Postgres is down, the outbox waits for the next message or the alarm's retries, so an outage
 * delays persistence and loses nothing. An evicted object keeps its storage; its clients
 * reconnect with `after` and catch up. If the storage is empty, it is rebuilt from Postgres.
 *
 * The rate window lives in memory: a hibernated (idle) room forgets it, which only matters to
 * someone who has been quiet anyway.
 */
export class ChatRoom extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private loading: Promise<void> | null = null;
  private flushing: Promise<boolean> | null = null;
  private queuedFlush: Promise<boolean> | null = null;
  private retryDelayMs = 0;
  private alarmArmed = false;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly sent = new Map<string, number[]>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  // ------------------------------------------------------------------ sockets

  override async fetch(request: Request): Promise<Response> {
    const raw = request.headers.get(CONTEXT_HEADER);
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket" || !raw) return new Response("expected a WebSocket upgrade", { status: 426 });
    const who = JSON.parse(raw) as ChatContext;
    await this.ensureLoaded(who);
    this.syncClosed(who);
    const open = this.ctx.getWebSockets(who.userId);
    if (open.length >= LIMITS.socketsPerMember) {
      // Refused in the protocol's own terms (a browser cannot read an upgrade's HTTP status).
      const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
      server.accept();
      const why = `This conversation is open in ${LIMITS.socketsPerMember} places already. Close one of them and reload this page.`;
      refuse(server, "too_many_sockets", why);
      server.close(1008, why);
      return new Response(null, { status: 101, webSocket: client });
    }
    const after = Math.max(0, Number.parseInt(new URL(request.url).searchParams.get("after") ?? "0", 10) || 0);
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server, [who.userId]);
    server.serializeAttachment({ userId: who.userId, name: who.name, canWrite: who.canWrite } satisfies Attachment);
    // Messages from others that were waiting for this member's client are delivered now.
    this.deliverWaiting(who.userId);
    const backlog = this.sql.exec<StoredMessage>("SELECT * FROM messages WHERE seq > ? ORDER BY seq", after).toArray();
    for (const m of backlog) server.send(frame(toChat(m)));
    server.send(JSON.stringify({ type: "joined", userId: who.userId, lastSeq: this.meta()!.last_seq }));
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const who = ws.deserializeAttachment() as Attachment;
    let body: { type?: unknown; text?: unknown; clientId?: unknown; seq?: unknown };
    try {
      body = JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data));
    } catch {
      return refuse(ws, "bad_frame", "Frames are JSON: {\"type\":\"send\",\"text\":\"…\"} or {\"type\":\"read\",\"seq\":N}.");
    }
    if (!this.meta()) return; // storage lost under an open socket: the next connection rebuilds it
    if (body?.type === "send") {
      const clientId = typeof body.clientId === "string" && body.clientId.length <= LIMITS.maxClientIdLength ? body.clientId : null;
      if (typeof body.text !== "string") return refuse(ws, "bad_frame", "A message needs a text.", clientId);
      const result = this.store({ userId: who.userId, name: who.name, canWrite: who.canWrite }, body.text, clientId);
      if (!result.ok) return refuse(ws, result.code, result.error, clientId, result.retryAfterMs);
      if (result.duplicate) ws.send(frame(result.message));
      return;
    }
    if (body?.type === "read" && Number.isInteger(body.seq)) {
      this.markRead(who.userId, body.seq as number);
      return;
    }
    refuse(ws, "bad_frame", "Unknown frame type.");
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "bye");
    } catch {
      // already closed
    }
  }

  // ------------------------------------------------------------------ RPC (from the Worker)

  /** The form fallback: the same as a `send` frame, answered with the stored message or the refusal. */
  async post(who: ChatContext, text: string, clientId: string | null): Promise<PostResult> {
    await this.ensureLoaded(who);
    this.syncClosed(who);
    return this.store(who, text, clientId);
  }

  /** Messages before `before` (default: the newest), oldest first; `read` marks them seen by the asker. */
  async history(who: ChatContext, opts: { before?: number; limit: number; read?: boolean }): Promise<HistoryPage> {
    await this.ensureLoaded(who);
    const before = opts.before ?? Number.MAX_SAFE_INTEGER;
    const rows = this.sql
      .exec<StoredMessage>("SELECT * FROM messages WHERE seq < ? ORDER BY seq DESC LIMIT ?", before, opts.limit + 1)
      .toArray();
    const more = rows.length > opts.limit;
    const page = rows.slice(0, opts.limit).reverse();
    const lastSeq = this.meta()!.last_seq;
    if (opts.read && opts.before === undefined && lastSeq > 0) this.markRead(who.userId, lastSeq);
    return { messages: page.map(toChat), lastSeq, more };
  }

  /** A member was blocked (or left): their open sockets close, and they may no longer write. */
  async closeFor(conversationId: string, userId: string): Promise<void> {
    if (!this.meta()) return;
    void conversationId;
    this.sql.exec("INSERT OR IGNORE INTO closed (user_id) VALUES (?)", userId);
    for (const ws of this.ctx.getWebSockets(userId)) {
      try {
        ws.close(1008, "You can no longer write in this conversation.");
      } catch {
        // already closed
      }
    }
  }

  /** An urgent announcement was published: every open socket here hears of it. Returns how many. */
  async announce(): Promise<number> {
    const sockets = this.ctx.getWebSockets();
    broadcast(sockets, ANNOUNCEMENT_FRAME, () => true);
    return sockets.length;
  }

  /** Rows not yet in Postgres (messages + read positions). */
  async pendingWrites(): Promise<number> {
    return this.countPending();
  }

  /** Writes everything stored so far to Postgres; false when Postgres could not be reached. */
  async flush(): Promise<boolean> {
    return this.requestFlush();
  }

  override async alarm(): Promise<void> {
    this.alarmArmed = false;
    if (!this.meta()) return;
    const ok = await this.requestFlush();
    if (!ok || this.countPending() > 0) this.armAlarm(Math.max(1000, this.retryDelayMs));
  }

  // ------------------------------------------------------------------ decisions (synchronous)

  private store(who: Pick<ChatContext, "userId" | "name" | "canWrite">, text: string, clientId: string | null): PostResult {
    if (clientId) {
      const existing = this.sql
        .exec<StoredMessage>("SELECT * FROM messages WHERE sender_id = ? AND client_id = ?", who.userId, clientId)
        .toArray()[0];
      if (existing) return { ok: true, message: toChat(existing), duplicate: true };
    }
    if (!who.canWrite || this.isClosed(who.userId)) return { ok: false, code: "closed", error: "You can no longer write in this conversation." };
    const trimmed = text.trim();
    if (!trimmed) return { ok: false, code: "empty", error: "Write a message first." };
    if (byteLength(trimmed) > LIMITS.maxBytes) {
      return { ok: false, code: "too_large", error: `A message can be at most ${LIMITS.maxBytes / 1024} KB of text. Split it into shorter messages.` };
    }
    const now = Date.now();
    const recent = (this.sent.get(who.userId) ?? []).filter((t) => t > now - LIMITS.windowMs);
    if (recent.length >= LIMITS.ratePerWindow) {
      const retryAfterMs = recent[0]! + LIMITS.windowMs - now;
      this.sent.set(who.userId, recent);
      return { ok: false, code: "rate_limited", error: `At most ${LIMITS.ratePerWindow} messages in ${LIMITS.windowMs / 1000} seconds. Wait a moment and send again.`, retryAfterMs };
    }
    recent.push(now);
    this.sent.set(who.userId, recent);

    const meta = this.meta()!;
    const seq = meta.last_seq + 1;
    // Sockets are tagged with their member's id: any socket not the sender's is another member's client.
    const sockets = this.ctx.getWebSockets();
    const senders = new Set(this.ctx.getWebSockets(who.userId));
    const row: StoredMessage = {
      seq,
      id: newId(),
      sender_id: who.userId,
      sender_name: who.name,
      receiver_id: directReceiver(meta.direct_key, who.userId),
      content: trimmed,
      client_id: clientId,
      status: sockets.length > senders.size ? "DELIVERED" : "SENT",
      read_at: null,
      sent_at: now,
    };
    const message = toChat(row);
    const text_ = frame(message);
    // The other members' clients hear of it before the write, so the output gate does not hold
    // their frames for the write's confirmation (about 1.5 ms a message here); the sender's own
    // clients, whose frame is the acknowledgement, hear of it after, held until it is durable.
    // Should the write fail, the room restarts: see "A room that restarts" in the protocol.
    broadcast(sockets, text_, (ws) => !senders.has(ws));
    try {
      this.ctx.storage.transactionSync(() => {
        this.sql.exec(
          `INSERT INTO messages (seq, id, sender_id, sender_name, receiver_id, content, client_id, status, read_at, sent_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
          row.seq, row.id, row.sender_id, row.sender_name, row.receiver_id, row.content, row.client_id, row.status, row.sent_at,
        );
        this.sql.exec("UPDATE meta SET last_seq = ?", seq);
        // The sender has read their own message.
        this.sql.exec("INSERT INTO reads (user_id, seq) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET seq = max(seq, excluded.seq)", who.userId, seq);
        this.touch(seq);
      });
    } catch (err) {
      // Others were shown a message that is not stored: their clients reconnect and drop it.
      for (const ws of sockets) closeQuietly(ws, 1011, "The conversation restarted. Reconnecting…");
      throw err;
    }
    broadcast(senders, text_, () => true);
    this.afterDecision();
    return { ok: true, message, duplicate: false };
  }

  /** Everything up to `seq` from others is READ for this reader; their senders hear of it. */
  private markRead(userId: string, seq: number): void {
    const meta = this.meta();
    if (!meta) return;
    const upTo = Math.min(seq, meta.last_seq);
    const now = Date.now();
    const changed = this.ctx.storage.transactionSync(() => {
      const prior = this.sql.exec<{ seq: number }>("SELECT seq FROM reads WHERE user_id = ?", userId).toArray()[0]?.seq ?? 0;
      if (upTo <= prior) return [];
      this.sql.exec("INSERT INTO reads (user_id, seq) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET seq = excluded.seq", userId, upTo);
      this.sql.exec(
        `INSERT INTO read_outbox (user_id, version) VALUES (?, 1) ON CONFLICT (user_id) DO UPDATE SET version = version + 1`,
        userId,
      );
      const rows = this.sql
        .exec<{ seq: number; sender_id: string }>(
          "SELECT seq, sender_id FROM messages WHERE seq <= ? AND seq > ? AND sender_id != ? AND status IN ('SENT', 'DELIVERED')",
          upTo, prior, userId,
        )
        .toArray();
      for (const r of rows) {
        this.sql.exec("UPDATE messages SET status = 'READ', read_at = ? WHERE seq = ?", now, r.seq);
        this.touch(r.seq);
      }
      return rows;
    });
    this.notifySenders(changed, "READ");
    this.afterDecision();
  }

  /** A member's client is open: messages from others still SENT become DELIVERED. */
  private deliverWaiting(userId: string): void {
    const changed = this.ctx.storage.transactionSync(() => {
      const rows = this.sql
        .exec<{ seq: number; sender_id: string }>("SELECT seq, sender_id FROM messages WHERE status = 'SENT' AND sender_id != ?", userId)
        .toArray();
      for (const r of rows) {
        this.sql.exec("UPDATE messages SET status = 'DELIVERED' WHERE seq = ?", r.seq);
        this.touch(r.seq);
      }
      return rows;
    });
    if (changed.length === 0) return;
    this.notifySenders(changed, "DELIVERED");
    this.afterDecision();
  }

  private notifySenders(rows: Array<{ seq: number; sender_id: string }>, status: "DELIVERED" | "READ"): void {
    const bySender = new Map<string, number[]>();
    for (const r of rows) bySender.set(r.sender_id, [...(bySender.get(r.sender_id) ?? []), r.seq]);
    for (const [sender, seqs] of bySender) {
      const text = JSON.stringify({ type: "status", status, seqs });
      for (const ws of this.ctx.getWebSockets(sender)) {
        try {
          ws.send(text);
        } catch {
          // closing
        }
      }
    }
  }

  private touch(seq: number): void {
    this.sql.exec("INSERT INTO outbox (seq, version) VALUES (?, 1) ON CONFLICT (seq) DO UPDATE SET version = version + 1", seq);
  }

  private isClosed(userId: string): boolean {
    return this.sql.exec("SELECT 1 FROM closed WHERE user_id = ?", userId).toArray().length > 0;
  }

  /** The Worker's view of whether this member may write wins: a block lifted opens the conversation again. */
  private syncClosed(who: ChatContext): void {
    if (who.canWrite) this.sql.exec("DELETE FROM closed WHERE user_id = ?", who.userId);
    else this.sql.exec("INSERT OR IGNORE INTO closed (user_id) VALUES (?)", who.userId);
  }

  private meta(): Meta | null {
    return this.sql.exec<Meta>("SELECT conversation_id, kind, direct_key, last_seq FROM meta").toArray()[0] ?? null;
  }

  private countPending(): number {
    const a = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM outbox").one().n;
    const b = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM read_outbox").one().n;
    return a + b;
  }

  // ------------------------------------------------------------------ Postgres

  /** First use (or lost storage): the conversation's messages and read positions from Postgres. */
  private async ensureLoaded(who: ChatContext): Promise<void> {
    if (this.meta()) return;
    this.loading ??= (async () => {
      try {
        const state = await loadConversation(this.env, who.conversationId);
        if (this.meta()) return;
        this.ctx.storage.transactionSync(() => {
          const lastSeq = Math.max(0, ...state.messages.map((m) => m.seq));
          this.sql.exec(
            "INSERT INTO meta (id, conversation_id, kind, direct_key, last_seq) VALUES (1, ?, ?, ?, ?)",
            who.conversationId, who.kind, who.directKey, lastSeq,
          );
          for (const m of state.messages) {
            this.sql.exec(
              `INSERT OR IGNORE INTO messages (seq, id, sender_id, sender_name, receiver_id, content, client_id, status, read_at, sent_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
              m.seq, m.id, m.sender_id, m.sender_name, m.receiver_id, m.content, m.client_id, m.status, m.read_at, m.sent_at,
            );
          }
          for (const r of state.reads) this.sql.exec("INSERT OR REPLACE INTO reads (user_id, seq) VALUES (?, ?)", r.userId, r.seq);
        });
        log("info", "chat room loaded from Postgres", { conversationId: who.conversationId, messages: state.messages.length });
      } finally {
        this.loading = null;
      }
    })();
    await this.loading;
  }

  /**
   * After any change: write it through shortly (never awaited by the sender: the frames are
   * already sent), with the alarm as a safety net. Changes within FLUSH_COALESCE_MS share one
   * write, so a busy room spends its single thread on sockets, not on one Postgres request
   * (config, client, statement, JSON) per message.
   */
  private afterDecision(): void {
    this.armAlarm(SAFETY_NET_MS);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.requestFlush().catch(() => {});
    }, FLUSH_COALESCE_MS);
  }

  private armAlarm(inMs: number): void {
    if (this.alarmArmed) return;
    this.alarmArmed = true;
    this.ctx.storage.setAlarm(Date.now() + inMs).catch(() => (this.alarmArmed = false));
  }

  /**
   * Coalesced flush: one write to Postgres at a time (so writes land in order), and every caller
   * that arrives during one waits for the next, which takes everything queued meanwhile in one
   * statement. Never throws: false = still pending.
   */
  private requestFlush(): Promise<boolean> {
    if (!this.flushing) {
      this.flushing = this.runFlush().finally(() => (this.flushing = null));
      return this.flushing;
    }
    this.queuedFlush ??= this.flushing.then(() => {
      this.queuedFlush = null;
      return this.requestFlush();
    });
    return this.queuedFlush;
  }

  private async runFlush(): Promise<boolean> {
    const meta = this.meta();
    if (!meta) return true;
    try {
      for (;;) {
        const rows = this.sql
          .exec<StoredMessage & { version: number }>(
            "SELECT o.version, m.* FROM outbox o JOIN messages m ON m.seq = o.seq ORDER BY o.seq LIMIT 1000",
          )
          .toArray();
        const reads = this.sql
          .exec<{ user_id: string; version: number; seq: number }>(
            "SELECT o.user_id, o.version, r.seq FROM read_outbox o JOIN reads r ON r.user_id = o.user_id",
          )
          .toArray();
        if (rows.length === 0 && reads.length === 0) break;
        await writeThrough(this.env, {
          conversationId: meta.conversation_id,
          messages: rows,
          reads: reads.map((r) => ({ userId: r.user_id, seq: r.seq })),
        });
        this.ctx.storage.transactionSync(() => {
          for (const r of rows) this.sql.exec("DELETE FROM outbox WHERE seq = ? AND version = ?", r.seq, r.version);
          for (const r of reads) this.sql.exec("DELETE FROM read_outbox WHERE user_id = ? AND version = ?", r.user_id, r.version);
        });
        if (rows.length < 1000) break;
      }
      this.retryDelayMs = 0;
      return true;
    } catch (err) {
      this.retryDelayMs = Math.min(MAX_RETRY_MS, Math.max(1000, this.retryDelayMs * 2));
      const cause = ((err as { cause?: unknown }).cause ?? err) as { message?: unknown; type?: unknown };
      log("warn", "chat write-through failed; will retry", {
        conversationId: meta.conversation_id,
        error: String(cause.message || cause.type || cause).slice(0, 300),
        retryInMs: this.retryDelayMs,
      });
      this.alarmArmed = false;
      this.armAlarm(this.retryDelayMs);
      return false;
    }
  }
}

/** While writes are pending, an alarm this far out retries them even if the object was evicted mid-flush. */
const SAFETY_NET_MS = 30_000;
/** Changes this close together are written through to Postgres in one statement. */
const FLUSH_COALESCE_MS = 250;
const MAX_RETRY_MS = 60_000;
const ANNOUNCEMENT_FRAME = JSON.stringify({ type: "announcement" });

interface Attachment {
  userId: string;
  name: string;
  canWrite: boolean;
}

function toChat(m: StoredMessage): ChatMessage {
  return {
    id: m.id,
    seq: m.seq,
    senderId: m.sender_id,
    senderName: m.sender_name,
    text: m.content,
    sentAt: m.sent_at,
    clientId: m.client_id,
    status: m.status,
  };
}

function broadcast(sockets: Iterable<WebSocket>, text: string, to: (ws: WebSocket) => boolean): void {
  for (const ws of sockets) {
    if (!to(ws)) continue;
    try {
      ws.send(text);
    } catch {
      // a socket closing under us; its client catches up on reconnect
    }
  }
}

function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // already closed
  }
}

function frame(m: ChatMessage): string {
  return JSON.stringify({ type: "message", ...m });
}

function refuse(ws: WebSocket, code: RefusalCode, error: string, clientId?: string | null, retryAfterMs?: number): void {
  ws.send(JSON.stringify({ type: "error", code, error, ...(clientId ? { clientId } : {}), ...(retryAfterMs ? { retryAfterMs } : {}) }));
}
