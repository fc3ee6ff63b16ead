// A ZIP code (or a city and state) → coordinates, from the US ZIP centroids in zip_codes
// (loaded by scripts/lib/zip-codes.ts at migration time). Shared by the profile, the
// directory's distance search and bid matching.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { zipCodes } from "../../db/schema/directory.ts";

type Reader = Pick<Db, "select">;

export interface Centroid {
  zip: string;
  city: string;
  state: string;
  latitude: number;
  longitude: number;
}

const CENTROID = { zip: zipCodes.zip, city: zipCodes.city, state: zipCodes.state, latitude: zipCodes.latitude, longitude: zipCodes.longitude };

/** Centroids never change: kept per isolate (known ZIPs only), so a search typed letter by letter looks its ZIP up once. */
const cache = new Map<string, Centroid>();
const CACHE_SIZE = 2000;
function remember(row: Centroid): void {
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(row.zip, row);
}

/** The centroid of a US ZIP code (a ZIP+4 is read by its first five); null when the code is not a known ZIP. */
export async function zipCentroid(db: Reader, zip: string): Promise<Centroid | null> {
  const five = zip.trim().slice(0, 5);
  if (!/^\d{5}$/.test(five)) return null;
  const hit = cache.get(five);
  if (hit) return hit;
  const [row] = await db.select(CENTROID).from(zipCodes).where(eq(zipCodes.zip, five)).limit(1);
  if (row) remember(row);
  return row ?? null;
}

/** zipCentroid for many codes in one read: known ZIPs (first five digits) → centroid. */
export async function zipCentroids(db: Reader, zips: readonly string[]): Promise<Map<string, Centroid>> {
  const five = [...new Set(zips.map((z) => z.trim().slice(0, 5)).filter((z) => /^\d{5}$/.test(z)))];
  if (five.length === 0) return new Map();
  const rows = await db.select(CENTROID).from(zipCodes).where(inArray(zipCodes.zip, five));
  return new Map(rows.map((r) => [r.zip, r]));
}

/**
 * A city's ZIP (the lowest-numbered one, so the answer is stable) when no ZIP is given;
 * null when no ZIP has that city and state.
 */
export async function cityCentroid(db: Reader, city: string, state: string): Promise<Centroid | null> {
  const [row] = await db
    .select(CENTROID)
    .from(zipCodes)
    .where(and(sql`lower(${zipCodes.city}) = ${city.trim().toLowerCase()}`, eq(zipCodes.state, state)))
    .orderBy(asc(zipCodes.zip))
    .limit(1);
  return row ?? null;
}
