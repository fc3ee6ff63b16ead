// Attendees of one event: the list and its CSV, offline payments, waitlist moves, no-shows.
// Who holds a seat is the EventCapacity object's decision: a payment confirms the held
// seat through it, and moves go through it. Those decisions are made by the object (and
// written through to Postgres by it), so their AdminAction row is written right after the
// object answers; the payment row and its audit are committed only if the object confirmed.
import { and, eq, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { eventRegistrations, type Event } from "../../db/schema/events.ts";
import type { AppEnv } from "../../http/types.ts";
import { parseForm, readQuery } from "../../lib/forms.ts";
import { fullName } from "../../../templates/admin/parts.tsx";
import { recordAdminAction, auditActor } from "../../lib/audit.ts";
import { renderNotFound } from "../../http/render.tsx";
import { attendeeFiltersSchema, moveFormSchema, paymentFormSchema } from "./forms.ts";
import { renderAttendeesPage } from "./pages.tsx";
import { type AttendeeRow, exportAttendees, findAttendee, findEvent, lockEvent } from "./queries.ts";
import { canMarkNoShows, owesPayment, eventAdminNotices } from "./rules.ts";
import { moveRegistration } from "./moves.ts";
import { yesNo, type CsvColumn, refusedCsvFilters, cappedCsvResponse, CSV_MAX_ROWS } from "../../lib/csv.ts";
import { ID, idParam } from "../../db/ids.ts";
import type { AdminContext } from "../../http/admin.ts";
import { recordOfflinePayment } from "./offline-payment.ts";

export const attendeeRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "events");

attendeeRoutes.get(`/${ID}/attendees`, manage, async (c) => {
  const event = await findEvent(c.var.db(), c.req.param("id"));
  return event ? renderAttendeesPage(c, event) : renderNotFound(c);
});

const ATTENDEE_COLUMNS: ReadonlyArray<CsvColumn<AttendeeRow>> = [
  ["registration_id", (r) => r.id],
  ["first_name", (r) => r.firstName],
  ["last_name", (r) => r.lastName],
  ["email", (r) => r.email],
  ["company", (r) => r.company],
  ["status", (r) => r.status],
  ["registered_at", (r) => r.registeredAt],
  ["amount", (r) => r.amount],
  ["paid", (r) => yesNo(r.paid || r.payment?.status === "COMPLETED")],
  ["payment_status", (r) => r.payment?.status],
  ["hold_expires_at", (r) => r.holdExpiresAt],
  ["waitlist_position", (r) => r.waitlistRank],
  ["notes", (r) => r.notes],
];

attendeeRoutes.get(`/${ID}/attendees.csv`, manage, async (c) => {
  const event = await findEvent(c.var.db(), c.req.param("id"));
  if (!event) return renderNotFound(c);
  const query = readQuery(c, attendeeFiltersSchema);
  if (!query.ok) return refusedCsvFilters(c, query.errors);
  const rows = await exportAttendees(c.var.db(), event.id, query.data);
  return cappedCsvResponse(c, `attendees-${event.id}.csv`, ATTENDEE_COLUMNS, rows, CSV_MAX_ROWS);
});

async function loadAttendee(c: AdminContext): Promise<{ event: Event; reg: AttendeeRow } | null> {
  const db = c.var.db();
  const event = await findEvent(db, c.req.param("id") ?? "");
  if (!event) return null;
  const reg = await findAttendee(db, event.id, c.req.param("registrationId") ?? "");
  return reg ? { event, reg } : null;
}

attendeeRoutes.post(`/${ID}/attendees/${idParam("registrationId")}/payment`, manage, async (c) => {
  const found = await loadAttendee(c);
  if (!found) return renderNotFound(c);
  const { event, reg } = found;
  const refuse = (message: string) => renderAttendeesPage(c, event, { status: 422, actionError: message });
  const form = await parseForm(c, paymentFormSchema);
  if (!form.ok) return refuse(Object.values(form.errors).join(" "));
  if (!owesPayment(reg)) return refuse(`${fullName(reg)} has nothing to pay for this event.`);
  const outcome = await recordOfflinePayment(c.var.db(), c.env, auditActor(c), event, reg, form.data.reference);
  if ("refused" in outcome) return refuse(outcome.refused);
  return eventAdminNotices.redirect(c, `/admin/events/${event.id}/attendees`, "paid");
});

attendeeRoutes.post(`/${ID}/attendees/${idParam("registrationId")}/move`, manage, async (c) => {
  const found = await loadAttendee(c);
  if (!found) return renderNotFound(c);
  const { event, reg } = found;
  const form = await parseForm(c, moveFormSchema);
  if (!form.ok) return renderAttendeesPage(c, event, { status: 422, actionError: Object.values(form.errors).join(" ") });
  const moved = await moveRegistration(c, event, reg, form.data.to);
  if (!moved.ok) return renderAttendeesPage(c, event, { status: 422, actionError: moved.message });
  await c.var.db().transaction(async (tx) => {
    await recordAdminAction(tx, auditActor(c), {
      action: "REGISTRATION_UPDATED",
      targetUserId: reg.userId,
      details: `${fullName(reg)} moved ${form.data.to === "confirmed" ? "from the waitlist to a seat" : "to the waitlist"} (${event.title})`,
      before: moved.before,
      after: moved.after,
      extra: { eventId: event.id, registrationId: reg.id, ...moved.extra },
    });
  });
  return eventAdminNotices.redirect(c, `/admin/events/${event.id}/attendees`, form.data.to === "confirmed" ? "seated" : "waitlisted");
});

attendeeRoutes.post(`/${ID}/no-shows`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const event = await findEvent(db, id);
  if (!event) return renderNotFound(c);
  const outcome = await db.transaction(async (tx) => {
    const locked = await lockEvent(tx, id);
    if (!locked) return { kind: "missing" as const };
    if (!canMarkNoShows(locked, new Date())) return { kind: "refused" as const };
    // Unpaid holds keep REGISTERED (a hold belongs to REGISTERED); the object expires them.
    const marked = await tx
      .update(eventRegistrations)
      .set({ status: "NO_SHOW" })
      .where(and(eq(eventRegistrations.eventId, id), eq(eventRegistrations.status, "REGISTERED"), isNull(eventRegistrations.holdExpiresAt)))
      .returning({ id: eventRegistrations.id });
    if (marked.length > 0) {
      await recordAdminAction(tx, auditActor(c), {
        action: "REGISTRATION_UPDATED",
        details: `${marked.length} marked as no-show (${locked.title})`,
        before: { status: "REGISTERED" },
        after: { status: "NO_SHOW" },
        extra: { eventId: id, count: marked.length, registrationIds: marked.slice(0, 1000).map((m) => m.id) },
      });
    }
    return { kind: "marked" as const };
  });
  if (outcome.kind === "missing") return renderNotFound(c);
  if (outcome.kind === "refused") {
    return renderAttendeesPage(c, event, { status: 422, actionError: "No-shows can be marked only after the event has ended (or is marked completed)." });
  }
  return eventAdminNotices.redirect(c, `/admin/events/${id}/attendees`, "no_shows");
});

