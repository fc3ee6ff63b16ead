// Announcement routes in the authorization matrix. Targets made once here: a published,
// non-urgent announcement for everyone (expiring within the hour, no email), and a scheduled
// one (far in the future) for the admin edit rows. Writing and editing take announcements:send.
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { ID } from "../../src/db/ids.ts";
import { announcements } from "../../src/db/schema/index.ts";
import { toPacificInput } from "../../src/lib/time.ts";
import { makeUser } from "../helpers/db.ts";
import { ADMIN_ONLY, SIGNED_IN, type RouteRow } from "./types.ts";

async function sharedTargets() {
  const { db, pool } = createDb(loadConfig(env as unknown as Record<string, unknown>));
  try {
    const sender = await makeUser(db, { firstName: "Matrix", lastName: "Announcer", isVerified: true, memberType: "admin" });
    const [published, scheduled] = await db
      .insert(announcements)
      .values([
        { title: "Matrix announcement", content: "For everyone.", senderId: sender.id, targetAudience: "ALL", emailCopy: false, expiresAt: new Date(Date.now() + 3_600_000) },
        { title: "Matrix scheduled", content: "Later.", senderId: sender.id, targetAudience: "ADMIN", emailCopy: false, sentAt: new Date(Date.now() + 365 * 86_400_000) },
      ])
      .returning({ id: announcements.id });
    return { publishedId: published!.id, scheduledId: scheduled!.id };
  } finally {
    await pool.end();
  }
}

const t = await sharedTargets();
const A = `/announcements/${ID}`;
const AA = `/admin/announcements/${ID}`;
const later = () => toPacificInput(new Date(Date.now() + 365 * 86_400_000));
const form = () => ({ title: "Matrix admin note", content: "Admins only.", audience: "ADMIN", when: "later", publishAt: later(), expiresAt: "" });

export const announcementRows: RouteRow[] = [
  { method: "GET", route: "/announcements", rule: "signedIn", path: () => "/announcements", allowed: SIGNED_IN },
  { method: "GET", route: "/announcements/banner", rule: "signedIn", path: () => "/announcements/banner", allowed: SIGNED_IN },
  { method: "GET", route: A, rule: "signedIn + in the audience", path: () => `/announcements/${t.publishedId}`, allowed: SIGNED_IN },
  { method: "POST", route: `${A}/dismiss`, rule: "signedIn + in the audience", path: () => `/announcements/${t.publishedId}/dismiss`, form: () => ({ back: "/announcements" }), allowed: SIGNED_IN },
  { method: "GET", route: "/admin/announcements", rule: "to(send, announcements)", path: () => "/admin/announcements", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/announcements/export.csv", rule: "to(send, announcements)", path: () => "/admin/announcements/export.csv", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/announcements/new", rule: "to(send, announcements)", path: () => "/admin/announcements/new", allowed: ADMIN_ONLY },
  { method: "POST", route: "/admin/announcements", rule: "to(send, announcements)", path: () => "/admin/announcements", form, allowed: ADMIN_ONLY },
  { method: "GET", route: `${AA}/edit`, rule: "to(send, announcements)", path: () => `/admin/announcements/${t.scheduledId}/edit`, allowed: ADMIN_ONLY },
  { method: "POST", route: AA, rule: "to(send, announcements)", path: () => `/admin/announcements/${t.scheduledId}`, form, allowed: ADMIN_ONLY },
];
