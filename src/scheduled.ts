import { loadConfig } from "./config.ts";
import { createDb } from "./db/client.ts";
import { cancelAbandonedEventPayments } from "./features/events/sweeps.ts";
import { runCredentialJobs } from "./features/credentials/reminders.ts";
import { queueDueAnnouncementEmails } from "./features/announcements/publish.ts";
import { sendMessageDigests } from "./features/messaging/digest.ts";
import { pushAnnouncementToLiveRooms } from "./features/messaging/live-rooms.ts";
import { deliverDueEmails } from "./features/outbox/outbox.ts";
import { sendBidAlerts } from "./features/projects/alerts.ts";
import { lapseMemberships, sendDuesReminders } from "./features/payments/dues-sweeps.ts";
import { log } from "./lib/log.ts";
import { runDashboardRollup } from "./features/admin-dashboard/cron.ts";
import { deleteStalePreviews } from "./features/admin-members-bulk/import-previews.ts";

/**
 * The Cron Trigger's work. Each job is independent: one failing does not stop
 * the others, and each logs what it did.
 */
export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const config = loadConfig(env as unknown as Record<string, unknown>);
  const { db, pool } = createDb(config);
  const jobs: Array<[string, () => Promise<unknown>]> = [
    ["outbox", () => deliverDueEmails(db, config, undefined, 100)],
    ["abandoned event payments", () => cancelAbandonedEventPayments(db)],
    ["credential expiry and reminders", () => runCredentialJobs(db, config, new Date())],
    // The run's scheduled instant, so a retried run derives the same outbox ids.
    ["bid alerts", () => sendBidAlerts(db, config, new Date(controller.scheduledTime))],
    ["membership lapses", () => lapseMemberships(db, { now: new Date(), graceDays: config.DUES_GRACE_DAYS, publicUrl: config.PUBLIC_URL })],
    ["dues reminders", () => sendDuesReminders(db, { now: new Date(), publicUrl: config.PUBLIC_URL })],
    ["unread message digests", () => sendMessageDigests(db, config)],
    ["scheduled announcements (emails, urgent banners pushed live)", async () => {
      const published = await queueDueAnnouncementEmails(db, config);
      if (published.urgent > 0) await pushAnnouncementToLiveRooms(env, db);
      return published;
    }],
    ["dashboard roll-up and page views", () => runDashboardRollup(db, env, new Date(controller.scheduledTime))],
    ["member import previews older than a day", () => deleteStalePreviews(env.FILES, new Date(controller.scheduledTime))],
  ];
  try {
    for (const [name, job] of jobs) {
      try {
        const result = await job();
        log("info", "scheduled job done", { job: name, cron: controller.cron, result });
      } catch (err) {
        log("error", "scheduled job failed", { job: name, cron: controller.cron, error: String(err) });
      }
    }
  } finally {
    await pool.end().catch(() => {});
  }
}
