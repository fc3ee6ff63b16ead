import { eq } from "drizzle-orm";
import { Hono } from "hono";
import * as z from "zod";
import { allow } from "../../auth/rbac.ts";
import { createSession, setSessionCookie } from "../../auth/session.ts";
import { verifySecondFactor } from "../../auth/two-factor.ts";
import { sessions } from "../../db/schema/auth.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { parseForm } from "../../lib/forms.ts";
import { TwoFactorLoginPage } from "../../../templates/account/TwoFactorLoginPage.tsx";
import { safeNextPath } from "./rules.ts";
import { requestMeta } from "../auth/shared.tsx";

// The second step of sign-in for accounts with two-factor: /login/two-factor.
// Public as a route, but only a session that gave the password and still owes
// the second factor (c.var.pendingTwoFactor) gets past the handler's first line.
export const twoFactorLoginRoutes = new Hono<AppEnv>();

const codeForm = z.object({
  code: z.string({ error: "Enter the code." }).trim().min(1, "Enter the code.").max(64, "That is not a code we would give you."),
  next: z.string().max(512).optional(),
});

const looksLikeRecoveryCode = (code: string) => /[^0-9\s]/.test(code);

twoFactorLoginRoutes.get("/login/two-factor", allow.public, (c) => {
  if (!c.var.pendingTwoFactor) return c.redirect(c.var.user ? "/account" : "/login", 303);
  const next = safeNextPath(c.req.query("next"));
  return renderPage(c, {
    title: "Enter your sign-in code",
    body: <TwoFactorLoginPage recovery={c.req.query("use") === "recovery"} next={next} />,
  });
});

twoFactorLoginRoutes.post("/login/two-factor", allow.public, async (c) => {
  const pending = c.var.pendingTwoFactor;
  if (!pending) return c.redirect(c.var.user ? "/account" : "/login", 303);
  const form = await parseForm(c, codeForm);
  const next = safeNextPath(form.values.next);
  if (!form.ok) {
    return renderPage(c, {
      title: "Enter your sign-in code",
      status: 422,
      body: <TwoFactorLoginPage recovery={looksLikeRecoveryCode(form.values.code ?? "")} next={next} errors={form.errors} />,
    });
  }
  const { code } = form.data;
  const config = c.var.config;
  const result = await c.var.db().transaction(async (tx) => {
    const verified = await verifySecondFactor(tx, c.env, config, pending.user.id, code);
    if (!verified.ok) return verified;
    // A new session rather than flipping the flag on the pending one: whoever may
    // have planted or seen the pending cookie is left holding nothing.
    const ended = await tx.delete(sessions).where(eq(sessions.id, pending.session.id)).returning({ id: sessions.id });
    // Signed out meanwhile (say, from the member's other device): no new session for it.
    if (ended.length === 0) return { ok: false as const, reason: "gone" as const };
    const fresh = await createSession(tx, pending.user.id, { ...requestMeta(c), twoFactorVerified: true });
    return { ok: true as const, fresh };
  });
  if (!result.ok && result.reason === "gone") return c.redirect("/login", 303);
  if (!result.ok) {
    return renderPage(c, {
      title: "Enter your sign-in code",
      status: result.reason === "throttled" ? 429 : 422,
      body: <TwoFactorLoginPage recovery={looksLikeRecoveryCode(code)} next={next} errors={{ code: result.message }} />,
    });
  }
  setSessionCookie(c, result.fresh.token, result.fresh.expiresAt);
  return c.redirect(next, 303);
});
