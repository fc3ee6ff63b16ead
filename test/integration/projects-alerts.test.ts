// Bid alerts from the cron, with an injected clock: saved searches at their frequencies and
// publish alerts by match score, each email exactly once across runs and retries, never for an
// opportunity the member may not see, never to a member who turned bid alerts off. Sweeps the
// outbox and saved_searches (every due search is checked): on the SWEEPS list.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq, inArray, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { loadConfig } from "../../src/config.ts";
import { newId } from "../../src/db/ids.ts";
import { systemMetrics } from "../../src/db/schema/audit.ts";
import { emailOutbox } from "../../src/db/schema/auth.ts";
import { projectInvitations, savedSearches, userSkills, users, type NewProject } from "../../src/db/schema/index.ts";
import { BID_ALERT_KIND, PUBLISH_WATERMARK, sendPublishAlerts, sendSavedSearchAlerts } from "../../src/features/projects/alerts.ts";
import { makeProject, makeUser, useTestDb } from "../helpers/db.ts";

const db = useTestDb();
const config = loadConfig(env as unknown as Record<string, unknown>);
const TAG = `al${newId().slice(-8)}`;
const MIN = 60_000;
const DAY = 86_400_000;
/** Every instant of this file is after anything the other files wrote. */
const START = Math.ceil((Date.now() + 3_600_000) / MIN) * MIN;
const at = (ms: number) => new Date(START + ms);

let ownerId: string;
beforeAll(async () => {
  ownerId = (await makeUser(db, { firstName: "Alert", lastName: "Owner", isVerified: true })).id;
});

async function project(title: string, publishedAt: Date, overrides: Partial<NewProject> = {}) {
  return makeProject(db, ownerId, {
    title: `${title} ${TAG}`,
    status: "BIDDING_OPEN",
    visibility: "PUBLIC",
    deadlineDate: new Date(START + 30 * DAY),
    publishedAt,
    ...overrides,
  });
}

async function alertsTo(userIds: string[]) {
  if (userIds.length === 0) return [];
  return db
    .select({ id: emailOutbox.id, userId: emailOutbox.userId, subject: emailOutbox.subject, text: emailOutbox.textBody, kind: emailOutbox.kind })
    .from(emailOutbox)
    .where(and(inArray(emailOutbox.userId, userIds), eq(emailOutbox.kind, BID_ALERT_KIND)));
}

describe("saved search alerts", () => {
  it("emails INSTANT searches every run, DAILY once a day and WEEKLY once a week, each match once", async () => {
    const member = await makeUser(db, { firstName: "Searcher", isVerified: true });
    const query = `q=${TAG}`;
    const [instant, daily, weekly] = await db
      .insert(savedSearches)
      .values(
        (["INSTANT", "DAILY", "WEEKLY"] as const).map((frequency) => ({ userId: member.id, name: `${frequency} ${TAG}`, query, frequency, lastCheckedAt: at(0) })),
      )
      .returning();
    const p1 = await project("Seawall repair", at(1 * MIN));
    const hidden = await project("Seawall private", at(1 * MIN), { visibility: "PRIVATE" });
    const draft = await project("Seawall draft", at(1 * MIN), { status: "DRAFT" });
    const emailsOf = async (searchName: string) => (await alertsTo([member.id])).filter((e) => e.subject.endsWith(`“${searchName}”`));

    await sendSavedSearchAlerts(db, config, at(5 * MIN));
    let instantMail = await emailsOf(instant!.name);
    expect(instantMail).toHaveLength(1);
    expect(instantMail[0]!.subject).toBe(`1 new bid opportunity for “${instant!.name}”`);
    expect(instantMail[0]!.text).toContain(`/projects/${p1.id}`);
    expect(await emailsOf(daily!.name)).toHaveLength(0);
    expect(await emailsOf(weekly!.name)).toHaveLength(0);

    // A retry of the same run (its lastCheckedAt put back as if the first never committed): the same id, no second email.
    await db.update(savedSearches).set({ lastCheckedAt: at(0) }).where(eq(savedSearches.id, instant!.id));
    await sendSavedSearchAlerts(db, config, at(5 * MIN));
    await sendSavedSearchAlerts(db, config, at(5 * MIN));
    expect(await emailsOf(instant!.name)).toHaveLength(1);

    // The next run: only what was published since.
    const p2 = await project("Seawall phase two", at(10 * MIN));
    await sendSavedSearchAlerts(db, config, at(15 * MIN));
    instantMail = await emailsOf(instant!.name);
    expect(instantMail).toHaveLength(2);
    const second = instantMail.find((e) => e.text.includes(p2.id))!;
    expect(second.text).not.toContain(p1.id);
    await sendSavedSearchAlerts(db, config, at(20 * MIN)); // nothing new: no email
    expect(await emailsOf(instant!.name)).toHaveLength(2);
    expect(await emailsOf(daily!.name)).toHaveLength(0);

    // A day after the searches were made, DAILY is due: both new opportunities in one email.
    await sendSavedSearchAlerts(db, config, at(DAY));
    const dailyMail = await emailsOf(daily!.name);
    expect(dailyMail).toHaveLength(1);
    expect(dailyMail[0]!.subject).toBe(`2 new bid opportunities for “${daily!.name}”`);
    expect(await emailsOf(weekly!.name)).toHaveLength(0);
    await sendSavedSearchAlerts(db, config, at(DAY + 12 * 3_600_000)); // half a day later: DAILY not due again
    const [dailyRow] = await db.select().from(savedSearches).where(eq(savedSearches.id, daily!.id));
    expect(dailyRow!.lastCheckedAt).toEqual(at(DAY));

    // A week on: WEEKLY sends its one email; DAILY, due again, has nothing new.
    await sendSavedSearchAlerts(db, config, at(7 * DAY));
    const weeklyMail = await emailsOf(weekly!.name);
    expect(weeklyMail).toHaveLength(1);
    expect(weeklyMail[0]!.text).toContain(p1.id);
    expect(weeklyMail[0]!.text).toContain(p2.id);
    expect(await emailsOf(daily!.name)).toHaveLength(1);

    // Never the private opportunity or the draft, in any email.
    for (const e of await alertsTo([member.id])) {
      expect(e.text).not.toContain(hidden.id);
      expect(e.text).not.toContain(draft.id);
    }
  });

  it("sends nothing to a member who turned bid alerts off (their window still moves on), or for what they may not see", async () => {
    const quiet = await makeUser(db, { isVerified: true, notificationPreferences: { email: true, sms: false, push: true, bidAlerts: false } });
    const unverified = await makeUser(db, { isVerified: false });
    const member = await makeUser(db, { isVerified: true });
    const name = `members ${TAG}`;
    const rows = await db
      .insert(savedSearches)
      .values([quiet, unverified, member].map((u) => ({ userId: u.id, name, query: `q=${TAG}+members`, frequency: "INSTANT" as const, lastCheckedAt: at(30 * MIN) })))
      .returning();
    const membersOnly = await project("Members pier", at(31 * MIN), { visibility: "MEMBERS_ONLY", description: `members ${TAG}` });
    const inviteOnly = await project("Invited pier", at(31 * MIN), { visibility: "INVITE_ONLY", description: `members ${TAG}` });
    await sendSavedSearchAlerts(db, config, at(35 * MIN));
    const mail = await alertsTo([quiet.id, unverified.id, member.id]);
    expect(mail.map((m) => m.userId)).toEqual([member.id]);
    expect(mail[0]!.text).toContain(membersOnly.id);
    expect(mail[0]!.text).not.toContain(inviteOnly.id); // not invited
    const after = await db.select({ at: savedSearches.lastCheckedAt }).from(savedSearches).where(inArray(savedSearches.id, rows.map((r) => r.id)));
    expect(after.map((r) => r.at)).toEqual([at(35 * MIN), at(35 * MIN), at(35 * MIN)]);
  });
});

describe("publish alerts", () => {
  it("emails each member whose score reaches their threshold once per opportunity, across runs and a retry, honouring visibility and preferences", async () => {
    const T0 = 2 * DAY; // after the saved-search runs above
    await sendPublishAlerts(db, config, at(T0)); // the watermark at T0
    const make = async (label: string, overrides: Parameters<typeof makeUser>[1] = {}, level: "EXPERT" | "INTERMEDIATE" | null = "EXPERT") => {
      const u = await makeUser(db, { firstName: label, isVerified: true, yearsExperience: 12, ...overrides });
      if (level) await db.insert(userSkills).values({ userId: u.id, skill: "Marine pile driving", level, years: 12 });
      return u;
    };
    const fit = await make("Fit"); // 100
    const invited = await make("Invited"); // 100, invited to the INVITE_ONLY one
    const picky = await make("Picky", { bidAlertThreshold: 95 }, "INTERMEDIATE"); // 93 < 95
    const lowBar = await make("LowBar", { bidAlertThreshold: 60 }, null); // 65 ≥ 60
    const unskilled = await make("Unskilled", {}, null); // 65 < 70
    const quiet = await make("Quiet", { notificationPreferences: { email: true, sms: false, push: true, bidAlerts: false } });
    const noEmail = await make("NoEmail", { notificationPreferences: { email: false, sms: false, push: true } });
    const unconfirmed = await make("Unconfirmed", { isVerified: false });
    const everyone = [fit, invited, picky, lowBar, unskilled, quiet, noEmail, unconfirmed].map((u) => u.id);

    const req = { skillsRequired: ["Marine pile driving"], experienceRequired: 10 };
    const pub = await project("Pier pile driving", at(T0 + MIN), req);
    const members = await project("Pier members", at(T0 + MIN), { ...req, visibility: "MEMBERS_ONLY" });
    const invite = await project("Pier invite", at(T0 + MIN), { ...req, visibility: "INVITE_ONLY" });
    await db.insert(projectInvitations).values({ projectId: invite.id, userId: invited.id });
    const never = await Promise.all([
      project("Pier private", at(T0 + MIN), { ...req, visibility: "PRIVATE" }),
      project("Pier draft", at(T0 + MIN), { ...req, status: "DRAFT" }),
      project("Pier deleted", at(T0 + MIN), { ...req, deletedAt: at(T0 + 2 * MIN) }),
      project("Pier closed", at(T0 + MIN), { ...req, status: "BIDDING_CLOSED" }),
    ]);

    const run1 = await sendPublishAlerts(db, config, at(T0 + 5 * MIN));
    expect(run1.projects).toBeGreaterThanOrEqual(3);
    // A retry of the same run, as if its watermark had not been written: the same ids, nothing twice.
    await db.update(systemMetrics).set({ recordedAt: at(T0) }).where(eq(systemMetrics.metric, PUBLISH_WATERMARK));
    await sendPublishAlerts(db, config, at(T0 + 5 * MIN));
    await sendPublishAlerts(db, config, at(T0 + 10 * MIN)); // a second run: nothing new was published

    const mail = await alertsTo(everyone);
    const got = (u: { id: string }) =>
      mail
        .filter((m) => m.userId === u.id)
        .map((m) => [pub, members, invite, ...never].find((p) => m.text.includes(`/projects/${p.id}`))?.title ?? "?")
        .sort();
    expect(got(fit)).toEqual([members.title, pub.title].sort());
    expect(got(invited)).toEqual([invite.title, members.title, pub.title].sort());
    expect(got(lowBar)).toEqual([members.title, pub.title].sort());
    for (const u of [picky, unskilled, quiet, noEmail, unconfirmed]) expect(got(u), u.firstName).toEqual([]);
    expect(mail.find((m) => m.userId === fit.id && m.text.includes(pub.id))!.subject).toBe(`New bid opportunity for you (match 100/100): ${pub.title}`);
    expect(mail.find((m) => m.userId === lowBar.id && m.text.includes(pub.id))!.text).toContain("scores 65/100 against your profile (your alert threshold is 60)");
    expect(mail.every((m) => m.kind === "BID_ALERT")).toBe(true);

    // Published later: the next run takes it, once.
    const later = await project("Pier later", at(T0 + 12 * MIN), req);
    await sendPublishAlerts(db, config, at(T0 + 15 * MIN));
    await sendPublishAlerts(db, config, at(T0 + 20 * MIN));
    expect((await alertsTo([fit.id])).filter((m) => m.text.includes(later.id))).toHaveLength(1);
  });

  it("runs from the Worker's scheduled() handler at the run's scheduled time", async () => {
    const T = 3 * DAY;
    await sendPublishAlerts(db, config, at(T));
    const member = await makeUser(db, { isVerified: true, yearsExperience: 20 });
    await db.insert(userSkills).values({ userId: member.id, skill: "Dredging", level: "EXPERT", years: 20 });
    const [search] = await db.insert(savedSearches).values({ userId: member.id, name: `cron ${TAG}`, query: `q=${TAG}+dredging`, frequency: "INSTANT", lastCheckedAt: at(T) }).returning();
    const p = await project("Harbor dredging", at(T + MIN), { skillsRequired: ["Dredging"], description: `dredging ${TAG}` });
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: START + T + 5 * MIN }), env, ctx);
    await waitOnExecutionContext(ctx);
    const mail = await alertsTo([member.id]);
    expect(mail.map((m) => m.subject).sort()).toEqual([`1 new bid opportunity for “${search!.name}”`, `New bid opportunity for you (match 100/100): ${p.title}`]);
    expect(mail.every((m) => m.text.includes(`/projects/${p.id}`))).toBe(true);
    const stored = await db.select({ to: emailOutbox.toAddress }).from(emailOutbox).where(like(emailOutbox.subject, `%${TAG}%`));
    expect(stored.length).toBeGreaterThan(0);
    const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, member.id));
    expect(mail).toHaveLength(2);
    expect(stored.filter((s) => s.to === u!.email)).toHaveLength(2);
  });
});
