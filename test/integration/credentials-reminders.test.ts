// The cron's credential work against real Postgres: the EXPIRED flip, and reminders queued in
// the outbox once per (credential, expiry day, stage) whatever the number of runs, retries or
// overlapping runs; missed days send only the latest stage; preferences are honoured; a
// renewal starts the reminders again. Sweeps every credential, so it runs on its own (SWEEPS).
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { loadConfig } from "../../src/config.ts";
import { credentials, emailOutbox, users } from "../../src/db/schema/index.ts";
import { CREDENTIAL_EXPIRY_REMINDER, expireCredentials, runCredentialJobs, sendCredentialReminders } from "../../src/features/credentials/reminders.ts";
import { addDays, chapterToday } from "../../src/features/credentials/rules.ts";
import { makeCredential, makeUser, useTestDb } from "../helpers/db.ts";

const db = useTestDb();
const config = loadConfig(env as unknown as Record<string, unknown>);

/** Noon in Oakland on that day. */
const noonOn = (day: string) => new Date(`${day}T20:00:00Z`);
const EXPIRES = "2031-03-15";

const remindersOf = (userId: string) =>
  db
    .select({ subject: emailOutbox.subject, textBody: emailOutbox.textBody, toAddress: emailOutbox.toAddress, createdAt: emailOutbox.createdAt })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.userId, userId), eq(emailOutbox.kind, CREDENTIAL_EXPIRY_REMINDER)))
    .orderBy(emailOutbox.createdAt);

async function holder(prefs?: Record<string, boolean>) {
  const u = await makeUser(db, { isVerified: true, firstName: "Lena", ...(prefs ? { notificationPreferences: prefs as never } : {}) });
  const c = await makeCredential(db, u.id, { type: "MBE", number: "23004518", status: "VERIFIED", expiresOn: EXPIRES });
  return { user: u, credential: c };
}

describe("credential expiry reminders", () => {
  it("queues the due reminder once across two runs, a retry and two overlapping runs", async () => {
    const { user } = await holder();
    const now = noonOn(addDays(EXPIRES, -30));
    const first = await sendCredentialReminders(db, config, now);
    expect(first.queued).toBeGreaterThanOrEqual(1);
    await sendCredentialReminders(db, config, new Date(now.getTime() + 5 * 60_000));
    await sendCredentialReminders(db, config, now);
    await Promise.all([sendCredentialReminders(db, config, now), sendCredentialReminders(db, config, now)]);
    const rows = await remindersOf(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ toAddress: user.email, subject: "Your MBE certification 23004518 expires in 30 days" });
    expect(rows[0]!.textBody).toContain("http://localhost/account/credentials");
  });

  it("sends 60, 30, 7 days before and on the day, each once, when the cron runs every day", async () => {
    const { user } = await holder();
    for (let n = 70; n >= -10; n--) await runCredentialJobs(db, config, noonOn(addDays(EXPIRES, -n)));
    const subjects = (await remindersOf(user.id)).map((r) => r.subject);
    expect(subjects).toEqual([
      "Your MBE certification 23004518 expires in 60 days",
      "Your MBE certification 23004518 expires in 30 days",
      "Your MBE certification 23004518 expires in 7 days",
      "Your MBE certification 23004518 expires today",
    ]);
  }, 120_000);

  it("after days the cron missed, sends only the most recent due stage, once", async () => {
    const { user } = await holder();
    await sendCredentialReminders(db, config, noonOn(addDays(EXPIRES, -45))); // 60-day stage, late
    await sendCredentialReminders(db, config, noonOn(addDays(EXPIRES, -5))); // down from day 44 to day 6: only the 7-day one
    await sendCredentialReminders(db, config, noonOn(addDays(EXPIRES, -4)));
    await sendCredentialReminders(db, config, noonOn(addDays(EXPIRES, 2))); // the day itself missed: sent late, once
    await sendCredentialReminders(db, config, noonOn(addDays(EXPIRES, 3)));
    const subjects = (await remindersOf(user.id)).map((r) => r.subject);
    expect(subjects).toEqual([
      "Your MBE certification 23004518 expires in 45 days",
      "Your MBE certification 23004518 expires in 5 days",
      "Your MBE certification 23004518 has expired",
    ]);
  });

  it("sends nothing to a member who turned credential-expiry emails off, or all email off", async () => {
    const off = await holder({ email: true, credentialExpiry: false });
    const allOff = await holder({ email: false });
    const on = await holder({ email: true, eventReminders: false });
    const result = await sendCredentialReminders(db, config, noonOn(addDays(EXPIRES, -7)));
    expect(result.optedOut).toBeGreaterThanOrEqual(2);
    expect(await remindersOf(off.user.id)).toHaveLength(0);
    expect(await remindersOf(allOff.user.id)).toHaveLength(0);
    expect(await remindersOf(on.user.id)).toHaveLength(1);
  });

  it("reminds again after a renewal (a new expiry day), but not for rejected credentials or deactivated members", async () => {
    const { user, credential } = await holder();
    await sendCredentialReminders(db, config, noonOn(addDays(EXPIRES, -7)));
    const renewed = addDays(EXPIRES, 365);
    await db.update(credentials).set({ expiresOn: renewed }).where(eq(credentials.id, credential.id));
    await sendCredentialReminders(db, config, noonOn(addDays(renewed, -7)));
    expect(await remindersOf(user.id)).toHaveLength(2);

    const rejected = await holder();
    await db.update(credentials).set({ status: "REJECTED", rejectionReason: "Not legible" }).where(eq(credentials.id, rejected.credential.id));
    const gone = await holder();
    await db.update(users).set({ isActive: false }).where(eq(users.id, gone.user.id));
    await sendCredentialReminders(db, config, noonOn(addDays(EXPIRES, -7)));
    expect(await remindersOf(rejected.user.id)).toHaveLength(0);
    expect(await remindersOf(gone.user.id)).toHaveLength(0);
  });
});

describe("the EXPIRED flip", () => {
  it("marks pending and verified credentials past their day EXPIRED, and leaves the rest alone", async () => {
    const u = await makeUser(db);
    const today = chapterToday(new Date());
    const [lapsedVerified, lapsedPending, lastDay, rejected, undated] = await Promise.all([
      makeCredential(db, u.id, { status: "VERIFIED", expiresOn: addDays(today, -1) }),
      makeCredential(db, u.id, { status: "PENDING", expiresOn: addDays(today, -30) }),
      makeCredential(db, u.id, { status: "VERIFIED", expiresOn: today }),
      makeCredential(db, u.id, { status: "REJECTED", rejectionReason: "No", expiresOn: addDays(today, -1) }),
      makeCredential(db, u.id, { status: "VERIFIED", expiresOn: null }),
    ]);
    await expireCredentials(db, new Date());
    const rows = await db.select({ id: credentials.id, status: credentials.status }).from(credentials).where(eq(credentials.userId, u.id));
    const status = new Map(rows.map((r) => [r.id, r.status]));
    expect(status.get(lapsedVerified.id)).toBe("EXPIRED");
    expect(status.get(lapsedPending.id)).toBe("EXPIRED");
    expect(status.get(lastDay.id)).toBe("VERIFIED");
    expect(status.get(rejected.id)).toBe("REJECTED");
    expect(status.get(undated.id)).toBe("VERIFIED");
  });

  it("runs in the real scheduled() handler: expires, and queues today's reminder", async () => {
    const u = await makeUser(db, { isVerified: true });
    const today = chapterToday(new Date());
    const lapsed = await makeCredential(db, u.id, { status: "VERIFIED", expiresOn: addDays(today, -10) });
    await makeCredential(db, u.id, { type: "DBE", number: "43871", status: "VERIFIED", expiresOn: addDays(today, 7) });
    for (let run = 0; run < 2; run++) {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), env, ctx);
      await waitOnExecutionContext(ctx);
    }
    const [row] = await db.select().from(credentials).where(eq(credentials.id, lapsed.id));
    expect(row!.status).toBe("EXPIRED");
    const queued = await db.select().from(emailOutbox).where(and(eq(emailOutbox.userId, u.id), inArray(emailOutbox.kind, [CREDENTIAL_EXPIRY_REMINDER])));
    expect(queued.map((q) => q.subject)).toEqual(["Your DBE certification 43871 expires in 7 days"]);
  });
});
