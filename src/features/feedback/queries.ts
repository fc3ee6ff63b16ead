// Reads of member feedback: a member's own tickets (never anyone else's), the admin queue with
// its filters and export, one ticket with its conversation, and who may be assigned a ticket.
import { and, asc, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { feedbackReplies, memberFeedback, type FeedbackReply, type MemberFeedback } from "../../db/schema/audit.ts";
import { escapeLike } from "../../db/search.ts";
import type { QueueFilters } from "./forms.ts";

type Reader = Pick<DbOrTx, "select">;
type Window = { limit: number; offset: number };

// Qualified by hand: with one table in FROM drizzle writes its columns unqualified, and inside
// these subqueries "id" would bind to the reply's own id.
const replyCount = sql<number>`(select count(*) from feedback_replies r where r.feedback_id = "member_feedback"."id")`.mapWith(Number);
/** Replies by anyone but the ticket's owner: the chapter office's answers. */
const staffReplyCount = sql<number>`(select count(*) from feedback_replies r where r.feedback_id = "member_feedback"."id" and r.author_id is distinct from "member_feedback"."user_id")`.mapWith(
  Number,
);

export type MemberTicketRow = Pick<MemberFeedback, "id" | "subject" | "category" | "priority" | "status" | "createdAt" | "updatedAt"> & {
  replies: number;
  staffReplies: number;
};

/** The member's own tickets, newest first. */
export async function listOwnTickets(db: Reader, userId: string, page: Window): Promise<{ rows: MemberTicketRow[]; total: number }> {
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: memberFeedback.id,
        subject: memberFeedback.subject,
        category: memberFeedback.category,
        priority: memberFeedback.priority,
        status: memberFeedback.status,
        createdAt: memberFeedback.createdAt,
        updatedAt: memberFeedback.updatedAt,
        replies: replyCount,
        staffReplies: staffReplyCount,
      })
      .from(memberFeedback)
      .where(eq(memberFeedback.userId, userId))
      .orderBy(desc(memberFeedback.createdAt), desc(memberFeedback.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(memberFeedback).where(eq(memberFeedback.userId, userId)),
  ]);
  return { rows, total: counted?.n ?? 0 };
}

export type ReplyView = Pick<FeedbackReply, "id" | "body" | "createdAt" | "authorId"> & {
  authorFirstName: string | null;
  authorLastName: string | null;
  /** Written by the chapter office (anyone but the ticket's owner). */
  fromStaff: boolean;
};

export type PersonRef = { id: string; firstName: string; lastName: string; email: string };
export type TicketView = MemberFeedback & { member: PersonRef & { company: string | null }; assignee: PersonRef | null; replies: ReplyView[] };

const assignees = alias(users, "assignee");

/** One ticket with its owner, assignee and conversation (oldest reply first). `ownerId` limits it to that member's own. */
export async function findTicket(db: Reader, id: string, ownerId?: string): Promise<TicketView | null> {
  const where = ownerId ? and(eq(memberFeedback.id, id), eq(memberFeedback.userId, ownerId)) : eq(memberFeedback.id, id);
  const [found, replies] = await Promise.all([
    db
      .select({
        ticket: memberFeedback,
        member: { id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email, company: users.company },
        assignee: { id: assignees.id, firstName: assignees.firstName, lastName: assignees.lastName, email: assignees.email },
      })
      .from(memberFeedback)
      .innerJoin(users, eq(users.id, memberFeedback.userId))
      .leftJoin(assignees, eq(assignees.id, memberFeedback.assignedToId))
      .where(where)
      .limit(1),
    db
      .select({
        id: feedbackReplies.id,
        body: feedbackReplies.body,
        createdAt: feedbackReplies.createdAt,
        authorId: feedbackReplies.authorId,
        authorFirstName: users.firstName,
        authorLastName: users.lastName,
        fromStaff: sql<boolean>`${feedbackReplies.authorId} is distinct from ${memberFeedback.userId}`,
      })
      .from(feedbackReplies)
      .innerJoin(memberFeedback, eq(memberFeedback.id, feedbackReplies.feedbackId))
      .leftJoin(users, eq(users.id, feedbackReplies.authorId))
      .where(where)
      .orderBy(asc(feedbackReplies.createdAt), asc(feedbackReplies.id)),
  ]);
  const row = found[0];
  if (!row) return null;
  return { ...row.ticket, member: row.member, assignee: row.assignee?.id ? row.assignee : null, replies };
}

// ---------------------------------------------------------------- admin queue

function queueWhere(f: QueueFilters, viewerId: string): SQL | undefined {
  const parts: Array<SQL | undefined> = [];
  if (f.status === "waiting") parts.push(inArray(memberFeedback.status, ["OPEN", "IN_PROGRESS"]));
  else if (f.status) parts.push(eq(memberFeedback.status, f.status));
  if (f.category) parts.push(eq(memberFeedback.category, f.category));
  if (f.priority) parts.push(eq(memberFeedback.priority, f.priority));
  if (f.assignee === "unassigned") parts.push(isNull(memberFeedback.assignedToId));
  else if (f.assignee === "me") parts.push(eq(memberFeedback.assignedToId, viewerId));
  else if (f.assignee) parts.push(eq(memberFeedback.assignedToId, f.assignee));
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    parts.push(
      or(
        ilike(memberFeedback.subject, like),
        ilike(memberFeedback.message, like),
        ilike(users.email, like),
        ilike(users.company, like),
        ilike(sql`${users.firstName} || ' ' || ${users.lastName}`, like),
      ),
    );
  }
  return and(...parts);
}

const PRIORITY_RANK = sql`case ${memberFeedback.priority} when 'URGENT' then 0 when 'HIGH' then 1 when 'MEDIUM' then 2 else 3 end`;
const WAITING_FIRST = sql`case when ${memberFeedback.status} in ('OPEN', 'IN_PROGRESS') then 0 else 1 end`;

function queueOrder(f: QueueFilters): SQL[] {
  if (f.sort === "newest") return [desc(memberFeedback.createdAt), desc(memberFeedback.id)];
  if (f.sort === "priority") return [WAITING_FIRST, PRIORITY_RANK, asc(memberFeedback.createdAt), asc(memberFeedback.id)];
  // Oldest open first: what has waited longest for an answer, then the finished ones, newest first.
  return [WAITING_FIRST, sql`case when ${memberFeedback.status} in ('OPEN', 'IN_PROGRESS') then ${memberFeedback.createdAt} end asc`, desc(memberFeedback.createdAt), asc(memberFeedback.id)];
}

const queueColumns = {
  id: memberFeedback.id,
  subject: memberFeedback.subject,
  message: memberFeedback.message,
  category: memberFeedback.category,
  priority: memberFeedback.priority,
  status: memberFeedback.status,
  pageUrl: memberFeedback.pageUrl,
  createdAt: memberFeedback.createdAt,
  updatedAt: memberFeedback.updatedAt,
  respondedAt: memberFeedback.respondedAt,
  memberId: users.id,
  firstName: users.firstName,
  lastName: users.lastName,
  email: users.email,
  company: users.company,
  assignedToId: memberFeedback.assignedToId,
  assigneeFirstName: assignees.firstName,
  assigneeLastName: assignees.lastName,
  replies: replyCount,
};

export interface QueueRow {
  id: string;
  subject: string;
  message: string;
  category: MemberFeedback["category"];
  priority: MemberFeedback["priority"];
  status: MemberFeedback["status"];
  pageUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
  respondedAt: Date | null;
  memberId: string;
  firstName: string;
  lastName: string;
  email: string;
  company: string | null;
  assignedToId: string | null;
  assigneeFirstName: string | null;
  assigneeLastName: string | null;
  replies: number;
}

export async function listQueue(db: Reader, f: QueueFilters, viewerId: string, page: Window): Promise<{ rows: QueueRow[]; total: number }> {
  const base = () =>
    db.select({ ...queueColumns, total: sql<number>`count(*) over ()`.mapWith(Number) }).from(memberFeedback).innerJoin(users, eq(users.id, memberFeedback.userId)).leftJoin(assignees, eq(assignees.id, memberFeedback.assignedToId));
  const rows = await base().where(queueWhere(f, viewerId)).orderBy(...queueOrder(f)).limit(page.limit).offset(page.offset);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && page.offset > 0) {
    const [row] = await db.select({ n: count() }).from(memberFeedback).innerJoin(users, eq(users.id, memberFeedback.userId)).where(queueWhere(f, viewerId));
    total = row?.n ?? 0;
  }
  return { rows: rows.map(({ total: _t, ...r }) => r as QueueRow), total };
}

/** One page of the queue for the CSV (csvPagedResponse reads them all, a page at a time). */
export async function exportQueue(db: Reader, f: QueueFilters, viewerId: string, page: Window): Promise<QueueRow[]> {
  const rows = await db
    .select(queueColumns)
    .from(memberFeedback)
    .innerJoin(users, eq(users.id, memberFeedback.userId))
    .leftJoin(assignees, eq(assignees.id, memberFeedback.assignedToId))
    .where(queueWhere(f, viewerId))
    .orderBy(...queueOrder(f))
    .limit(page.limit)
    .offset(page.offset);
  return rows as QueueRow[];
}

/**
 * Who may be assigned a ticket: verified, active accounts holding feedback:manage — admin
 * accounts, and anyone with an active, unexpired role that grants it (the same test as
 * `can()` reads at sign-in).
 */
const managesFeedback = and(
  eq(users.isVerified, true),
  eq(users.isActive, true),
  isNull(users.deletedAt),
  or(
    eq(users.memberType, "admin"),
    sql`exists (
      select 1 from user_roles ur
      join roles r on r.id = ur.role_id and r.is_active
      join role_permissions rp on rp.role_id = r.id
      join permissions p on p.id = rp.permission_id
      where ur.user_id = ${users.id} and ur.is_active and (ur.expires_at is null or ur.expires_at > now())
        and p.resource = 'feedback' and p.action = 'manage'
    )`,
  ),
);

/** The people offered in the assignment list (the first 200 by name). */
export function feedbackManagers(db: Reader): Promise<PersonRef[]> {
  return db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email })
    .from(users)
    .where(managesFeedback)
    .orderBy(asc(users.firstName), asc(users.lastName), asc(users.id))
    .limit(200);
}

/** Whether this account may be assigned a ticket (whatever its place in the list). */
export async function isFeedbackManager(db: Reader, userId: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), managesFeedback));
  return Boolean(row);
}
