// The Worker bundle as `wrangler deploy` would upload it: its gzip size against the
// 400 KB budget, and what each package and each area of our own code puts in it
// (esbuild's metafile). A package's gzip share is estimated from its share of the
// raw bytes (gzip works on the whole file), so the per-row figures are "gzip-ish".
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Bench } from "../../scripts/bench.ts";
import { root } from "../../scripts/lib/stack.ts";

const BUDGET_KB = 400;

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** node_modules/<package> (its locales apart), or our own code by area: src/features/events, templates/admin, src (shared). */
export function ownerOf(input: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  // Translations ride along with some packages (zod's error messages in ~50 languages).
  if (pkg) return input.includes("/locales/") ? `${pkg[1]} (locales)` : pkg[1]!;
  const parts = input.split("/");
  if (parts[0] === "src" && parts[1] === "features") return parts.slice(0, 3).join("/");
  if (parts[0] === "templates") return parts.slice(0, 2).join("/");
  if (parts[0] === "src") return "src (shared)";
  return "other";
}

export function bytesByOwner(meta: Metafile): Map<string, number> {
  const byOwner = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      byOwner.set(ownerOf(input), (byOwner.get(ownerOf(input)) ?? 0) + bytesInOutput);
    }
  }
  return new Map([...byOwner].sort((a, b) => b[1] - a[1]));
}

const kb = (bytes: number) => (bytes / 1000).toFixed(1);

const bench: Bench = {
  needs: { database: false, worker: false },
  async run() {
    const out = mkdtempSync(path.join(os.tmpdir(), "portal-bundle-"));
    try {
      execFileSync(
        process.execPath,
        [path.join(root, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", out, "--metafile", path.join(out, "meta.json")],
        {
          cwd: root,
          stdio: ["ignore", "ignore", "inherit"],
          env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
        },
      );
      let raw = 0;
      let gzip = 0;
      for (const f of readdirSync(out).filter((f) => /\.(m?js|wasm)$/.test(f))) {
        const body = readFileSync(path.join(out, f));
        raw += body.length;
        gzip += gzipSync(body, { level: 9 }).length;
      }
      const owners = bytesByOwner(JSON.parse(readFileSync(path.join(out, "meta.json"), "utf8")) as Metafile);
      const counted = [...owners.values()].reduce((a, b) => a + b, 0);
      const ratio = gzip / counted;

      console.log(`\n${"package or area".padEnd(34)} ${"raw KB".padStart(8)} ${"≈gzip KB".padStart(9)} ${"share".padStart(6)}`);
      for (const [owner, bytes] of owners) {
        if (bytes < 1000) continue;
        console.log(`${owner.padEnd(34)} ${kb(bytes).padStart(8)} ${kb(bytes * ratio).padStart(9)} ${`${((100 * bytes) / counted).toFixed(1)}%`.padStart(6)}`);
      }
      const ours = [...owners].filter(([o]) => o.startsWith("src") || o.startsWith("templates")).reduce((a, [, b]) => a + b, 0);
      console.log(`\nour code (src/, templates/): ${kb(ours)} KB raw, ≈${kb(ours * ratio)} KB gzip`);
      console.log(`goal: <= ${BUDGET_KB} KB gzip; headroom ${kb(BUDGET_KB * 1000 - gzip)} KB`);
      console.log(`bundle: raw_kb=${kb(raw)} gzip_kb=${kb(gzip)}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};
export default bench;
