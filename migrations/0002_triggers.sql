-- Behaviour drizzle-kit cannot express: updated_at stamping, the projects search
-- vector, and keeping the seed's coordinates jsonb in step with latitude/longitude.

-- updated_at: the database stamps it so no code path can forget. A writer that sets
-- updated_at itself (a seed, an import) keeps its value; any other update gets now().
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint

-- Project search document. A trigger, not a generated column: array_to_string is only
-- STABLE, and generated columns need IMMUTABLE expressions. A SQL-standard body binds
-- its functions at creation, so it does not depend on the caller's search_path.
CREATE OR REPLACE FUNCTION project_search_vector(
  title text, keywords text[], skills_required text[], description text, location text, organization text
) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE
RETURN setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig,
         coalesce(array_to_string(keywords, ' '), '') || ' ' || coalesce(array_to_string(skills_required, ' '), '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')
    || setweight(to_tsvector('english'::regconfig, coalesce(location, '') || ' ' || coalesce(organization, '')), 'D');
--> statement-breakpoint
CREATE OR REPLACE FUNCTION projects_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := project_search_vector(
    NEW.title, NEW.keywords, NEW.skills_required, NEW.description, NEW.location, NEW.organization);
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- UPDATE OF: edits that touch none of the searched columns skip the re-parse.
CREATE OR REPLACE TRIGGER projects_set_search_vector
  BEFORE INSERT OR UPDATE OF title, keywords, skills_required, description, location, organization
  ON projects FOR EACH ROW EXECUTE FUNCTION projects_set_search_vector();
--> statement-breakpoint
-- Rows written before this migration (none on a fresh database).
UPDATE projects
   SET search_vector = project_search_vector(title, keywords, skills_required, description, location, organization)
 WHERE search_vector IS NULL;
--> statement-breakpoint

-- latitude/longitude are what the GiST index and radius search read; coordinates jsonb
-- is the seed's shape. Whichever one a write changes, the other follows, so they
-- cannot drift. Bad jsonb (a non-number, a lone lat) fails the write via the cast or
-- the lat/lng CHECKs.
CREATE OR REPLACE FUNCTION sync_coordinates() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP = 'INSERT' AND NEW.latitude IS NULL AND NEW.longitude IS NULL)
     OR (TG_OP = 'UPDATE'
         AND NEW.latitude IS NOT DISTINCT FROM OLD.latitude
         AND NEW.longitude IS NOT DISTINCT FROM OLD.longitude
         AND NEW.coordinates IS DISTINCT FROM OLD.coordinates) THEN
    NEW.latitude := (NEW.coordinates ->> 'lat')::double precision;
    NEW.longitude := (NEW.coordinates ->> 'lng')::double precision;
  ELSIF TG_OP = 'INSERT'
     OR NEW.latitude IS DISTINCT FROM OLD.latitude
     OR NEW.longitude IS DISTINCT FROM OLD.longitude THEN
    NEW.coordinates := CASE
      WHEN NEW.latitude IS NULL AND NEW.longitude IS NULL THEN NULL
      ELSE jsonb_build_object('lat', NEW.latitude, 'lng', NEW.longitude)
    END;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER users_sync_coordinates
  BEFORE INSERT OR UPDATE OF latitude, longitude, coordinates
  ON users FOR EACH ROW EXECUTE FUNCTION sync_coordinates();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER projects_sync_coordinates
  BEFORE INSERT OR UPDATE OF latitude, longitude, coordinates
  ON projects FOR EACH ROW EXECUTE FUNCTION sync_coordinates();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER events_sync_coordinates
  BEFORE INSERT OR UPDATE OF latitude, longitude, coordinates
  ON events FOR EACH ROW EXECUTE FUNCTION sync_coordinates();
--> statement-breakpoint

-- Every table with an updated_at column (scripts/check-migrations.ts asserts none is missed).
CREATE OR REPLACE TRIGGER users_set_updated_at
  BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER roles_set_updated_at
  BEFORE UPDATE ON roles FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER projects_set_updated_at
  BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER events_set_updated_at
  BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER courses_set_updated_at
  BEFORE UPDATE ON courses FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER membership_tiers_set_updated_at
  BEFORE UPDATE ON membership_tiers FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER member_feedback_set_updated_at
  BEFORE UPDATE ON member_feedback FOR EACH ROW EXECUTE FUNCTION set_updated_at();
