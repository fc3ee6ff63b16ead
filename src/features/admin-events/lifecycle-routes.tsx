// The event lifecycle (transitions are the pure rules in rules.ts) and soft delete.
// Cancelling emails every registrant and waiter and cancels pending invoices in the same
// transaction as the status; afterwards the waitlist and unpaid holds are released in the
// capacity object, so no seat is handed out (and no "you're in" email sent) for a cancelled event.
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { users } from "../../db/schema/accounts.ts";
import { emailOutbox } from "../../db/schema/auth.ts";
import { eventRegistrations, events, type Event } from "../../db/schema/events.ts";
import { payments } from "../../db/schema/payments.ts";
import type { Tx } from "../../db/client.ts";
import type { AppEnv } from "../../http/types.ts";
import { parseForm } from "../../lib/forms.ts";
import { log } from "../../lib/log.ts";
import { deliverSoon } from "../outbox/outbox.ts";
import { recordAdminAction, auditActor } from "../../lib/audit.ts";
import { renderNotFound } from "../../http/render.tsx";
import { statusFormSchema } from "./forms.ts";
import { renderEditPage } from "./pages.tsx";
import { findEvent, lockEvent } from "./queries.ts";
import { canDeleteEvent, cancellationEmail, EVENT_STATUS_LABEL, eventAdminNotices, ActionRefused } from "./rules.ts";
import { releaseSeats } from "../events/capacity.ts";
import { canTransition, nextStatuses } from "../events/rules.ts";
import { formatDateTime } from "../../lib/time.ts";
import { ID } from "../../db/ids.ts";
import type { AdminContext } from "../../http/admin.ts";

export const lifecycleRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "events");

export const CANCELLATION_EMAIL_KIND = "EVENT_CANCELLED";

function transitionRefusal(event: Pick<Event, "status">, to: Event["status"]): string {
  const from = EVENT_STATUS_LABEL[event.status];
  const allowed = nextStatuses(event.status).map((s) => EVENT_STATUS_LABEL[s]);
  return `An event that is ${from.toLowerCase()} cannot become ${EVENT_STATUS_LABEL[to].toLowerCase()}. ` +
    (allowed.length ? `From ${from.toLowerCase()} it can go to: ${allowed.join(", ")}.` : "Its status is final.");
}

/** Emails everyone registered or waiting, in one statement, inside the cancelling transaction. */
async function notifyCancellation(tx: Tx, c: AdminContext, event: Event): Promise<number> {
  const people = await tx
    .select({ userId: users.id, email: users.email, firstName: users.firstName, status: eventRegistrations.status })
    .from(eventRegistrations)
    .innerJoin(users, eq(users.id, eventRegistrations.userId))
    .where(and(eq(eventRegistrations.eventId, event.id), inArray(eventRegistrations.status, ["REGISTERED", "WAITLISTED"])));
  if (people.length === 0) return 0;
  const eventsUrl = new URL("/events", c.var.config.PUBLIC_URL).href;
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
async function releaseAfterCancellation(c: AdminContext, eventId: string): Promise<void> {
  const db = c.var.db();
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
    await releaseSeats(c.env, eventId, order);
  } catch (err) {
    log("warn", "seats not released after cancellation", { eventId, members: order.length, error: String(err) });
  }
}

lifecycleRoutes.post(`/${ID}/status`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const event = await findEvent(db, id);
  if (!event) return renderNotFound(c);
  const form = await parseForm(c, statusFormSchema);
  if (!form.ok) return renderEditPage(c, event, { status: 422, actionError: Object.values(form.errors).join(" ") });
  const to = form.data.status;
  if (to === "CANCELLED" && form.data.confirm !== "yes") {
    return renderEditPage(c, event, { status: 422, actionError: "Tick the box to confirm the cancellation: every registrant is emailed." });
  }
  const me = c.var.signedIn.user;
  const outcome = await db
    .transaction(async (tx) => {
      const before = await lockEvent(tx, id);
      if (!before) return { kind: "missing" as const };
      if (!canTransition(before.status, to)) throw new ActionRefused(transitionRefusal(before, to));
      const publishedAt = to === "PUBLISHED" && !before.publishedAt ? new Date() : before.publishedAt;
      await tx.update(events).set({ status: to, publishedAt, updatedById: me.id }).where(eq(events.id, id));
      const notified = to === "CANCELLED" ? await notifyCancellation(tx, c, before) : 0;
      const paymentsCancelled = to === "CANCELLED" ? await cancelPendingPayments(tx, id) : [];
      await recordAdminAction(tx, auditActor(c), {
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
  if (outcome.kind === "missing") return renderNotFound(c);
  if (outcome.kind === "refused") return renderEditPage(c, event, { status: 422, actionError: outcome.message });
  if (to === "CANCELLED") {
    await releaseAfterCancellation(c, id);
    if (outcome.notified > 0) deliverSoon(c);
    return eventAdminNotices.redirect(c, `/admin/events/${id}`, "cancelled");
  }
  return eventAdminNotices.redirect(c, `/admin/events/${id}`, "status");
});

lifecycleRoutes.post(`/${ID}/delete`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const event = await findEvent(db, id);
  if (!event) return renderNotFound(c);
  const me = c.var.signedIn.user;
  const outcome = await db.transaction(async (tx) => {
    const before = await lockEvent(tx, id);
    if (!before) return { kind: "missing" as const };
    if (!canDeleteEvent(before.status)) return { kind: "refused" as const, status: before.status };
    const deletedAt = new Date();
    await tx.update(events).set({ deletedAt, updatedById: me.id }).where(eq(events.id, id));
    await recordAdminAction(tx, auditActor(c), {
      action: "EVENT_DELETED",
      details: `Event deleted: ${before.title}`,
      before: { deletedAt: null, status: before.status },
      after: { deletedAt },
      extra: { eventId: id },
    });
    return { kind: "deleted" as const };
  });
  if (outcome.kind === "missing") return renderNotFound(c);
  if (outcome.kind === "refused") {
    return renderEditPage(c, event, {
      status: 422,
      actionError: `Only drafts and cancelled events can be deleted; this one is ${EVENT_STATUS_LABEL[outcome.status].toLowerCase()}. Cancel it first.`,
    });
  }
  return eventAdminNotices.redirect(c, "/admin/events", "deleted");
});
