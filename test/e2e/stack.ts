import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { freePort } from "../../scripts/lib/ports.ts";
import { startWorker, type Worker } from "../../scripts/lib/stack.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * `wrangler dev` on free ports against the test database that `npm test`
 * prepared, with its own Durable Object and R2 state in a temporary folder.
 */
export async function startTestWorker(): Promise<Worker> {
  const databaseUrl = process.env.PORTAL_TEST_DATABASE_URL;
  if (!databaseUrl) throw new Error("Run with `npm test`: PORTAL_TEST_DATABASE_URL is not set.");
  const state = mkdtempSync(path.join(os.tmpdir(), "portal-e2e-state-"));
  const worker = await startWorker({
    port: await freePort(),
    proxyPort: await freePort(),
    databaseUrl,
    appEnv: "test",
    persistTo: state,
  });
  return {
    ...worker,
    stop: async () => {
      await worker.stop();
      rmSync(state, { recursive: true, force: true });
    },
  };
}
