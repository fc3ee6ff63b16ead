import { decodeHex, encodeHexLowerCase } from "@oslojs/encoding";
import { and, eq, ne, sql } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Db, DbOrTx } from "../db/client.ts";
import { users } from "../db/schema/accounts.ts";
import { sessions } from "../db/schema/auth.ts";
import {
  clearedSessionCookieOptions,
  generateSessionToken,
  hashSecret,
  parseSessionToken,
  renewedSessionTimes,
  SESSION_COOKIE,
  sessionCookieOptions,
  sessionDecision,
  sessionExpiresAt,
  verifySecret,
} from "./tokens.ts";

/** The signed-in member as every route sees it. */
export interface CurrentUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  memberType: "REGULAR" | "admin";
  isVerified: boolean;
  twoFactorEnabled: boolean;
  /** `resource:action` names from active, unexpired role grants. */
  permissions: ReadonlySet<string>;
}

export interface CurrentSession {
  id: string;
  userId: string;
  expiresAt: Date;
  twoFactorVerified: boolean;
}

export async function createSession(
  db: DbOrTx,
  userId: string,
  meta: { ipAddress?: string | null; userAgent?: string | null; twoFactorVerified: boolean },
): Promise<{ token: string; expiresAt: Date; id: string }> {
  const { id, secret, token } = generateSessionToken();
  const now = new Date();
  const expiresAt = sessionExpiresAt(now);
  await db.insert(sessions).values({
    id,
    userId,
    secretHash: encodeHexLowerCase(hashSecret(secret)),
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    twoFactorVerified: meta.twoFactorVerified,
    ipAddress: meta.ipAddress ?? null,
    userAgent: meta.userAgent?.slice(0, 400) ?? null,
  });
  return { token, expiresAt, id };
}

/**
 * Looks up the cookie's session with its user and permissions in one query,
 * checks the secret in constant time, drops expired sessions and slides the
 * expiry of active ones (at most daily).
 */
export async function validateSessionToken(
  db: Db,
  token: string | undefined,
): Promise<{ session: CurrentSession; user: CurrentUser; renewedExpiresAt?: Date } | null> {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  const rows = await db
    .select({
      session: sessions,
      user: {
        id: users.id,
        email: users.email,
        firstName: users.firstName,
        lastName: users.lastName,
        memberType: users.memberType,
        isVerified: users.isVerified,
        isActive: users.isActive,
        deletedAt: users.deletedAt,
        twoFactorEnabled: users.twoFactorEnabled,
      },
      permissions: sql<string[]>`coalesce((
        select array_agg(distinct p.resource || ':' || p.action)
        from user_roles ur
        join roles r on r.id = ur.role_id and r.is_active
        join role_permissions rp on rp.role_id = r.id
        join permissions p on p.id = rp.permission_id
        where ur.user_id = ${users.id} and ur.is_active and (ur.expires_at is null or ur.expires_at > now())
      ), '{}')`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, parsed.id))
    .limit(1);
  const row = rows[0];
  if (!row || !verifySecret(parsed.secret, decodeHex(row.session.secretHash))) return null;
  const { session, user } = row;
  const decision = sessionDecision(session);
  if (decision === "expired" || !user.isActive || user.deletedAt) {
    await db.delete(sessions).where(eq(sessions.id, session.id));
    return null;
  }
  let expiresAt = session.expiresAt;
  let renewedExpiresAt: Date | undefined;
  if (decision === "renew") {
    const times = renewedSessionTimes(session);
    await db
      .update(sessions)
      .set({ lastSeenAt: times.lastSeenAt, expiresAt: times.expiresAt })
      .where(eq(sessions.id, session.id));
    expiresAt = renewedExpiresAt = times.expiresAt;
  }
  return {
    session: { id: session.id, userId: session.userId, expiresAt, twoFactorVerified: session.twoFactorVerified },
    user: {
      id: user.id,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      memberType: user.memberType,
      isVerified: user.isVerified,
      twoFactorEnabled: user.twoFactorEnabled,
      permissions: new Set(row.permissions),
    },
    renewedExpiresAt,
  };
}

export async function invalidateSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Signs the member out everywhere, or everywhere but the session they are using. */
export async function invalidateUserSessions(db: DbOrTx, userId: string, exceptSessionId?: string): Promise<number> {
  const where = exceptSessionId
    ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
    : eq(sessions.userId, userId);
  const deleted = await db.delete(sessions).where(where).returning({ id: sessions.id });
  return deleted.length;
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, sessionCookieOptions(expiresAt));
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, clearedSessionCookieOptions());
}
