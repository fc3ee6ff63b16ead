// The Worker bundle as `wrangler deploy` would upload it, and its gzip size.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Bench } from "../../scripts/bench.ts";
import { root } from "../../scripts/lib/stack.ts";

const bench: Bench = {
  needs: { database: false, worker: false },
  async run() {
    const out = mkdtempSync(path.join(os.tmpdir(), "portal-bundle-"));
    try {
      execFileSync(process.execPath, [path.join(root, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", out], {
        cwd: root,
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
      });
      let raw = 0;
      let gzip = 0;
      for (const f of readdirSync(out).filter((f) => /\.(m?js|wasm)$/.test(f))) {
        const body = readFileSync(path.join(out, f));
        raw += statSync(path.join(out, f)).size;
        gzip += gzipSync(body, { level: 9 }).length;
        console.log(`${f}: ${body.length} B raw, ${gzipSync(body, { level: 9 }).length} B gzip`);
      }
      console.log(`goal: <= 400 KB gzip`);
      console.log(`bundle: raw_kb=${(raw / 1024).toFixed(1)} gzip_kb=${(gzip / 1024).toFixed(1)}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};
export default bench;
