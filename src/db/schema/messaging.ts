import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { id, timestamptz } from "./columns.ts";
import { events } from "./events.ts";

export const messageStatusEnum = pgEnum("message_status", ["SENT", "DELIVERED", "READ", "ARCHIVED"]);
/** DIRECT: two members; GROUP: members by invitation; CHANNEL: created by admins (open to members, or an event's registrants). */
export const conversationKindEnum = pgEnum("conversation_kind", ["DIRECT", "GROUP", "CHANNEL"]);
export const conversationRoleEnum = pgEnum("conversation_role", ["OWNER", "MEMBER"]);
/** A group's members join by invitation: INVITED until the invitee accepts (declining removes the row). */
export const conversationMemberStateEnum = pgEnum("conversation_member_state", ["INVITED", "JOINED"]);
export const messageReportStatusEnum = pgEnum("message_report_status", ["OPEN", "RESOLVED", "DISMISSED"]);
export const announcementAudienceEnum = pgEnum("announcement_audience", ["ALL", "REGULAR", "ADMIN", "SPECIFIC_GROUPS"]);

/**
 * A conversation: one ChatRoom Durable Object each (idFromName(conversation id)), which assigns
 * every message its sequence and writes it through here (src/objects/ChatRoom.ts).
 */
export const conversations = pgTable(
  "conversations",
  {
    id: id(),
    kind: conversationKindEnum("kind").notNull(),
    /** Groups and channels; a DIRECT conversation is titled by the other member's name. */
    title: text("title"),
    /** An event's channel: its registrants are its members. */
    eventId: text("event_id").references(() => events.id, { onDelete: "cascade" }),
    /** DIRECT only: the two member ids sorted and joined by ":", so a pair has one conversation. */
    directKey: text("direct_key").unique(),
    createdById: text("created_by_id").references(() => users.id, { onDelete: "set null" }),
    /** The highest sequence written through so far, and when it was sent (the list's order). */
    lastSeq: integer("last_seq").notNull().default(0),
    lastMessageAt: timestamptz("last_message_at"),
    /**
     * When a live socket last opened here (refreshed at most every few minutes): the rooms an
     * urgent announcement is pushed to are those opened within a day.
     */
    socketOpenedAt: timestamptz("socket_opened_at"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("idx_conversations_last_message").on(t.lastMessageAt.desc().nullsFirst()),
    index("idx_conversations_socket_opened").on(t.socketOpenedAt).where(sql`${t.socketOpenedAt} IS NOT NULL`),
    uniqueIndex("conversations_event_channel_key").on(t.eventId),
    check("conversations_direct_key_check", sql`(${t.kind} = 'DIRECT') = (${t.directKey} IS NOT NULL)`),
  ],
);

export const conversationMembers = pgTable(
  "conversation_members",
  {
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: conversationRoleEnum("role").notNull().default("MEMBER"),
    joinedAt: timestamptz("joined_at").notNull().defaultNow(),
    /** Messages up to this sequence have been seen by this member (unread = later ones from others). */
    lastReadSeq: integer("last_read_seq").notNull().default(0),
    /** Messages up to this sequence were in an unread digest already (one email per batch). */
    digestedSeq: integer("digested_seq").notNull().default(0),
    /** ARCHIVED per member: hidden from the list until a new message arrives. */
    archived: boolean("archived").notNull().default(false),
    muted: boolean("muted").notNull().default(false),
    /** Set when the member can no longer write here (they were blocked in a DIRECT conversation). */
    closedAt: timestamptz("closed_at"),
    /** INVITED: asked to join a group and not in it yet: cannot open it, and it is not in their list (only the invitation is). */
    state: conversationMemberStateEnum("state").notNull().default("JOINED"),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.userId] }), index("idx_conversation_members_user").on(t.userId)],
);

export const messages = pgTable(
  "messages",
  {
    id: id(),
    /** Null only for rows from before conversations existed; every message written now has one. */
    conversationId: text("conversation_id").references((): AnyPgColumn => conversations.id, { onDelete: "cascade" }),
    /** Assigned by the conversation's ChatRoom object: 1, 2, 3, ... per conversation. */
    seq: integer("seq"),
    /** The sender's own id for the message, so a resend after a lost acknowledgement is not stored twice. */
    clientId: text("client_id"),
    senderId: text("sender_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /**
     * The seed's receiver: in a DIRECT conversation, the other member. Null in groups and
     * channels, whose receivers are the conversation's members.
     */
    receiverId: text("receiver_id").references(() => users.id, { onDelete: "cascade" }),
    subject: text("subject"),
    content: text("content").notNull(),
    /**
     * SENT when stored; DELIVERED once it reached an open client of another member;
     * READ once another member saw the conversation (in a DIRECT conversation: the receiver).
     * ARCHIVED is the seed's value for old rows; archiving is per member now (conversation_members.archived).
     */
    status: messageStatusEnum("status").notNull().default("SENT"),
    readAt: timestamptz("read_at"),
    sentAt: timestamptz("sent_at").notNull().defaultNow(),
  },
  (t) => [
    // nullsFirst: drizzle-kit writes DESC as DESC NULLS LAST, which a plain ORDER BY ... DESC cannot use.
    index("idx_messages_sender").on(t.senderId, t.sentAt.desc().nullsFirst()),
    index("idx_messages_receiver").on(t.receiverId, t.status, t.sentAt.desc().nullsFirst()),
    uniqueIndex("messages_conversation_seq_key").on(t.conversationId, t.seq),
    uniqueIndex("messages_conversation_client_key").on(t.conversationId, t.senderId, t.clientId),
  ],
);

/** The blocker no longer receives messages from the blocked member (and their DIRECT conversation closes for the blocked). */
export const memberBlocks = pgTable(
  "member_blocks",
  {
    blockerId: text("blocker_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    blockedId: text("blocked_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.blockerId, t.blockedId] }), index("idx_member_blocks_blocked").on(t.blockedId)],
);

/** A member's report of a message, queued for admins (/admin/messages/reports). */
export const messageReports = pgTable(
  "message_reports",
  {
    id: id(),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    reporterId: text("reporter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    status: messageReportStatusEnum("status").notNull().default("OPEN"),
    createdAt: timestamptz("created_at").notNull().defaultNow(),
    resolvedAt: timestamptz("resolved_at"),
    resolvedById: text("resolved_by_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("message_reports_once_key").on(t.messageId, t.reporterId),
    index("idx_message_reports_status").on(t.status, t.createdAt),
  ],
);

export const announcements = pgTable(
  "announcements",
  {
    id: id(),
    title: text("title").notNull(),
    content: text("content").notNull(),
    senderId: text("sender_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    targetAudience: announcementAudienceEnum("target_audience"),
    /** Group ids when targetAudience is SPECIFIC_GROUPS. */
    targetGroups: jsonb("target_groups").$type<string[]>(),
    isUrgent: boolean("is_urgent").notNull().default(false),
    expiresAt: timestamptz("expires_at"),
    /** When it is (or was) published: members see it from then on. A future time is a scheduled one, still editable. */
    sentAt: timestamptz("sent_at").notNull().defaultNow(),
    /** Whether the audience also gets it by email (members who turned announcements off do not). */
    emailCopy: boolean("email_copy").notNull().default(true),
    /** When the email copies were queued in the outbox (null: not yet; the cron queues scheduled ones once due). */
    emailedAt: timestamptz("emailed_at"),
    updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("idx_announcements_sent_at").on(t.sentAt.desc().nullsFirst()),
    index("idx_announcements_sender").on(t.senderId),
    index("idx_announcements_urgent").on(t.sentAt).where(sql`is_urgent`),
    index("idx_announcements_unemailed").on(t.sentAt).where(sql`emailed_at IS NULL AND email_copy`),
  ],
);

/** A member opened an announcement (read), and, for an urgent one, closed its banner (dismissed). */
export const announcementReads = pgTable(
  "announcement_reads",
  {
    announcementId: text("announcement_id")
      .notNull()
      .references(() => announcements.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    readAt: timestamptz("read_at"),
    dismissedAt: timestamptz("dismissed_at"),
  },
  (t) => [primaryKey({ columns: [t.announcementId, t.userId] }), index("idx_announcement_reads_user").on(t.userId)],
);

export type Message = typeof messages.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
export type ConversationMember = typeof conversationMembers.$inferSelect;
export type ConversationKind = (typeof conversationKindEnum.enumValues)[number];
export type MessageReport = typeof messageReports.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type Announcement = typeof announcements.$inferSelect;
export type NewAnnouncement = typeof announcements.$inferInsert;
export type MessageStatus = (typeof messageStatusEnum.enumValues)[number];
export type AnnouncementAudience = (typeof announcementAudienceEnum.enumValues)[number];
