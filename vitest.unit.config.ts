import { defineConfig } from "vitest/config";

// Pure tests (rules, formats, crypto) in plain Node: no Postgres, no workerd, about a second.
// `npm test` runs them first; `npx vitest run -c vitest.unit.config.ts` runs them alone.
export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.{ts,tsx}"],
    environment: "node",
    testTimeout: 30_000,
    // Pure modules: one worker can load every file (about 4× faster to start than a worker per file).
    isolate: false,
  },
});
