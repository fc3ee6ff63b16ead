// Fills zip_codes (US ZIP centroids) from the `zipcodes` npm package, so a ZIP typed on a
// profile becomes coordinates with no network at run time. Idempotent: a table that already
// has rows is left alone. Run by applyMigrations (scripts/lib/migrate.ts), so dev, tests,
// CI and production all have it.
import { createRequire } from "node:module";
import type pg from "pg";

interface PackageRow {
  zip: string;
  latitude: number;
  longitude: number;
  city: string;
  state: string;
  country: string;
}

export interface ZipRow {
  zip: string;
  city: string;
  state: string;
  latitude: number;
  longitude: number;
}

/** Rows per INSERT: 5 parameters each stays far under Postgres' 65,535. */
const CHUNK = 5000;

/** The package's US five-digit ZIPs with usable coordinates. */
export function packagedZipCodes(): ZipRow[] {
  // Only the US table (the package's index also loads Canada's).
  const { codes } = createRequire(import.meta.url)("zipcodes/lib/codes.js") as { codes: Record<string, PackageRow> };
  const rows: ZipRow[] = [];
  for (const r of Object.values(codes)) {
    if (r.country !== "US" || !/^\d{5}$/.test(r.zip)) continue;
    if (!Number.isFinite(r.latitude) || !Number.isFinite(r.longitude)) continue;
    if (Math.abs(r.latitude) > 90 || Math.abs(r.longitude) > 180) continue;
    rows.push({ zip: r.zip, city: r.city, state: r.state, latitude: r.latitude, longitude: r.longitude });
  }
  return rows;
}

/** Loads the centroids once; returns how many rows were inserted (0 when already loaded). */
export async function loadZipCodes(client: Pick<pg.Client, "query">): Promise<number> {
  const { rows: existing } = await client.query<{ any: boolean }>("SELECT EXISTS (SELECT 1 FROM zip_codes) AS any");
  if (existing[0]?.any) return 0;
  const rows = packagedZipCodes();
  let inserted = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const params: unknown[] = [];
    const tuples = chunk.map((r, i) => {
      params.push(r.zip, r.city, r.state, r.latitude, r.longitude);
      const p = i * 5;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5})`;
    });
    const res = await client.query(
      `INSERT INTO zip_codes (zip, city, state, latitude, longitude) VALUES ${tuples.join(", ")} ON CONFLICT (zip) DO NOTHING`,
      params,
    );
    inserted += res.rowCount ?? 0;
  }
  return inserted;
}
