CREATE TYPE "public"."directory_visibility" AS ENUM('HIDDEN', 'MEMBERS', 'PUBLIC');--> statement-breakpoint
CREATE TYPE "public"."credential_status" AS ENUM('PENDING', 'VERIFIED', 'REJECTED', 'EXPIRED');--> statement-breakpoint
CREATE TYPE "public"."credential_type" AS ENUM('CSLB_LICENSE', 'DBE', 'MBE', 'WBE', 'DVBE', 'SBE', 'SBA_8A', 'GENERAL_LIABILITY', 'WORKERS_COMP', 'BOND', 'OSHA_CARD', 'OTHER');--> statement-breakpoint
CREATE TABLE "credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"type" "credential_type" NOT NULL,
	"issuer" text,
	"number" text,
	"classification" text,
	"issued_on" date,
	"expires_on" date,
	"document_key" text,
	"document_name" text,
	"document_type" text,
	"document_size" integer,
	"status" "credential_status" DEFAULT 'PENDING' NOT NULL,
	"rejection_reason" text,
	"reviewed_at" timestamp with time zone,
	"reviewed_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credentials_dates_check" CHECK ("credentials"."issued_on" IS NULL OR "credentials"."expires_on" IS NULL OR "credentials"."expires_on" >= "credentials"."issued_on"),
	CONSTRAINT "credentials_rejection_check" CHECK ("credentials"."status" <> 'REJECTED' OR "credentials"."rejection_reason" IS NOT NULL),
	CONSTRAINT "credentials_document_size_check" CHECK ("credentials"."document_size" IS NULL OR "credentials"."document_size" BETWEEN 1 AND 10485760)
);
--> statement-breakpoint
CREATE TABLE "zip_codes" (
	"zip" text PRIMARY KEY NOT NULL,
	"city" text NOT NULL,
	"state" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	CONSTRAINT "zip_codes_zip_check" CHECK ("zip_codes"."zip" ~ '^[0-9]{5}$')
);
--> statement-breakpoint
ALTER TABLE "user_skills" ADD COLUMN "years" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "years_experience" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "bonding_capacity" numeric(12, 2);--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "service_radius_miles" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "directory_visibility" "directory_visibility" DEFAULT 'MEMBERS' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "show_email" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "show_phone" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_reviewed_by_id_users_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_credentials_user" ON "credentials" USING btree ("user_id","type");--> statement-breakpoint
CREATE INDEX "idx_credentials_status_expiry" ON "credentials" USING btree ("status","expires_on");--> statement-breakpoint
CREATE INDEX "idx_zip_codes_city" ON "zip_codes" USING btree (lower("city"),"state");--> statement-breakpoint
CREATE INDEX "idx_user_skills_skill" ON "user_skills" USING btree ("skill");--> statement-breakpoint
CREATE INDEX "idx_users_directory" ON "users" USING btree ("directory_visibility") WHERE deleted_at IS NULL AND is_active AND is_verified;--> statement-breakpoint
ALTER TABLE "user_skills" ADD CONSTRAINT "user_skills_years_check" CHECK ("user_skills"."years" IS NULL OR "user_skills"."years" BETWEEN 0 AND 80);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_years_experience_check" CHECK ("users"."years_experience" IS NULL OR "users"."years_experience" BETWEEN 0 AND 80);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_service_radius_check" CHECK ("users"."service_radius_miles" IS NULL OR "users"."service_radius_miles" BETWEEN 0 AND 500);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_bonding_capacity_check" CHECK ("users"."bonding_capacity" >= 0);--> statement-breakpoint
CREATE OR REPLACE TRIGGER credentials_set_updated_at
  BEFORE UPDATE ON credentials FOR EACH ROW EXECUTE FUNCTION set_updated_at();
