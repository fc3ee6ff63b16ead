// Forgotten passwords: /forgot-password asks for a link, /reset-password uses it.
import { afterResponse, deliverDueEmails, deliverSoon } from "../outbox/outbox.ts";
import { and, eq, gt, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { hashPassword } from "../../auth/password.ts";
import { allow } from "../../auth/rbac.ts";
import { invalidateUserSessions } from "../../auth/session.ts";
import { hashEmailToken, isEmailTokenShaped } from "../../auth/tokens.ts";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { emailTokens } from "../../db/schema/auth.ts";
import type { AppEnv } from "../../http/types.ts";
import { parseForm } from "../../lib/forms.ts";
import { consumeRate } from "../../objects/RateLimiter.ts";
import { enqueueEmail } from "../outbox/outbox.ts";
import {
  ForgotPasswordPage,
  PasswordChangedPage,
  ResetLinkInvalidPage,
  ResetLinkSentPage,
  ResetPasswordPage,
} from "../../../templates/auth/PasswordResetPages.tsx";
import { consumeEmailToken, peekEmailToken, sendTokenEmail } from "./email-tokens.ts";
import { forgotPasswordForm } from "./schemas.ts";
import { authPage, inFieldOrder, ipKey, rateLimited, readLinkPassword } from "./shared.tsx";

export const passwordResetRoutes = new Hono<AppEnv>();

passwordResetRoutes.get("/forgot-password", allow.public, (c) =>
  authPage(c, { title: "Reset your password", body: <ForgotPasswordPage errors={{}} /> }),
);

passwordResetRoutes.post("/forgot-password", allow.public, async (c) => {
  const form = await parseForm(c, forgotPasswordForm);
  if (!form.ok) {
    return authPage(c, {
      title: "Reset your password",
      status: 422,
      body: <ForgotPasswordPage email={form.values.email} errors={inFieldOrder(form.errors, ["email"])} />,
    });
  }
  const email = form.data.email;
  const limited = await rateLimited(
    c,
    { key: ipKey(c, "forgot-ip"), limit: 5, windowSeconds: 15 * 60 },
    {
      heading: "Too many reset requests",
      explanation: "There have been too many password reset requests from your network in the last 15 minutes.",
      back: { href: "/login", label: "Back to sign in" },
    },
  );
  if (limited) return limited;

  // Past 3 an hour for one address, the page stays the same but nothing more is sent.
  const perEmail = await consumeRate(c.env, `forgot-email:${email}`, 3, 3600);
  if (perEmail.allowed) {
    // Looking the address up, making the token and sending happen after the response, so a
    // member's address does not answer slower than an unknown one: before this line both paths
    // did the same work (two rate limits), and nothing here touches Postgres.
    const config = c.var.config;
    afterResponse(c, "password reset link", async (db) => {
      const sent = await db.transaction(async (tx) => {
        const [user] = await tx
          .select({ id: users.id, email: users.email, firstName: users.firstName })
          .from(users)
          .where(and(eq(users.email, email), eq(users.isActive, true), isNull(users.deletedAt)))
          .limit(1);
        if (!user) return false;
        await sendTokenEmail(tx, config, user, "RESET_PASSWORD");
        return true;
      });
      if (sent) await deliverDueEmails(db, config);
    });
  }
  return authPage(c, { title: "Check your email", body: <ResetLinkSentPage email={email} /> });
});

function invalidLink(c: Parameters<typeof authPage>[0]) {
  return authPage(c, { title: "Link expired", status: 400, body: <ResetLinkInvalidPage /> });
}

passwordResetRoutes.get("/reset-password", allow.public, async (c) => {
  const token = (c.req.query("token") ?? "").trim();
  const valid = token.length > 0 && token.length <= 200 && (await peekEmailToken(c.var.db(), token, "RESET_PASSWORD"));
  if (!valid) return invalidLink(c);
  return authPage(c, { title: "Choose a new password", body: <ResetPasswordPage token={token} errors={{}} /> });
});

passwordResetRoutes.post("/reset-password", allow.public, async (c) => {
  const db = c.var.db();
  // Check the password before touching the token, so a password the policy refuses does not use the link up.
  const { token, password, owner, errors } = await readLinkPassword(c, (t) => findResetOwner(db, t));
  if (!owner) return invalidLink(c);
  if (Object.keys(errors).length > 0) {
    return authPage(c, { title: "Choose a new password", status: 422, body: <ResetPasswordPage token={token} errors={errors} /> });
  }

  const config = c.var.config;
  const passwordHash = await hashPassword(password, config.PASSWORD_PEPPER);
  const changed = await db.transaction(async (tx) => {
    // Single use even when two tabs submit at once: only one caller gets the row.
    const used = await consumeEmailToken(tx, token, "RESET_PASSWORD");
    if (!used) return false;
    const [user] = await tx
      .update(users)
      .set({ password: passwordHash, failedLoginAttempts: 0, lockedUntil: null })
      .where(and(eq(users.id, used.userId), eq(users.isActive, true), isNull(users.deletedAt)))
      .returning({ id: users.id, email: users.email, firstName: users.firstName });
    if (!user) return false;
    // Whoever knew the old password (or held a stolen cookie) is signed out everywhere.
    await invalidateUserSessions(tx, user.id);
    await enqueueEmail(tx, passwordChangedNotice(config, user));
    return true;
  });
  if (!changed) return invalidLink(c);
  deliverSoon(c);
  return authPage(c, { title: "Password changed", body: <PasswordChangedPage /> });
});

/** The account a live reset token belongs to, for the password policy; null when the token would be refused. */
async function findResetOwner(db: Db, token: string) {
  if (!isEmailTokenShaped(token)) return null;
  const [row] = await db
    .select({ email: users.email, firstName: users.firstName, lastName: users.lastName })
    .from(emailTokens)
    .innerJoin(users, eq(users.id, emailTokens.userId))
    .where(
      and(
        eq(emailTokens.tokenHash, hashEmailToken(token)),
        eq(emailTokens.purpose, "RESET_PASSWORD"),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, new Date()),
      ),
    )
    .limit(1);
  return row ?? null;
}

function passwordChangedNotice(config: Config, user: { id: string; email: string; firstName: string }) {
  return {
    to: user.email,
    userId: user.id,
    kind: "PASSWORD_CHANGED",
    subject: "Your Chapter Member Portal password was changed",
    text:
      `Hello ${user.firstName},\n\n` +
      `The password of your Chapter Member Portal account was just changed, and every device signed in to it was signed out.\n\n` +
      `If you did this, there is nothing more to do.\n` +
      `If you did not, choose a new password now (${config.PUBLIC_URL}/forgot-password) and contact the chapter office.\n`,
  };
}
