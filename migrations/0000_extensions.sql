-- Extensions first: the tables migration builds trigram and earthdistance indexes.
-- All three are in Neon's supported list and in stock contrib (PostGIS is not
-- available locally, so geography uses cube + earthdistance).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS cube;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS earthdistance;
--> statement-breakpoint
-- Indexed point for radius search. Not ll_to_earth() directly: before earthdistance 1.2
-- (PostgreSQL < 18) ll_to_earth's body names cube() unqualified and is re-parsed at run
-- time, so CREATE INDEX / REINDEX / VACUUM / pg_restore, which run with a locked-down
-- search_path on PostgreSQL 17+, fail with "function cube(...) does not exist". A
-- SQL-standard body binds its functions when created, so this works on 15 through 18,
-- and it is still inlined into queries, so the GiST index on it is used.
CREATE OR REPLACE FUNCTION earth_point(lat double precision, lng double precision)
RETURNS earth
LANGUAGE sql
IMMUTABLE STRICT PARALLEL SAFE
RETURN cube(cube(cube(
    earth() * cos(radians(lat)) * cos(radians(lng))),
    earth() * cos(radians(lat)) * sin(radians(lng))),
    earth() * sin(radians(lat)))::earth;
