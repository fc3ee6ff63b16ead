// The member's side of a ticket: sending one, and following up on it. Both act only on the
// signed-in member's own tickets; a follow-up on a resolved ticket reopens it (rules.ts).
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { feedbackReplies, memberFeedback, type FeedbackStatus } from "../../db/schema/audit.ts";
import { statusAfterMemberReply } from "../admin-feedback/rules.ts";
import type { FeedbackForm } from "./forms.ts";

/** Stores a new ticket from this member; its id. */
export async function submitTicket(db: Db, userId: string, form: FeedbackForm): Promise<string> {
  const [row] = await db
    .insert(memberFeedback)
    .values({
      userId,
      category: form.category,
      subject: form.subject,
      message: form.message,
      priority: form.priority,
      pageUrl: form.from,
      status: "OPEN",
    })
    .returning({ id: memberFeedback.id });
  return row!.id;
}

export type FollowUpOutcome = { ok: true; status: FeedbackStatus } | { ok: false; reason: "missing" | "closed" };

/** Adds the member's follow-up to their own ticket (locked, so a concurrent close wins cleanly). */
export async function addMemberReply(db: Db, userId: string, ticketId: string, body: string, now = new Date()): Promise<FollowUpOutcome> {
  return db.transaction(async (tx) => {
    const [ticket] = await tx
      .select({ status: memberFeedback.status, assignedToId: memberFeedback.assignedToId })
      .from(memberFeedback)
      .where(and(eq(memberFeedback.id, ticketId), eq(memberFeedback.userId, userId)))
      .for("update");
    if (!ticket) return { ok: false, reason: "missing" } as const;
    const status = statusAfterMemberReply(ticket.status, ticket.assignedToId);
    if (!status) return { ok: false, reason: "closed" } as const;
    await tx.insert(feedbackReplies).values({ feedbackId: ticketId, authorId: userId, body, createdAt: now });
    await tx.update(memberFeedback).set({ status, updatedAt: now }).where(eq(memberFeedback.id, ticketId));
    return { ok: true, status } as const;
  });
}
