export type Level = "debug" | "info" | "warn" | "error";

const RANK: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };
let minimum: Level = "debug";

/** Lines below this level are dropped (under APP_ENV=test: warn, so a failure is not buried in request lines). */
export function setLogLevel(level: Level): void {
  minimum = level;
}

/** Structured JSON log line: one object per line, read by Workers Logs. */
export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (RANK[level] < RANK[minimum]) return;
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
