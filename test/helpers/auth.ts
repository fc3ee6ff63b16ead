import { eq } from "drizzle-orm";
import { env } from "cloudflare:workers";
import { hashPassword } from "../../src/auth/password.ts";
import { createSession } from "../../src/auth/session.ts";
import { SESSION_COOKIE } from "../../src/auth/tokens.ts";
import { loadConfig } from "../../src/config.ts";
import type { Db } from "../../src/db/client.ts";
import { roles, userRoles } from "../../src/db/schema/accounts.ts";
import { makeUser } from "./db.ts";

export const TEST_PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

export interface Account {
  id: string;
  email: string;
  password: string;
}

/**
 * A member account with a unique email. Verified regular members get the
 * system "member" role, as email verification gives them.
 */
export async function createAccount(
  db: Db,
  opts: { memberType?: "REGULAR" | "admin"; verified?: boolean; roles?: string[]; firstName?: string } = {},
): Promise<Account> {
  const config = loadConfig(env as unknown as Record<string, unknown>);
  passwordHash ??= hashPassword(TEST_PASSWORD, config.PASSWORD_PEPPER);
  const verified = opts.verified ?? true;
  const user = await makeUser(db, {
    password: await passwordHash,
    firstName: opts.firstName ?? "Test",
    company: "Test Builders",
    memberType: opts.memberType ?? "REGULAR",
    isVerified: verified,
  });
  const roleNames = opts.roles ?? (verified ? ["member"] : []);
  for (const name of roleNames) {
    const [role] = await db.select({ id: roles.id }).from(roles).where(eq(roles.name, name));
    if (!role) throw new Error(`no role named ${name}`);
    await db.insert(userRoles).values({ userId: user.id, roleId: role.id });
  }
  return { id: user.id, email: user.email, password: TEST_PASSWORD };
}

/** A Cookie header value for a fresh session of this user, as after a full sign-in. */
export async function sessionCookie(db: Db, userId: string, opts: { twoFactorVerified?: boolean } = {}): Promise<string> {
  const { token } = await createSession(db, userId, { twoFactorVerified: opts.twoFactorVerified ?? true });
  return `${SESSION_COOKIE}=${token}`;
}
