// One-click unsubscribe (RFC 8058): /unsubscribe/<signed token>. GET shows what the link
// turns off and a button; POST turns off that one kind for that one member, idempotently.
// No sign-in: the token is the proof. Mail clients POST "List-Unsubscribe=One-Click" with
// no Origin header, so the CSRF check lets exactly this path through (src/http/middleware.ts).
import { Hono, type Context } from "hono";
import { allow } from "../../auth/rbac.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { wantsEmail } from "../../lib/email-preferences.ts";
import { verifyUnsubscribeToken } from "../../lib/unsubscribe.ts";
import { UnsubscribeDone, UnsubscribeInvalid, UnsubscribePage } from "../../../templates/profile/UnsubscribePage.tsx";
import { loadEmailPreferences, turnOffEmailKind } from "./queries.ts";

export const unsubscribeRoutes = new Hono<AppEnv>();

const TOKEN_PATH = "/unsubscribe/:token{[A-Za-z0-9._-]{1,200}}";

async function readToken<E extends AppEnv>(c: Context<E>) {
  return verifyUnsubscribeToken(c.var.config.TOTP_ENCRYPTION_KEY, c.req.param("token") ?? "");
}

function invalid<E extends AppEnv>(c: Context<E>) {
  return renderPage(c, { title: "Link not valid", status: 404, body: <UnsubscribeInvalid /> });
}

unsubscribeRoutes.get(TOKEN_PATH, allow.public, async (c) => {
  const target = await readToken(c);
  if (!target) return invalid(c);
  const member = await loadEmailPreferences(c.var.db(), target.userId);
  if (!member) return invalid(c);
  c.header("Referrer-Policy", "no-referrer");
  return renderPage(c, {
    title: "Unsubscribe",
    body: <UnsubscribePage kind={target.kind} action={c.req.path} alreadyOff={!wantsEmail(member.notificationPreferences, target.kind)} />,
  });
});

unsubscribeRoutes.post(TOKEN_PATH, allow.public, async (c) => {
  const target = await readToken(c);
  if (!target) return invalid(c);
  if (!(await turnOffEmailKind(c.var.db(), target.userId, target.kind))) return invalid(c);
  c.header("Referrer-Policy", "no-referrer");
  return renderPage(c, { title: "Unsubscribed", body: <UnsubscribeDone kind={target.kind} /> });
});
