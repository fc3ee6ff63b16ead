import * as z from "zod";
import { DEV_CERTIFICATE_KEY_X, previousKeysSchema, signingKeySchema } from "./features/certificates/signing-key.ts";
import { useTestPasswordCost } from "./auth/password.ts";
import { setLogLevel } from "./lib/log.ts";

/**
 * The Worker's settings, read from its env (wrangler vars and secrets).
 * Validated once per isolate; a bad setting fails every request with one
 * message that names it, rather than failing somewhere deep in a feature.
 */
const configSchema = z
  .object({
    APP_ENV: z.enum(["development", "test", "production"]),
    PUBLIC_URL: z.url({ message: "must be the portal's public URL, e.g. https://portal.example.org" }),
    DATABASE_URL: z
      .string({ message: "is required: the Postgres connection string (Neon in production)" })
      .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// connection string"),
    /**
     * host:port of the local database proxy (scripts/lib/db-proxy.ts): Neon's HTTP query
     * endpoint at /sql and the WebSocket bridge at /v1. Development and test only.
     */
    DB_WS_PROXY: z
      .string()
      .regex(/^[\w.-]+:\d+$/, "must be host:port, e.g. localhost:8789")
      .optional(),
    PASSWORD_PEPPER: z.string().min(32, "must be at least 32 characters of random text"),
    TOTP_ENCRYPTION_KEY: z
      .string()
      .regex(/^[0-9a-f]{64}$/i, "must be 64 hex characters (a 256-bit key)"),
    EMAIL_API_URL: z.url().optional(),
    EMAIL_API_KEY: z.string().optional(),
    EMAIL_FROM: z.string().default("Chapter Portal <portal@example.org>"),
    STRIPE_SECRET_KEY: z
      .string({ message: "is required: the Stripe secret key (sk_live_... / sk_test_...; locally the stand-in's)" })
      .regex(/^(sk|rk)_(live|test)_\w+$/, "must be a Stripe secret or restricted key (sk_live_..., sk_test_..., rk_...)"),
    STRIPE_WEBHOOK_SECRET: z
      .string({ message: "is required: the signing secret of the /stripe/webhook endpoint (whsec_...)" })
      .regex(/^whsec_\w+$/, "must be the webhook endpoint's signing secret (whsec_...)"),
    /** The local Stripe stand-in (scripts/lib/stripe-standin.ts), http://host:port. Development and test only. */
    STRIPE_API_URL: z.url().optional(),
    /** The private Ed25519 JWK (JSON) that signs certificates of completion. */
    CERTIFICATE_SIGNING_KEY: signingKeySchema,
    /** Public JWKs (JSON array) of keys retired by a rotation: certificates they signed keep verifying. */
    CERTIFICATE_PREVIOUS_KEYS: previousKeysSchema,
    /** Days a membership stays usable after its expiry while the renewal is sorted out. */
    DUES_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(14),
  })
  .superRefine((c, ctx) => {
    if (c.APP_ENV === "production" && c.DB_WS_PROXY) {
      ctx.addIssue({ code: "custom", path: ["DB_WS_PROXY"], message: "must not be set in production" });
    }
    if (c.APP_ENV === "production" && c.STRIPE_API_URL) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_API_URL"], message: "must not be set in production (it points Stripe calls at the local stand-in)" });
    }
    if (c.APP_ENV === "production" && c.CERTIFICATE_SIGNING_KEY.x === DEV_CERTIFICATE_KEY_X) {
      ctx.addIssue({ code: "custom", path: ["CERTIFICATE_SIGNING_KEY"], message: "is the published development key: make a real one (scripts/certificate-key.ts)" });
    }
    if (c.APP_ENV === "production" && (!c.EMAIL_API_URL || !c.EMAIL_API_KEY)) {
      ctx.addIssue({
        code: "custom",
        path: ["EMAIL_API_URL"],
        message: "and EMAIL_API_KEY are required in production (the email provider's HTTP API)",
      });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

let cached: { source: unknown; config: Config } | undefined;

export function loadConfig(env: Record<string, unknown>): Config {
  if (cached?.source === env) return cached.config;
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const name = first.path.join(".") || "env";
    throw new ConfigError(`Configuration error: ${name} ${first.message}`);
  }
  // Under test: cheap password hashes and a log of warnings and errors only.
  useTestPasswordCost(parsed.data.APP_ENV === "test");
  setLogLevel(parsed.data.APP_ENV === "test" ? "warn" : "debug");
  cached = { source: env, config: parsed.data };
  return parsed.data;
}
