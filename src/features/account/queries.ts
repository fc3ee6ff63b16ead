import { and, desc, eq, gt, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { sessions } from "../../db/schema/auth.ts";
import { describeDevice } from "./rules.ts";

type Queries = Pick<Db, "select" | "insert" | "update" | "delete">;

export async function loadAccountOverview(db: Queries, userId: string) {
  const [row] = await db
    .select({
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
      company: users.company,
      title: users.title,
      memberType: users.memberType,
      memberSince: users.memberSince,
      membershipExpiresAt: users.membershipExpiresAt,
      isVerified: users.isVerified,
      twoFactorEnabled: users.twoFactorEnabled,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

export type AccountOverview = NonNullable<Awaited<ReturnType<typeof loadAccountOverview>>>;

export async function loadPasswordHash(db: Queries, userId: string): Promise<string | null> {
  const [row] = await db.select({ password: users.password }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.password ?? null;
}

export interface DeviceRow {
  id: string;
  device: string;
  ipAddress: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
  /** Password given, second factor not (yet): worth seeing if it wasn't you. */
  awaitingSecondFactor: boolean;
}

/** The member's live sessions, the one in use first, then by last activity. */
export async function listDevices(
  db: Queries,
  userId: string,
  currentSessionId: string,
  twoFactorEnabled: boolean,
): Promise<DeviceRow[]> {
  const rows = await db
    .select({
      id: sessions.id,
      userAgent: sessions.userAgent,
      ipAddress: sessions.ipAddress,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      twoFactorVerified: sessions.twoFactorVerified,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sql`${sessions.id} = ${currentSessionId}`), desc(sessions.lastSeenAt))
    .limit(50);
  return rows.map((r) => ({
    id: r.id,
    device: describeDevice(r.userAgent),
    ipAddress: r.ipAddress,
    createdAt: r.createdAt,
    lastSeenAt: r.lastSeenAt,
    current: r.id === currentSessionId,
    awaitingSecondFactor: twoFactorEnabled && !r.twoFactorVerified,
  }));
}

/** Deletes one of the member's own sessions; false when the id is not theirs (or gone). */
export async function revokeOwnSession(tx: Queries, userId: string, sessionId: string): Promise<boolean> {
  const deleted = await tx
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return deleted.length > 0;
}

/** Whether another account already signs in with this address (case-insensitively). */
export async function emailBelongsToSomeoneElse(db: Queries, email: string, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, ne(users.id, userId)))
    .limit(1);
  return rows.length > 0;
}

export async function markSessionTwoFactorVerified(tx: Queries, sessionId: string): Promise<void> {
  await tx.update(sessions).set({ twoFactorVerified: true }).where(eq(sessions.id, sessionId));
}
