// /account/security and what its forms post to: password, sign-in email, and
// signing out devices.
import { deliverSoon } from "../outbox/outbox.ts";
import { and, eq, isNull } from "drizzle-orm";
import { Hono, type Context } from "hono";
import * as z from "zod";
import { hashPassword } from "../../auth/password.ts";
import { checkPassword, normalizePassword } from "../../auth/password-policy.ts";
import { allow, type SignedInEnv } from "../../auth/rbac.ts";
import { clearSessionCookie, createSession, invalidateUserSessions, setSessionCookie } from "../../auth/session.ts";
import { users } from "../../db/schema/accounts.ts";
import { emailTokens } from "../../db/schema/auth.ts";
import { isHtmx, renderPage, renderNotFound } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { parseForm, type FieldErrors, type FormValues } from "../../lib/forms.ts";
import { sendTokenEmail } from "../auth/email-tokens.ts";
import { DeviceList, SecurityPage } from "../../../templates/account/SecurityPage.tsx";
import { queueAccountNotice } from "./notice-emails.ts";
import { emailBelongsToSomeoneElse, listDevices, revokeOwnSession } from "./queries.ts";
import { checkCurrentPassword } from "./request.ts";
import { accountNotices } from "./rules.ts";
import { requestMeta } from "../auth/shared.tsx";

export const securityRoutes = new Hono<AppEnv>();

/** Generous caps: they only stop a hostile post from costing us work; the policy says the real limits. */
const password = (missing: string) =>
  z.string({ error: missing }).min(1, missing).max(1024, "That is longer than any password we accept.");

const passwordChange = z.object({
  currentPassword: password("Enter your current password."),
  newPassword: password("Choose a new password."),
  confirmPassword: password("Type the new password again."),
});

const emailChange = z.object({
  newEmail: z
    .string({ error: "Enter your new email address." })
    .trim()
    .toLowerCase()
    .min(1, "Enter your new email address.")
    .max(254, "That email address is too long.")
    .pipe(z.email({ error: "Enter an email address like name@example.com." })),
  password: password("Enter your current password."),
});

async function renderSecurity(
  c: Context<SignedInEnv>,
  opts: { status?: 200 | 422 | 429; passwordErrors?: FieldErrors; emailForm?: { values: FormValues; errors: FieldErrors } } = {},
) {
  const { user, session } = c.var.signedIn;
  const devices = await listDevices(c.var.db(), user.id, session.id, user.twoFactorEnabled);
  return renderPage(c, {
    title: "Security",
    status: opts.status ?? 200,
    body: (
      <SecurityPage
        email={user.email}
        twoFactorEnabled={user.twoFactorEnabled}
        devices={devices}
        notice={opts.status && opts.status !== 200 ? null : (accountNotices.read(c) ?? null)}
        passwordErrors={opts.passwordErrors}
        emailForm={opts.emailForm}
      />
    ),
  });
}

securityRoutes.get("/security", allow.signedIn, (c) => renderSecurity(c));

securityRoutes.post("/security/password", allow.signedIn, async (c) => {
  const { user, session } = c.var.signedIn;
  const config = c.var.config;
  const form = await parseForm(c, passwordChange);
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  if (form.ok) {
    const { currentPassword, newPassword, confirmPassword } = form.data;
    const policy = checkPassword(newPassword, user);
    if (policy) errors.newPassword = policy;
    else if (normalizePassword(newPassword) === normalizePassword(currentPassword)) {
      errors.newPassword = "Choose a password different from your current one.";
    } else if (normalizePassword(confirmPassword) !== normalizePassword(newPassword)) {
      errors.confirmPassword = "The two new passwords don't match.";
    }
    // Only worth a slow hash check once the rest of the form is right.
    if (Object.keys(errors).length === 0) {
      const wrong = await checkCurrentPassword(c, user.id, currentPassword);
      if (wrong) errors.currentPassword = wrong;
    }
  }
  if (!form.ok || Object.keys(errors).length > 0) {
    return renderSecurity(c, { status: 422, passwordErrors: errors });
  }

  const hash = await hashPassword(form.data.newPassword, config.PASSWORD_PEPPER);
  const fresh = await c.var.db().transaction(async (tx) => {
    await tx.update(users).set({ password: hash }).where(eq(users.id, user.id));
    // A reset link mailed earlier must not undo this change.
    await tx
      .update(emailTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(emailTokens.userId, user.id), eq(emailTokens.purpose, "RESET_PASSWORD"), isNull(emailTokens.usedAt)));
    // Everywhere signed out, this device included; then a new session here, so the
    // old cookie (which may be what leaked) is worthless too.
    await invalidateUserSessions(tx, user.id);
    const created = await createSession(tx, user.id, {
      ...requestMeta(c),
      twoFactorVerified: session.twoFactorVerified,
    });
    await queueAccountNotice(tx, config, user, { kind: "PASSWORD_CHANGED" });
    return created;
  });
  setSessionCookie(c, fresh.token, fresh.expiresAt);
  deliverSoon(c);
  return accountNotices.redirect(c, "/account/security", "password-changed");
});

securityRoutes.post("/security/email", allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const config = c.var.config;
  const form = await parseForm(c, emailChange);
  const { password: _typed, ...values } = form.values;
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  if (form.ok) {
    if (form.data.newEmail === user.email.toLowerCase()) {
      errors.newEmail = "That is already your sign-in email.";
    } else {
      const wrong = await checkCurrentPassword(c, user.id, form.data.password);
      if (wrong) errors.password = wrong;
    }
  }
  if (!form.ok || Object.keys(errors).length > 0) {
    return renderSecurity(c, { status: 422, emailForm: { values, errors } });
  }

  const { newEmail } = form.data;
  await c.var.db().transaction(async (tx) => {
    // Same answer and same notice either way, so this form cannot tell anyone who is a member.
    if (!(await emailBelongsToSomeoneElse(tx, newEmail, user.id))) {
      await sendTokenEmail(tx, config, user, "CHANGE_EMAIL", { newEmail });
    }
    await queueAccountNotice(tx, config, user, { kind: "EMAIL_CHANGE_REQUESTED", newEmail });
  });
  deliverSoon(c);
  return accountNotices.redirect(c, "/account/security", "email-sent");
});

/** Session ids are 24 base32 characters (tokens.ts); anything else cannot exist. */
const SESSION_ID = /^[a-z2-7]{24}$/;

securityRoutes.post("/sessions/:id/revoke", allow.signedIn, async (c) => {
  const { user, session } = c.var.signedIn;
  const id = c.req.param("id");
  // Someone else's session is "not found", exactly like one that doesn't exist.
  const revoked = SESSION_ID.test(id) && (await c.var.db().transaction((tx) => revokeOwnSession(tx, user.id, id)));
  if (!revoked) {
    return renderNotFound(c);
  }
  if (id === session.id) {
    clearSessionCookie(c);
    return c.redirect("/", 303);
  }
  return afterDevicesChanged(c, "session-revoked");
});

securityRoutes.post("/sessions/revoke-others", allow.signedIn, async (c) => {
  const { user, session } = c.var.signedIn;
  await c.var.db().transaction((tx) => invalidateUserSessions(tx, user.id, session.id));
  return afterDevicesChanged(c, "sessions-revoked");
});

/** htmx swaps the refreshed table in place; without it, back to the page with a notice. */
async function afterDevicesChanged(c: Context<SignedInEnv>, notice: "session-revoked" | "sessions-revoked") {
  if (!isHtmx(c)) return accountNotices.redirect(c, "/account/security#devices", notice);
  const { user, session } = c.var.signedIn;
  const devices = await listDevices(c.var.db(), user.id, session.id, user.twoFactorEnabled);
  return renderPage(c, {
    title: "Security",
    body: null,
    partial: <DeviceList devices={devices} message={accountNotices.messages[notice]} />,
  });
}
