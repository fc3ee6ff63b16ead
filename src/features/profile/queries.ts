// Reads and writes of a member's own profile: the users row, their skill rows (kept in step
// with users.skills, which the directory's GIN index reads), the photo key and email choices.
import { and, asc, eq, gte, isNull, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.ts";
import { users, userSkills, type NotificationPreferences, type SkillLevel } from "../../db/schema/accounts.ts";
import { credentials } from "../../db/schema/directory.ts";
import { sqlStateOf, UNIQUE_VIOLATION } from "../../db/sqlstate.ts";
import type { Centroid } from "./location.ts";
import type { ProfileInput, SkillInput } from "./rules.ts";

type Queries = Pick<Db, "select" | "insert" | "update" | "delete" | "execute">;

export interface PostalAddress {
  street?: string;
  city?: string;
  state?: string;
  zip?: string;
  [key: string]: unknown;
}

export async function loadProfile(db: Queries, userId: string) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      company: users.company,
      title: users.title,
      phone: users.phone,
      address: users.address,
      city: users.city,
      state: users.state,
      zipCode: users.zipCode,
      latitude: users.latitude,
      longitude: users.longitude,
      website: users.website,
      linkedin: users.linkedin,
      bio: users.bio,
      yearsExperience: users.yearsExperience,
      bondingCapacity: users.bondingCapacity,
      languages: users.languages,
      serviceRadiusMiles: users.serviceRadiusMiles,
      directoryVisibility: users.directoryVisibility,
      showEmail: users.showEmail,
      showPhone: users.showPhone,
      profileImage: users.profileImage,
      notificationPreferences: users.notificationPreferences,
      isVerified: users.isVerified,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

export type Profile = NonNullable<Awaited<ReturnType<typeof loadProfile>>>;

export interface SkillRow {
  id: string;
  skill: string;
  level: SkillLevel;
  years: number | null;
  verified: boolean;
}

export function listSkills(db: Queries, userId: string): Promise<SkillRow[]> {
  return db
    .select({ id: userSkills.id, skill: userSkills.skill, level: userSkills.level, years: userSkills.years, verified: userSkills.verified })
    .from(userSkills)
    .where(eq(userSkills.userId, userId))
    .orderBy(asc(sql`lower(${userSkills.skill})`));
}

/** The member's verified credentials that have not expired: the ones that count (read-only here; the vault owns them). */
export async function countVerifiedCredentials(db: Queries, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(credentials)
    .where(
      and(
        eq(credentials.userId, userId),
        eq(credentials.status, "VERIFIED"),
        or(isNull(credentials.expiresOn), gte(credentials.expiresOn, sql`(now() AT TIME ZONE 'America/Los_Angeles')::date`)),
      ),
    );
  return row?.n ?? 0;
}

/** Saves the profile form; the location comes from the ZIP (or city) centroid, or is cleared. */
export async function saveProfile(db: Queries, userId: string, before: Profile, input: ProfileInput, place: Centroid | null): Promise<void> {
  const previous = (before.address && typeof before.address === "object" ? before.address : {}) as PostalAddress;
  const city = input.city || place?.city || "";
  const state = input.state || place?.state || "";
  const address: PostalAddress = { ...previous, street: input.street, city, state, zip: input.zip };
  // A county or suite from the seed no longer describes a new ZIP.
  if (previous.zip !== input.zip) delete address.county;
  const blank = (v: string) => (v === "" ? null : v);
  await db
    .update(users)
    .set({
      firstName: input.firstName,
      lastName: input.lastName,
      company: blank(input.company),
      title: blank(input.title),
      phone: blank(input.phone),
      address: input.street || city || state || input.zip ? address : null,
      city: blank(city),
      state: blank(state),
      zipCode: blank(input.zip),
      // The trigger from migrations/0002 keeps the seed's coordinates jsonb in step.
      latitude: place?.latitude ?? null,
      longitude: place?.longitude ?? null,
      website: blank(input.website),
      linkedin: blank(input.linkedin),
      bio: blank(input.bio),
      yearsExperience: input.yearsExperience,
      bondingCapacity: input.bondingCapacity,
      languages: input.languages,
      serviceRadiusMiles: input.serviceRadiusMiles,
      directoryVisibility: input.directoryVisibility,
      showEmail: input.showEmail,
      showPhone: input.showPhone,
      updatedById: userId,
    })
    .where(eq(users.id, userId));
}

/** users.skills := the member's skill names, in the same transaction as the change to user_skills. */
async function syncSkillNames(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`
    UPDATE users SET skills = coalesce((SELECT array_agg(skill ORDER BY lower(skill)) FROM user_skills WHERE user_id = ${userId}), '{}')
    WHERE id = ${userId}`);
}

export type SkillChange = { ok: true } | { ok: false; errors: Record<string, string> } | { ok: false; missing: true };

async function nameTaken(tx: Tx, userId: string, skill: string, exceptId: string | null): Promise<boolean> {
  const rows = await tx
    .select({ id: userSkills.id })
    .from(userSkills)
    .where(and(eq(userSkills.userId, userId), sql`lower(${userSkills.skill}) = ${skill.toLowerCase()}`, exceptId ? sql`${userSkills.id} <> ${exceptId}` : undefined))
    .limit(1);
  return rows.length > 0;
}

const duplicate = (skill: string): SkillChange => ({ ok: false, errors: { skill: `You already list ${skill}. Edit that row instead.` } });

export async function addSkill(db: Db, userId: string, input: SkillInput, max: number): Promise<SkillChange> {
  try {
    return await db.transaction(async (tx) => {
      // One member's rows, serialised: the count and the duplicate check see every other add.
      await tx.execute(sql`SELECT 1 FROM users WHERE id = ${userId} FOR UPDATE`);
      const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(userSkills).where(eq(userSkills.userId, userId));
      if ((count?.n ?? 0) >= max) return { ok: false, errors: { skill: `You can list at most ${max} skills. Remove one first.` } } as const;
      if (await nameTaken(tx, userId, input.skill, null)) return duplicate(input.skill);
      await tx.insert(userSkills).values({ userId, skill: input.skill, level: input.level, years: input.years });
      await syncSkillNames(tx, userId);
      return { ok: true } as const;
    });
  } catch (err) {
    if (sqlStateOf(err) === UNIQUE_VIOLATION) return duplicate(input.skill);
    throw err;
  }
}

export async function updateSkill(db: Db, userId: string, skillId: string, input: SkillInput): Promise<SkillChange> {
  try {
    return await db.transaction(async (tx) => {
      if (await nameTaken(tx, userId, input.skill, skillId)) return duplicate(input.skill);
      const updated = await tx
        .update(userSkills)
        // A renamed or re-levelled skill is the member's word again, not a verified one.
        .set({ skill: input.skill, level: input.level, years: input.years, verified: sql`${userSkills.verified} AND ${userSkills.skill} = ${input.skill} AND ${userSkills.level} = ${input.level}` })
        .where(and(eq(userSkills.id, skillId), eq(userSkills.userId, userId)))
        .returning({ id: userSkills.id });
      if (updated.length === 0) return { ok: false, missing: true } as const;
      await syncSkillNames(tx, userId);
      return { ok: true } as const;
    });
  } catch (err) {
    if (sqlStateOf(err) === UNIQUE_VIOLATION) return duplicate(input.skill);
    throw err;
  }
}

/** False when the row is not this member's (or gone). */
export async function removeSkill(db: Db, userId: string, skillId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const deleted = await tx
      .delete(userSkills)
      .where(and(eq(userSkills.id, skillId), eq(userSkills.userId, userId)))
      .returning({ id: userSkills.id });
    if (deleted.length === 0) return false;
    await syncSkillNames(tx, userId);
    return true;
  });
}

/** Points the profile at a new photo key; returns the key it replaced, for deleting from R2. */
export async function setPhotoKey(db: Db, userId: string, key: string | null): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.execute<{ profile_image: string | null }>(sql`SELECT profile_image FROM users WHERE id = ${userId} FOR UPDATE`).then((r) => r.rows);
    await tx.update(users).set({ profileImage: key, updatedById: userId }).where(eq(users.id, userId));
    return row?.profile_image ?? null;
  });
}

export interface PhotoOwner {
  id: string;
  profileImage: string | null;
  directoryVisibility: "HIDDEN" | "MEMBERS" | "PUBLIC";
  listed: boolean;
}

/** The photo key of a member and whether they are someone the directory may show at all. */
export async function findPhotoOwner(db: Queries, userId: string): Promise<PhotoOwner | null> {
  const [row] = await db
    .select({
      id: users.id,
      profileImage: users.profileImage,
      directoryVisibility: users.directoryVisibility,
      listed: sql<boolean>`(${users.deletedAt} IS NULL AND ${users.isActive} AND ${users.isVerified})`,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

export async function saveNotificationPreferences(db: Queries, userId: string, prefs: NotificationPreferences): Promise<void> {
  await db.update(users).set({ notificationPreferences: prefs, updatedById: userId }).where(eq(users.id, userId));
}

/** Turns one optional kind off (idempotent); false when there is no such member. */
export async function turnOffEmailKind(db: Queries, userId: string, kind: string): Promise<boolean> {
  const rows = await db.execute<{ id: string }>(sql`
    UPDATE users SET notification_preferences =
      coalesce(notification_preferences, '{"email": true, "sms": false, "push": true}'::jsonb) || jsonb_build_object(${kind}::text, false)
    WHERE id = ${userId} AND deleted_at IS NULL
    RETURNING id`);
  return rows.rows.length > 0;
}

export async function loadEmailPreferences(db: Queries, userId: string) {
  const [row] = await db
    .select({ firstName: users.firstName, notificationPreferences: users.notificationPreferences })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletedAt)))
    .limit(1);
  return row ?? null;
}
