// The member's own profile, member photos and one-click unsubscribe in the authorization
// matrix. Profile routes act on the signed-in actor's own row only (no member id in the URL);
// a skill row of someone else is a 404 for everyone, admins included. Photos are for verified
// members (a hidden member's for admins only); unsubscribe links work for anyone holding one.
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { userSkills } from "../../src/db/schema/index.ts";
import { idParam, ID } from "../../src/db/ids.ts";
import { signUnsubscribeToken } from "../../src/lib/unsubscribe.ts";
import { makeUser } from "../helpers/db.ts";
import { EVERYONE, SIGNED_IN, VERIFIED, type RouteRow } from "./types.ts";

async function sharedTargets() {
  const config = loadConfig(env as unknown as Record<string, unknown>);
  const { db, pool } = createDb(config);
  try {
    const listed = await makeUser(db, { firstName: "Matrix", lastName: "Photo", isVerified: true, profileImage: "profiles/matrix/listed" });
    const hidden = await makeUser(db, { firstName: "Matrix", lastName: "Hidden", isVerified: true, directoryVisibility: "HIDDEN", profileImage: "profiles/matrix/hidden" });
    await env.FILES.put("profiles/matrix/listed", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), { httpMetadata: { contentType: "image/png" } });
    await env.FILES.put("profiles/matrix/hidden", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), { httpMetadata: { contentType: "image/png" } });
    const [skill] = await db.insert(userSkills).values({ userId: listed.id, skill: "Matrix skill", level: "EXPERT" }).returning({ id: userSkills.id });
    const token = await signUnsubscribeToken(config.TOTP_ENCRYPTION_KEY, listed.id, "announcements");
    return { listedId: listed.id, hiddenId: hidden.id, skillId: skill!.id, token };
  } finally {
    await pool.end();
  }
}

const t = await sharedTargets();
const SKILL = { skill: "Matrix skill renamed", level: "EXPERT", years: "" };

export const profileRows: RouteRow[] = [
  { method: "GET", route: "/account/profile", rule: "signedIn, own profile", path: () => "/account/profile", allowed: SIGNED_IN },
  // Saves the actor's own row (303), or 422 beside the fields; never anyone else's.
  { method: "POST", route: "/account/profile", rule: "signedIn, own profile", path: () => "/account/profile", form: () => ({ firstName: "Matrix", lastName: "Actor" }), allowed: SIGNED_IN },
  { method: "POST", route: "/account/profile/skills", rule: "signedIn, adds to own skills", path: () => "/account/profile/skills", form: () => ({ skill: "Matrix add", level: "BEGINNER" }), allowed: SIGNED_IN },
  {
    method: "POST",
    route: `/account/profile/skills/${idParam("skillId")}`,
    rule: "signedIn, own skill rows only (another member's is a 404, for admins too)",
    path: () => `/account/profile/skills/${t.skillId}`,
    form: () => SKILL,
    allowed: [],
  },
  {
    method: "POST",
    route: `/account/profile/skills/${idParam("skillId")}/delete`,
    rule: "signedIn, own skill rows only (another member's is a 404, for admins too)",
    path: () => `/account/profile/skills/${t.skillId}/delete`,
    form: () => ({}),
    allowed: [],
  },
  // Without a file it answers 422 on the actor's own profile.
  { method: "POST", route: "/account/profile/photo", rule: "signedIn, own photo", path: () => "/account/profile/photo", form: () => ({}), allowed: SIGNED_IN },
  { method: "POST", route: "/account/profile/photo/delete", rule: "signedIn, own photo", path: () => "/account/profile/photo/delete", form: () => ({}), allowed: SIGNED_IN },
  { method: "POST", route: "/account/profile/notifications", rule: "signedIn, own email choices", path: () => "/account/profile/notifications", form: () => ({ bidAlerts: "on" }), allowed: SIGNED_IN },
  {
    method: "GET",
    route: `/members/${ID}/photo`,
    rule: "public route; owner, admins and verified members (404 for anyone else)",
    path: () => `/members/${t.listedId}/photo`,
    allowed: VERIFIED,
  },
  {
    method: "GET",
    route: `/members/${ID}/photo`,
    rule: "a hidden member's photo: owner and admins only",
    path: () => `/members/${t.hiddenId}/photo`,
    // users:read (which users:manage includes) sees hidden members.
    allowed: ["usersManager", "admin"],
  },
  {
    method: "GET",
    route: "/unsubscribe/:token{[A-Za-z0-9._-]{1,200}}",
    rule: "public (the signed token decides)",
    path: () => `/unsubscribe/${t.token}`,
    allowed: EVERYONE,
  },
  {
    method: "POST",
    route: "/unsubscribe/:token{[A-Za-z0-9._-]{1,200}}",
    rule: "public, no CSRF Origin check (RFC 8058 one-click; the signed token decides)",
    path: () => `/unsubscribe/${t.token}`,
    form: () => ({ "List-Unsubscribe": "One-Click" }),
    allowed: EVERYONE,
  },
];
