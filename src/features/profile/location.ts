// A ZIP code (or a city and state) → coordinates, from the US ZIP centroids in zip_codes
// (loaded by scripts/lib/zip-codes.ts at migration time). Shared by the profile, the
// directory's distance search and bid matching.
import { and, asc, eq, sql } from "drizzle-orm";
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

/** The centroid of a five-digit US ZIP code; null when the code is not a known ZIP. */
export async function zipCentroid(db: Reader, zip: string): Promise<Centroid | null> {
  if (!/^\d{5}$/.test(zip)) return null;
  const [row] = await db.select(CENTROID).from(zipCodes).where(eq(zipCodes.zip, zip)).limit(1);
  return row ?? null;
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
