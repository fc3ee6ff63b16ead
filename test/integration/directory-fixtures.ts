// Shared by the directory-*.test.ts files: listed members with skills, credentials and places,
// ZIP centroids, and requests as a member. Every test scopes its rows by a skill of its own
// (`tag()`), so other files' members never interfere. Places are around (-15, 25), in southern
// Africa, where no other test puts rows; the ZIPs (000xx) are not real US ZIP codes, so no
// loader ever writes different centroids for them.
import { sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { newId } from "../../src/db/ids.ts";
import { credentials, userSkills, zipCodes, type NewCredential, type NewUser } from "../../src/db/schema/index.ts";
import { makeUser } from "../helpers/db.ts";
import { get } from "../helpers/http.ts";

export const CENTRE = { lat: -15, lng: 25 };
/** ZIPs placed at the centre, 30 miles north of it, and 200 miles north. */
export const ZIPS = { centre: "00001", north30: "00002", far: "00003" } as const;

/** A point `miles` north of the centre (1° of latitude ≈ 69.05 miles). */
export const north = (miles: number) => ({ latitude: CENTRE.lat + miles / 69.05, longitude: CENTRE.lng });

export async function ensureZips(db: Db): Promise<void> {
  await db
    .insert(zipCodes)
    .values([
      { zip: ZIPS.centre, city: "Centreville", state: "ZZ", latitude: CENTRE.lat, longitude: CENTRE.lng },
      { zip: ZIPS.north30, city: "Northtown", state: "ZZ", ...pointOf(north(30)) },
      { zip: ZIPS.far, city: "Farfield", state: "ZZ", ...pointOf(north(200)) },
    ])
    .onConflictDoNothing();
}
function pointOf(p: { latitude: number; longitude: number }) {
  return { latitude: p.latitude, longitude: p.longitude };
}

/** A skill no other test uses: filter by it to see only this test's members. */
export const tag = () => `tag-${newId()}`;

/** A member the directory lists (verified, active, MEMBERS) unless overridden. */
export async function listed(db: Db, over: Partial<NewUser> = {}) {
  return makeUser(db, { isVerified: true, isActive: true, directoryVisibility: "MEMBERS", company: null, ...over });
}

export async function credential(db: Db, userId: string, over: Partial<NewCredential> = {}) {
  await db.insert(credentials).values({ userId, type: "DBE", status: "VERIFIED", issuer: "Caltrans", ...over });
}

export async function skillRow(db: Db, userId: string, skill: string, level: "BEGINNER" | "INTERMEDIATE" | "ADVANCED" | "EXPERT", years: number | null) {
  await db.insert(userSkills).values({ userId, skill, level, years });
}

/** Today in the chapter's time zone, as Postgres sees it, ± days (YYYY-MM-DD). */
export async function chapterDay(db: Db, days = 0): Promise<string> {
  const [row] = await db
    .select({ d: sql<string>`((now() AT TIME ZONE 'America/Los_Angeles')::date + ${days}::int)::text` })
    .from(zipCodes)
    .limit(1);
  if (!row) throw new Error("call ensureZips first");
  return row.d;
}

export async function page(path: string, cookie?: string, headers: Record<string, string> = {}) {
  const res = await get(path, { headers: cookie ? { cookie, ...headers } : headers });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** The member ids of the result cards, in order. */
export function cardIds(html: string): string[] {
  return [...html.matchAll(/<article class="card" aria-labelledby="m-(c[a-z2-7]{24})"/g)].map((m) => m[1]!);
}
