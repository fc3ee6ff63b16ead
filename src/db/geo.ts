import { sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

// Radius search over the latitude/longitude columns of users, projects and events.
// Everything goes through earth_point() (migration 0000), the expression the GiST
// indexes are built on: a query spelled differently would not use them.

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

const columnPoint = (latCol: AnyPgColumn, lngCol: AnyPgColumn): SQL => sql`earth_point(${latCol}, ${lngCol})`;

/**
 * Rows within `miles` of (lat, lng). earth_box is the index-friendly square that the
 * GiST index answers; earth_distance then trims its corners to the true circle.
 * Rows without coordinates never match.
 */
export function withinMiles(latCol: AnyPgColumn, lngCol: AnyPgColumn, lat: number, lng: number, miles: number): SQL {
  if (!Number.isFinite(miles) || miles < 0) throw new RangeError(`radius must be a non-negative number: ${miles}`);
  const meters = miles * METERS_PER_MILE;
  const center = pointOf(lat, lng);
  const here = columnPoint(latCol, lngCol);
  return sql`(earth_box(${center}, ${meters}::double precision) @> ${here} AND earth_distance(${center}, ${here}) <= ${meters}::double precision)`;
}

/** Great-circle distance in miles from (lat, lng); null for rows without coordinates. */
export function distanceMiles(latCol: AnyPgColumn, lngCol: AnyPgColumn, lat: number, lng: number): SQL<number | null> {
  return sql<number | null>`(earth_distance(${pointOf(lat, lng)}, ${columnPoint(latCol, lngCol)}) / ${METERS_PER_MILE}::double precision)`.mapWith(
    Number,
  );
}
