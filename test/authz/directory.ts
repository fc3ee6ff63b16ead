// The member directory in the authorization matrix. The directory and profiles are for verified
// members (an unverified account gets the 403 "confirm your email" page); "Find a contractor" is
// public. A hidden member's profile and vCard are for that member and admins only (404 for
// everyone else, as for an id that names nobody).
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { ID } from "../../src/db/ids.ts";
import { makeUser } from "../helpers/db.ts";
import { EVERYONE, VERIFIED, type RouteRow } from "./types.ts";

async function sharedTargets() {
  const { db, pool } = createDb(loadConfig(env as unknown as Record<string, unknown>));
  try {
    const hidden = await makeUser(db, { firstName: "Matrix", lastName: "Hidden", isVerified: true, directoryVisibility: "HIDDEN" });
    return { hiddenId: hidden.id };
  } finally {
    await pool.end();
  }
}

const t = await sharedTargets();

export const directoryRows: RouteRow[] = [
  { method: "GET", route: "/members", rule: "signedIn, verified in the handler", path: () => "/members?q=matrix&sort=name", allowed: VERIFIED },
  { method: "GET", route: "/find-a-contractor", rule: "public (PUBLIC members only)", path: () => "/find-a-contractor?q=matrix", allowed: EVERYONE },
  // `member` is listed (MEMBERS by default): every verified account may see the profile and its vCard.
  { method: "GET", route: `/members/${ID}`, rule: "signedIn, verified, profile listed (or own, or admin)", path: (f) => `/members/${f.member.id}`, allowed: VERIFIED },
  { method: "GET", route: `/members/${ID}/vcard`, rule: "signedIn, verified, profile listed (or own, or admin)", path: (f) => `/members/${f.member.id}/vcard`, allowed: VERIFIED },
  // A hidden member: 404 for other members and delegated roles, shown to admins and account managers (users:read, which users:manage includes).
  { method: "GET", route: `/members/${ID}`, rule: "hidden profile: admins only (and its owner)", path: () => `/members/${t.hiddenId}`, allowed: ["usersManager", "admin"] },
  { method: "GET", route: `/members/${ID}/vcard`, rule: "hidden profile: admins only (and its owner)", path: () => `/members/${t.hiddenId}/vcard`, allowed: ["usersManager", "admin"] },
];
