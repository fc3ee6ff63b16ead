import { loadConfig } from "./config.ts";
import { log } from "./lib/log.ts";

/**
 * The Cron Trigger's work. Each job is independent: one failing does not stop
 * the others, and each logs what it did.
 */
export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  loadConfig(env as unknown as Record<string, unknown>);
  const jobs: Array<[string, () => Promise<unknown>]> = [];
  for (const [name, job] of jobs) {
    try {
      const result = await job();
      log("info", "scheduled job done", { job: name, cron: controller.cron, result });
    } catch (err) {
      log("error", "scheduled job failed", { job: name, cron: controller.cron, error: String(err) });
    }
  }
}
