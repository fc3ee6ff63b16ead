// The chapter office's side of a ticket: assign it, move its status, reply. Each runs in one
// transaction on the locked ticket with its audit row (FEEDBACK_UPDATED, before/after); a reply
// also queues the member's email there, and becomes the ticket's `response` (the latest answer).
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { feedbackReplies, memberFeedback, type FeedbackStatus } from "../../db/schema/audit.ts";
import { type AuditActor, recordAdminAction } from "../../lib/audit.ts";
import { enqueueEmail } from "../outbox/outbox.ts";
import { canMove, FEEDBACK_STATUS_LABELS, statusAfterAdminReply } from "./rules.ts";

export type TriageOutcome = { ok: true } | { ok: false; status: 404 | 409 | 422; message: string };

const MISSING = { ok: false, status: 404, message: "That ticket no longer exists." } as const;

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

async function lockTicket(tx: Tx, id: string) {
  const [row] = await tx
    .select({
      id: memberFeedback.id,
      userId: memberFeedback.userId,
      subject: memberFeedback.subject,
      status: memberFeedback.status,
      assignedToId: memberFeedback.assignedToId,
    })
    .from(memberFeedback)
    .where(eq(memberFeedback.id, id))
    .for("update");
  return row ?? null;
}

/** Gives the ticket to an admin who holds feedback:manage (`managerIds`), or to nobody (null). */
/** assigneeManages: the assignee holds feedback:manage (isFeedbackManager), or the ticket is being unassigned. */
export async function assignTicket(db: Db, actor: AuditActor, id: string, assigneeId: string | null, assigneeManages: boolean, now = new Date()): Promise<TriageOutcome> {
  if (!assigneeManages) return { ok: false, status: 422, message: "Choose someone who handles feedback." };
  return db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, id);
    if (!ticket) return MISSING;
    if (ticket.assignedToId === assigneeId) return { ok: true } as const;
    await tx.update(memberFeedback).set({ assignedToId: assigneeId, updatedAt: now }).where(eq(memberFeedback.id, id));
    await recordAdminAction(tx, actor, {
      action: "FEEDBACK_UPDATED",
      targetUserId: ticket.userId,
      details: assigneeId ? `Assigned the ticket “${ticket.subject}”` : `Unassigned the ticket “${ticket.subject}”`,
      before: { assignedToId: ticket.assignedToId },
      after: { assignedToId: assigneeId },
      extra: { feedbackId: id },
    });
    return { ok: true } as const;
  });
}

/** Moves the ticket along the workflow (rules.ts decides which moves exist). */
export async function changeStatus(db: Db, actor: AuditActor, id: string, to: FeedbackStatus, now = new Date()): Promise<TriageOutcome> {
  return db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, id);
    if (!ticket) return MISSING;
    if (ticket.status === to) return { ok: true } as const;
    if (!canMove(ticket.status, to)) {
      return { ok: false, status: 409, message: `A ${FEEDBACK_STATUS_LABELS[ticket.status].toLowerCase()} ticket cannot become ${FEEDBACK_STATUS_LABELS[to].toLowerCase()}.` };
    }
    await tx.update(memberFeedback).set({ status: to, updatedAt: now }).where(eq(memberFeedback.id, id));
    await recordAdminAction(tx, actor, {
      action: "FEEDBACK_UPDATED",
      targetUserId: ticket.userId,
      details: `Ticket “${ticket.subject}”: ${FEEDBACK_STATUS_LABELS[ticket.status]} → ${FEEDBACK_STATUS_LABELS[to]}`,
      before: { status: ticket.status },
      after: { status: to },
      extra: { feedbackId: id },
    });
    return { ok: true } as const;
  });
}

/**
 * The admin's answer: stored in the conversation, kept as the ticket's latest `response`,
 * emailed to the member (always: it answers their own message), status moved as chosen.
 */
export async function replyToTicket(
  db: Db,
  actor: AuditActor & { firstName: string },
  publicUrl: string,
  id: string,
  body: string,
  chosen: FeedbackStatus | "",
  now = new Date(),
): Promise<TriageOutcome> {
  return db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, id);
    if (!ticket) return MISSING;
    const status = statusAfterAdminReply(ticket.status, chosen);
    if (!status) {
      return ticket.status === "CLOSED"
        ? { ok: false, status: 409, message: "This ticket is closed: nothing more can be added to it." }
        : { ok: false, status: 409, message: `A ${FEEDBACK_STATUS_LABELS[ticket.status].toLowerCase()} ticket cannot become ${FEEDBACK_STATUS_LABELS[chosen as FeedbackStatus].toLowerCase()}.` };
    }
    const [member] = await tx.select({ email: users.email, firstName: users.firstName }).from(users).where(eq(users.id, ticket.userId));
    const [reply] = await tx.insert(feedbackReplies).values({ feedbackId: id, authorId: actor.userId, body, createdAt: now }).returning({ id: feedbackReplies.id });
    await tx
      .update(memberFeedback)
      .set({ status, response: body, respondedAt: now, respondedBy: actor.userId, updatedAt: now })
      .where(eq(memberFeedback.id, id));
    if (member) {
      await enqueueEmail(tx, {
        to: member.email,
        userId: ticket.userId,
        kind: "FEEDBACK_REPLY",
        subject: `Re: ${ticket.subject}`,
        text: [
          `Hello ${member.firstName},`,
          "",
          `${actor.firstName} from the chapter office answered your message “${ticket.subject}”:`,
          "",
          body,
          "",
          `Read the whole conversation and reply: ${publicUrl.replace(/\/$/, "")}/account/feedback/${id}`,
          "",
        ].join("\n"),
      });
    }
    await recordAdminAction(tx, actor, {
      action: "FEEDBACK_UPDATED",
      targetUserId: ticket.userId,
      details: `Replied to the ticket “${ticket.subject}”`,
      before: { status: ticket.status },
      after: { status, response: body },
      extra: { feedbackId: id, replyId: reply!.id },
    });
    return { ok: true } as const;
  });
}
