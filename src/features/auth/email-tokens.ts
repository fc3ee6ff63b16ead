import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { emailTokens, type emailTokenPurposeEnum } from "../../db/schema/auth.ts";
import { generateEmailToken, hashEmailToken, isEmailTokenShaped } from "../../auth/tokens.ts";
import type { Config } from "../../config.ts";
import { enqueueEmail, enqueueEmails } from "../outbox/outbox.ts";

type Tx = Pick<Db, "insert" | "update" | "select">;
export type EmailTokenPurpose = (typeof emailTokenPurposeEnum.enumValues)[number];

const HOUR = 60 * 60 * 1000;
export const TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = {
  VERIFY_EMAIL: 48 * HOUR,
  RESET_PASSWORD: 1 * HOUR,
  CHANGE_EMAIL: 24 * HOUR,
  INVITE: 14 * 24 * HOUR,
};

const PATHS: Record<EmailTokenPurpose, string> = {
  VERIFY_EMAIL: "/verify-email",
  RESET_PASSWORD: "/reset-password",
  CHANGE_EMAIL: "/account/confirm-email",
  INVITE: "/welcome",
};

/**
 * Makes a single-use token (only its hash is stored) and queues the email that
 * carries its link, in the caller's transaction. Earlier unused tokens of the
 * same purpose stop working, so only the newest link is live.
 */
export async function sendTokenEmail(
  tx: Tx,
  config: Config,
  user: { id: string; email: string; firstName: string },
  purpose: EmailTokenPurpose,
  opts: { newEmail?: string } = {},
): Promise<void> {
  const now = new Date();
  await tx
    .update(emailTokens)
    .set({ usedAt: now })
    .where(and(eq(emailTokens.userId, user.id), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
  const { token, hash } = generateEmailToken();
  await tx.insert(emailTokens).values({
    userId: user.id,
    purpose,
    tokenHash: hash,
    newEmail: opts.newEmail ?? null,
    expiresAt: new Date(now.getTime() + TOKEN_TTL_MS[purpose]),
  });
  const link = `${config.PUBLIC_URL}${PATHS[purpose]}?token=${encodeURIComponent(token)}`;
  const to = purpose === "CHANGE_EMAIL" ? opts.newEmail! : user.email;
  await enqueueEmail(tx, { to, userId: user.id, kind: purpose, ...emailText(purpose, user.firstName, link) });
}

/**
 * Invitations for accounts created in this transaction (they hold no earlier token to retire):
 * every token in one statement and every email in another, so a bulk import costs two round
 * trips per batch, not three per member.
 */
export async function sendInvitations(tx: Tx, config: Config, invitees: ReadonlyArray<{ id: string; email: string; firstName: string }>): Promise<void> {
  if (invitees.length === 0) return;
  const expiresAt = new Date(Date.now() + TOKEN_TTL_MS.INVITE);
  const made = invitees.map((user) => ({ user, ...generateEmailToken() }));
  await tx.insert(emailTokens).values(made.map(({ user, hash }) => ({ userId: user.id, purpose: "INVITE" as const, tokenHash: hash, expiresAt })));
  await enqueueEmails(
    tx,
    made.map(({ user, token }) => ({
      to: user.email,
      userId: user.id,
      kind: "INVITE",
      ...emailText("INVITE", user.firstName, `${config.PUBLIC_URL}${PATHS.INVITE}?token=${encodeURIComponent(token)}`),
    })),
  );
}

function emailText(purpose: EmailTokenPurpose, firstName: string, link: string): { subject: string; text: string } {
  switch (purpose) {
    case "VERIFY_EMAIL":
      return {
        subject: "Confirm your email for the Chapter Member Portal",
        text: `Hello ${firstName},\n\nConfirm your email address to finish setting up your account:\n${link}\n\nThe link works once and expires in 48 hours. If you did not sign up, ignore this email.\n`,
      };
    case "RESET_PASSWORD":
      return {
        subject: "Reset your Chapter Member Portal password",
        text: `Hello ${firstName},\n\nChoose a new password here:\n${link}\n\nThe link works once and expires in 1 hour. If you did not ask for this, ignore this email: your password stays as it is.\n`,
      };
    case "CHANGE_EMAIL":
      return {
        subject: "Confirm your new email for the Chapter Member Portal",
        text: `Hello ${firstName},\n\nConfirm this address as your new sign-in email:\n${link}\n\nThe link works once and expires in 24 hours. Until you confirm, your old address stays in use.\n`,
      };
    case "INVITE":
      return {
        subject: "You are invited to the Chapter Member Portal",
        text: `Hello ${firstName},\n\nThe chapter has added you to its member portal: bid opportunities, events, courses and the member directory.\nChoose your password here to sign in:\n${link}\n\nThe link works once and expires in 14 days.\n`,
      };
  }
}

/** The token's row, if it is unused, unexpired and of this purpose. */
function liveToken(token: string, purpose: EmailTokenPurpose) {
  return and(
    eq(emailTokens.tokenHash, hashEmailToken(token)),
    eq(emailTokens.purpose, purpose),
    isNull(emailTokens.usedAt),
    gt(emailTokens.expiresAt, new Date()),
  );
}

/** Uses a token once: the first caller gets its row, every later (or late) caller gets null. */
export async function consumeEmailToken(tx: Tx, token: string, purpose: EmailTokenPurpose) {
  if (!isEmailTokenShaped(token)) return null;
  const [row] = await tx
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(liveToken(token, purpose))
    .returning();
  return row ?? null;
}

/** Whether a token would be accepted, without using it (for the GET page before the POST). */
export async function peekEmailToken(tx: Tx, token: string, purpose: EmailTokenPurpose): Promise<boolean> {
  if (!isEmailTokenShaped(token)) return false;
  const rows = await tx
    .select({ id: emailTokens.id })
    .from(emailTokens)
    .where(liveToken(token, purpose))
    .limit(1);
  return rows.length > 0;
}
