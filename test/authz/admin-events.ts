// Event admin routes in the authorization matrix. Only the admin gets past the rule of the
// managing routes, so each mutating row has its own event and runs once. Event staff open
// the door list of the day's event (drafts and other days: test/integration/admin-events-checkin).
// Forms that would do something drastic are sent empty or invalid (422 after authorization,
// nothing written).
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { eventFiles, eventRegistrations } from "../../src/db/schema/index.ts";
import { makeEvent, makeUser } from "../helpers/db.ts";
import { ADMIN_ONLY, type Actor, type RouteRow } from "./types.ts";
import { ID, idParam } from "../../src/db/ids.ts";

async function sharedTargets() {
  const { db, pool } = createDb(loadConfig(env as unknown as Record<string, unknown>));
  try {
    const owner = await makeUser(db, { firstName: "Matrix", lastName: "Organiser", isVerified: true });
    const guest = await makeUser(db, { firstName: "Matrix", lastName: "Guest", isVerified: true });
    const event = async (title: string) => (await makeEvent(db, owner.id, { title: `Matrix: ${title}`, maxCapacity: 50 })).id;
    const [view, edit, publish, remove, files, people] = await Promise.all(["view", "edit", "publish", "delete", "files", "attendees"].map(event));
    // Today and open: the one kind of event whose door list event staff may open.
    const soon = Date.now() + 2 * 3_600_000;
    const door = (
      await makeEvent(db, owner.id, { title: "Matrix: door", maxCapacity: 50, status: "REGISTRATION_OPEN", startDate: new Date(soon), endDate: new Date(soon + 7_200_000) })
    ).id;
    const [file] = await db
      .insert(eventFiles)
      .values({ eventId: files!, fileName: "m.txt", filePath: `events/${files}/m.txt`, fileType: "text/plain", fileSize: 1, uploadedBy: owner.id })
      .returning({ id: eventFiles.id });
    // Written straight to Postgres: none of these rows reaches the capacity object (forms are invalid, check-in is Postgres only).
    const [reg] = await db.insert(eventRegistrations).values({ eventId: people!, userId: guest.id }).returning({ id: eventRegistrations.id });
    const [doorReg] = await db.insert(eventRegistrations).values({ eventId: door, userId: guest.id }).returning({ id: eventRegistrations.id });
    return { view: view!, edit: edit!, publish: publish!, remove: remove!, files: files!, fileId: file!.id, people: people!, regId: reg!.id, door, doorRegId: doorReg!.id };
  } finally {
    await pool.end();
  }
}

const t = await sharedTargets();
const manage = "allow.to(manage, events)";
const checkin = "allow.to(checkin, events); event staff only the day's events";
const DOOR: Actor[] = ["eventStaff", "admin"];

export const adminEventRows: RouteRow[] = [
  { method: "GET", route: "/admin/events", rule: manage, path: () => "/admin/events?when=all", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/events/export.csv", rule: manage, path: () => "/admin/events/export.csv?when=all", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/events/rows/:kind", rule: manage, path: () => "/admin/events/rows/agenda?index=3", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/events/new", rule: manage, path: () => "/admin/events/new", allowed: ADMIN_ONLY },
  // Empty form: 422, nothing created.
  { method: "POST", route: "/admin/events", rule: manage, path: () => "/admin/events", form: () => ({}), allowed: ADMIN_ONLY },
  { method: "GET", route: `/admin/events/${ID}`, rule: manage, path: () => `/admin/events/${t.view}`, allowed: ADMIN_ONLY },
  { method: "POST", route: `/admin/events/${ID}`, rule: manage, path: () => `/admin/events/${t.edit}`, form: () => ({}), allowed: ADMIN_ONLY },
  // Draft → published: 303 (the admin is the only actor that gets this far).
  { method: "POST", route: `/admin/events/${ID}/status`, rule: manage, path: () => `/admin/events/${t.publish}/status`, form: () => ({ status: "PUBLISHED" }), allowed: ADMIN_ONLY },
  { method: "POST", route: `/admin/events/${ID}/delete`, rule: manage, path: () => `/admin/events/${t.remove}/delete`, allowed: ADMIN_ONLY },
  // No file in the form: 422.
  { method: "POST", route: `/admin/events/${ID}/files`, rule: manage, path: () => `/admin/events/${t.files}/files`, form: () => ({}), allowed: ADMIN_ONLY },
  {
    method: "POST",
    route: `/admin/events/${ID}/files/${idParam("fileId")}/delete`,
    rule: manage,
    path: () => `/admin/events/${t.files}/files/${t.fileId}/delete`,
    allowed: ADMIN_ONLY,
  },
  { method: "GET", route: `/admin/events/${ID}/attendees`, rule: manage, path: () => `/admin/events/${t.people}/attendees`, allowed: ADMIN_ONLY },
  { method: "GET", route: `/admin/events/${ID}/attendees.csv`, rule: manage, path: () => `/admin/events/${t.people}/attendees.csv`, allowed: ADMIN_ONLY },
  // No reference: 422.
  {
    method: "POST",
    route: `/admin/events/${ID}/attendees/${idParam("registrationId")}/payment`,
    rule: manage,
    path: () => `/admin/events/${t.people}/attendees/${t.regId}/payment`,
    form: () => ({}),
    allowed: ADMIN_ONLY,
  },
  // No destination: 422.
  {
    method: "POST",
    route: `/admin/events/${ID}/attendees/${idParam("registrationId")}/move`,
    rule: manage,
    path: () => `/admin/events/${t.people}/attendees/${t.regId}/move`,
    form: () => ({}),
    allowed: ADMIN_ONLY,
  },
  // The event has not happened yet: 422.
  { method: "POST", route: `/admin/events/${ID}/no-shows`, rule: manage, path: () => `/admin/events/${t.people}/no-shows`, allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/events/checkin", rule: checkin, path: () => "/admin/events/checkin", allowed: DOOR },
  { method: "GET", route: `/admin/events/${ID}/checkin`, rule: checkin, path: () => `/admin/events/${t.door}/checkin?q=Matrix`, allowed: DOOR },
  { method: "GET", route: "/admin/events/checkin.csv", rule: checkin, path: () => "/admin/events/checkin.csv", allowed: DOOR },
  { method: "GET", route: `/admin/events/${ID}/checkin.csv`, rule: checkin, path: () => `/admin/events/${t.door}/checkin.csv?q=Matrix`, allowed: DOOR },
  {
    method: "POST",
    route: `/admin/events/${ID}/checkin/${idParam("registrationId")}`,
    rule: checkin,
    path: () => `/admin/events/${t.door}/checkin/${t.doorRegId}`,
    form: () => ({ q: "Matrix" }),
    allowed: DOOR,
  },
];
