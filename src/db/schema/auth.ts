import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, text, unique } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { createdAt, id, timestamptz } from "./columns.ts";

// Tables the seed does not list but accounts need: sessions (Lucia's guide),
// single-use email tokens, 2FA recovery codes, and the email outbox.

export const sessions = pgTable(
  "sessions",
  {
    /** The public half of the cookie token `id.secret`. */
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Hex SHA-256 of the secret half; the secret itself is never stored. */
    secretHash: text("secret_hash").notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamptz("last_seen_at").notNull().defaultNow(),
    expiresAt: timestamptz("expires_at").notNull(),
    /** False between password and second factor for accounts with 2FA. */
    twoFactorVerified: boolean("two_factor_verified").notNull().default(false),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
  },
  (t) => [index("idx_sessions_user").on(t.userId, t.lastSeenAt.desc().nullsFirst()), index("idx_sessions_expires").on(t.expiresAt)],
);

export const emailTokenPurposeEnum = pgEnum("email_token_purpose", ["VERIFY_EMAIL", "RESET_PASSWORD", "CHANGE_EMAIL", "INVITE"]);

export const emailTokens = pgTable(
  "email_tokens",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: emailTokenPurposeEnum("purpose").notNull(),
    /** Hex SHA-256 of the token in the link. */
    tokenHash: text("token_hash").notNull().unique(),
    /** The address being verified by a CHANGE_EMAIL token. */
    newEmail: text("new_email"),
    expiresAt: timestamptz("expires_at").notNull(),
    usedAt: timestamptz("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("idx_email_tokens_user").on(t.userId, t.purpose)],
);

export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamptz("used_at"),
    createdAt: createdAt(),
  },
  (t) => [unique("recovery_codes_user_code_unique").on(t.userId, t.codeHash)],
);

export const outboxStatusEnum = pgEnum("outbox_status", ["PENDING", "SENT", "DEAD"]);

export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: id(),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    /** What caused it (VERIFY_EMAIL, RESET_PASSWORD, ...), for the admin outbox screen. */
    kind: text("kind").notNull(),
    status: outboxStatusEnum("status").notNull().default("PENDING"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamptz("next_attempt_at").notNull().defaultNow(),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    createdAt: createdAt(),
    sentAt: timestamptz("sent_at"),
  },
  (t) => [
    index("idx_email_outbox_due").on(t.nextAttemptAt).where(sql`status = 'PENDING'`),
    index("idx_email_outbox_created").on(t.createdAt.desc().nullsFirst()),
    check("email_outbox_attempts_check", sql`${t.attempts} >= 0`),
  ],
);

