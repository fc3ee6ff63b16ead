// Member-facing event routes in the authorization matrix. The targets are one open, free
// event with plenty of seats and a file in R2, and a member with a personal calendar feed.
// Register and cancel act only on the signed-in actor's own seat (no registration id in the URL).
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { eventFiles } from "../../src/db/schema/index.ts";
import { newCalendarToken } from "../../src/features/events/calendar.ts";
import { makeEvent, makeUser } from "../helpers/db.ts";
import { EVERYONE, SIGNED_IN, VERIFIED, type RouteRow } from "./types.ts";
import { ID, idParam } from "../../src/db/ids.ts";

async function sharedTargets() {
  const { db, pool } = createDb(loadConfig(env as unknown as Record<string, unknown>));
  try {
    const feed = newCalendarToken();
    const owner = await makeUser(db, { firstName: "Matrix", lastName: "Owner", isVerified: true, calendarTokenHash: feed.hash });
    const event = await makeEvent(db, owner.id, { title: "Authorization matrix event", status: "REGISTRATION_OPEN", maxCapacity: 1000 });
    const filePath = `events/${event.id}/matrix.txt`;
    await env.FILES.put(filePath, "matrix", { httpMetadata: { contentType: "text/plain" } });
    const [file] = await db
      .insert(eventFiles)
      .values({ eventId: event.id, fileName: "matrix.txt", filePath, fileType: "text/plain", fileSize: 6, uploadedBy: owner.id })
      .returning({ id: eventFiles.id });
    if (!file) throw new Error("authz event targets could not be made");
    return { eventId: event.id, fileId: file.id, feedToken: feed.token };
  } finally {
    await pool.end();
  }
}

const t = await sharedTargets();

export const eventRows: RouteRow[] = [
  { method: "GET", route: "/events", rule: "public", path: () => "/events?type=MEETING", allowed: EVERYONE },
  { method: "GET", route: "/events.ics", rule: "public", path: () => "/events.ics", allowed: EVERYONE },
  { method: "GET", route: "/events/:file{c[a-z2-7]{24}\\.ics}", rule: "public", path: () => `/events/${t.eventId}.ics`, allowed: EVERYONE },
  {
    method: "GET",
    route: "/calendar/:file{[a-z2-7]+\\.ics}",
    rule: "public (the secret token in the URL decides)",
    path: () => `/calendar/${t.feedToken}.ics`,
    allowed: EVERYONE,
  },
  { method: "GET", route: "/events/my", rule: "signedIn", path: () => "/events/my", allowed: SIGNED_IN },
  // Each actor replaces only their own feed token.
  { method: "POST", route: "/events/my/calendar-token", rule: "signedIn", path: () => "/events/my/calendar-token", form: () => ({}), allowed: SIGNED_IN },
  { method: "GET", route: `/events/${ID}`, rule: "public", path: () => `/events/${t.eventId}`, allowed: EVERYONE },
  { method: "GET", route: `/events/${ID}/seats`, rule: "public", path: () => `/events/${t.eventId}/seats`, allowed: EVERYONE },
  {
    method: "GET",
    route: `/events/${ID}/files/${idParam("fileId")}`,
    rule: "signedIn, verified in the handler (event files are for members)",
    path: () => `/events/${t.eventId}/files/${t.fileId}`,
    allowed: VERIFIED,
  },
  // Registers the actor for the free event (303), or says they already are.
  { method: "POST", route: `/events/${ID}/register`, rule: "signedIn (verified to succeed)", path: () => `/events/${t.eventId}/register`, form: () => ({}), allowed: VERIFIED },
  // Cancels only the actor's own registration; with none it answers "not registered" (303).
  { method: "POST", route: `/events/${ID}/cancel`, rule: "signedIn, own registration only", path: () => `/events/${t.eventId}/cancel`, form: () => ({}), allowed: SIGNED_IN },
];
