import type { CurrentSession, CurrentUser } from "../auth/session.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";

export type AppEnv = {
  Bindings: Env;
  Variables: {
    config: Config;
    /** The request's database client, made on first use and ended after the response. */
    db: () => Db;
    requestId: string;
    secureHeadersNonce?: string;
    /** The signed-in member, or null. Set by loadSession for every request. */
    user: CurrentUser | null;
    session: CurrentSession | null;
    /** Password accepted, second factor still owed: only the 2FA step may use it. */
    pendingTwoFactor: { session: CurrentSession; user: CurrentUser } | null;
    /** The newest urgent announcement this member has not dismissed, read alongside the page (src/features/announcements). */
    banner?: Promise<{ id: string; title: string } | null>;
  };
};
