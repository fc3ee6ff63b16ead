import { loadConfig } from "./config.ts";
import { createDb } from "./db/client.ts";
import { cancelAbandonedEventPayments } from "./features/events/sweeps.ts";
import { queueDueAnnouncementEmails } from "./features/announcements/publish.ts";
import { sendMessageDigests } from "./features/messaging/digest.ts";
import { deliverDueEmails } from "./features/outbox/outbox.ts";
import { log } from "./lib/log.ts";

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
    ["unread message digests", () => sendMessageDigests(db, config)],
    ["scheduled announcement emails", () => queueDueAnnouncementEmails(db, config)],
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
