// /account/confirm-email: the link from the CHANGE_EMAIL email. Public, because
// the member may open it on a device where they are not signed in; the GET only
// shows a button (mail scanners follow links), the POST makes the change.
import { grantMemberRole } from "../../auth/system-roles.ts";
import { deliverSoon } from "../outbox/outbox.ts";
import { and, eq, isNull } from "drizzle-orm";
import { Hono } from "hono";
import * as z from "zod";
import { allow } from "../../auth/rbac.ts";
import { clearSessionCookie, invalidateUserSessions } from "../../auth/session.ts";
import { users } from "../../db/schema/accounts.ts";
import { emailTokens } from "../../db/schema/auth.ts";
import { renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { parseForm } from "../../lib/forms.ts";
import { consumeEmailToken, peekEmailToken } from "../auth/email-tokens.ts";
import { ConfirmEmailPage, type ConfirmEmailState } from "../../../templates/account/ConfirmEmailPage.tsx";
import { queueAccountNotice } from "./notice-emails.ts";
import { emailBelongsToSomeoneElse } from "./queries.ts";
import { noStore } from "./request.ts";
import { sqlStateOf, UNIQUE_VIOLATION } from "../../db/sqlstate.ts";

export const confirmEmailRoutes = new Hono<AppEnv>();

const STATUS: Record<ConfirmEmailState, 200 | 400 | 409> = { ready: 200, done: 200, invalid: 400, taken: 409 };
const TITLES: Record<ConfirmEmailState, string> = {
  ready: "Confirm your new email",
  done: "Your email is changed",
  invalid: "This link doesn't work",
  taken: "That email is already in use",
};

function show(c: Parameters<typeof noStore>[0], state: ConfirmEmailState, token?: string) {
  noStore(c);
  return renderPage(c, { title: TITLES[state], status: STATUS[state], body: <ConfirmEmailPage state={state} token={token} /> });
}

confirmEmailRoutes.get("/confirm-email", allow.public, async (c) => {
  if (c.req.query("status") === "done") return show(c, "done");
  const token = (c.req.query("token") ?? "").trim().slice(0, 200);
  const live = token !== "" && (await peekEmailToken(c.var.db(), token, "CHANGE_EMAIL"));
  return live ? show(c, "ready", token) : show(c, "invalid");
});

const confirmForm = z.object({ token: z.string().trim().min(1).max(200) });


/** Postgres refused the new address as a duplicate: someone took it between the check and the update. */
function isUniqueViolation(err: unknown): boolean {
  return sqlStateOf(err) === UNIQUE_VIOLATION;
}

confirmEmailRoutes.post("/confirm-email", allow.public, async (c) => {
  const form = await parseForm(c, confirmForm);
  if (!form.ok) return show(c, "invalid");
  const config = c.var.config;
  let outcome: { state: ConfirmEmailState; userId?: string };
  try {
    outcome = await c.var.db().transaction(async (tx) => {
      const token = await consumeEmailToken(tx, form.data.token, "CHANGE_EMAIL");
      if (!token?.newEmail) return { state: "invalid" as const };
      const [owner] = await tx
        .select({ id: users.id, email: users.email, firstName: users.firstName, isVerified: users.isVerified })
        .from(users)
        .where(and(eq(users.id, token.userId), isNull(users.deletedAt), eq(users.isActive, true)))
        .limit(1);
      if (!owner) return { state: "invalid" as const };
      if (await emailBelongsToSomeoneElse(tx, token.newEmail, owner.id)) return { state: "taken" as const };
      await tx.update(users).set({ email: token.newEmail, isVerified: true }).where(eq(users.id, owner.id));
      // Confirming an address is what verifies an account, whichever link did it; a
      // first verification makes a member, as /verify-email does. An account verified
      // before keeps exactly the roles it has (an admin may have removed one).
      if (!owner.isVerified) await grantMemberRole(tx, owner.id);
      // Links sent to the old address (verify, reset) must not act on the account any more.
      await tx
        .update(emailTokens)
        .set({ usedAt: new Date() })
        .where(and(eq(emailTokens.userId, owner.id), isNull(emailTokens.usedAt)));
      await invalidateUserSessions(tx, owner.id);
      // To the old address: if this was not the member, that is where they will notice.
      await queueAccountNotice(tx, config, owner, { kind: "EMAIL_CHANGED", newEmail: token.newEmail });
      return { state: "done" as const, userId: owner.id };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    outcome = { state: "taken" };
  }
  if (outcome.state !== "done") return show(c, outcome.state);
  const signedInAs = c.var.session?.userId ?? c.var.pendingTwoFactor?.session.userId;
  if (signedInAs === outcome.userId) clearSessionCookie(c);
  deliverSoon(c);
  return c.redirect("/account/confirm-email?status=done", 303);
});
