// The event lifecycle screens: status changes (the workflow is status-change.ts) and soft delete.
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { events } from "../../db/schema/events.ts";
import type { AppEnv } from "../../http/types.ts";
import { parseForm } from "../../lib/forms.ts";
import { deliverSoon } from "../outbox/outbox.ts";
import { auditActor, recordAdminAction } from "../../lib/audit.ts";
import { renderNotFound } from "../../http/render.tsx";
import { statusFormSchema } from "./forms.ts";
import { renderEditPage } from "./pages.tsx";
import { findEvent, lockEvent } from "./queries.ts";
import { canDeleteEvent, eventAdminNotices, EVENT_STATUS_LABEL } from "./rules.ts";
import { ID } from "../../db/ids.ts";
import { changeEventStatus } from "./status-change.ts";

export const lifecycleRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "events");

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
  const outcome = await changeEventStatus(db, c.env, auditActor(c), { eventId: id, to, publicUrl: c.var.config.PUBLIC_URL });
  if (outcome.kind === "missing") return renderNotFound(c);
  if (outcome.kind === "refused") return renderEditPage(c, event, { status: 422, actionError: outcome.message });
  if (to === "CANCELLED") {
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
