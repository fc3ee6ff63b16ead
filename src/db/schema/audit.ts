import { date, doublePrecision, index, jsonb, pgEnum, pgTable, text, unique } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { createdAt, id, timestamptz, updatedAt } from "./columns.ts";

export const adminActionTypeEnum = pgEnum("admin_action_type", [
  "USER_CREATED",
  "USER_UPDATED",
  "USER_DELETED",
  "PROJECT_CREATED",
  "PROJECT_UPDATED",
  "PROJECT_DELETED",
  "EVENT_CREATED",
  "EVENT_UPDATED",
  "EVENT_DELETED",
  "PAYMENT_PROCESSED",
  "MEMBERSHIP_RENEWED",
  "SYSTEM_CONFIG_CHANGED",
  // Beyond the seed: role administration, attendee changes and outbox resends get their own types.
  "ROLE_CREATED",
  "ROLE_UPDATED",
  "ROLE_ASSIGNED",
  "ROLE_REVOKED",
  "REGISTRATION_UPDATED",
  "EMAIL_RESENT",
  // Messaging moderation: a chapter channel created, a reported message resolved or dismissed.
  "CHANNEL_CREATED",
  "MESSAGE_REPORT_HANDLED",
  // Announcements, credential reviews, learning and the admin console.
  "ANNOUNCEMENT_CHANGED",
  "CREDENTIAL_REVIEWED",
  "COURSE_CREATED",
  "COURSE_UPDATED",
  "CERTIFICATE_REVOKED",
  "FEEDBACK_UPDATED",
  "MEMBERS_IMPORTED",
  "BULK_ACTION",
]);
export const feedbackCategoryEnum = pgEnum("feedback_category", ["GENERAL", "FEATURE_REQUEST", "BUG_REPORT", "SUPPORT"]);
export const feedbackPriorityEnum = pgEnum("feedback_priority", ["LOW", "MEDIUM", "HIGH", "URGENT"]);
export const feedbackStatusEnum = pgEnum("feedback_status", ["OPEN", "IN_PROGRESS", "RESOLVED", "CLOSED"]);

export const adminActions = pgTable(
  "admin_actions",
  {
    id: id(),
    action: adminActionTypeEnum("action").notNull(),
    /** The admin who acted. */
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    targetUserId: text("target_user_id").references(() => users.id, { onDelete: "set null" }),
    details: text("details"),
    metadata: jsonb("metadata"),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
  },
  (t) => [
    // nullsFirst: drizzle-kit writes DESC as DESC NULLS LAST, which a plain ORDER BY ... DESC cannot use.
    index("idx_admin_actions_user").on(t.userId, t.createdAt.desc().nullsFirst()),
    index("idx_admin_actions_type").on(t.action, t.createdAt.desc().nullsFirst()),
    index("idx_admin_actions_target").on(t.targetUserId),
  ],
);

export const memberFeedback = pgTable(
  "member_feedback",
  {
    id: id(),
    // The seed has no relation here; the ERD draws one, so it is a real FK.
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    category: feedbackCategoryEnum("category").notNull(),
    subject: text("subject").notNull(),
    message: text("message").notNull(),
    priority: feedbackPriorityEnum("priority").notNull().default("MEDIUM"),
    status: feedbackStatusEnum("status").notNull().default("OPEN"),
    response: text("response"),
    respondedAt: timestamptz("responded_at"),
    respondedBy: text("responded_by").references(() => users.id, { onDelete: "set null" }),
    /** Beyond the seed: the admin who owns the ticket, and the page the member sent it from. */
    assignedToId: text("assigned_to_id").references(() => users.id, { onDelete: "set null" }),
    pageUrl: text("page_url"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("idx_member_feedback_status").on(t.status, t.createdAt.desc().nullsFirst()),
    index("idx_member_feedback_user").on(t.userId),
    index("idx_member_feedback_assigned").on(t.assignedToId),
  ],
);

/** The conversation on a ticket: an admin's reply (emailed to the member) or the member's follow-up. */
export const feedbackReplies = pgTable(
  "feedback_replies",
  {
    id: id(),
    feedbackId: text("feedback_id")
      .notNull()
      .references(() => memberFeedback.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("idx_feedback_replies_feedback").on(t.feedbackId, t.createdAt)],
);

export const systemMetrics = pgTable(
  "system_metrics",
  {
    id: id(),
    /** ACTIVE_USERS, PROJECT_VIEWS, EVENT_REGISTRATIONS, ... (open-ended, so text). */
    metric: text("metric").notNull(),
    value: doublePrecision("value").notNull(),
    metadata: jsonb("metadata"),
    recordedAt: timestamptz("recorded_at").notNull().defaultNow(),
    /**
     * Beyond the seed: the Pacific day a roll-up row describes, and what it is about ("" for the
     * whole chapter, else e.g. a project id for its page views). One row per metric, day and
     * dimension, so re-running a day's roll-up replaces it.
     */
    day: date("day", { mode: "string" }),
    dimension: text("dimension").notNull().default(""),
  },
  (t) => [
    index("idx_system_metrics_metric").on(t.metric, t.recordedAt.desc().nullsFirst()),
    unique("system_metrics_metric_day_dimension_key").on(t.metric, t.day, t.dimension),
  ],
);

export type AdminAction = typeof adminActions.$inferSelect;
export type NewAdminAction = typeof adminActions.$inferInsert;
export type MemberFeedback = typeof memberFeedback.$inferSelect;
export type NewMemberFeedback = typeof memberFeedback.$inferInsert;
export type SystemMetric = typeof systemMetrics.$inferSelect;
export type FeedbackReply = typeof feedbackReplies.$inferSelect;
export type AdminActionType = (typeof adminActionTypeEnum.enumValues)[number];
export type FeedbackCategory = (typeof feedbackCategoryEnum.enumValues)[number];
export type FeedbackPriority = (typeof feedbackPriorityEnum.enumValues)[number];
export type FeedbackStatus = (typeof feedbackStatusEnum.enumValues)[number];
