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
  };
};
