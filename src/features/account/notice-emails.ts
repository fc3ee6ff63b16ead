// The "this just happened to your account" emails. Sent to the address the
// member had before the change, so someone who took over a session cannot hide
// what they did. Queued in the transaction of the change itself.
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { enqueueEmail } from "../outbox/outbox.ts";
import { formatDateTime } from "../../lib/time.ts";


type Writer = Pick<Db, "insert">;

export type AccountNotice =
  | { kind: "PASSWORD_CHANGED" }
  | { kind: "EMAIL_CHANGE_REQUESTED"; newEmail: string }
  | { kind: "EMAIL_CHANGED"; newEmail: string }
  | { kind: "TWO_FACTOR_ENABLED" }
  | { kind: "TWO_FACTOR_DISABLED" }
  | { kind: "RECOVERY_CODES_REPLACED" };

export async function queueAccountNotice(
  tx: Writer,
  config: Config,
  user: { id: string; email: string; firstName: string },
  notice: AccountNotice,
  now: Date = new Date(),
): Promise<void> {
  const { subject, body } = noticeText(notice);
  const help =
    `If this wasn't you, sign in at ${config.PUBLIC_URL}/login, change your password (use "Forgot password" ` +
    `if it no longer works), and contact the chapter office.`;
  const text = `Hello ${user.firstName},\n\n${body}\n\nWhen: ${formatDateTime(now)}\n\n${help}\n`;
  await enqueueEmail(tx, { to: user.email, userId: user.id, kind: notice.kind, subject, text });
}

function noticeText(notice: AccountNotice): { subject: string; body: string } {
  switch (notice.kind) {
    case "PASSWORD_CHANGED":
      return {
        subject: "Your Chapter Member Portal password was changed",
        body: "The password of your Chapter Member Portal account was changed, and every other device was signed out.",
      };
    case "EMAIL_CHANGE_REQUESTED":
      return {
        subject: "A change of your sign-in email was requested",
        body: `Someone signed in to your account asked to change its sign-in email to ${notice.newEmail}. Nothing changes unless the link sent to that address is opened.`,
      };
    case "EMAIL_CHANGED":
      return {
        subject: "Your sign-in email was changed",
        body: `Your Chapter Member Portal account now signs in with ${notice.newEmail}. This address will get no more account emails.`,
      };
    case "TWO_FACTOR_ENABLED":
      return {
        subject: "Two-factor sign-in is on",
        body: "Two-factor sign-in was turned on for your account. Signing in now also asks for a code from your authenticator app. Every other device was signed out.",
      };
    case "TWO_FACTOR_DISABLED":
      return {
        subject: "Two-factor sign-in was turned off",
        body: "Two-factor sign-in was turned off for your account. Signing in now needs only your password. Every other device was signed out.",
      };
    case "RECOVERY_CODES_REPLACED":
      return {
        subject: "New two-factor recovery codes",
        body: "A new set of two-factor recovery codes was made for your account. The old codes no longer work.",
      };
  }
}
