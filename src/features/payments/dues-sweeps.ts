// The dues cron jobs (src/scheduled.ts), each idempotent and taking its clock:
//   - lapse: past expiry + grace, a membership lapses once: the member role is switched off
//     (member-only access goes), the member is emailed, and it is audited;
//   - reminders: members without auto-renewal are emailed 30 and 7 days before expiry, each
//     once (the email is named by member, expiry and day, so a rerun queues nothing new).
// Both go through every member due, a keyset page at a time.
import { and, asc, eq, gt, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { roles, userRoles, users } from "../../db/schema/accounts.ts";
import { recordAdminAction } from "../../lib/audit.ts";
import { formatDate } from "../../lib/time.ts";
import { PAYMENT_EMAIL_KINDS, queueEmail, systemActor } from "./effects.ts";
import { reminderDue } from "./rules.ts";

const DAY_MS = 86_400_000;
const BATCH = 200;

export async function lapseMemberships(db: Db, opts: { now: Date; graceDays: number; publicUrl: string; pageSize?: number }): Promise<number> {
  const cutoff = new Date(opts.now.getTime() - opts.graceDays * DAY_MS);
  const pageSize = opts.pageSize ?? BATCH;
  let lapsed = 0;
  // Keyset pages in id order: every member due is reached, each once, however many there are.
  for (let after = ""; ; ) {
    const due = await db
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          gt(users.id, after),
          isNotNull(users.membershipExpiresAt),
          lte(users.membershipExpiresAt, cutoff),
          isNull(users.membershipLapsedAt),
          isNull(users.deletedAt),
          eq(users.memberType, "REGULAR"),
        ),
      )
      .orderBy(asc(users.id))
      .limit(pageSize);
    for (const { id } of due) if (await lapseOne(db, id, cutoff, opts)) lapsed++;
    if (due.length < pageSize) return lapsed;
    after = due[due.length - 1]!.id;
  }
}

async function lapseOne(db: Db, id: string, cutoff: Date, opts: { now: Date; graceDays: number; publicUrl: string }): Promise<boolean> {
  return await db.transaction(async (tx) => {
    // Re-read under a lock: a renewal that landed meanwhile wins.
    const [u] = await tx
      .select({ email: users.email, firstName: users.firstName, expires: users.membershipExpiresAt, lapsedAt: users.membershipLapsedAt })
      .from(users)
      .where(eq(users.id, id))
      .for("update");
    if (!u?.expires || u.lapsedAt || u.expires.getTime() > cutoff.getTime()) return false;
    await tx.update(users).set({ membershipLapsedAt: opts.now }).where(eq(users.id, id));
    const off = await tx
      .update(userRoles)
      .set({ isActive: false })
      .where(and(eq(userRoles.userId, id), eq(userRoles.isActive, true), sql`${userRoles.roleId} = (select ${roles.id} from ${roles} where ${roles.name} = 'member')`))
      .returning({ id: userRoles.id });
    await recordAdminAction(tx, systemActor(id, "dues-lapse"), {
      action: "ROLE_REVOKED",
      targetUserId: id,
      details: `Membership lapsed: ended ${formatDate(u.expires)}, grace period of ${opts.graceDays} days over; member access switched off`,
      before: { membershipLapsedAt: null, memberRoleActive: off.length > 0 },
      after: { membershipLapsedAt: opts.now.toISOString(), memberRoleActive: false },
    });
    await queueEmail(tx, ["lapsed", id, u.expires.toISOString()], {
      to: u.email,
      userId: id,
      kind: PAYMENT_EMAIL_KINDS.lapsed,
      subject: "Your chapter membership has lapsed",
      text:
        `Hello ${u.firstName},\n\nYour membership ended on ${formatDate(u.expires)} and its grace period is over, so member access ` +
        `(the member directory, member prices) is switched off.\n\nRenew any time to get it back at once: ${new URL("/membership", opts.publicUrl).href}\n`,
    });
    return true;
  });
}

/** Every member due a reminder, a page at a time in id order (keyset: no member is skipped however many there are). */
export async function sendDuesReminders(db: Db, opts: { now: Date; publicUrl: string; pageSize?: number }): Promise<number> {
  const horizon = new Date(opts.now.getTime() + 30 * DAY_MS);
  const pageSize = opts.pageSize ?? 1000;
  let queued = 0;
  let after = "";
  for (;;) {
    const rows = await db
      .select({ id: users.id, email: users.email, firstName: users.firstName, expires: users.membershipExpiresAt })
      .from(users)
      .where(
        and(
          gt(users.id, after),
          isNull(users.stripeSubscriptionId),
          gt(users.membershipExpiresAt, opts.now),
          lte(users.membershipExpiresAt, horizon),
          isNull(users.deletedAt),
          eq(users.isActive, true),
          eq(users.memberType, "REGULAR"),
        ),
      )
      .orderBy(asc(users.id))
      .limit(pageSize);
    for (const r of rows) {
      const day = reminderDue({ membershipExpiresAt: r.expires, autoRenew: false }, opts.now);
      if (!day || !r.expires) continue;
      const fresh = await queueEmail(db, ["dues-reminder", r.id, r.expires.toISOString(), String(day)], {
        to: r.email,
        userId: r.id,
        kind: PAYMENT_EMAIL_KINDS.duesReminder,
        subject: day === 7 ? "Your membership ends in a week" : "Your membership ends within 30 days",
        text:
          `Hello ${r.firstName},\n\nYour chapter membership ends on ${formatDate(r.expires)}. Renew by card in a minute — ` +
          `or switch on automatic renewal so you never need to think about it: ${new URL("/membership", opts.publicUrl).href}\n`,
      });
      if (fresh) queued++;
    }
    if (rows.length < pageSize) return queued;
    after = rows[rows.length - 1]!.id;
  }
}
