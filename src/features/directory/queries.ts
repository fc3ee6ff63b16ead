// Reads for the directory pages: where a ZIP or the member is, the choices of the skill and
// language filters, and one member's profile with skills and counting credentials.
// The listing itself is searchMembers (src/db/search.ts), shared with the public listing.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { userSkills, users } from "../../db/schema/accounts.ts";
import { credentials } from "../../db/schema/directory.ts";
import { searchMembers, typoTolerance, type DirectoryAudience, type MemberSearch, type MemberSearchRow } from "../../db/search.ts";
import { CHAPTER_TIME_ZONE } from "../../lib/time.ts";

export interface Point {
  lat: number;
  lng: number;
}

/** Where the member's business is, or null when their profile has no location. */
export async function findMemberPoint(db: Db, userId: string): Promise<Point | null> {
  const [row] = await db.select({ lat: users.latitude, lng: users.longitude }).from(users).where(eq(users.id, userId));
  return row && row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null;
}

/**
 * The directory's search. With text, the typo-tolerance setting goes first in the same
 * batch (one request, one transaction), so it holds for the search and nothing else.
 */
export async function runDirectorySearch(db: Db, s: MemberSearch): Promise<MemberSearchRow[]> {
  const query = searchMembers(db, s);
  if (!s.q?.trim()) return query;
  const [, rows] = await db.batch([db.execute(typoTolerance), query]);
  return rows;
}

export interface FilterChoices {
  skills: string[];
  languages: string[];
}

function listedWhere(audience: DirectoryAudience) {
  return and(
    isNull(users.deletedAt),
    eq(users.isActive, true),
    eq(users.isVerified, true),
    audience === "public" ? eq(users.directoryVisibility, "PUBLIC") : inArray(users.directoryVisibility, ["MEMBERS", "PUBLIC"]),
  );
}

const CHOICES_TTL_MS = 5 * 60_000;
const cached = new Map<DirectoryAudience, { at: number; choices: Promise<FilterChoices> }>();

/**
 * The skills and languages of listed members (public: of PUBLIC members only, so the public
 * page never names a skill only a hidden or members-only profile has). Kept five minutes per
 * isolate: the filter's choices need not be live, and the query reads every listed row.
 */
export function filterChoices(db: Db, audience: DirectoryAudience, now = Date.now()): Promise<FilterChoices> {
  const hit = cached.get(audience);
  if (hit && now - hit.at < CHOICES_TTL_MS) return hit.choices;
  const where = listedWhere(audience);
  const choices = Promise.all([
    db
      .selectDistinct({ value: sql<string>`s.skill` })
      .from(users)
      .innerJoin(sql`unnest(${users.skills}) AS s(skill)`, sql`true`)
      .where(where)
      .orderBy(sql`s.skill`)
      .limit(400),
    db
      .selectDistinct({ value: sql<string>`l.language` })
      .from(users)
      .innerJoin(sql`unnest(${users.languages}) AS l(language)`, sql`true`)
      .where(where)
      .orderBy(sql`l.language`)
      .limit(100),
  ]).then(([skills, languages]) => ({ skills: skills.map((r) => r.value), languages: languages.map((r) => r.value) }));
  cached.set(audience, { at: now, choices });
  // A failed read is not kept: the next page asks again.
  choices.catch(() => cached.delete(audience));
  return choices;
}

/** Everything a profile page may show, and the fields the rules need to decide who may see it. */
export async function loadProfile(db: Db, id: string) {
  const today = sql`(now() AT TIME ZONE ${CHAPTER_TIME_ZONE})::date`;
  const [[user], skills, creds] = await Promise.all([
    db
      .select({
        id: users.id,
        firstName: users.firstName,
        lastName: users.lastName,
        company: users.company,
        title: users.title,
        email: users.email,
        phone: users.phone,
        showEmail: users.showEmail,
        showPhone: users.showPhone,
        city: users.city,
        state: users.state,
        website: users.website,
        linkedin: users.linkedin,
        bio: users.bio,
        profileImage: users.profileImage,
        skills: users.skills,
        languages: users.languages,
        yearsExperience: users.yearsExperience,
        bondingCapacity: users.bondingCapacity,
        serviceRadiusMiles: users.serviceRadiusMiles,
        memberSince: users.memberSince,
        directoryVisibility: users.directoryVisibility,
        isActive: users.isActive,
        isVerified: users.isVerified,
        deletedAt: users.deletedAt,
      })
      .from(users)
      .where(eq(users.id, id)),
    db
      .select({ skill: userSkills.skill, level: userSkills.level, years: userSkills.years, verified: userSkills.verified })
      .from(userSkills)
      .where(eq(userSkills.userId, id))
      .orderBy(asc(userSkills.skill)),
    db
      .select({ type: credentials.type, classification: credentials.classification, issuer: credentials.issuer, expiresOn: credentials.expiresOn })
      .from(credentials)
      .where(
        and(
          eq(credentials.userId, id),
          eq(credentials.status, "VERIFIED"),
          sql`(${credentials.expiresOn} IS NULL OR ${credentials.expiresOn} >= ${today})`,
          inArray(credentials.type, ["CSLB_LICENSE", "DBE", "MBE", "WBE", "DVBE", "SBE", "SBA_8A"]),
        ),
      )
      .orderBy(asc(credentials.type), asc(credentials.classification)),
  ]);
  return user ? { ...user, skillRows: skills, credentials: creds } : null;
}
export type Profile = NonNullable<Awaited<ReturnType<typeof loadProfile>>>;
