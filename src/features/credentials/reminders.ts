// The cron's credential work: mark lapsed credentials EXPIRED, and queue the expiry reminders
// (60, 30 and 7 days before, and on the day). Each reminder is one outbox row whose id is
// derived from (credential, expiry day, stage) and inserted ON CONFLICT DO NOTHING, so two cron
// runs, a retried run or two overlapping runs queue it once; a new expiry day (a renewal)
// makes new ids, so the reminders start again. Preferences are read when the reminder is
// queued: a member who turned "Credential expiry" off gets none.
import { and, eq, gte, inArray, isNull, lte } from "drizzle-orm";
import type { Config } from "../../config.ts";
import type { DbOrTx } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { emailOutbox } from "../../db/schema/auth.ts";
import { credentials } from "../../db/schema/directory.ts";
import { wantsEmail } from "../../lib/email-preferences.ts";
import { lapsedCondition } from "./queries.ts";
import {
  addDays,
  chapterToday,
  credentialName,
  daysLeft,
  dueReminderStage,
  LAPSED_GRACE_DAYS,
  REMINDER_STAGES,
  type ReminderStage,
} from "./rules.ts";

type Db = Pick<DbOrTx, "select" | "insert" | "update">;

/** The outbox kind of an expiry reminder; the sender adds the one-click unsubscribe for it ("credentialExpiry"). */
export const CREDENTIAL_EXPIRY_REMINDER = "CREDENTIAL_EXPIRY_REMINDER";

/** Flips PENDING/VERIFIED credentials whose expiry day has passed to EXPIRED. */
export async function expireCredentials(db: Db, now: Date): Promise<{ expired: number }> {
  const rows = await db
    .update(credentials)
    .set({ status: "EXPIRED", updatedAt: now })
    .where(lapsedCondition(chapterToday(now)))
    .returning({ id: credentials.id });
  return { expired: rows.length };
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/**
 * The outbox id of one reminder: 'c' + 24 base32 characters of SHA-256(credential, expiry day, stage),
 * shaped like every other row id (so the admin outbox screen's links work).
 */
export async function reminderOutboxId(credentialId: string, expiresOn: string, stage: ReminderStage): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`credential-expiry:${credentialId}:${expiresOn}:${stage}`)));
  let out = "c";
  let buffer = 0;
  let bits = 0;
  for (const byte of digest) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < 25) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
    if (out.length === 25) break;
  }
  return out;
}

export function reminderEmail(
  c: { type: Parameters<typeof credentialName>[0]["type"]; number: string | null; classification: string | null; expiresOn: string },
  member: { firstName: string },
  stage: ReminderStage,
  today: string,
  publicUrl: string,
): { subject: string; text: string } {
  const name = credentialName(c);
  const left = daysLeft(c.expiresOn, today);
  const when = stage === 0 ? (left === 0 ? "expires today" : `expired on ${c.expiresOn}`) : `expires in ${left} days, on ${c.expiresOn}`;
  const subject = stage === 0 ? `Your ${name} ${left === 0 ? "expires today" : "has expired"}` : `Your ${name} expires in ${left} days`;
  const text = [
    `Hello ${member.firstName},`,
    "",
    `Your ${name} ${when}.`,
    "Once it lapses it no longer shows as a verified badge in the member directory or counts in bid matching.",
    "When you have renewed it, upload the new document and its new expiry date:",
    `${publicUrl.replace(/\/$/, "")}/account/credentials`,
    "",
    "You get these reminders 60, 30 and 7 days before a credential expires, and on the day.",
    "You can turn them off on your profile's email preferences.",
  ].join("\n");
  return { subject, text };
}

/**
 * Queues the reminders due on `now`'s chapter day. Returns how many were queued now
 * (already-queued ones and members who opted out are counted apart).
 */
export async function sendCredentialReminders(
  db: Db,
  config: Pick<Config, "PUBLIC_URL">,
  now: Date,
): Promise<{ queued: number; alreadyQueued: number; optedOut: number }> {
  const today = chapterToday(now);
  const rows = await db
    .select({
      id: credentials.id,
      type: credentials.type,
      number: credentials.number,
      classification: credentials.classification,
      expiresOn: credentials.expiresOn,
      userId: users.id,
      email: users.email,
      firstName: users.firstName,
      prefs: users.notificationPreferences,
    })
    .from(credentials)
    .innerJoin(users, eq(users.id, credentials.userId))
    .where(
      and(
        inArray(credentials.status, ["PENDING", "VERIFIED", "EXPIRED"]),
        gte(credentials.expiresOn, addDays(today, -LAPSED_GRACE_DAYS)),
        lte(credentials.expiresOn, addDays(today, REMINDER_STAGES[0])),
        eq(users.isActive, true),
        isNull(users.deletedAt),
      ),
    );
  const result = { queued: 0, alreadyQueued: 0, optedOut: 0 };
  const outgoing = [];
  for (const row of rows) {
    const stage = row.expiresOn ? dueReminderStage(row.expiresOn, today) : null;
    if (stage === null || !row.expiresOn) continue;
    if (!wantsEmail(row.prefs, "credentialExpiry")) {
      result.optedOut++;
      continue;
    }
    const { subject, text } = reminderEmail({ ...row, expiresOn: row.expiresOn }, row, stage, today, config.PUBLIC_URL);
    outgoing.push({
      id: await reminderOutboxId(row.id, row.expiresOn, stage),
      userId: row.userId,
      toAddress: row.email,
      subject,
      textBody: text,
      kind: CREDENTIAL_EXPIRY_REMINDER,
    });
  }
  for (let i = 0; i < outgoing.length; i += 500) {
    const chunk = outgoing.slice(i, i + 500);
    const inserted = await db.insert(emailOutbox).values(chunk).onConflictDoNothing({ target: emailOutbox.id }).returning({ id: emailOutbox.id });
    result.queued += inserted.length;
    result.alreadyQueued += chunk.length - inserted.length;
  }
  return result;
}

/** The cron job: expire first (so the day's reads agree), then remind. */
export async function runCredentialJobs(db: Db, config: Pick<Config, "PUBLIC_URL">, now: Date) {
  const expired = await expireCredentials(db, now);
  const reminders = await sendCredentialReminders(db, config, now);
  return { ...expired, ...reminders };
}
