// Pieces the sign-up, sign-in and reset routes share: page rendering without
// caching, the rate-limit page, and the transaction type.
import type { Context } from "hono";
import { parseForm } from "../../lib/forms.ts";
import { resetPasswordForm } from "./schemas.ts";
import { renderPage, type PageOptions } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { consumeRate } from "../../objects/RateLimiter.ts";
import { TooManyAttemptsPage } from "../../../templates/auth/TooManyAttemptsPage.tsx";
import { clientIp, describeWait } from "./rules.ts";
import { checkPassword, type PasswordContext } from "../../auth/password-policy.ts";

import type { Tx } from "../../db/client.ts";
export type { Tx };

/**
 * Auth pages carry tokens, typed emails and errors: no browser or proxy keeps
 * a copy, and the back button after sign-out does not show a stale form.
 */
export function authPage<E extends AppEnv>(c: Context<E>, opts: PageOptions): Promise<Response> {
  c.header("Cache-Control", "no-store");
  return renderPage(c, opts);
}

/**
 * What the devices list shows about a new session: where it signed in from. Only Cloudflare's own
 * header counts here; X-Forwarded-For would be whatever the client claims.
 */
export function requestMeta<E extends AppEnv>(c: Context<E>): { ipAddress: string | null; userAgent: string | null } {
  const ip = (c.req.header("cf-connecting-ip") ?? "").trim().slice(0, 64);
  return {
    ipAddress: /^[0-9A-Fa-f:.]+$/.test(ip) ? ip.toLowerCase() : null,
    userAgent: c.req.header("user-agent") ?? null,
  };
}

export function ipKey<E extends AppEnv>(c: Context<E>, prefix: string): string {
  return `${prefix}:${clientIp(c.req.raw.headers)}`;
}

export interface Limit {
  key: string;
  limit: number;
  windowSeconds: number;
}

/** Consumes one attempt; null when allowed, else the 429 page with Retry-After. */
export async function rateLimited<E extends AppEnv>(
  c: Context<E>,
  limit: Limit,
  page: { heading: string; explanation: string; back: { href: string; label: string } },
): Promise<Response | null> {
  const decision = await consumeRate(c.env, limit.key, limit.limit, limit.windowSeconds);
  if (decision.allowed) return null;
  const now = new Date();
  const wait = describeWait(new Date(now.getTime() + decision.retryAfterSeconds * 1000), now);
  c.header("Retry-After", String(decision.retryAfterSeconds));
  return authPage(c, {
    title: page.heading,
    status: 429,
    body: <TooManyAttemptsPage heading={page.heading} explanation={page.explanation} wait={wait.text} back={page.back} />,
  });
}

/** Keeps what the member typed for the re-render, except anything secret. */
export function withoutSecrets(values: Record<string, string>): Record<string, string> {
  const { password: _p, confirmPassword: _c, token: _t, ...rest } = values;
  return rest;
}

/** Errors in the order the fields appear, so the summary reads top to bottom. */
export function inFieldOrder(errors: Record<string, string>, fields: readonly string[]): Record<string, string> {
  const ordered: Record<string, string> = {};
  for (const f of ["form", ...fields]) if (errors[f]) ordered[f] = errors[f];
  for (const [f, m] of Object.entries(errors)) ordered[f] ??= m;
  return ordered;
}


export const PASSWORDS_DIFFER = "The two passwords are different. Type the same password in both boxes.";

/**
 * The checks every new-password form shares (join, reset, invitation), added to the form's
 * other errors: the policy (it needs the person's email and names), then both boxes the same.
 */
export function checkNewPassword(errors: Record<string, string>, values: Record<string, string>, person: PasswordContext): Record<string, string> {
  const password = values.password ?? "";
  if (!errors.password) {
    const policy = checkPassword(password, person);
    if (policy) errors.password = policy;
    else if (!errors.confirmPassword && password !== values.confirmPassword) errors.confirmPassword = PASSWORDS_DIFFER;
  }
  return errors;
}

/**
 * A new password chosen through an emailed link (reset, invitation): the link's token, the
 * account it belongs to (null: the link is unknown, used or expired) and what is wrong with the
 * password, in field order (empty: nothing). The token is only looked at, not used up, so a
 * password the policy refuses leaves the link working.
 */
export async function readLinkPassword<T extends PasswordContext>(
  c: Context<AppEnv>,
  findOwner: (token: string) => Promise<T | null>,
): Promise<{ token: string; password: string; owner: T | null; errors: Record<string, string> }> {
  const form = await parseForm(c, resetPasswordForm);
  const token = (form.values.token ?? "").trim();
  const owner = await findOwner(token);
  const errors: Record<string, string> = form.ok ? {} : { ...form.errors };
  delete errors.token;
  if (owner) checkNewPassword(errors, form.values, owner);
  return { token, password: form.values.password ?? "", owner, errors: inFieldOrder(errors, ["password", "confirmPassword"]) };
}
