import { sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

// Radius search over users, projects and events: their stored `geo` point (earth_point() of
// latitude/longitude, a generated column, see schema/columns.ts) carries the GiST index; the
// centre is built once per query with the same earth_point().

export const METERS_PER_MILE = 1609.344;

function assertPoint(lat: number, lng: number): void {
  // Postgres accepts 'NaN'::float8, so a bad number would quietly match nothing.
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw new RangeError(`latitude out of range: ${lat}`);
  if (!Number.isFinite(lng) || lng < -180 || lng > 180) throw new RangeError(`longitude out of range: ${lng}`);
}

function pointOf(lat: number, lng: number): SQL {
  assertPoint(lat, lng);
  return sql`earth_point(${lat}::double precision, ${lng}::double precision)`;
}

/**
 * Rows within `miles` of (lat, lng). earth_box is the index-friendly square that the
 * GiST index answers; earth_distance then trims its corners to the true circle.
 * Rows without coordinates never match.
 */
export function withinMiles(geo: AnyPgColumn, lat: number, lng: number, miles: number): SQL {
  if (!Number.isFinite(miles) || miles < 0) throw new RangeError(`radius must be a non-negative number: ${miles}`);
  const meters = miles * METERS_PER_MILE;
  const center = pointOf(lat, lng);
  return sql`(earth_box(${center}, ${meters}::double precision) @> ${geo} AND earth_distance(${center}, ${geo}) <= ${meters}::double precision)`;
}

/** Great-circle distance in miles from (lat, lng); null for rows without coordinates. */
export function distanceMiles(geo: AnyPgColumn, lat: number, lng: number): SQL<number | null> {
  return sql<number | null>`(earth_distance(${pointOf(lat, lng)}, ${geo}) / ${METERS_PER_MILE}::double precision)`.mapWith(
    Number,
  );
}
