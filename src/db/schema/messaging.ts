import { boolean, index, jsonb, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { id, timestamptz } from "./columns.ts";

export const messageStatusEnum = pgEnum("message_status", ["SENT", "DELIVERED", "READ", "ARCHIVED"]);
export const announcementAudienceEnum = pgEnum("announcement_audience", ["ALL", "REGULAR", "ADMIN", "SPECIFIC_GROUPS"]);

export const messages = pgTable(
  "messages",
  {
    id: id(),
    senderId: text("sender_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    receiverId: text("receiver_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    subject: text("subject"),
    content: text("content").notNull(),
    status: messageStatusEnum("status").notNull().default("SENT"),
    readAt: timestamptz("read_at"),
    sentAt: timestamptz("sent_at").notNull().defaultNow(),
  },
  (t) => [
    // nullsFirst: drizzle-kit writes DESC as DESC NULLS LAST, which a plain ORDER BY ... DESC cannot use.
    index("idx_messages_sender").on(t.senderId, t.sentAt.desc().nullsFirst()),
    index("idx_messages_receiver").on(t.receiverId, t.status, t.sentAt.desc().nullsFirst()),
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
    sentAt: timestamptz("sent_at").notNull().defaultNow(),
  },
  (t) => [
    index("idx_announcements_sent_at").on(t.sentAt.desc().nullsFirst()),
    index("idx_announcements_sender").on(t.senderId),
  ],
);

export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type Announcement = typeof announcements.$inferSelect;
export type NewAnnouncement = typeof announcements.$inferInsert;
export type MessageStatus = (typeof messageStatusEnum.enumValues)[number];
export type AnnouncementAudience = (typeof announcementAudienceEnum.enumValues)[number];
