import { sql } from "drizzle-orm";
import { check, customType, doublePrecision, integer, numeric, text, timestamp } from "drizzle-orm/pg-core";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { newId } from "../ids.ts";

// Column builders shared by the area files; not re-exported from index.ts because
// they are not part of the schema drizzle reads.

export const id = () => text("id").primaryKey().$defaultFn(newId);

/** timestamptz read as a Date: the seed's DateTime. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const createdAt = () => timestamptz("created_at").notNull().defaultNow();

/**
 * Kept current by the set_updated_at() trigger; defaultNow covers the insert. A new table
 * with this column needs its trigger in a custom migration (check-migrations.ts asserts it).
 */
export const updatedAt = () => timestamptz("updated_at").notNull().defaultNow();

/** The seed's Decimal. Read as a string so no cents are lost; src/lib converts to integer cents. */
export const money = (name: string) => numeric(name, { precision: 12, scale: 2 });

/** Maintained by a trigger (see the search migration), never written by the app. */
export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export type LatLng = { lat: number; lng: number };

/** earthdistance's point type (a cube domain); never read by the app, only indexed and compared in SQL. */
const earth = customType<{ data: string }>({ dataType: () => "earth" });

/**
 * Plain columns beside the seed's coordinates jsonb, and the point they make, stored: a radius
 * search then reads `geo` instead of building a point per row (earth_point() is not inlined, and
 * calling it cost ~20 µs a row, most of a radius search's time). The GiST index is on `geo`.
 */
export const geoColumns = () => ({
  latitude: doublePrecision("latitude"),
  longitude: doublePrecision("longitude"),
  geo: earth("geo").generatedAlwaysAs(sql`earth_point("latitude", "longitude")`),
});

export function geoChecks(table: string, t: { latitude: AnyPgColumn; longitude: AnyPgColumn }) {
  return [
    check(`${table}_latitude_check`, sql`${t.latitude} BETWEEN -90 AND 90`),
    check(`${table}_longitude_check`, sql`${t.longitude} BETWEEN -180 AND 180`),
    // Half a point is worse than none: a radius query would silently skip the row.
    check(`${table}_lat_lng_pair_check`, sql`(${t.latitude} IS NULL) = (${t.longitude} IS NULL)`),
  ];
}

/** CHECK that a nullable or not-null numeric column is not negative. */
export const nonNegative = (name: string, column: AnyPgColumn) => check(name, sql`${column} >= 0`);

/** The seed's ProjectFile/EventFile metadata; the bytes live in R2 at file_path. */
export const storedFileColumns = (uploader: () => AnyPgColumn) => ({
  fileName: text("file_name").notNull(),
  filePath: text("file_path").notNull(),
  fileType: text("file_type").notNull(),
  fileSize: integer("file_size").notNull(),
  uploadedAt: timestamptz("uploaded_at").notNull().defaultNow(),
  // Restrict: members are soft-deleted, so a hard delete of an uploader is a mistake to stop.
  uploadedBy: text("uploaded_by").notNull().references(uploader, { onDelete: "restrict" }),
});
