-- Faster search paths, measured by the search and directory benches:
-- * Radius search reads a stored point (geo) instead of calling earth_point() per row
--   (~20 µs a row: the function is not inlined); the GiST indexes move to it.
-- * The project search vector stays in the row (STORAGE MAIN: compressed if need be, out of
--   line only when the row would not fit a page). Out of line, ranking the ~3,000 matches of a
--   common word fetched each vector from the TOAST table, most of that search's time. Set
--   before the generated column is added: that rewrites the table, storing vectors the new way.
-- * The directory's certification filter answers from a partial index of verified credentials.
ALTER TABLE "projects" ALTER COLUMN "search_vector" SET STORAGE MAIN;--> statement-breakpoint
DROP INDEX "idx_users_geo";--> statement-breakpoint
DROP INDEX "idx_projects_geo";--> statement-breakpoint
DROP INDEX "idx_events_geo";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "geo" "earth" GENERATED ALWAYS AS (earth_point("latitude", "longitude")) STORED;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "geo" "earth" GENERATED ALWAYS AS (earth_point("latitude", "longitude")) STORED;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "geo" "earth" GENERATED ALWAYS AS (earth_point("latitude", "longitude")) STORED;--> statement-breakpoint
CREATE INDEX "idx_credentials_verified" ON "credentials" USING btree ("type","user_id","expires_on","classification") WHERE status = 'VERIFIED';--> statement-breakpoint
CREATE INDEX "idx_users_geo" ON "users" USING gist ("geo");--> statement-breakpoint
CREATE INDEX "idx_projects_geo" ON "projects" USING gist ("geo");--> statement-breakpoint
CREATE INDEX "idx_events_geo" ON "events" USING gist ("geo");