// The dashboard's cron job (src/scheduled.ts): page views from the PageViews object into
// system_metrics, then the roll-up of yesterday (closing it) and today (so far). Every step
// writes absolute values keyed by (metric, day, dimension), so a rerun changes nothing.
import { toPacificDateInput } from "../../lib/time.ts";
import { pageViews } from "../../objects/PageViews.ts";
import { rollUpDays, VIEW_DAYS_KEPT, writeViewCounts, type Executor } from "./rollup.ts";
import { addDays } from "./rules.ts";

export async function flushPageViews(db: Executor, env: Env, now: Date): Promise<number> {
  const stub = pageViews(env);
  const counts = await stub.snapshot();
  const written = await writeViewCounts(db, counts);
  // Only once the counts are in Postgres may the object forget the old days.
  await stub.forgetBefore(addDays(toPacificDateInput(now), -VIEW_DAYS_KEPT));
  return written;
}

export async function runDashboardRollup(db: Executor, env: Env, now: Date): Promise<{ viewRows: number; metricRows: number }> {
  const today = toPacificDateInput(now);
  const viewRows = await flushPageViews(db, env, now);
  const metricRows = await rollUpDays(db, addDays(today, -1), today, now);
  return { viewRows, metricRows };
}
