// Door check-in for event staff (events:checkin): find a registrant, one tap sets ATTENDED.
// Written straight to Postgres: the capacity object's write-through never undoes a check-in.
// Checking in twice is a no-op (no second audit row).
import { and, eq, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { allow, can } from "../../auth/rbac.ts";
import { eventRegistrations, type Event } from "../../db/schema/events.ts";
import { isHtmx, renderNotFound, renderPage, renderFragment } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { CheckinCountsLine, CheckinList, CheckinPage, CheckinRow } from "../../../templates/admin-events/CheckinPage.tsx";
import { recordAdminAction, auditActor } from "../../lib/audit.ts";
import { DoorPage } from "../../../templates/admin-events/DoorPage.tsx";
import { type AttendeeRow, checkinList, doorEvents, findAttendee, findEvent, registrationCounts } from "./queries.ts";
import { cappedCsvResponse, CSV_MAX_ROWS, type CsvColumn, csvResponse, yesNo } from "../../lib/csv.ts";
import { toPacificDateInput } from "../../lib/time.ts";
import type { DoorEvent } from "../../../templates/admin-events/DoorPage.tsx";
import { canCheckIn, eventAdminNotices, isAtTheDoor } from "./rules.ts";
import { ID, idParam } from "../../db/ids.ts";
import type { AdminContext } from "../../http/admin.ts";
import { readFormStrings } from "../../lib/forms.ts";

export const checkinRoutes = new Hono<AppEnv>();
const checkin = allow.to("checkin", "events");
const LIST_LIMIT = 60;

/** A search as typed at the door: trimmed, one line, bounded. */
function searchText(raw: string | undefined): string {
  return (raw ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, 100);
}

async function doorCounts(c: AdminContext, eventId: string) {
  const counts = await registrationCounts(c.var.db(), eventId);
  return { checkedIn: counts.attended, expected: counts.registered };
}

/**
 * The event's door list for this user, or null (a 404) when they may not open it: organisers
 * (events:manage) open any event's list; event staff only the day's events that are on.
 */
async function doorEvent(c: AdminContext): Promise<Event | null> {
  const event = await findEvent(c.var.db(), c.req.param("id") ?? "");
  if (!event) return null;
  return organiser(c) || isAtTheDoor(event, new Date()) ? event : null;
}

const organiser = (c: AdminContext) => can(c.var.user, "manage", "events");

async function renderCheckin(c: AdminContext, event: Event, q: string, state: { status?: 200 | 422; actionError?: string } = {}) {
  // Only organisers search by email: for event staff it would be a way to probe who is registered.
  const canManage = organiser(c);
  const [rows, counts] = await Promise.all([checkinList(c.var.db(), event.id, q, LIST_LIMIT, { byEmail: canManage }), doorCounts(c, event.id)]);
  return renderPage(c, {
    title: `Check-in: ${event.title}`,
    status: state.status ?? 200,
    body: (
      <CheckinPage
        event={event}
        rows={rows}
        q={q}
        limit={LIST_LIMIT}
        counts={counts}
        canManage={canManage}
        notice={state.status ? undefined : eventAdminNotices.read(c)}
        actionError={state.actionError}
      />
    ),
    partial: <CheckinList eventId={event.id} rows={rows} q={q} limit={LIST_LIMIT} byEmail={canManage} />,
  });
}

// Registered before the event editor's /:id, which would otherwise take "checkin" for an id.
checkinRoutes.get("/checkin", checkin, async (c) =>
  renderPage(c, { title: "Check-in at the door", body: <DoorPage events={await doorEvents(c.var.db())} /> }),
);

const DOOR_EVENT_COLUMNS: ReadonlyArray<CsvColumn<DoorEvent>> = [
  ["id", (e) => e.id],
  ["title", (e) => e.title],
  ["starts_at", (e) => e.startDate],
  ["where", (e) => (e.isVirtual ? "Online" : e.location)],
];

checkinRoutes.get("/checkin.csv", checkin, async (c) =>
  csvResponse(c, `door-events-${toPacificDateInput(new Date())}.csv`, DOOR_EVENT_COLUMNS, await doorEvents(c.var.db())),
);

/** The door list as a file (all of it, not the first screenful), with emails for organisers only, as on the page. */
checkinRoutes.get(`/${ID}/checkin.csv`, checkin, async (c) => {
  const event = await doorEvent(c);
  if (!event) return renderNotFound(c);
  const byEmail = organiser(c);
  const rows = await checkinList(c.var.db(), event.id, searchText(c.req.query("q")), CSV_MAX_ROWS + 1, { byEmail });
  const columns: Array<CsvColumn<AttendeeRow>> = [
    ["last_name", (r) => r.lastName],
    ["first_name", (r) => r.firstName],
    ["company", (r) => r.company],
    ["checked_in", (r) => yesNo(r.status === "ATTENDED")],
  ];
  if (byEmail) columns.push(["email", (r) => r.email]);
  return cappedCsvResponse(c, `checkin-${event.id}.csv`, columns, rows, CSV_MAX_ROWS);
});

checkinRoutes.get(`/${ID}/checkin`, checkin, async (c) => {
  const event = await doorEvent(c);
  if (!event) return renderNotFound(c);
  return renderCheckin(c, event, searchText(c.req.query("q")));
});

checkinRoutes.post(`/${ID}/checkin/${idParam("registrationId")}`, checkin, async (c) => {
  const db = c.var.db();
  const event = await doorEvent(c);
  if (!event) return renderNotFound(c);
  const reg = await findAttendee(db, event.id, c.req.param("registrationId"));
  if (!reg) return renderNotFound(c);
  const q = searchText((await readFormStrings(c)).q);
  const name = `${reg.firstName} ${reg.lastName}`;

  const refuse = async (message: string) => {
    if (isHtmx(c)) return renderFragment(c, <CheckinRow eventId={event.id} r={reg} q={q} error={message} />, 422);
    return renderCheckin(c, event, q, { status: 422, actionError: message });
  };
  if (!canCheckIn(event.status)) return refuse(`Check-in is closed: this event is ${event.status === "DRAFT" ? "a draft" : "cancelled"}.`);
  if (reg.status === "REGISTERED" && reg.holdExpiresAt) return refuse(`${name}'s seat is held for payment: send them to the registration desk.`);
  if (reg.status !== "REGISTERED" && reg.status !== "ATTENDED") {
    return refuse(`${name} has no seat (${reg.status.toLowerCase().replace("_", "-")}).`);
  }

  if (reg.status === "REGISTERED") {
    const changed = await db.transaction(async (tx) => {
      // Only a confirmed seat (no hold) becomes ATTENDED; a concurrent check-in finds nothing left to change.
      const rows = await tx
        .update(eventRegistrations)
        .set({ status: "ATTENDED" })
        .where(and(eq(eventRegistrations.id, reg.id), eq(eventRegistrations.status, "REGISTERED"), isNull(eventRegistrations.holdExpiresAt)))
        .returning({ id: eventRegistrations.id });
      if (rows.length === 0) return false;
      await recordAdminAction(tx, auditActor(c), {
        action: "REGISTRATION_UPDATED",
        targetUserId: reg.userId,
        details: `${name} checked in (${event.title})`,
        before: { status: "REGISTERED" },
        after: { status: "ATTENDED" },
        extra: { eventId: event.id, registrationId: reg.id, checkIn: true },
      });
      return true;
    });
    if (!changed && (await findAttendee(db, event.id, reg.id))?.status !== "ATTENDED") {
      return refuse(`${name}'s registration changed meanwhile; search again.`);
    }
  }

  if (isHtmx(c)) {
    const counts = await doorCounts(c, event.id);
    const row = <CheckinRow eventId={event.id} r={{ ...reg, status: "ATTENDED" }} q={q} />;
    return renderFragment(c, <>{row}<CheckinCountsLine counts={counts} oob /></>);
  }
  return eventAdminNotices.redirect(c, `/admin/events/${event.id}/checkin`, "checked_in", { q });
});
