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
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...safeFields(fields) });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/**
 * drizzle's "Failed query: … \nparams: …" carries the statement's parameters (password
 * hashes, emails, message bodies) in the error's message and so in its stack. Logs keep
 * the query text and drop the parameters, up to the first stack frame or the end.
 */
const SQL_PARAMS = /\nparams: [\s\S]*?(?=\n\s+at |$)/g;

export function withoutSqlParams(text: string): string {
  return text.replace(SQL_PARAMS, "\nparams: [not logged]");
}

function safeFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string") out[key] = withoutSqlParams(value);
    else if (value instanceof Error) out[key] = withoutSqlParams(String(value));
    else out[key] = value;
  }
  return out;
}
