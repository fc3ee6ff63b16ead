import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Integration and unit tests, run inside workerd with the Worker's real bindings
// (R2, Durable Objects). Postgres is the one `npm test` started (scripts/test.ts).
const databaseUrl = process.env.PORTAL_TEST_DATABASE_URL;
const proxy = process.env.PORTAL_TEST_DB_PROXY;
if (!databaseUrl) throw new Error("Run the tests with `npm test`: it starts Postgres and sets PORTAL_TEST_DATABASE_URL.");

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
        },
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    exclude: ["test/e2e/**", "test/node/**", "test/bench/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
