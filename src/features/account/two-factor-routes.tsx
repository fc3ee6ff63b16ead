// /account/two-factor: turn the second factor on (scan, confirm), get new
// recovery codes, or turn it off. The factor logic is in src/auth/two-factor.ts.
import { deliverSoon } from "../outbox/outbox.ts";
import { Hono, type Context } from "hono";
import * as z from "zod";
import { allow, type SignedInEnv } from "../../auth/rbac.ts";
import { invalidateUserSessions } from "../../auth/session.ts";
import {
  beginEnrolment,
  confirmEnrolment,
  countUnusedRecoveryCodes,
  disableTwoFactor,
  replaceRecoveryCodes,
  verifySecondFactor,
  type Refusal,
} from "../../auth/two-factor.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { parseForm, type FieldErrors } from "../../lib/forms.ts";
import { RecoveryCodesPage, TwoFactorManagePage, TwoFactorSetupPage } from "../../../templates/account/TwoFactorPages.tsx";
import { queueAccountNotice } from "./notice-emails.ts";
import { markSessionTwoFactorVerified } from "./queries.ts";
import { checkCurrentPassword, noStore } from "./request.ts";
import { accountNotices } from "./rules.ts";

export const twoFactorRoutes = new Hono<AppEnv>();

const code = z
  .string({ error: "Enter the code." })
  .trim()
  .min(1, "Enter the code.")
  .max(64, "That is not a code we would give you.");

const confirmForm = z.object({
  code: code.regex(/^[0-9]{3} ?[0-9]{3}$/, "Enter the 6 digits your app shows, like 123456."),
});

const reauthForm = z.object({
  password: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(1024, "That is longer than any password we accept."),
  code,
});

const statusFor = (refusal: Refusal) => (refusal.reason === "throttled" ? 429 : 422);

async function renderSetup(c: Context<SignedInEnv>, errors?: FieldErrors, status: 200 | 422 | 429 = 200) {
  const { user } = c.var.signedIn;
  const enrolment = await beginEnrolment(c.var.db(), c.var.config, user);
  if (!enrolment) return c.redirect("/account/two-factor", 303);
  noStore(c);
  return renderPage(c, {
    title: "Turn on two-factor sign-in",
    status,
    body: <TwoFactorSetupPage enrolment={enrolment} errors={errors} />,
  });
}

async function renderManage(c: Context<SignedInEnv>, errors?: FieldErrors, status: 200 | 422 | 429 = 200) {
  const { user } = c.var.signedIn;
  const remaining = await countUnusedRecoveryCodes(c.var.db(), user.id);
  return renderPage(c, {
    title: "Two-factor sign-in",
    status,
    body: <TwoFactorManagePage remainingCodes={remaining} errors={errors} />,
  });
}

function renderCodes<E extends AppEnv>(c: Context<E>, codes: string[], justEnabled: boolean) {
  noStore(c);
  return renderPage(c, { title: "Save your recovery codes", body: <RecoveryCodesPage codes={codes} justEnabled={justEnabled} /> });
}

twoFactorRoutes.get("/two-factor", allow.signedIn, (c) => {
  const { user } = c.var.signedIn;
  return user.twoFactorEnabled ? renderManage(c) : renderSetup(c);
});

twoFactorRoutes.post("/two-factor", allow.signedIn, async (c) => {
  const { user, session } = c.var.signedIn;
  if (user.twoFactorEnabled) return c.redirect("/account/two-factor", 303);
  const form = await parseForm(c, confirmForm);
  if (!form.ok) return renderSetup(c, form.errors, 422);
  const config = c.var.config;
  const result = await c.var.db().transaction(async (tx) => {
    const confirmed = await confirmEnrolment(tx, c.env, config, user.id, form.data.code);
    if (!confirmed.ok) return confirmed;
    // Anyone else holding a session got in without the factor: sign them out.
    await invalidateUserSessions(tx, user.id, session.id);
    await markSessionTwoFactorVerified(tx, session.id);
    await queueAccountNotice(tx, config, user, { kind: "TWO_FACTOR_ENABLED" });
    return confirmed;
  });
  if (!result.ok) {
    if (result.reason === "invalid" || result.reason === "throttled") {
      return renderSetup(c, { code: result.message }, statusFor(result));
    }
    return c.redirect("/account/two-factor", 303);
  }
  deliverSoon(c);
  return renderCodes(c, result.recoveryCodes, true);
});

/**
 * Both changes need the password and a current code: a borrowed phone or an
 * open laptop is not enough to weaken the account.
 */
async function reauthenticated(c: Context<SignedInEnv>): Promise<{ code: string } | Response> {
  const { user } = c.var.signedIn;
  const form = await parseForm(c, reauthForm);
  if (!form.ok) return renderManage(c, form.errors, 422);
  const wrong = await checkCurrentPassword(c, user.id, form.data.password);
  if (wrong) return renderManage(c, { password: wrong }, 422);
  return { code: form.data.code };
}

twoFactorRoutes.post("/two-factor/recovery-codes", allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  if (!user.twoFactorEnabled) return c.redirect("/account/two-factor", 303);
  const checked = await reauthenticated(c);
  if (checked instanceof Response) return checked;
  const config = c.var.config;
  const result = await c.var.db().transaction(async (tx) => {
    const verified = await verifySecondFactor(tx, c.env, config, user.id, checked.code);
    if (!verified.ok) return verified;
    const codes = await replaceRecoveryCodes(tx, user.id);
    await queueAccountNotice(tx, config, user, { kind: "RECOVERY_CODES_REPLACED" });
    return { ok: true as const, codes };
  });
  if (!result.ok) return renderManage(c, { code: result.message }, statusFor(result));
  deliverSoon(c);
  return renderCodes(c, result.codes, false);
});

twoFactorRoutes.post("/two-factor/disable", allow.signedIn, async (c) => {
  const { user, session } = c.var.signedIn;
  if (!user.twoFactorEnabled) return c.redirect("/account/two-factor", 303);
  const checked = await reauthenticated(c);
  if (checked instanceof Response) return checked;
  const config = c.var.config;
  const result = await c.var.db().transaction(async (tx) => {
    const verified = await verifySecondFactor(tx, c.env, config, user.id, checked.code);
    if (!verified.ok) return verified;
    await disableTwoFactor(tx, user.id);
    await invalidateUserSessions(tx, user.id, session.id);
    await queueAccountNotice(tx, config, user, { kind: "TWO_FACTOR_DISABLED" });
    return verified;
  });
  if (!result.ok) return renderManage(c, { code: result.message }, statusFor(result));
  deliverSoon(c);
  return accountNotices.redirect(c, "/account/security", "two-factor-off");
});
