CREATE TYPE "public"."directory_visibility" AS ENUM('HIDDEN', 'MEMBERS', 'PUBLIC');--> statement-breakpoint
CREATE TYPE "public"."credential_status" AS ENUM('PENDING', 'VERIFIED', 'REJECTED', 'EXPIRED');--> statement-breakpoint
CREATE TYPE "public"."credential_type" AS ENUM('CSLB_LICENSE', 'DBE', 'MBE', 'WBE', 'DVBE', 'SBE', 'SBA_8A', 'GENERAL_LIABILITY', 'WORKERS_COMP', 'BOND', 'OSHA_CARD', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."alert_frequency" AS ENUM('INSTANT', 'DAILY', 'WEEKLY');--> statement-breakpoint
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
CREATE TABLE "application_files" (
	"id" text PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"file_name" text NOT NULL,
	"file_path" text NOT NULL,
	"file_type" text NOT NULL,
	"file_size" integer NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uploaded_by" text NOT NULL,
	CONSTRAINT "application_files_file_size_check" CHECK ("application_files"."file_size" >= 0)
);
--> statement-breakpoint
CREATE TABLE "project_invitations" (
	"project_id" text NOT NULL,
	"user_id" text NOT NULL,
	"invited_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_invitations_project_id_user_id_pk" PRIMARY KEY("project_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "project_watches" (
	"user_id" text NOT NULL,
	"project_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_watches_user_id_project_id_pk" PRIMARY KEY("user_id","project_id")
);
--> statement-breakpoint
CREATE TABLE "saved_searches" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"frequency" "alert_frequency" DEFAULT 'DAILY' NOT NULL,
	"last_checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_skills" ADD COLUMN "years" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "years_experience" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "bonding_capacity" numeric(12, 2);--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "service_radius_miles" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "directory_visibility" "directory_visibility" DEFAULT 'MEMBERS' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "show_email" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "show_phone" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "bid_alert_threshold" integer DEFAULT 70 NOT NULL;--> statement-breakpoint
ALTER TABLE "project_applications" ADD COLUMN "estimated_duration" integer;--> statement-breakpoint
ALTER TABLE "project_applications" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_reviewed_by_id_users_id_fk" FOREIGN KEY ("reviewed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_files" ADD CONSTRAINT "application_files_application_id_project_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."project_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_files" ADD CONSTRAINT "application_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_invitations" ADD CONSTRAINT "project_invitations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_invitations" ADD CONSTRAINT "project_invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_invitations" ADD CONSTRAINT "project_invitations_invited_by_id_users_id_fk" FOREIGN KEY ("invited_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_watches" ADD CONSTRAINT "project_watches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_watches" ADD CONSTRAINT "project_watches_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_credentials_user" ON "credentials" USING btree ("user_id","type");--> statement-breakpoint
CREATE INDEX "idx_credentials_status_expiry" ON "credentials" USING btree ("status","expires_on");--> statement-breakpoint
CREATE INDEX "idx_zip_codes_city" ON "zip_codes" USING btree (lower("city"),"state");--> statement-breakpoint
CREATE INDEX "idx_application_files_application" ON "application_files" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "idx_project_invitations_user" ON "project_invitations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_project_watches_project" ON "project_watches" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "idx_saved_searches_user" ON "saved_searches" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_saved_searches_due" ON "saved_searches" USING btree ("frequency","last_checked_at");--> statement-breakpoint
CREATE INDEX "idx_user_skills_skill" ON "user_skills" USING btree ("skill");--> statement-breakpoint
CREATE INDEX "idx_users_directory" ON "users" USING btree ("directory_visibility") WHERE deleted_at IS NULL AND is_active AND is_verified;--> statement-breakpoint
CREATE INDEX "idx_project_applications_project_status" ON "project_applications" USING btree ("project_id","status");--> statement-breakpoint
ALTER TABLE "user_skills" ADD CONSTRAINT "user_skills_years_check" CHECK ("user_skills"."years" IS NULL OR "user_skills"."years" BETWEEN 0 AND 80);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_years_experience_check" CHECK ("users"."years_experience" IS NULL OR "users"."years_experience" BETWEEN 0 AND 80);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_service_radius_check" CHECK ("users"."service_radius_miles" IS NULL OR "users"."service_radius_miles" BETWEEN 0 AND 500);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_bonding_capacity_check" CHECK ("users"."bonding_capacity" >= 0);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_bid_alert_threshold_check" CHECK ("users"."bid_alert_threshold" BETWEEN 0 AND 100);--> statement-breakpoint
ALTER TABLE "project_applications" ADD CONSTRAINT "project_applications_estimated_duration_check" CHECK ("project_applications"."estimated_duration" IS NULL OR "project_applications"."estimated_duration" BETWEEN 1 AND 3650);--> statement-breakpoint
CREATE OR REPLACE TRIGGER credentials_set_updated_at
  BEFORE UPDATE ON credentials FOR EACH ROW EXECUTE FUNCTION set_updated_at();
