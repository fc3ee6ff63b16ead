import { defineConfig } from "vitest/config";

// Tests that run in Node: the browser walk (Chromium against `wrangler dev`) and
// checks of the tooling itself (migrations, drizzle-kit).
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts", "test/node/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
