// Secrets and development-only settings: not in wrangler.toml, so `wrangler types`
// cannot see them. Set with `wrangler secret put NAME` in production; the dev and
// test scripts pass them as --var. src/config.ts validates all of them.
interface __BaseEnv_Env {
  DATABASE_URL: string;
  DB_WS_PROXY?: string;
  PASSWORD_PEPPER: string;
  TOTP_ENCRYPTION_KEY: string;
  EMAIL_API_URL?: string;
  EMAIL_API_KEY?: string;
  EMAIL_FROM?: string;
  STRIPE_SECRET_KEY: string;
  STRIPE_WEBHOOK_SECRET: string;
  STRIPE_API_URL?: string;
  DUES_GRACE_DAYS?: string;
  CERTIFICATE_SIGNING_KEY: string;
  CERTIFICATE_PREVIOUS_KEYS?: string;
}
