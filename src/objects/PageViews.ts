import { DurableObject } from "cloudflare:workers";
import { isId } from "../db/ids.ts";

export type PageKind = "project" | "event";

export interface PageViewCount {
  day: string;
  kind: PageKind;
  page: string;
  count: number;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS views (
  day TEXT NOT NULL, kind TEXT NOT NULL, page TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY (day, kind, page)
)`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** How long views wait in memory before they are written: a burst of views costs one write. */
export const PERSIST_AFTER_MS = 5_000;

/**
 * Page views of project and event pages, counted without a database write per view: one
 * object for the chapter ("chapter") adds each view to a count in memory and writes the counts
 * to its own SQLite on an alarm a few seconds later (one write for a burst), and the cron reads
 * the counts per Pacific day and page (snapshot, which writes what is pending first) into
 * system_metrics, then forgets days it no longer needs (forgetBefore). The counts are absolute
 * per day, so a flush that runs twice writes the same numbers. Views still in memory when the
 * object is evicted before its alarm are lost: a few seconds of views, which a page counter
 * can afford.
 */
export class PageViews extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** Views not written yet, by "day|kind|page". */
  private pending = new Map<string, PageViewCount>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
  }

  async record(day: string, kind: PageKind, page: string): Promise<void> {
    if (!DAY.test(day) || (kind !== "project" && kind !== "event") || !isId(page)) return;
    const key = `${day}|${kind}|${page}`;
    const counted = this.pending.get(key);
    if (counted) counted.count += 1;
    else this.pending.set(key, { day, kind, page, count: 1 });
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + PERSIST_AFTER_MS);
  }

  override async alarm(): Promise<void> {
    this.persist();
  }

  /** Writes the pending counts in one transaction. */
  private persist(): void {
    if (this.pending.size === 0) return;
    const counts = [...this.pending.values()];
    this.pending = new Map();
    this.ctx.storage.transactionSync(() => {
      for (const c of counts) {
        this.sql.exec(
          "INSERT INTO views (day, kind, page, count) VALUES (?, ?, ?, ?) ON CONFLICT (day, kind, page) DO UPDATE SET count = count + excluded.count",
          c.day,
          c.kind,
          c.page,
          c.count,
        );
      }
    });
  }

  async snapshot(): Promise<PageViewCount[]> {
    this.persist();
    return this.sql.exec<{ day: string; kind: PageKind; page: string; count: number }>("SELECT day, kind, page, count FROM views ORDER BY day, kind, page").toArray();
  }

  /** Drops the days before `day`; returns how many rows went. */
  async forgetBefore(day: string): Promise<number> {
    if (!DAY.test(day)) return 0;
    this.persist();
    return this.sql.exec("DELETE FROM views WHERE day < ?", day).rowsWritten;
  }
}

/** The chapter's one page-view counter. */
export function pageViews(env: Env): DurableObjectStub<PageViews> {
  return env.PAGE_VIEWS.get(env.PAGE_VIEWS.idFromName("chapter"));
}
