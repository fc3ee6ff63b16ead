import { DrizzleQueryError } from "drizzle-orm/errors";
import { sqlStateOf } from "../db/sqlstate.ts";

/**
 * SQLSTATEs that mean "the database cannot serve you now", not "your query is wrong":
 * connection (08), resources (53), shutdown (57P), and the statement or lock timeout
 * (57014 query_canceled, 55P03 lock_not_available) that stop a slow database hanging everyone.
 */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P|57014$|55P03$)/;
const CONNECTION_MESSAGE = /connect|terminated|websocket|ECONNREFUSED|ECONNRESET|timeout|network|socket|closed/i;

/**
 * True when an error means Postgres is unreachable (proxy or server down,
 * connection refused or dropped). A query that reached Postgres fails with a
 * SQLSTATE; a failed query without one never got there. Errors thrown while
 * connecting (before drizzle wraps anything) are recognised by their message.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DrizzleQueryError) {
    const code = sqlStateOf(err.cause);
    return code ? UNAVAILABLE_SQLSTATE.test(code) : true;
  }
  const code = sqlStateOf(err);
  if (code) return UNAVAILABLE_SQLSTATE.test(code);
  return err instanceof Error && CONNECTION_MESSAGE.test(err.message) && !(err instanceof TypeError);
}
