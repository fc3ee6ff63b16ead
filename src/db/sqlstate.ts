/** Postgres' SQLSTATE for a unique violation: a row with that key already exists. */
export const UNIQUE_VIOLATION = "23505";

/**
 * The SQLSTATE of a Postgres error, wherever the driver put it: on the error itself (the
 * WebSocket driver, neon-http's db.batch) or on the `cause` of drizzle's wrapper. Anything
 * that is not a five-character SQLSTATE (a Node socket code, say) is not one.
 */
export function sqlStateOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
