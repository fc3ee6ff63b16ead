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

/**
 * Page views of project and event pages, counted without a database write per view: one
 * object for the chapter ("chapter") adds each view to its own SQLite (a local write, no
 * network), and the cron reads the counts per Pacific day and page (snapshot) into
 * system_metrics, then forgets days it no longer needs (forgetBefore). The counts are absolute
 * per day, so a flush that runs twice writes the same numbers.
 */
export class PageViews extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
  }

  async record(day: string, kind: PageKind, page: string): Promise<void> {
    if (!DAY.test(day) || (kind !== "project" && kind !== "event") || !isId(page)) return;
    this.sql.exec(
      "INSERT INTO views (day, kind, page, count) VALUES (?, ?, ?, 1) ON CONFLICT (day, kind, page) DO UPDATE SET count = count + 1",
      day,
      kind,
      page,
    );
  }

  async snapshot(): Promise<PageViewCount[]> {
    return this.sql.exec<{ day: string; kind: PageKind; page: string; count: number }>("SELECT day, kind, page, count FROM views ORDER BY day, kind, page").toArray();
  }

  /** Drops the days before `day`; returns how many rows went. */
  async forgetBefore(day: string): Promise<number> {
    if (!DAY.test(day)) return 0;
    return this.sql.exec("DELETE FROM views WHERE day < ?", day).rowsWritten;
  }
}

/** The chapter's one page-view counter. */
export function pageViews(env: Env): DurableObjectStub<PageViews> {
  return env.PAGE_VIEWS.get(env.PAGE_VIEWS.idFromName("chapter"));
}
