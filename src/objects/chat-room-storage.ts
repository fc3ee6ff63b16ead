// What the ChatRoom object keeps: its SQLite schema, and its two conversations with Postgres,
// loading a conversation's messages when its storage is empty and writing stored messages
// (and read positions) through. A client is made and ended inside each call, as in
// event-capacity-storage.ts: Workers cannot keep sockets across requests.
import { asc, eq, sql } from "drizzle-orm";
import { loadConfig, type Config } from "../config.ts";
import { createDb, type Db } from "../db/client.ts";
import { conversationMembers, messages, users } from "../db/schema/index.ts";

/** A type, not an interface: SqlStorage rows need the implicit index signature. */
export type StoredMessage = {
  seq: number;
  id: string;
  sender_id: string;
  sender_name: string;
  receiver_id: string | null;
  content: string;
  client_id: string | null;
  status: "SENT" | "DELIVERED" | "READ" | "ARCHIVED";
  read_at: number | null;
  sent_at: number;
};
export type Meta = { conversation_id: string; kind: string; direct_key: string | null; last_seq: number };

/** Run at every start (IF NOT EXISTS), also after storage was wiped. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  conversation_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  direct_key TEXT,
  last_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  sender_id TEXT NOT NULL,
  sender_name TEXT NOT NULL,
  receiver_id TEXT,
  content TEXT NOT NULL,
  client_id TEXT,
  status TEXT NOT NULL,
  read_at INTEGER,
  sent_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_by_client ON messages (sender_id, client_id) WHERE client_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_unread ON messages (status, seq);
-- How far each member has read.
CREATE TABLE IF NOT EXISTS reads (user_id TEXT PRIMARY KEY, seq INTEGER NOT NULL);
-- Members who may read but no longer write (blocked in a DIRECT conversation).
CREATE TABLE IF NOT EXISTS closed (user_id TEXT PRIMARY KEY);
-- Messages (by seq) and read positions (by user) not yet written to Postgres. The version lets
-- a flush delete only what it wrote, not a change made while it was writing.
CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS read_outbox (user_id TEXT PRIMARY KEY, version INTEGER NOT NULL);`;

/** The config parsed once per env object (not once per flush: the flush runs in the room's one thread). */
const configs = new WeakMap<object, Config>();
function configFor(env: Env): Config {
  let config = configs.get(env);
  if (!config) configs.set(env, (config = loadConfig(env as unknown as Record<string, unknown>)));
  return config;
}

/**
 * The object's client, made once per env object: both calls below use only the HTTP path
 * (one fetch per statement, no socket held between them), so there is nothing to end, and a
 * busy room does not rebuild drizzle's schema maps on every flush.
 */
const clients = new WeakMap<object, Db>();
async function withDb<T>(env: Env, run: (db: Db) => Promise<T>): Promise<T> {
  let db = clients.get(env);
  if (!db) clients.set(env, (db = createDb(configFor(env)).db));
  return run(db);
}

export interface LoadedConversation {
  messages: StoredMessage[];
  reads: Array<{ userId: string; seq: number }>;
}

/**
 * The conversation as Postgres knows it, for an object whose storage is empty (first use, or
 * lost). Every message is loaded, so catch-up and history are served by the object alone.
 */
export async function loadConversation(env: Env, conversationId: string): Promise<LoadedConversation> {
  return withDb(env, async (db) => {
    const [rows, members] = await Promise.all([
      db
        .select({
          seq: messages.seq,
          id: messages.id,
          senderId: messages.senderId,
          firstName: users.firstName,
          lastName: users.lastName,
          receiverId: messages.receiverId,
          content: messages.content,
          clientId: messages.clientId,
          status: messages.status,
          readAt: messages.readAt,
          sentAt: messages.sentAt,
        })
        .from(messages)
        .innerJoin(users, eq(users.id, messages.senderId))
        .where(eq(messages.conversationId, conversationId))
        .orderBy(asc(messages.seq)),
      db
        .select({ userId: conversationMembers.userId, seq: conversationMembers.lastReadSeq })
        .from(conversationMembers)
        .where(eq(conversationMembers.conversationId, conversationId)),
    ]);
    return {
      messages: rows
        .filter((r) => r.seq !== null)
        .map((r) => ({
          seq: r.seq!,
          id: r.id,
          sender_id: r.senderId,
          sender_name: `${r.firstName} ${r.lastName}`.trim(),
          receiver_id: r.receiverId,
          content: r.content,
          client_id: r.clientId,
          status: r.status,
          read_at: r.readAt?.getTime() ?? null,
          sent_at: r.sentAt.getTime(),
        })),
      reads: members,
    };
  });
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const param = (value: unknown) => sql.param(value);

export interface WriteBatch {
  conversationId: string;
  messages: StoredMessage[];
  reads: Array<{ userId: string; seq: number }>;
}

/**
 * One statement, so it is atomic and one round trip however many rows: messages upserted by
 * the ids the object chose (a retry rewrites the same rows; only status and read time change
 * afterwards), read positions only ever raised, the conversation's last sequence and time raised,
 * and the conversation un-archived for everyone when a new message arrived.
 */
export async function writeThrough(env: Env, batch: WriteBatch): Promise<void> {
  const m = batch.messages;
  const maxSeq = Math.max(0, ...m.map((r) => r.seq));
  const last = m.find((r) => r.seq === maxSeq);
  await withDb(env, async (db) => {
    await db.execute(sql`
      WITH input AS (
        SELECT * FROM unnest(
          ${param(m.map((r) => r.id))}::text[], ${param(m.map((r) => r.seq))}::integer[],
          ${param(m.map((r) => r.sender_id))}::text[], ${param(m.map((r) => r.receiver_id))}::text[],
          ${param(m.map((r) => r.content))}::text[], ${param(m.map((r) => r.client_id))}::text[],
          ${param(m.map((r) => r.status))}::message_status[], ${param(m.map((r) => iso(r.read_at)))}::timestamptz[],
          ${param(m.map((r) => iso(r.sent_at)))}::timestamptz[]
        ) AS t(id, seq, sender_id, receiver_id, content, client_id, status, read_at, sent_at)
      ), upserted AS (
        INSERT INTO messages AS m (id, conversation_id, seq, sender_id, receiver_id, content, client_id, status, read_at, sent_at)
        SELECT id, ${batch.conversationId}, seq, sender_id, receiver_id, content, client_id, status, read_at, sent_at FROM input
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, read_at = excluded.read_at
        RETURNING 1
      ), reads AS (
        UPDATE conversation_members cm SET last_read_seq = GREATEST(cm.last_read_seq, r.seq)
        FROM unnest(${param(batch.reads.map((r) => r.userId))}::text[], ${param(batch.reads.map((r) => r.seq))}::integer[]) AS r(user_id, seq)
        WHERE cm.conversation_id = ${batch.conversationId} AND cm.user_id = r.user_id
        RETURNING 1
      ), unarchived AS (
        UPDATE conversation_members SET archived = false
        WHERE conversation_id = ${batch.conversationId} AND archived
          AND ${maxSeq}::integer > (SELECT last_seq FROM conversations WHERE id = ${batch.conversationId})
        RETURNING 1
      )
      UPDATE conversations SET last_seq = ${maxSeq}::integer, last_message_at = ${iso(last?.sent_at ?? null)}::timestamptz
      WHERE id = ${batch.conversationId} AND last_seq < ${maxSeq}::integer`);
  });
}
