// Announcements: who is in an audience (one SQL condition, used for the member pages, the
// banner and the email copies alike), the member's list, reads and dismissals, the admin list.
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { announcementReads, announcements, events, membershipTiers, roles, users, type Announcement } from "../../db/schema/index.ts";

type Reader = Pick<Db, "select" | "execute">;

export type AudienceKind = "ALL" | "REGULAR" | "ADMIN" | "SPECIFIC_GROUPS";

/** A chosen group, as stored in announcements.target_groups: "role:<id>", "tier:<id>" or "event:<id>" (a bare id, as the seed's older rows have it, is a role). */
export type GroupKey = `${"role" | "tier" | "event"}:${string}`;
export const GROUP_KEY = /^(role|tier|event):c[a-z2-7]{24}$/;

/**
 * True when the member `userId` (a SQL expression) is in the announcement's audience. Roles:
 * an active, unexpired assignment; a membership tier: a completed MEMBERSHIP payment for that
 * tier and a membership not yet expired; an event: a registration that is not cancelled.
 */
export function inAudience(userId: SQL | string): SQL {
  const uid = typeof userId === "string" ? sql`${userId}` : userId;
  return sql`(
    ${announcements.targetAudience} IS NULL OR ${announcements.targetAudience} = 'ALL'
    OR (${announcements.targetAudience} = 'REGULAR' AND EXISTS (SELECT 1 FROM users au WHERE au.id = ${uid} AND au.member_type = 'REGULAR'))
    OR (${announcements.targetAudience} = 'ADMIN' AND EXISTS (SELECT 1 FROM users au WHERE au.id = ${uid} AND au.member_type = 'admin'))
    OR (${announcements.targetAudience} = 'SPECIFIC_GROUPS' AND EXISTS (
      SELECT 1 FROM jsonb_array_elements_text(coalesce(${announcements.targetGroups}, '[]'::jsonb)) AS g(key)
      WHERE ((g.key LIKE 'role:%' OR g.key NOT LIKE '%:%') AND EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = ${uid}
               AND ur.role_id = CASE WHEN g.key LIKE 'role:%' THEN substr(g.key, 6) ELSE g.key END
               AND ur.is_active AND (ur.expires_at IS NULL OR ur.expires_at > now())))
         OR (g.key LIKE 'tier:%' AND EXISTS (SELECT 1 FROM payments p JOIN users tu ON tu.id = p.user_id
               WHERE p.user_id = ${uid} AND p.type = 'MEMBERSHIP' AND p.status = 'COMPLETED' AND p.reference_id = substr(g.key, 6)
               AND tu.membership_expires_at > now()))
         OR (g.key LIKE 'event:%' AND EXISTS (SELECT 1 FROM event_registrations er WHERE er.user_id = ${uid} AND er.event_id = substr(g.key, 7)
               AND er.status IN ('REGISTERED', 'ATTENDED', 'WAITLISTED')))
    ))
  )`;
}

/** Published (its time has come) and not expired, at `now`. */
export function isLive(now: Date): SQL {
  return sql`${announcements.sentAt} <= ${now.toISOString()}::timestamptz AND (${announcements.expiresAt} IS NULL OR ${announcements.expiresAt} > ${now.toISOString()}::timestamptz)`;
}

export interface MemberAnnouncement {
  id: string;
  title: string;
  content: string;
  isUrgent: boolean;
  sentAt: Date;
  expiresAt: Date | null;
  read: boolean;
}

/** What this member may see now, newest first, with their read marker. */
export async function listForMember(db: Reader, userId: string, now: Date, opts: { limit: number; offset: number }) {
  const where = and(sql`${isLive(now)}`, inAudience(userId));
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: announcements.id,
        title: announcements.title,
        content: announcements.content,
        isUrgent: announcements.isUrgent,
        sentAt: announcements.sentAt,
        expiresAt: announcements.expiresAt,
        read: sql<boolean>`${announcementReads.readAt} IS NOT NULL`,
      })
      .from(announcements)
      .leftJoin(announcementReads, and(eq(announcementReads.announcementId, announcements.id), eq(announcementReads.userId, userId)))
      .where(where)
      .orderBy(desc(announcements.sentAt), desc(announcements.id))
      .limit(opts.limit)
      .offset(opts.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(announcements).where(where),
  ]);
  return { rows: rows as MemberAnnouncement[], total: count?.n ?? 0 };
}

/** One announcement, if this member may see it now. */
export async function findForMember(db: Reader, id: string, userId: string, now: Date): Promise<MemberAnnouncement | null> {
  const [row] = await db
    .select({
      id: announcements.id,
      title: announcements.title,
      content: announcements.content,
      isUrgent: announcements.isUrgent,
      sentAt: announcements.sentAt,
      expiresAt: announcements.expiresAt,
      read: sql<boolean>`${announcementReads.readAt} IS NOT NULL`,
    })
    .from(announcements)
    .leftJoin(announcementReads, and(eq(announcementReads.announcementId, announcements.id), eq(announcementReads.userId, userId)))
    .where(and(eq(announcements.id, id), sql`${isLive(now)}`, inAudience(userId)));
  return (row as MemberAnnouncement | undefined) ?? null;
}

export interface UrgentBanner {
  id: string;
  title: string;
}

/**
 * The newest urgent, live announcement for this member that they have not dismissed: the
 * banner on every page. One small indexed read (partial index on urgent announcements).
 */
export async function urgentFor(db: Reader, userId: string, now: Date): Promise<UrgentBanner | null> {
  const [row] = await db
    .select({ id: announcements.id, title: announcements.title })
    .from(announcements)
    .where(
      and(
        eq(announcements.isUrgent, true),
        sql`${isLive(now)}`,
        sql`NOT EXISTS (SELECT 1 FROM announcement_reads d WHERE d.announcement_id = ${announcements.id} AND d.user_id = ${userId} AND d.dismissed_at IS NOT NULL)`,
        inAudience(userId),
      ),
    )
    .orderBy(desc(announcements.sentAt))
    .limit(1);
  return row ?? null;
}

export async function markRead(db: DbOrTx, id: string, userId: string, now: Date): Promise<void> {
  await db
    .insert(announcementReads)
    .values({ announcementId: id, userId, readAt: now })
    .onConflictDoUpdate({ target: [announcementReads.announcementId, announcementReads.userId], set: { readAt: sql`coalesce(${announcementReads.readAt}, excluded.read_at)` } });
}

export async function dismiss(db: DbOrTx, id: string, userId: string, now: Date): Promise<void> {
  await db
    .insert(announcementReads)
    .values({ announcementId: id, userId, readAt: now, dismissedAt: now })
    .onConflictDoUpdate({
      target: [announcementReads.announcementId, announcementReads.userId],
      set: { dismissedAt: now, readAt: sql`coalesce(${announcementReads.readAt}, excluded.read_at)` },
    });
}

// ---------------------------------------------------------------- admin

export interface AdminAnnouncementRow extends Announcement {
  senderName: string;
  reads: number;
}

export async function listForAdmin(db: Reader, opts: { limit: number; offset: number }) {
  const [rows, [count]] = await Promise.all([
    db
      .select({
        announcement: announcements,
        senderName: sql<string>`${users.firstName} || ' ' || ${users.lastName}`,
        reads: sql<number>`(SELECT count(*)::int FROM announcement_reads r WHERE r.announcement_id = ${announcements.id} AND r.read_at IS NOT NULL)`,
      })
      .from(announcements)
      .innerJoin(users, eq(users.id, announcements.senderId))
      .orderBy(desc(announcements.sentAt))
      .limit(opts.limit)
      .offset(opts.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(announcements),
  ]);
  return { rows: rows.map((r) => ({ ...r.announcement, senderName: r.senderName, reads: r.reads })), total: count?.n ?? 0 };
}

export async function findAnnouncement(db: Reader, id: string): Promise<Announcement | null> {
  const [row] = await db.select().from(announcements).where(eq(announcements.id, id));
  return row ?? null;
}

export interface GroupOption {
  key: GroupKey;
  label: string;
}

/** The groups an admin can address: roles, membership tiers, upcoming and recent events. */
export async function groupOptions(db: Reader): Promise<{ roles: GroupOption[]; tiers: GroupOption[]; events: GroupOption[] }> {
  const [r, t, e] = await Promise.all([
    db.select({ id: roles.id, name: roles.name }).from(roles).where(eq(roles.isActive, true)).orderBy(roles.name),
    db.select({ id: membershipTiers.id, name: membershipTiers.name }).from(membershipTiers).where(eq(membershipTiers.isActive, true)).orderBy(membershipTiers.name),
    db
      .select({ id: events.id, title: events.title })
      .from(events)
      .where(sql`${events.endDate} > now() - interval '30 days'`)
      .orderBy(events.startDate)
      .limit(50),
  ]);
  return {
    roles: r.map((x) => ({ key: `role:${x.id}` as GroupKey, label: `Role: ${x.name}` })),
    tiers: t.map((x) => ({ key: `tier:${x.id}` as GroupKey, label: `Membership: ${x.name}` })),
    events: e.map((x) => ({ key: `event:${x.id}` as GroupKey, label: `Registrants of ${x.title}` })),
  };
}
