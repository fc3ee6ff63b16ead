// Sign-in and sign-out: /login, /logout.
import { eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { hashPassword, MalformedPasswordHashError, verifyDummyPassword, verifyPassword } from "../../auth/password.ts";
import { allow } from "../../auth/rbac.ts";
import { clearSessionCookie, createSession, invalidateSession, setSessionCookie } from "../../auth/session.ts";
import { users } from "../../db/schema/accounts.ts";
import type { AppEnv } from "../../http/types.ts";
import { parseForm } from "../../lib/forms.ts";
import { log } from "../../lib/log.ts";
import { resetRate } from "../../objects/RateLimiter.ts";
import { noticeTable } from "../../lib/notices.ts";
import { LoginPage } from "../../../templates/auth/LoginPage.tsx";
import { describeWait, isLocked, LOGIN_ACCOUNT_CLIENT_LIMIT, retryAfterSeconds, safeNextPath } from "./rules.ts";
import { loginForm } from "./schemas.ts";
import { authPage, inFieldOrder, ipKey, rateLimited, requestMeta } from "./shared.tsx";

export const loginRoutes = new Hono<AppEnv>();

export const LOGIN_MISMATCH = "That email and password do not match an account.";
export const LOGIN_IP_LIMIT = { limit: 20, windowSeconds: 15 * 60 };

export const loginNotices = noticeTable({
  "email-confirmed": "Your email is confirmed and your membership is active. Sign in with your email and password.",
});

loginRoutes.get("/login", allow.guest, (c) => {
  const notice = loginNotices.read(c);
  return authPage(c, { title: "Sign in", body: <LoginPage next={safeNextPath(c.req.query("next"))} errors={{}} notice={notice} /> });
});

type SignIn =
  | { kind: "mismatch" }
  | { kind: "locked"; until: Date }
  | { kind: "ok"; token: string; expiresAt: Date; twoFactor: boolean };

loginRoutes.post("/login", allow.guest, async (c) => {
  // Counted before anything else, so malformed posts cost a guesser as much as real ones.
  const limited = await rateLimited(
    c,
    { key: ipKey(c, "login-ip"), ...LOGIN_IP_LIMIT },
    {
      heading: "Too many sign-in attempts",
      explanation: "There have been too many sign-in attempts from your network in the last 15 minutes.",
      back: { href: "/forgot-password", label: "Reset your password instead" },
    },
  );
  if (limited) return limited;

  const form = await parseForm(c, loginForm);
  const next = safeNextPath(form.values.next);
  const email = (form.values.email ?? "").trim().toLowerCase();
  const again = (status: 422 | 429, errors: Record<string, string>) =>
    authPage(c, { title: "Sign in", status, body: <LoginPage email={email} next={next} errors={errors} /> });
  if (!form.ok) return again(422, inFieldOrder(form.errors, ["email", "password"]));

  // Counted per address + client before the password is looked at, so a guesser learns nothing
  // once over the limit, and a stranger elsewhere cannot lock the member out.
  const throttleKey = `login-account:${form.data.email}|${ipKey(c, "ip")}`;
  const throttled = await rateLimited(
    c,
    { key: throttleKey, ...LOGIN_ACCOUNT_CLIENT_LIMIT },
    {
      heading: "Too many sign-in attempts",
      explanation: "There have been too many sign-in attempts for this email address from your network in the last 15 minutes.",
      back: { href: "/forgot-password", label: "Reset your password instead" },
    },
  );
  if (throttled) return throttled;

  const config = c.var.config;
  const pepper = config.PASSWORD_PEPPER;
  // A session the browser already holds (say, one waiting for its second factor) is ended, never upgraded.
  const oldSessionId = c.var.session?.id ?? c.var.pendingTwoFactor?.session.id ?? null;
  const meta = requestMeta(c);
  const now = new Date();

  // The row is locked for the attempt, so parallel attempts are counted one after another.
  const result: SignIn = await c.var.db().transaction(async (tx) => {
    const [user] = await tx
      .select({
        id: users.id,
        password: users.password,
        isActive: users.isActive,
        deletedAt: users.deletedAt,
        failedLoginAttempts: users.failedLoginAttempts,
        lockedUntil: users.lockedUntil,
        twoFactorEnabled: users.twoFactorEnabled,
      })
      .from(users)
      .where(eq(users.email, form.data.email))
      .limit(1)
      .for("update");
    if (!user) {
      // Same work as a real check, so an unknown address takes as long as a wrong password.
      await verifyDummyPassword(form.data.password, pepper);
      return { kind: "mismatch" };
    }
    // The password first: a wrong one answers the same whether or not the account is locked.
    const check = await checkStoredPassword(user.password, form.data.password, pepper, user.id);
    if (!check.ok) {
      // Counted for the admin screens; the throttle above is what stops guessing.
      await tx
        .update(users)
        .set({ failedLoginAttempts: Math.max(0, user.failedLoginAttempts) + 1, lastFailedLogin: now })
        .where(eq(users.id, user.id));
      return { kind: "mismatch" };
    }
    // A closed account answers exactly like a wrong password.
    if (!user.isActive || user.deletedAt) return { kind: "mismatch" };
    // Only someone who knows the password learns that the account is locked.
    if (isLocked(user.lockedUntil, now)) return { kind: "locked", until: user.lockedUntil };

    await tx
      .update(users)
      .set({
        failedLoginAttempts: 0,
        lockedUntil: null,
        lastSuccessfulLogin: now,
        ...(check.needsRehash ? { password: await hashPassword(form.data.password, pepper) } : {}),
      })
      .where(eq(users.id, user.id));
    if (oldSessionId) await invalidateSession(tx, oldSessionId);
    const session = await createSession(tx, user.id, { ...meta, twoFactorVerified: !user.twoFactorEnabled });
    return { kind: "ok", token: session.token, expiresAt: session.expiresAt, twoFactor: user.twoFactorEnabled };
  });

  if (result.kind === "mismatch") return again(422, { form: LOGIN_MISMATCH });
  if (result.kind === "locked") {
    const wait = describeWait(result.until, now);
    c.header("Retry-After", String(retryAfterSeconds(result.until, now)));
    return again(429, {
      form: `This account is locked for now. Try again ${wait.text}, or reset your password.`,
    });
  }
  // The member got in: their own mistyped attempts from this client stop counting.
  await resetRate(c.env, throttleKey);
  setSessionCookie(c, result.token, result.expiresAt);
  if (result.twoFactor) {
    return c.redirect(next ? `/login/two-factor?next=${encodeURIComponent(next)}` : "/login/two-factor", 303);
  }
  return c.redirect(next ?? "/account", 303);
});

/** A stored hash this code cannot read is a data bug to log, and for the person signing in, a wrong password. */
async function checkStoredPassword(stored: string, password: string, pepper: string, userId: string) {
  try {
    return await verifyPassword(stored, password, pepper);
  } catch (err) {
    if (!(err instanceof MalformedPasswordHashError)) throw err;
    log("error", "unreadable password hash", { userId, error: err.message });
    await verifyDummyPassword(password, pepper);
    return { ok: false, needsRehash: false };
  }
}

// Public: a signed-out browser posting here (an old tab) is simply sent home.
loginRoutes.post("/logout", allow.public, async (c) => {
  await endSession(c);
  return c.redirect("/", 303);
});

async function endSession<E extends AppEnv>(c: Context<E>): Promise<void> {
  const sessionId = c.var.session?.id ?? c.var.pendingTwoFactor?.session.id;
  if (sessionId) await invalidateSession(c.var.db(), sessionId);
  clearSessionCookie(c);
}
