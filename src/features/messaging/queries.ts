// Reads and writes for messaging in Postgres: who may be in a conversation, the member's list,
// starting DIRECT conversations, groups, channels, blocks and reports. The messages themselves
// are written by the ChatRoom object (src/objects/ChatRoom.ts), never here.
import { and, count, desc, eq, gt, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import {
  conversationMembers,
  conversations,
  eventRegistrations,
  events,
  memberBlocks,
  messageReports,
  messages,
  users,
  type Conversation,
  type ConversationMember,
} from "../../db/schema/index.ts";
import { SEAT_STATUSES } from "../events/rules.ts";
import { directKeyOf } from "./chat.ts";

export const fullName = (u: { firstName: string; lastName: string }) => `${u.firstName} ${u.lastName}`.trim();

/**
 * The one rule of an event's channel: it is open to the members holding a seat at the event
 * (SEAT_STATUSES: the events' own definition), and to the admin who opened it (its owner). Checked whenever the channel is listed or opened,
 * so a member who registers later finds it, and one who cancels (or whose hold lapses) loses it.
 */
function holdsSeatAt(eventId: SQL, userId: string | SQL): SQL {
  return sql`EXISTS (SELECT 1 FROM event_registrations r WHERE r.event_id = ${eventId} AND r.user_id = ${userId}
    AND r.status IN (${sql.join(SEAT_STATUSES.map((s) => sql`${s}::registration_status`), sql`, `)}))`;
}
const CONVERSATION_EVENT = sql`"conversations"."event_id"`;

/**
 * Who reads a conversation, in SQL over a conversation_members row (`cm`, its alias or table
 * name) and its conversation (`c`): a joined member, and in an event's channel only while
 * holding a seat (or owning the channel). The member's list, the channels' member counts and
 * the unread digest all ask it.
 */
export function readsConversation(cm: string, c: string): SQL {
  return sql`${sql.raw(cm)}.state = 'JOINED' AND (${sql.raw(c)}.event_id IS NULL OR ${sql.raw(cm)}.role = 'OWNER'
    OR ${holdsSeatAt(sql.raw(`${c}.event_id`), sql.raw(`${cm}.user_id`))})`;
}

export interface Access {
  conversation: Conversation;
  member: ConversationMember;
  /** False when this member may read but not write (closed for them after a block). */
  canWrite: boolean;
  /** The other member of a DIRECT conversation. */
  peer: { id: string; name: string } | null;
  title: string;
}

/**
 * Whether this member is in the conversation, joining them to a channel they may join (every
 * verified member for a chapter channel, members holding a seat at the event for its channel).
 * Null: not theirs (the caller answers 404, so nobody learns which ids exist); an invitation
 * not yet accepted is not membership. A member blocked by the other member of a DIRECT
 * conversation gets `blocked`.
 */
export async function accessConversation(db: Db, conversationId: string, userId: string): Promise<Access | "blocked" | null> {
  const [conv] = await db.select().from(conversations).where(eq(conversations.id, conversationId));
  if (!conv) return null;
  let [member] = await db
    .select()
    .from(conversationMembers)
    .where(and(eq(conversationMembers.conversationId, conv.id), eq(conversationMembers.userId, userId)));
  // The admin who opened an event's channel (its owner) keeps it without a seat.
  if (conv.kind === "CHANNEL" && (!member || (conv.eventId && member.role !== "OWNER"))) {
    const allowed = conv.eventId ? await isRegistrant(db, conv.eventId, userId) : true;
    if (!allowed) return null;
    if (!member) {
      await db.insert(conversationMembers).values({ conversationId: conv.id, userId, lastReadSeq: 0 }).onConflictDoNothing();
      [member] = await db
        .select()
        .from(conversationMembers)
        .where(and(eq(conversationMembers.conversationId, conv.id), eq(conversationMembers.userId, userId)));
    }
  }
  if (member?.state !== "JOINED") return null;
  let peer: Access["peer"] = null;
  if (conv.kind === "DIRECT") {
    const peerId = conv.directKey!.split(":").find((id) => id !== userId) ?? userId;
    const [[p], blocks] = await Promise.all([
      db.select({ id: users.id, firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, peerId)),
      db.select({ blockerId: memberBlocks.blockerId }).from(memberBlocks).where(
        or(and(eq(memberBlocks.blockerId, peerId), eq(memberBlocks.blockedId, userId)), and(eq(memberBlocks.blockerId, userId), eq(memberBlocks.blockedId, peerId))),
      ),
    ]);
    if (blocks.some((b) => b.blockerId === peerId)) return "blocked";
    peer = p ? { id: p.id, name: fullName(p) } : null;
    const iBlocked = blocks.some((b) => b.blockerId === userId);
    return { conversation: conv, member, canWrite: !member.closedAt && !iBlocked, peer, title: peer?.name ?? "Conversation" };
  }
  return { conversation: conv, member, canWrite: !member.closedAt, peer, title: conv.title ?? "Conversation" };
}

async function isRegistrant(db: Db, eventId: string, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: eventRegistrations.id })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.userId, userId), inArray(eventRegistrations.status, [...SEAT_STATUSES])));
  return rows.length > 0;
}

export interface ConversationRow {
  id: string;
  kind: Conversation["kind"];
  title: string;
  lastMessageAt: Date | null;
  lastText: string | null;
  lastSender: string | null;
  unread: number;
}

/** Senders this member blocked: their messages are not counted, shown or previewed for them. */
const notBlockedBy = (userId: string) => sql`m.sender_id NOT IN (SELECT b.blocked_id FROM member_blocks b WHERE b.blocker_id = ${userId})`;

/**
 * The member's conversations (the inbox, or the ones they archived), newest message first, with
 * the last message and the unread count. An event's channel is listed only while they hold a seat.
 */
export async function listConversations(
  db: Db,
  userId: string,
  page: { limit: number; offset: number },
  opts: { archived?: boolean } = {},
): Promise<{ rows: ConversationRow[]; total: number }> {
  const where = and(
    eq(conversationMembers.userId, userId),
    eq(conversationMembers.archived, opts.archived ?? false),
    readsConversation('"conversation_members"', '"conversations"'),
  );
  const [rows, totals] = await Promise.all([
    db
      .select({
        id: conversations.id,
        kind: conversations.kind,
        title: conversations.title,
        directKey: conversations.directKey,
        lastMessageAt: conversations.lastMessageAt,
        lastReadSeq: conversationMembers.lastReadSeq,
        lastText: sql<string | null>`(SELECT m.content FROM messages m WHERE m.conversation_id = ${conversations.id} AND ${notBlockedBy(userId)} ORDER BY m.seq DESC LIMIT 1)`,
        lastSender: sql<string | null>`(SELECT u.first_name FROM messages m JOIN users u ON u.id = m.sender_id WHERE m.conversation_id = ${conversations.id} AND ${notBlockedBy(userId)} ORDER BY m.seq DESC LIMIT 1)`,
        unread: sql<number>`(SELECT count(*)::int FROM messages m WHERE m.conversation_id = ${conversations.id} AND m.seq > ${conversationMembers.lastReadSeq} AND m.sender_id <> ${userId} AND ${notBlockedBy(userId)})`,
      })
      .from(conversationMembers)
      .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
      .where(where)
      .orderBy(sql`${conversations.lastMessageAt} DESC NULLS LAST`, desc(conversations.createdAt))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(conversationMembers).innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId)).where(where),
  ]);
  const peerIds = rows.flatMap((r) => (r.directKey ? r.directKey.split(":").filter((id) => id !== userId) : []));
  const peers = peerIds.length
    ? await db.select({ id: users.id, firstName: users.firstName, lastName: users.lastName }).from(users).where(inArray(users.id, peerIds))
    : [];
  const names = new Map(peers.map((p) => [p.id, fullName(p)]));
  return {
    rows: rows.map((r) => {
      const peer = r.directKey?.split(":").find((id) => id !== userId);
      return {
        id: r.id,
        kind: r.kind,
        title: r.kind === "DIRECT" ? (names.get(peer ?? "") ?? "Member") : (r.title ?? "Conversation"),
        lastMessageAt: r.lastMessageAt,
        lastText: r.lastText,
        lastSender: r.lastSender,
        unread: Number(r.unread),
      };
    }),
    total: totals[0]?.n ?? 0,
  };
}

/** Channels this member may join and has not: the chapter's, and those of events where they hold a seat. */
export async function openChannels(db: Db, userId: string) {
  return db
    .select({ id: conversations.id, title: conversations.title })
    .from(conversations)
    .where(
      and(
        eq(conversations.kind, "CHANNEL"),
        or(isNull(conversations.eventId), holdsSeatAt(CONVERSATION_EVENT, userId)),
        sql`NOT EXISTS (SELECT 1 FROM conversation_members cm WHERE cm.conversation_id = ${conversations.id} AND cm.user_id = ${userId})`,
      ),
    )
    .orderBy(conversations.title);
}

/** A member someone may message: verified, active, not deleted. */
export async function findMessageableMember(db: Db, id: string) {
  const [row] = await db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email })
    .from(users)
    .where(and(eq(users.id, id), eq(users.isVerified, true), eq(users.isActive, true), isNull(users.deletedAt)));
  return row ?? null;
}

export async function findMemberByEmail(db: Db, email: string) {
  const [row] = await db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, eq(users.isVerified, true), eq(users.isActive, true), isNull(users.deletedAt)));
  return row ?? null;
}

export async function findDirect(db: Db, a: string, b: string): Promise<string | null> {
  const [row] = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.directKey, directKeyOf(a, b)));
  return row?.id ?? null;
}

/** The pair's one DIRECT conversation, made if missing (two people starting at once get the same one). */
export async function ensureDirect(db: Db, from: string, to: string): Promise<string> {
  const key = directKeyOf(from, to);
  const id = newId();
  await db.batch([
    db.insert(conversations).values({ id, kind: "DIRECT", directKey: key, createdById: from }).onConflictDoNothing(),
    db
      .insert(conversationMembers)
      .select(
        sql`SELECT c.id, u.id, 'MEMBER'::conversation_role, now(), 0, 0, false, false, NULL::timestamptz, 'JOINED'::conversation_member_state
            FROM conversations c CROSS JOIN unnest(${sql.param([from, to])}::text[]) AS u(id)
            WHERE c.direct_key = ${key}`,
      )
      .onConflictDoNothing(),
  ]);
  return (await findDirect(db, from, to))!;
}

export async function createGroup(db: Db, ownerId: string, title: string): Promise<string> {
  const id = newId();
  await db.batch([
    db.insert(conversations).values({ id, kind: "GROUP", title, createdById: ownerId }),
    db.insert(conversationMembers).values({ conversationId: id, userId: ownerId, role: "OWNER" }),
  ]);
  return id;
}

/** An event's channel, for its page (null: the event has none). */
export async function findEventChannel(db: Db, eventId: string): Promise<string | null> {
  const [row] = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.eventId, eventId));
  return row?.id ?? null;
}

/** Invites a member to a group (false: already invited or in it). They join by accepting. */
export async function inviteMember(db: DbOrTx, conversationId: string, userId: string): Promise<boolean> {
  const rows = await db
    .insert(conversationMembers)
    .values({ conversationId, userId, state: "INVITED" })
    .onConflictDoNothing()
    .returning({ userId: conversationMembers.userId });
  return rows.length > 0;
}

/** The member's own row in a conversation, invitation or membership. */
export async function findMembership(db: Db, conversationId: string, userId: string) {
  const [row] = await db
    .select({ role: conversationMembers.role, state: conversationMembers.state, kind: conversations.kind })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)));
  return row ?? null;
}

/** Groups this member is invited to, with who owns them. */
export async function listInvitations(db: Db, userId: string) {
  return db
    .select({
      id: conversations.id,
      title: conversations.title,
      owner: sql<string | null>`(SELECT u.first_name || ' ' || u.last_name FROM conversation_members o JOIN users u ON u.id = o.user_id
        WHERE o.conversation_id = ${conversationMembers.conversationId} AND o.role = 'OWNER' LIMIT 1)`,
    })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(and(eq(conversationMembers.userId, userId), eq(conversationMembers.state, "INVITED")))
    .orderBy(desc(conversationMembers.joinedAt))
    .limit(50);
}

/** The invitee accepts: they are a member from now on (false: no invitation). */
export async function acceptInvitation(db: Db, conversationId: string, userId: string): Promise<boolean> {
  const rows = await db
    .update(conversationMembers)
    .set({ state: "JOINED", joinedAt: new Date() })
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId), eq(conversationMembers.state, "INVITED")))
    .returning({ userId: conversationMembers.userId });
  return rows.length > 0;
}

/**
 * Takes a member (or an invitation) out of a group: declining, leaving, or removed by the owner.
 * The owner's own row stays (a group keeps its owner). False: nothing to remove.
 */
export async function removeMember(db: Db, conversationId: string, userId: string, state?: "INVITED" | "JOINED"): Promise<boolean> {
  const rows = await db
    .delete(conversationMembers)
    .where(
      and(
        eq(conversationMembers.conversationId, conversationId),
        eq(conversationMembers.userId, userId),
        eq(conversationMembers.role, "MEMBER"),
        state ? eq(conversationMembers.state, state) : undefined,
      ),
    )
    .returning({ userId: conversationMembers.userId });
  return rows.length > 0;
}

export async function listMembers(db: Db, conversationId: string) {
  return db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, role: conversationMembers.role, state: conversationMembers.state })
    .from(conversationMembers)
    .innerJoin(users, eq(users.id, conversationMembers.userId))
    .where(eq(conversationMembers.conversationId, conversationId))
    .orderBy(users.firstName, users.lastName)
    .limit(200);
}

export async function setArchived(db: Db, conversationId: string, userId: string, archived: boolean): Promise<void> {
  await db
    .update(conversationMembers)
    .set({ archived })
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)));
}

/** Blocks `blocked` for `blocker`; their DIRECT conversation closes for the blocked member. Returns that conversation's id, if any. */
export async function blockMember(db: Db, blocker: string, blocked: string): Promise<string | null> {
  const direct = await findDirect(db, blocker, blocked);
  await db.batch([
    db.insert(memberBlocks).values({ blockerId: blocker, blockedId: blocked }).onConflictDoNothing(),
    db
      .update(conversationMembers)
      .set({ closedAt: new Date() })
      .where(and(eq(conversationMembers.conversationId, direct ?? ""), eq(conversationMembers.userId, blocked))),
  ]);
  return direct;
}

export async function unblockMember(db: Db, blocker: string, blocked: string): Promise<void> {
  const direct = await findDirect(db, blocker, blocked);
  await db.batch([
    db.delete(memberBlocks).where(and(eq(memberBlocks.blockerId, blocker), eq(memberBlocks.blockedId, blocked))),
    db
      .update(conversationMembers)
      .set({ closedAt: null })
      .where(and(eq(conversationMembers.conversationId, direct ?? ""), eq(conversationMembers.userId, blocked))),
  ]);
}

/** The members this member blocked (in groups and channels their messages are hidden from them). */
export async function listBlocked(db: Db, blocker: string) {
  return db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
    .from(memberBlocks)
    .innerJoin(users, eq(users.id, memberBlocks.blockedId))
    .where(eq(memberBlocks.blockerId, blocker))
    .limit(500);
}

export async function isBlockedBy(db: Db, blocker: string, blocked: string): Promise<boolean> {
  const rows = await db.select({ b: memberBlocks.blockerId }).from(memberBlocks).where(and(eq(memberBlocks.blockerId, blocker), eq(memberBlocks.blockedId, blocked)));
  return rows.length > 0;
}

/** A message in a conversation, as Postgres has it (reports need it written through). */
export async function findMessage(db: Db, conversationId: string, messageId: string) {
  const [row] = await db
    .select({ id: messages.id, content: messages.content, senderId: messages.senderId, firstName: users.firstName, lastName: users.lastName, sentAt: messages.sentAt })
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderId))
    .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId)));
  return row ?? null;
}

export async function reportMessage(db: Db, messageId: string, reporterId: string, reason: string): Promise<void> {
  await db.insert(messageReports).values({ messageId, reporterId, reason }).onConflictDoNothing();
}

export async function listReports(db: Db, status: "OPEN" | "RESOLVED" | "DISMISSED", page: { limit: number; offset: number }) {
  const where = eq(messageReports.status, status);
  const [rows, totals] = await Promise.all([
    db
      .select({
        id: messageReports.id,
        reason: messageReports.reason,
        status: messageReports.status,
        createdAt: messageReports.createdAt,
        resolvedAt: messageReports.resolvedAt,
        messageId: messages.id,
        content: messages.content,
        sentAt: messages.sentAt,
        conversationId: messages.conversationId,
        senderId: messages.senderId,
        senderName: sql<string>`(SELECT u.first_name || ' ' || u.last_name FROM users u WHERE u.id = ${messages.senderId})`.as("sender_name"),
        reporterName: sql<string>`(SELECT u.first_name || ' ' || u.last_name FROM users u WHERE u.id = ${messageReports.reporterId})`.as("reporter_name"),
      })
      .from(messageReports)
      .innerJoin(messages, eq(messages.id, messageReports.messageId))
      .where(where)
      .orderBy(desc(messageReports.createdAt))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(messageReports).where(where),
  ]);
  return { rows, total: totals[0]?.n ?? 0 };
}

export async function listChannels(db: Db) {
  return db
    .select({
      id: conversations.id,
      title: conversations.title,
      eventId: conversations.eventId,
      eventTitle: events.title,
      createdAt: conversations.createdAt,
      // An event's channel counts the members who still hold a seat (a cancelled one's row stays until it is refused).
      members: sql<number>`(SELECT count(*)::int FROM conversation_members cm WHERE cm.conversation_id = ${conversations.id}
        AND ${readsConversation("cm", '"conversations"')})`,
    })
    .from(conversations)
    .leftJoin(events, eq(events.id, conversations.eventId))
    .where(eq(conversations.kind, "CHANNEL"))
    .orderBy(desc(conversations.createdAt))
    .limit(200);
}

/** Events an admin may open a channel for: not deleted, without a channel yet. */
export async function eventsWithoutChannel(db: Db) {
  return db
    .select({ id: events.id, title: events.title, startDate: events.startDate })
    .from(events)
    .where(and(isNull(events.deletedAt), ne(events.status, "DRAFT"), gt(events.endDate, sql`now() - interval '30 days'`), sql`NOT EXISTS (SELECT 1 FROM conversations c WHERE c.event_id = ${events.id})`))
    .orderBy(events.startDate)
    .limit(200);
}
