import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { DEV_CERTIFICATE_SIGNING_KEY_JSON } from "./scripts/lib/dev-certificate-key.ts";

// Integration tests, run inside workerd with the Worker's real bindings
// (R2, Durable Objects). Postgres is the one `npm test` started (scripts/test.ts).
const databaseUrl = process.env.PORTAL_TEST_DATABASE_URL;
const proxy = process.env.PORTAL_TEST_DB_PROXY;
const stripeApi = process.env.PORTAL_TEST_STRIPE_API_URL;
if (!databaseUrl) throw new Error("Run the tests with `npm test`: it starts Postgres and sets PORTAL_TEST_DATABASE_URL.");

const NOT_HERE = ["test/unit/**", "test/e2e/**", "test/node/**", "test/bench/**"];
/**
 * Files whose tests sweep shared tables (the outbox sender, the cron's scheduled()
 * jobs): run beside other files, a sweep takes their rows and theirs take the
 * sweep's. They run in a group of their own, one file at a time.
 */
const SWEEPS = [
  "test/integration/scheduled.test.ts",
  "test/integration/dashboard-links.test.ts",
  "test/integration/admin-outbox.test.ts",
  "test/integration/profile-outbox.test.ts",
  "test/integration/credentials-reminders.test.ts",
  "test/integration/projects-alerts.test.ts",
  "test/integration/payments-dues.test.ts",
  "test/integration/messaging-digest.test.ts",
];

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          APP_ENV: "test",
          PUBLIC_URL: "http://localhost",
          DATABASE_URL: databaseUrl,
          ...(proxy ? { DB_WS_PROXY: proxy } : {}),
          PASSWORD_PEPPER: "test-pepper-0123456789abcdef0123456789abcdef",
          TOTP_ENCRYPTION_KEY: "0f".repeat(32),
          // The Stripe stand-in scripts/test.ts started (same secret as there).
          STRIPE_SECRET_KEY: "sk_test_portal_tests",
          STRIPE_WEBHOOK_SECRET: "whsec_portal_test_0123456789abcdef",
          ...(stripeApi ? { STRIPE_API_URL: stripeApi } : {}),
          // The published development key (never production): certificates signed in tests.
          CERTIFICATE_SIGNING_KEY: DEV_CERTIFICATE_SIGNING_KEY_JSON,
        },
      },
    }),
  ],
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "workers", include: ["test/**/*.test.{ts,tsx}"], exclude: [...NOT_HERE, ...SWEEPS], sequence: { groupOrder: 0 } },
      },
      {
        // A group of its own (never beside another file's tests), one file at a time.
        extends: true,
        test: { name: "workers-sweeps", include: SWEEPS, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
