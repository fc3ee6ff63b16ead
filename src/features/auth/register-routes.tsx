// Sign-up and email verification: /register, /verify-email, /verify-email/resend.
import { grantMemberRole } from "../../auth/system-roles.ts";
import { deliverSoon } from "../outbox/outbox.ts";
import { and, eq, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { hashPassword } from "../../auth/password.ts";
import { allow } from "../../auth/rbac.ts";
import { invalidateUserSessions } from "../../auth/session.ts";
import type { Config } from "../../config.ts";
import { users } from "../../db/schema/accounts.ts";
import type { AppEnv } from "../../http/types.ts";
import { parseForm } from "../../lib/forms.ts";
import { consumeRate } from "../../objects/RateLimiter.ts";
import { enqueueEmail } from "../outbox/outbox.ts";
import { CheckEmailPage, RegisterPage } from "../../../templates/auth/RegisterPage.tsx";
import { ConfirmEmailPage, EmailConfirmedPage, VerifyLinkInvalidPage } from "../../../templates/auth/VerifyEmailPages.tsx";
import { consumeEmailToken, peekEmailToken, sendTokenEmail } from "./email-tokens.ts";
import { registerForm, verifyEmailForm } from "./schemas.ts";
import { authPage, checkNewPassword, inFieldOrder, ipKey, rateLimited, withoutSecrets } from "./shared.tsx";
import { accountNotices } from "../account/rules.ts";
import { loginNotices } from "./login-routes.tsx";

export const registerRoutes = new Hono<AppEnv>();

const REGISTER_FIELDS = ["firstName", "lastName", "email", "company", "password", "confirmPassword"] as const;

registerRoutes.get("/register", allow.guest, (c) =>
  authPage(c, { title: "Join", body: <RegisterPage values={{}} errors={{}} /> }),
);

registerRoutes.post("/register", allow.guest, async (c) => {
  const form = await parseForm(c, registerForm);
  const values = withoutSecrets(form.values);
  const errors: Record<string, string> = form.ok ? {} : { ...form.errors };
  // The policy needs the email and names; check it even when another field failed, so every message shows at once.
  checkNewPassword(errors, form.values, { email: (values.email ?? "").trim().toLowerCase(), firstName: values.firstName, lastName: values.lastName });
  if (!form.ok || Object.keys(errors).length > 0) {
    return authPage(c, {
      title: "Join",
      status: 422,
      body: <RegisterPage values={values} errors={inFieldOrder(errors, REGISTER_FIELDS)} />,
    });
  }
  const data = form.data;

  // Every sign-up sends an email, so one address cannot flood inboxes through us.
  const limited = await rateLimited(
    c,
    { key: ipKey(c, "register-ip"), limit: 10, windowSeconds: 3600 },
    {
      heading: "Too many sign-ups",
      explanation: "Too many accounts were created from your network in the last hour.",
      back: { href: "/login", label: "Sign in to an existing account" },
    },
  );
  if (limited) return limited;

  const config = c.var.config;
  const db = c.var.db();
  // Hashed on both paths so an existing address does not answer faster.
  const passwordHash = await hashPassword(data.password, config.PASSWORD_PEPPER);
  const [existing] = await db
    .select({ id: users.id, email: users.email, firstName: users.firstName })
    .from(users)
    .where(eq(users.email, data.email))
    .limit(1);

  if (existing) {
    // At most a few notices an hour to one address: a sign-up form must not become a way to spam a member.
    const notice = await consumeRate(c.env, `register-notice:${data.email}`, 3, 3600);
    if (notice.allowed) await enqueueEmail(db, existingAccountNotice(config, existing));
  } else {
    await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          email: data.email,
          password: passwordHash,
          firstName: data.firstName,
          lastName: data.lastName,
          company: data.company ? data.company : null,
          memberType: "REGULAR",
          isVerified: false,
        })
        // A concurrent sign-up with the same address won the race: answer as for an existing account.
        .onConflictDoNothing({ target: users.email })
        .returning({ id: users.id, email: users.email, firstName: users.firstName });
      if (user) await sendTokenEmail(tx, config, user, "VERIFY_EMAIL");
    });
  }
  deliverSoon(c);

  // No session until the address is proven: whoever typed it may not own it, and a session
  // made now would become a member's session once the real owner confirms. The same page, and
  // no cookie, for a new and an existing address, so the form does not reveal who is a member.
  return authPage(c, { title: "Check your email", body: <CheckEmailPage email={data.email} /> });
});

/** To the owner of an address someone tried to sign up with. Their own name, never the form's. */
function existingAccountNotice(config: Config, user: { id: string; email: string; firstName: string }) {
  return {
    to: user.email,
    userId: user.id,
    kind: "REGISTER_EXISTING",
    subject: "Someone tried to create an account with your email",
    text:
      `Hello ${user.firstName},\n\n` +
      `Someone (perhaps you) tried to create a Chapter Member Portal account with this email address, but you already have one.\n\n` +
      `Sign in: ${config.PUBLIC_URL}/login\n` +
      `Forgot your password? Choose a new one: ${config.PUBLIC_URL}/forgot-password\n\n` +
      `If it was not you, you can ignore this email: nothing has changed. If you cannot sign in, contact the chapter office.\n`,
  };
}

registerRoutes.get("/verify-email", allow.public, async (c) => {
  const token = (c.req.query("token") ?? "").trim();
  // Looking only: mail scanners open links, so the GET must not use the token up.
  const valid = token.length > 0 && token.length <= 200 && (await peekEmailToken(c.var.db(), token, "VERIFY_EMAIL"));
  if (!valid) {
    return authPage(c, { title: "Link expired", status: 400, body: <VerifyLinkInvalidPage signedIn={!!c.var.user} /> });
  }
  return authPage(c, { title: "Confirm your email", body: <ConfirmEmailPage token={token} /> });
});

registerRoutes.post("/verify-email", allow.public, async (c) => {
  const form = await parseForm(c, verifyEmailForm);
  // The one session the confirmer may keep is the one in this browser, if it is the account's own.
  const ownSession = c.var.session ?? c.var.pendingTwoFactor?.session ?? null;
  const verifiedUserId =
    form.ok &&
    (await c.var.db().transaction(async (tx) => {
      const token = await consumeEmailToken(tx, form.data.token, "VERIFY_EMAIL");
      if (!token) return null;
      const [user] = await tx
        .update(users)
        .set({ isVerified: true })
        .where(and(eq(users.id, token.userId), isNull(users.deletedAt), eq(users.isActive, true)))
        .returning({ id: users.id });
      if (!user) return null;
      await grantMemberRole(tx, user.id);
      // Sessions made before the address was proven (by someone who typed it at sign-up, or
      // guessed the password) must not become a member's sessions now.
      await invalidateUserSessions(tx, user.id, ownSession?.userId === user.id ? ownSession.id : undefined);
      return user.id;
    }));
  if (!verifiedUserId) {
    return authPage(c, { title: "Link expired", status: 400, body: <VerifyLinkInvalidPage signedIn={!!c.var.user} /> });
  }
  if (c.var.user?.id === verifiedUserId) {
    return authPage(c, { title: "Email confirmed", body: <EmailConfirmedPage /> });
  }
  // Everyone else signs in with the password chosen at sign-up, told why they are there.
  return loginNotices.redirect(c, "/login", "email-confirmed");
});


registerRoutes.post("/verify-email/resend", allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  if (user.isVerified) return c.redirect("/account", 303);
  const limited = await rateLimited(
    c,
    { key: `verify-resend:${user.id}`, limit: 3, windowSeconds: 3600 },
    {
      heading: "Too many confirmation emails",
      explanation: "We have sent you 3 confirmation links in the last hour. The newest one in your inbox works.",
      back: { href: "/account", label: "Go back to your account" },
    },
  );
  if (limited) return limited;
  const config = c.var.config;
  await c.var.db().transaction((tx) => sendTokenEmail(tx, config, user, "VERIFY_EMAIL"));
  deliverSoon(c);
  return accountNotices.redirect(c, "/account", "verification-sent");
});
