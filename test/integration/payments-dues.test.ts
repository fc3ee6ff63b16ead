// Dues over time, with an injected clock: grace, then a lapse that switches member access off
// (audited, once); a renewal switches it back on; reminders 30 and 7 days out, each once.
// On the SWEEPS list (vitest.config.ts): the jobs sweep every member.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { roles, userRoles, users } from "../../src/db/schema/accounts.ts";
import { adminActions } from "../../src/db/schema/audit.ts";
import { lapseMemberships, sendDuesReminders } from "../../src/features/payments/dues-sweeps.ts";
import { applyDues } from "../../src/features/payments/effects.ts";
import { useTestDb } from "../helpers/db.ts";
import { emailsTo, page, signedInMember } from "./events-fixtures.ts";
import { makeTier } from "./payments-fixtures.ts";

const db = useTestDb();
const DAY = 86_400_000;
const config = loadConfig(env as unknown as Record<string, unknown>);
const opts = (now: Date) => ({ now, graceDays: 14, publicUrl: "http://localhost" });

async function memberRoleActive(userId: string): Promise<boolean> {
  const [r] = await db
    .select({ active: userRoles.isActive })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(and(eq(userRoles.userId, userId), eq(roles.name, "member")));
  return r?.active ?? false;
}

describe("grace and lapse", () => {
  it("keeps a member through the grace period, then lapses them once: member role off, audited, emailed", async () => {
    const tier = await makeTier(db);
    const now = new Date();
    const m = await signedInMember(db, { membershipExpiresAt: new Date(now.getTime() - DAY) });
    await db.update(users).set({ membershipTierId: tier.id }).where(eq(users.id, m.id));

    const membership = await page("/membership", m);
    expect(membership.html).toContain("in its grace period");

    await lapseMemberships(db, opts(now));
    expect(await memberRoleActive(m.id)).toBe(true);

    const later = new Date(now.getTime() + 14 * DAY);
    await lapseMemberships(db, opts(later));
    await lapseMemberships(db, opts(later)); // a rerun changes nothing
    expect(await memberRoleActive(m.id)).toBe(false);
    const [u] = await db.select().from(users).where(eq(users.id, m.id));
    expect(u!.membershipLapsedAt?.getTime()).toBe(later.getTime());
    const audit = await db.select().from(adminActions).where(and(eq(adminActions.targetUserId, m.id), eq(adminActions.action, "ROLE_REVOKED")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toContain("Membership lapsed");
    expect((await emailsTo(db, m.id)).filter((e) => e.kind === "MEMBERSHIP_LAPSED")).toHaveLength(1);
    expect((await page("/membership", m)).html).toContain("Your membership lapsed");

    // Paying again restores member access at once, from today.
    const renewedAt = new Date(later.getTime() + DAY);
    const expires = await db.transaction((tx) => applyDues(tx, { now: renewedAt, publicUrl: "http://localhost" }, m.id, tier.id, 12, "test"));
    expect(expires!.getTime()).toBeGreaterThan(renewedAt.getTime() + 364 * DAY);
    expect(await memberRoleActive(m.id)).toBe(true);
    const [after] = await db.select().from(users).where(eq(users.id, m.id));
    expect(after!.membershipLapsedAt).toBeNull();
  });

  it("never lapses a membership without an end date (lifetime) or one still running", async () => {
    const lifetime = await signedInMember(db, { membershipExpiresAt: null });
    const current = await signedInMember(db, { membershipExpiresAt: new Date(Date.now() + 100 * DAY) });
    await lapseMemberships(db, opts(new Date(Date.now() + 30 * DAY)));
    expect(await memberRoleActive(lifetime.id)).toBe(true);
    expect(await memberRoleActive(current.id)).toBe(true);
  });

  it("lapses every member past the grace period, page after page", async () => {
    const now = new Date();
    const past = [];
    for (let i = 0; i < 5; i++) past.push(await signedInMember(db, { membershipExpiresAt: new Date(now.getTime() - (20 + i) * DAY) }));
    expect(await lapseMemberships(db, { ...opts(now), pageSize: 2 })).toBeGreaterThanOrEqual(5);
    for (const m of past) expect(await memberRoleActive(m.id)).toBe(false);
  });

  it("uses the configured grace period", () => {
    expect(config.DUES_GRACE_DAYS).toBe(14);
  });
});

describe("dues reminders", () => {
  it("emails members without auto-renewal 30 and 7 days before the end, each once", async () => {
    const now = new Date();
    const m = await signedInMember(db, { membershipExpiresAt: new Date(now.getTime() + 20 * DAY) });
    const auto = await signedInMember(db, { membershipExpiresAt: new Date(now.getTime() + 20 * DAY) });
    await db.update(users).set({ stripeSubscriptionId: "sub_auto_renewing" }).where(eq(users.id, auto.id));

    await sendDuesReminders(db, { now, publicUrl: "http://localhost" });
    await sendDuesReminders(db, { now: new Date(now.getTime() + DAY), publicUrl: "http://localhost" });
    let mine = (await emailsTo(db, m.id)).filter((e) => e.kind === "DUES_REMINDER");
    expect(mine.map((e) => e.subject)).toEqual(["Your membership ends within 30 days"]);

    const weekOut = new Date(now.getTime() + 14 * DAY);
    await sendDuesReminders(db, { now: weekOut, publicUrl: "http://localhost" });
    await sendDuesReminders(db, { now: weekOut, publicUrl: "http://localhost" });
    mine = (await emailsTo(db, m.id)).filter((e) => e.kind === "DUES_REMINDER");
    expect(mine.map((e) => e.subject).sort()).toEqual(["Your membership ends in a week", "Your membership ends within 30 days"]);
    expect((await emailsTo(db, auto.id)).filter((e) => e.kind === "DUES_REMINDER")).toEqual([]);
  });

  it("reaches every member due, page after page, however many there are", async () => {
    const now = new Date();
    const due = [];
    for (let i = 0; i < 5; i++) due.push(await signedInMember(db, { membershipExpiresAt: new Date(now.getTime() + (10 + i) * DAY) }));
    const queued = await sendDuesReminders(db, { now, publicUrl: "http://localhost", pageSize: 2 });
    expect(queued).toBeGreaterThanOrEqual(5);
    for (const m of due) expect((await emailsTo(db, m.id)).filter((e) => e.kind === "DUES_REMINDER")).toHaveLength(1);
    // A rerun over the same pages queues nothing new.
    expect(await sendDuesReminders(db, { now, publicUrl: "http://localhost", pageSize: 2 })).toBe(0);
  });
});
