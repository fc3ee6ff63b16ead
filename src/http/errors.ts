import { DrizzleQueryError } from "drizzle-orm/errors";

/**
 * SQLSTATEs that mean "the database cannot serve you now", not "your query is wrong":
 * connection (08), resources (53), shutdown (57P), and the statement or lock timeout
 * (57014 query_canceled, 55P03 lock_not_available) that stop a slow database hanging everyone.
 */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P|57014$|55P03$)/;
const CONNECTION_MESSAGE = /connect|terminated|websocket|ECONNREFUSED|ECONNRESET|timeout|network|socket|closed/i;

function sqlState(e: unknown): string | undefined {
  // The HTTP driver puts the SQLSTATE on the error itself for db.batch, under `cause` otherwise.
  const code = (e as { code?: unknown } | null)?.code ?? (e as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * True when an error means Postgres is unreachable (proxy or server down,
 * connection refused or dropped). A query that reached Postgres fails with a
 * SQLSTATE; a failed query without one never got there. Errors thrown while
 * connecting (before drizzle wraps anything) are recognised by their message.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DrizzleQueryError) {
    const code = sqlState(err.cause);
    return code ? UNAVAILABLE_SQLSTATE.test(code) : true;
  }
  const code = sqlState(err);
  if (code) return UNAVAILABLE_SQLSTATE.test(code);
  return err instanceof Error && CONNECTION_MESSAGE.test(err.message) && !(err instanceof TypeError);
}
