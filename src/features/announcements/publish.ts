// Announcement workflows: create and edit (audited, in one transaction), and the email copies:
// queued in the outbox once the announcement's time has come, in multi-row batches, to the
// members of its audience who want announcements. Claiming (emailed_at) and queueing happen in
// one transaction, and each email's outbox id is derived from (announcement, member), so a
// retried run never queues a copy twice. Publish-now queues in the same transaction as the
// insert; scheduled ones are queued by the cron (`queueDueAnnouncementEmails`).
import { and, eq, sql } from "drizzle-orm";
import type { Config } from "../../config.ts";
import type { Db, Tx } from "../../db/client.ts";
import { idFrom, newId } from "../../db/ids.ts";
import type { NotificationPreferences } from "../../db/schema/accounts.ts";
import { announcements, users, type Announcement } from "../../db/schema/index.ts";
import { changedFields, recordAdminAction, type AuditActor } from "../../lib/audit.ts";
import { wantsEmail } from "../../lib/email-preferences.ts";
import { markdownToText } from "../../lib/markdown.ts";
import { formatDateTime } from "../../lib/time.ts";
import { inAudience, type AudienceKind, type GroupKey } from "./queries.ts";

/** Rows per outbox insert. */
const BATCH = 500;
/** Announcements whose copies one cron run queues. */
const PER_RUN = 10;

export interface AnnouncementInput {
  title: string;
  content: string;
  audience: AudienceKind;
  groups: GroupKey[];
  isUrgent: boolean;
  emailCopy: boolean;
  /** When members see it (and the emails go): now, or a later time. */
  publishAt: Date;
  expiresAt: Date | null;
}

/** Until published (its time not yet come), an announcement can still be edited. */
export function isEditable(a: Pick<Announcement, "sentAt" | "emailedAt">, now: Date): boolean {
  return a.sentAt.getTime() > now.getTime() && a.emailedAt === null;
}

function columns(input: AnnouncementInput) {
  return {
    title: input.title,
    content: input.content,
    targetAudience: input.audience,
    targetGroups: input.audience === "SPECIFIC_GROUPS" ? input.groups : null,
    isUrgent: input.isUrgent,
    emailCopy: input.emailCopy,
    sentAt: input.publishAt,
    expiresAt: input.expiresAt,
  };
}

const AUDIT_ACTION = "ANNOUNCEMENT_CHANGED" as const;

export async function createAnnouncement(db: Db, config: Config, actor: AuditActor, input: AnnouncementInput, now: Date = new Date()): Promise<{ id: string; emails: number; urgent: boolean }> {
  const id = newId();
  let published = { emails: 0, urgent: false };
  await db.transaction(async (tx) => {
    await tx.insert(announcements).values({ id, senderId: actor.userId, ...columns(input), updatedAt: now });
    await recordAdminAction(tx, actor, {
      action: AUDIT_ACTION,
      details: `Announcement ${input.publishAt <= now ? "published" : `scheduled for ${formatDateTime(input.publishAt)}`}: ${input.title}`,
      after: { ...columns(input), id },
      extra: { announcementId: id },
    });
    if (input.publishAt <= now) published = await queueEmails(tx, config, id, now);
  });
  return { id, ...published };
}

/**
 * Edits one not yet published: null when it was published meanwhile (the caller says so), else
 * whether this edit published an urgent one.
 */
export async function updateAnnouncement(db: Db, config: Config, actor: AuditActor, before: Announcement, input: AnnouncementInput, now: Date = new Date()): Promise<{ urgent: boolean } | null> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(announcements)
      .set({ ...columns(input), updatedAt: now })
      .where(and(eq(announcements.id, before.id), sql`${announcements.sentAt} > ${now.toISOString()}::timestamptz`, sql`${announcements.emailedAt} IS NULL`))
      .returning({ id: announcements.id });
    if (updated.length === 0) return null;
    const diff = changedFields(columns(fromRow(before)), columns(input));
    await recordAdminAction(tx, actor, {
      action: AUDIT_ACTION,
      details: `Announcement edited before publishing: ${input.title}`,
      ...diff,
      extra: { announcementId: before.id },
    });
    if (input.publishAt <= now) return { urgent: (await queueEmails(tx, config, before.id, now)).urgent };
    return { urgent: false };
  });
}

function fromRow(a: Announcement): AnnouncementInput {
  return {
    title: a.title,
    content: a.content,
    audience: a.targetAudience ?? "ALL",
    groups: (a.targetGroups ?? []) as GroupKey[],
    isUrgent: a.isUrgent,
    emailCopy: a.emailCopy,
    publishAt: a.sentAt,
    expiresAt: a.expiresAt,
  };
}

/**
 * Claims the announcement's publication step (emailed_at, once) and queues a copy for every
 * member of the audience who wants announcements, BATCH rows per insert. Returns the copies
 * queued, and whether this claim published an urgent one (its banner is then pushed live).
 */
async function queueEmails(tx: Tx, config: Config, id: string, now: Date): Promise<{ emails: number; urgent: boolean }> {
  const [claimed] = await tx
    .update(announcements)
    .set({ emailedAt: now })
    .where(and(eq(announcements.id, id), sql`${announcements.emailedAt} IS NULL`, sql`${announcements.sentAt} <= ${now.toISOString()}::timestamptz`))
    .returning();
  if (!claimed) return { emails: 0, urgent: false };
  const live = !claimed.expiresAt || claimed.expiresAt > now;
  const urgent = claimed.isUrgent && live;
  if (!claimed.emailCopy || !live) return { emails: 0, urgent };
  const audience = await tx
    .select({ id: users.id, email: users.email, prefs: users.notificationPreferences })
    .from(announcements)
    .innerJoin(users, sql`${users.isActive} AND ${users.isVerified} AND ${users.deletedAt} IS NULL AND ${inAudience(sql`${users.id}`)}`)
    .where(eq(announcements.id, id));
  const recipients = audience.filter((u) => wantsEmail(u.prefs as NotificationPreferences | null, "announcements"));
  const subject = `${claimed.isUrgent ? "Urgent: " : ""}${claimed.title}`;
  const base = config.PUBLIC_URL.replace(/\/$/, "");
  const text = [
    claimed.title,
    "",
    markdownToText(claimed.content),
    "",
    `Read it on the portal: ${base}/announcements/${id}`,
    `Turn announcement emails off on your account page: ${base}/account`,
  ].join("\n");
  for (let i = 0; i < recipients.length; i += BATCH) {
    const batch = recipients.slice(i, i + BATCH);
    const ids = await Promise.all(batch.map((u) => idFrom(`announcement:${id}:${u.id}`)));
    await tx.execute(sql`
      INSERT INTO email_outbox (id, user_id, to_address, subject, text_body, kind)
      SELECT id, user_id, to_address, ${subject}, ${text}, 'ANNOUNCEMENT'
      FROM unnest(${sql.param(ids)}::text[], ${sql.param(batch.map((u) => u.id))}::text[], ${sql.param(batch.map((u) => u.email))}::text[])
        AS t(id, user_id, to_address)
      ON CONFLICT (id) DO NOTHING`);
  }
  return { emails: recipients.length, urgent };
}

/** The cron step: email copies of scheduled announcements whose time has come. */
export async function queueDueAnnouncementEmails(db: Db, config: Config, now: Date = new Date()): Promise<{ announcements: number; emails: number; urgent: number }> {
  const due = await db
    .select({ id: announcements.id })
    .from(announcements)
    .where(and(sql`${announcements.emailedAt} IS NULL`, sql`${announcements.sentAt} <= ${now.toISOString()}::timestamptz`))
    .orderBy(announcements.sentAt)
    .limit(PER_RUN);
  let emails = 0;
  let urgent = 0;
  for (const a of due) {
    const published = await db.transaction((tx) => queueEmails(tx, config, a.id, now));
    emails += published.emails;
    if (published.urgent) urgent++;
  }
  return { announcements: due.length, emails, urgent };
}
