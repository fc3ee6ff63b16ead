// Changing an event's status (the allowed transitions are the pure rules in events/rules.ts).
// Cancelling emails every registrant and waiter and cancels pending invoices in the same
// transaction as the status; afterwards the waitlist and unpaid holds are released in the
// capacity object, so no seat is handed out (and no "you're in" email sent) for a cancelled
// event. A workflow of its own, so a screen, a cron or a script call the same steps.
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { emailOutbox } from "../../db/schema/auth.ts";
import { eventRegistrations, events, type Event, type EventStatus } from "../../db/schema/events.ts";
import { payments } from "../../db/schema/payments.ts";
import { type AuditActor, recordAdminAction } from "../../lib/audit.ts";
import { log } from "../../lib/log.ts";
import { formatDateTime } from "../../lib/time.ts";
import { releaseSeats } from "../events/capacity.ts";
import { canTransition, nextStatuses } from "../events/rules.ts";
import { lockEvent } from "./queries.ts";
import { ActionRefused, cancellationEmail, EVENT_STATUS_LABEL } from "./rules.ts";

export const CANCELLATION_EMAIL_KIND = "EVENT_CANCELLED";

function transitionRefusal(event: Pick<Event, "status">, to: Event["status"]): string {
  const from = EVENT_STATUS_LABEL[event.status];
  const allowed = nextStatuses(event.status).map((s) => EVENT_STATUS_LABEL[s]);
  return `An event that is ${from.toLowerCase()} cannot become ${EVENT_STATUS_LABEL[to].toLowerCase()}. ` +
    (allowed.length ? `From ${from.toLowerCase()} it can go to: ${allowed.join(", ")}.` : "Its status is final.");
}

/** Emails everyone registered or waiting, in one statement, inside the cancelling transaction. */
async function notifyCancellation(tx: Tx, publicUrl: string, event: Event): Promise<number> {
  const people = await tx
    .select({ userId: users.id, email: users.email, firstName: users.firstName, status: eventRegistrations.status })
    .from(eventRegistrations)
    .innerJoin(users, eq(users.id, eventRegistrations.userId))
    .where(and(eq(eventRegistrations.eventId, event.id), inArray(eventRegistrations.status, ["REGISTERED", "WAITLISTED"])));
  if (people.length === 0) return 0;
  const eventsUrl = new URL("/events", publicUrl).href;
  const when = formatDateTime(event.startDate);
  // The outbox's own table, written in bulk: one enqueueEmail per person is a round trip each.
  for (let i = 0; i < people.length; i += 500) {
    await tx.insert(emailOutbox).values(
      people.slice(i, i + 500).map((p) => {
        const mail = cancellationEmail({ firstName: p.firstName, eventTitle: event.title, when, waitlisted: p.status === "WAITLISTED", eventsUrl });
        return { toAddress: p.email, subject: mail.subject, textBody: mail.text, kind: CANCELLATION_EMAIL_KIND, userId: p.userId };
      }),
    );
  }
  return people.length;
}

/** Pending invoices of this event's registrations (payments reference their registration). */
async function cancelPendingPayments(tx: Tx, eventId: string): Promise<string[]> {
  const regIds = tx.select({ id: eventRegistrations.id }).from(eventRegistrations).where(eq(eventRegistrations.eventId, eventId));
  const rows = await tx
    .update(payments)
    .set({ status: "CANCELLED", processedAt: new Date() })
    .where(and(eq(payments.status, "PENDING"), eq(payments.type, "EVENT_REGISTRATION"), inArray(payments.referenceId, regIds)))
    .returning({ id: payments.id });
  return rows.map((r) => r.id);
}

/** Waiters first (so freed holds promote nobody), then unpaid holds. Confirmed seats stay as the record. */
async function releaseAfterCancellation(db: Db, env: Env, eventId: string): Promise<void> {
  const mine = eq(eventRegistrations.eventId, eventId);
  const [waiting, held] = await Promise.all([
    db
      .select({ userId: eventRegistrations.userId })
      .from(eventRegistrations)
      .where(and(mine, eq(eventRegistrations.status, "WAITLISTED")))
      .orderBy(asc(eventRegistrations.waitlistPosition)),
    db
      .select({ userId: eventRegistrations.userId })
      .from(eventRegistrations)
      .where(and(mine, eq(eventRegistrations.status, "REGISTERED"), isNotNull(eventRegistrations.holdExpiresAt))),
  ]);
  const order = [...waiting, ...held].map((r) => r.userId);
  if (order.length === 0) return;
  try {
    await releaseSeats(env, eventId, order);
  } catch (err) {
    log("warn", "seats not released after cancellation", { eventId, members: order.length, error: String(err) });
  }
}

export type StatusChange = { kind: "missing" } | { kind: "refused"; message: string } | { kind: "changed"; notified: number };

/** Moves the event to `to` if its rules allow, audited; a cancellation also notifies, cancels invoices and frees seats. */
export async function changeEventStatus(
  db: Db,
  env: Env,
  actor: AuditActor,
  change: { eventId: string; to: EventStatus; publicUrl: string },
): Promise<StatusChange> {
  const { eventId: id, to, publicUrl } = change;
  const outcome = await db
    .transaction(async (tx) => {
      const before = await lockEvent(tx, id);
      if (!before) return { kind: "missing" as const };
      if (!canTransition(before.status, to)) throw new ActionRefused(transitionRefusal(before, to));
      const publishedAt = to === "PUBLISHED" && !before.publishedAt ? new Date() : before.publishedAt;
      await tx.update(events).set({ status: to, publishedAt, updatedById: actor.userId }).where(eq(events.id, id));
      const notified = to === "CANCELLED" ? await notifyCancellation(tx, publicUrl, before) : 0;
      const paymentsCancelled = to === "CANCELLED" ? await cancelPendingPayments(tx, id) : [];
      await recordAdminAction(tx, actor, {
        action: "EVENT_UPDATED",
        details: `Event ${before.title}: ${EVENT_STATUS_LABEL[before.status]} → ${EVENT_STATUS_LABEL[to]}`,
        before: { status: before.status, ...(publishedAt !== before.publishedAt ? { publishedAt: before.publishedAt } : {}) },
        after: { status: to, ...(publishedAt !== before.publishedAt ? { publishedAt } : {}) },
        extra: { eventId: id, ...(to === "CANCELLED" ? { notified, paymentsCancelled } : {}) },
      });
      return { kind: "changed" as const, notified };
    })
    .catch((err: unknown) => {
      if (err instanceof ActionRefused) return { kind: "refused" as const, message: err.message };
      throw err;
    });
  if (outcome.kind === "changed" && to === "CANCELLED") await releaseAfterCancellation(db, env, id);
  return outcome;
}
