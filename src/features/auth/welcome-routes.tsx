// /welcome: a member the chapter imported (admin-members-bulk) follows the invitation link,
// chooses a password under the same policy and hashing as sign-up and reset, and is signed in:
// the link proves the address, so it is marked verified and the member role is granted, as a
// confirmed sign-up is. An expired or used link gets a page pointing at a fresh one.
import { and, eq, gt, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { hashPassword } from "../../auth/password.ts";
import { allow } from "../../auth/rbac.ts";
import { createSession, invalidateSession, setSessionCookie } from "../../auth/session.ts";
import { grantMemberRole } from "../../auth/system-roles.ts";
import { hashEmailToken, isEmailTokenShaped } from "../../auth/tokens.ts";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { emailTokens } from "../../db/schema/auth.ts";
import type { AppEnv } from "../../http/types.ts";
import { WelcomeLinkInvalidPage, WelcomePage } from "../../../templates/auth/WelcomePages.tsx";
import { consumeEmailToken } from "./email-tokens.ts";
import { authPage, readLinkPassword, requestMeta } from "./shared.tsx";

export const welcomeRoutes = new Hono<AppEnv>();

/** The invited account a live INVITE token belongs to; null when the token would be refused. */
async function findInvitee(db: Db, token: string) {
  if (!isEmailTokenShaped(token)) return null;
  const [row] = await db
    .select({ email: users.email, firstName: users.firstName, lastName: users.lastName })
    .from(emailTokens)
    .innerJoin(users, eq(users.id, emailTokens.userId))
    .where(
      and(
        eq(emailTokens.tokenHash, hashEmailToken(token)),
        eq(emailTokens.purpose, "INVITE"),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, new Date()),
        eq(users.isActive, true),
        isNull(users.deletedAt),
      ),
    )
    .limit(1);
  return row ?? null;
}

function invalidLink(c: Parameters<typeof authPage>[0]) {
  return authPage(c, { title: "Invitation link expired", status: 400, body: <WelcomeLinkInvalidPage /> });
}

welcomeRoutes.get("/welcome", allow.public, async (c) => {
  const token = (c.req.query("token") ?? "").trim();
  const invitee = token.length > 0 && token.length <= 200 ? await findInvitee(c.var.db(), token) : null;
  if (!invitee) return invalidLink(c);
  return authPage(c, { title: "Welcome: choose your password", body: <WelcomePage token={token} firstName={invitee.firstName} email={invitee.email} errors={{}} /> });
});

welcomeRoutes.post("/welcome", allow.public, async (c) => {
  const db = c.var.db();
  // The password is checked before the token is used, so a refused password does not use the link up.
  const { token, password, owner: invitee, errors } = await readLinkPassword(c, (t) => findInvitee(db, t));
  if (!invitee) return invalidLink(c);
  if (Object.keys(errors).length > 0) {
    return authPage(c, {
      title: "Welcome: choose your password",
      status: 422,
      body: <WelcomePage token={token} firstName={invitee.firstName} email={invitee.email} errors={errors} />,
    });
  }

  const passwordHash = await hashPassword(password, c.var.config.PASSWORD_PEPPER);
  const oldSessionId = c.var.session?.id ?? c.var.pendingTwoFactor?.session.id ?? null;
  const meta = requestMeta(c);
  const session = await db.transaction(async (tx) => {
    // Single use even when two tabs submit at once: only one caller gets the row.
    const used = await consumeEmailToken(tx, token, "INVITE");
    if (!used) return null;
    const [user] = await tx
      .update(users)
      .set({ password: passwordHash, isVerified: true, failedLoginAttempts: 0, lockedUntil: null, lastSuccessfulLogin: new Date() })
      .where(and(eq(users.id, used.userId), eq(users.isActive, true), isNull(users.deletedAt)))
      .returning({ id: users.id, twoFactorEnabled: users.twoFactorEnabled });
    if (!user) return null;
    await grantMemberRole(tx, user.id);
    if (oldSessionId) await invalidateSession(tx, oldSessionId);
    return createSession(tx, user.id, { ...meta, twoFactorVerified: !user.twoFactorEnabled });
  });
  if (!session) return invalidLink(c);
  setSessionCookie(c, session.token, session.expiresAt);
  return c.redirect("/account", 303);
});
