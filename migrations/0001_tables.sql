CREATE TYPE "public"."member_type" AS ENUM('REGULAR', 'admin');--> statement-breakpoint
CREATE TYPE "public"."skill_level" AS ENUM('BEGINNER', 'INTERMEDIATE', 'ADVANCED', 'EXPERT');--> statement-breakpoint
CREATE TYPE "public"."application_status" AS ENUM('PENDING', 'REVIEWING', 'APPROVED', 'REJECTED', 'WITHDRAWN');--> statement-breakpoint
CREATE TYPE "public"."project_category" AS ENUM('RESIDENTIAL', 'COMMERCIAL', 'INFRASTRUCTURE', 'RENOVATION', 'NEW_CONSTRUCTION', 'MAINTENANCE', 'SPECIALTY');--> statement-breakpoint
CREATE TYPE "public"."project_priority" AS ENUM('LOW', 'MEDIUM', 'HIGH', 'URGENT');--> statement-breakpoint
CREATE TYPE "public"."project_status" AS ENUM('DRAFT', 'PUBLISHED', 'BIDDING_OPEN', 'BIDDING_CLOSED', 'AWARDED', 'COMPLETED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."project_visibility" AS ENUM('PUBLIC', 'MEMBERS_ONLY', 'INVITE_ONLY', 'PRIVATE');--> statement-breakpoint
CREATE TYPE "public"."event_status" AS ENUM('DRAFT', 'PUBLISHED', 'REGISTRATION_OPEN', 'REGISTRATION_CLOSED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."event_type" AS ENUM('NETWORKING', 'TRAINING', 'CONFERENCE', 'WORKSHOP', 'MEETING', 'AWARDS', 'FUNDRAISER');--> statement-breakpoint
CREATE TYPE "public"."registration_status" AS ENUM('REGISTERED', 'WAITLISTED', 'ATTENDED', 'NO_SHOW', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."announcement_audience" AS ENUM('ALL', 'REGULAR', 'ADMIN', 'SPECIFIC_GROUPS');--> statement-breakpoint
CREATE TYPE "public"."message_status" AS ENUM('SENT', 'DELIVERED', 'READ', 'ARCHIVED');--> statement-breakpoint
CREATE TYPE "public"."course_difficulty" AS ENUM('BEGINNER', 'INTERMEDIATE', 'ADVANCED');--> statement-breakpoint
CREATE TYPE "public"."course_enrollment_status" AS ENUM('ENROLLED', 'IN_PROGRESS', 'COMPLETED', 'DROPPED');--> statement-breakpoint
CREATE TYPE "public"."course_status" AS ENUM('DRAFT', 'PUBLISHED', 'ARCHIVED');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'REFUNDED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."payment_type" AS ENUM('MEMBERSHIP', 'EVENT_REGISTRATION', 'SPONSORSHIP', 'DONATION', 'TRAINING');--> statement-breakpoint
CREATE TYPE "public"."admin_action_type" AS ENUM('USER_CREATED', 'USER_UPDATED', 'USER_DELETED', 'PROJECT_CREATED', 'PROJECT_UPDATED', 'PROJECT_DELETED', 'EVENT_CREATED', 'EVENT_UPDATED', 'EVENT_DELETED', 'PAYMENT_PROCESSED', 'MEMBERSHIP_RENEWED', 'SYSTEM_CONFIG_CHANGED');--> statement-breakpoint
CREATE TYPE "public"."feedback_category" AS ENUM('GENERAL', 'FEATURE_REQUEST', 'BUG_REPORT', 'SUPPORT');--> statement-breakpoint
CREATE TYPE "public"."feedback_priority" AS ENUM('LOW', 'MEDIUM', 'HIGH', 'URGENT');--> statement-breakpoint
CREATE TYPE "public"."feedback_status" AS ENUM('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED');--> statement-breakpoint
CREATE TABLE "permissions" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"resource" text NOT NULL,
	"action" text NOT NULL,
	"conditions" jsonb,
	"is_system_permission" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "permissions_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "role_permissions" (
	"id" text PRIMARY KEY NOT NULL,
	"role_id" text NOT NULL,
	"permission_id" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"granted_by" text,
	CONSTRAINT "role_permissions_role_id_permission_id_key" UNIQUE("role_id","permission_id")
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"is_system_role" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roles_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "user_roles" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"role_id" text NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"assigned_by" text,
	"expires_at" timestamp with time zone,
	"is_active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "user_roles_user_id_role_id_key" UNIQUE("user_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "user_skills" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"skill" text NOT NULL,
	"level" "skill_level" NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	CONSTRAINT "user_skills_user_id_skill_key" UNIQUE("user_id","skill")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"company" text,
	"title" text,
	"phone" text,
	"address" jsonb,
	"city" text,
	"state" text,
	"zip_code" text,
	"coordinates" jsonb,
	"latitude" double precision,
	"longitude" double precision,
	"member_type" "member_type" DEFAULT 'REGULAR' NOT NULL,
	"member_since" timestamp with time zone DEFAULT now() NOT NULL,
	"membership_expires_at" timestamp with time zone,
	"is_active" boolean DEFAULT true NOT NULL,
	"is_verified" boolean DEFAULT false NOT NULL,
	"profile_image" text,
	"bio" text,
	"website" text,
	"linkedin" text,
	"twitter" text,
	"skills" text[] DEFAULT '{}' NOT NULL,
	"certifications" jsonb,
	"languages" text[] DEFAULT '{"English"}' NOT NULL,
	"failed_login_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_failed_login" timestamp with time zone,
	"last_successful_login" timestamp with time zone,
	"two_factor_enabled" boolean DEFAULT false NOT NULL,
	"two_factor_secret" text,
	"notification_preferences" jsonb DEFAULT '{"email":true,"sms":false,"push":true}'::jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_by_id" text,
	"updated_by_id" text,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_failed_login_attempts_check" CHECK ("users"."failed_login_attempts" >= 0),
	CONSTRAINT "users_latitude_check" CHECK ("users"."latitude" BETWEEN -90 AND 90),
	CONSTRAINT "users_longitude_check" CHECK ("users"."longitude" BETWEEN -180 AND 180),
	CONSTRAINT "users_lat_lng_pair_check" CHECK (("users"."latitude" IS NULL) = ("users"."longitude" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "project_applications" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"user_id" text NOT NULL,
	"status" "application_status" DEFAULT 'PENDING' NOT NULL,
	"cover_letter" text,
	"proposal" text,
	"bid_amount" numeric(12, 2),
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" text,
	"notes" text,
	CONSTRAINT "project_applications_project_id_user_id_key" UNIQUE("project_id","user_id"),
	CONSTRAINT "project_applications_bid_amount_check" CHECK ("project_applications"."bid_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "project_files" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"file_name" text NOT NULL,
	"file_path" text NOT NULL,
	"file_type" text NOT NULL,
	"file_size" integer NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uploaded_by" text NOT NULL,
	CONSTRAINT "project_files_file_size_check" CHECK ("project_files"."file_size" >= 0)
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" text PRIMARY KEY NOT NULL,
	"external_id" text,
	"source" text DEFAULT 'MANUAL' NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"category" "project_category" NOT NULL,
	"subcategory" text,
	"sector" text[] DEFAULT '{}' NOT NULL,
	"budget_min" numeric(12, 2),
	"budget_max" numeric(12, 2),
	"estimated_value" numeric(12, 2),
	"funding_source" text,
	"location" text,
	"coordinates" jsonb,
	"latitude" double precision,
	"longitude" double precision,
	"service_area" jsonb,
	"address" jsonb,
	"start_date" timestamp with time zone,
	"end_date" timestamp with time zone,
	"deadline_date" timestamp with time zone,
	"estimated_duration" integer,
	"requirements" text[] DEFAULT '{}' NOT NULL,
	"skills_required" text[] DEFAULT '{}' NOT NULL,
	"certifications_required" jsonb,
	"experience_required" integer DEFAULT 0 NOT NULL,
	"bonding_required" boolean DEFAULT false NOT NULL,
	"insurance_required" jsonb,
	"status" "project_status" DEFAULT 'DRAFT' NOT NULL,
	"priority" "project_priority" DEFAULT 'MEDIUM' NOT NULL,
	"visibility" "project_visibility" DEFAULT 'PUBLIC' NOT NULL,
	"max_applications" integer,
	"application_count" integer DEFAULT 0 NOT NULL,
	"contact_name" text,
	"contact_email" text,
	"contact_phone" text,
	"organization" text,
	"keywords" text[] DEFAULT '{}' NOT NULL,
	"search_vector" "tsvector",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"created_by_id" text NOT NULL,
	"updated_by_id" text,
	CONSTRAINT "projects_source_external_id_key" UNIQUE("source","external_id"),
	CONSTRAINT "projects_budget_range_check" CHECK ("projects"."budget_min" <= "projects"."budget_max"),
	CONSTRAINT "projects_dates_check" CHECK ("projects"."end_date" >= "projects"."start_date"),
	CONSTRAINT "projects_budget_min_check" CHECK ("projects"."budget_min" >= 0),
	CONSTRAINT "projects_budget_max_check" CHECK ("projects"."budget_max" >= 0),
	CONSTRAINT "projects_estimated_value_check" CHECK ("projects"."estimated_value" >= 0),
	CONSTRAINT "projects_estimated_duration_check" CHECK ("projects"."estimated_duration" >= 0),
	CONSTRAINT "projects_experience_required_check" CHECK ("projects"."experience_required" >= 0),
	CONSTRAINT "projects_max_applications_check" CHECK ("projects"."max_applications" >= 0),
	CONSTRAINT "projects_application_count_check" CHECK ("projects"."application_count" >= 0),
	CONSTRAINT "projects_latitude_check" CHECK ("projects"."latitude" BETWEEN -90 AND 90),
	CONSTRAINT "projects_longitude_check" CHECK ("projects"."longitude" BETWEEN -180 AND 180),
	CONSTRAINT "projects_lat_lng_pair_check" CHECK (("projects"."latitude" IS NULL) = ("projects"."longitude" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "event_files" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"file_name" text NOT NULL,
	"file_path" text NOT NULL,
	"file_type" text NOT NULL,
	"file_size" integer NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uploaded_by" text NOT NULL,
	CONSTRAINT "event_files_file_size_check" CHECK ("event_files"."file_size" >= 0)
);
--> statement-breakpoint
CREATE TABLE "event_registrations" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"user_id" text NOT NULL,
	"status" "registration_status" DEFAULT 'REGISTERED' NOT NULL,
	"paid" boolean DEFAULT false NOT NULL,
	"paid_at" timestamp with time zone,
	"amount" numeric(12, 2),
	"notes" text,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_registrations_event_id_user_id_key" UNIQUE("event_id","user_id"),
	CONSTRAINT "event_registrations_amount_check" CHECK ("event_registrations"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"type" "event_type" NOT NULL,
	"status" "event_status" DEFAULT 'DRAFT' NOT NULL,
	"start_date" timestamp with time zone NOT NULL,
	"end_date" timestamp with time zone NOT NULL,
	"registration_deadline" timestamp with time zone,
	"max_capacity" integer,
	"current_capacity" integer DEFAULT 0 NOT NULL,
	"location" text,
	"address" jsonb,
	"coordinates" jsonb,
	"latitude" double precision,
	"longitude" double precision,
	"is_virtual" boolean DEFAULT false NOT NULL,
	"virtual_url" text,
	"price" numeric(12, 2) DEFAULT '0' NOT NULL,
	"member_price" numeric(12, 2),
	"early_bird_price" numeric(12, 2),
	"early_bird_deadline" timestamp with time zone,
	"agenda" jsonb,
	"speakers" jsonb,
	"sponsors" jsonb,
	"materials" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"created_by_id" text NOT NULL,
	"updated_by_id" text,
	CONSTRAINT "events_dates_check" CHECK ("events"."end_date" >= "events"."start_date"),
	CONSTRAINT "events_capacity_check" CHECK ("events"."max_capacity" IS NULL OR "events"."current_capacity" <= "events"."max_capacity"),
	CONSTRAINT "events_max_capacity_check" CHECK ("events"."max_capacity" >= 0),
	CONSTRAINT "events_current_capacity_check" CHECK ("events"."current_capacity" >= 0),
	CONSTRAINT "events_price_check" CHECK ("events"."price" >= 0),
	CONSTRAINT "events_member_price_check" CHECK ("events"."member_price" >= 0),
	CONSTRAINT "events_early_bird_price_check" CHECK ("events"."early_bird_price" >= 0),
	CONSTRAINT "events_latitude_check" CHECK ("events"."latitude" BETWEEN -90 AND 90),
	CONSTRAINT "events_longitude_check" CHECK ("events"."longitude" BETWEEN -180 AND 180),
	CONSTRAINT "events_lat_lng_pair_check" CHECK (("events"."latitude" IS NULL) = ("events"."longitude" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "announcements" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"sender_id" text NOT NULL,
	"target_audience" "announcement_audience",
	"target_groups" jsonb,
	"is_urgent" boolean DEFAULT false NOT NULL,
	"expires_at" timestamp with time zone,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text PRIMARY KEY NOT NULL,
	"sender_id" text NOT NULL,
	"receiver_id" text NOT NULL,
	"subject" text,
	"content" text NOT NULL,
	"status" "message_status" DEFAULT 'SENT' NOT NULL,
	"read_at" timestamp with time zone,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "course_enrollments" (
	"id" text PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"user_id" text NOT NULL,
	"status" "course_enrollment_status" DEFAULT 'ENROLLED' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"completed_at" timestamp with time zone,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_enrollments_course_id_user_id_key" UNIQUE("course_id","user_id"),
	CONSTRAINT "course_enrollments_progress_check" CHECK ("course_enrollments"."progress" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "course_modules" (
	"id" text PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"order" integer NOT NULL,
	"duration" integer,
	"content" jsonb,
	CONSTRAINT "course_modules_course_id_order_key" UNIQUE("course_id","order"),
	CONSTRAINT "course_modules_order_check" CHECK ("course_modules"."order" >= 0),
	CONSTRAINT "course_modules_duration_check" CHECK ("course_modules"."duration" >= 0)
);
--> statement-breakpoint
CREATE TABLE "courses" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"status" "course_status" DEFAULT 'DRAFT' NOT NULL,
	"duration" integer,
	"difficulty" "course_difficulty",
	"category" text,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"modules" jsonb,
	"requirements" text[] DEFAULT '{}' NOT NULL,
	"objectives" text[] DEFAULT '{}' NOT NULL,
	"price" numeric(12, 2) DEFAULT '0' NOT NULL,
	"member_price" numeric(12, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "courses_duration_check" CHECK ("courses"."duration" >= 0),
	CONSTRAINT "courses_price_check" CHECK ("courses"."price" >= 0),
	CONSTRAINT "courses_member_price_check" CHECK ("courses"."member_price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "membership_tiers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"price" numeric(12, 2) NOT NULL,
	"duration" integer NOT NULL,
	"benefits" jsonb,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "membership_tiers_name_unique" UNIQUE("name"),
	CONSTRAINT "membership_tiers_price_check" CHECK ("membership_tiers"."price" >= 0),
	CONSTRAINT "membership_tiers_duration_check" CHECK ("membership_tiers"."duration" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"type" "payment_type" NOT NULL,
	"status" "payment_status" DEFAULT 'PENDING' NOT NULL,
	"amount" numeric(12, 2) NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"description" text,
	"reference_id" text,
	"stripe_payment_id" text,
	"stripe_customer_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "payments_amount_check" CHECK ("payments"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "admin_actions" (
	"id" text PRIMARY KEY NOT NULL,
	"action" "admin_action_type" NOT NULL,
	"user_id" text NOT NULL,
	"target_user_id" text,
	"details" text,
	"metadata" jsonb,
	"ip_address" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_feedback" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"category" "feedback_category" NOT NULL,
	"subject" text NOT NULL,
	"message" text NOT NULL,
	"priority" "feedback_priority" DEFAULT 'MEDIUM' NOT NULL,
	"status" "feedback_status" DEFAULT 'OPEN' NOT NULL,
	"response" text,
	"responded_at" timestamp with time zone,
	"responded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "system_metrics" (
	"id" text PRIMARY KEY NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	"metadata" jsonb,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "role_permissions" ADD CONSTRAINT "role_permissions_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_permissions" ADD CONSTRAINT "role_permissions_permission_id_permissions_id_fk" FOREIGN KEY ("permission_id") REFERENCES "public"."permissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_permissions" ADD CONSTRAINT "role_permissions_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_skills" ADD CONSTRAINT "user_skills_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_applications" ADD CONSTRAINT "project_applications_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_applications" ADD CONSTRAINT "project_applications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_applications" ADD CONSTRAINT "project_applications_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_files" ADD CONSTRAINT "project_files_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_files" ADD CONSTRAINT "project_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_files" ADD CONSTRAINT "event_files_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_files" ADD CONSTRAINT "event_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcements" ADD CONSTRAINT "announcements_sender_id_users_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_sender_id_users_id_fk" FOREIGN KEY ("sender_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_receiver_id_users_id_fk" FOREIGN KEY ("receiver_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_enrollments" ADD CONSTRAINT "course_enrollments_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_enrollments" ADD CONSTRAINT "course_enrollments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_modules" ADD CONSTRAINT "course_modules_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_actions" ADD CONSTRAINT "admin_actions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_actions" ADD CONSTRAINT "admin_actions_target_user_id_users_id_fk" FOREIGN KEY ("target_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_feedback" ADD CONSTRAINT "member_feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_feedback" ADD CONSTRAINT "member_feedback_responded_by_users_id_fk" FOREIGN KEY ("responded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_role_permissions_permission" ON "role_permissions" USING btree ("permission_id");--> statement-breakpoint
CREATE INDEX "idx_user_roles_role" ON "user_roles" USING btree ("role_id");--> statement-breakpoint
CREATE INDEX "idx_users_email" ON "users" USING btree ("email") WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "idx_users_member_type" ON "users" USING btree ("member_type") WHERE is_active = true;--> statement-breakpoint
CREATE INDEX "idx_users_company" ON "users" USING btree ("company") WHERE company IS NOT NULL;--> statement-breakpoint
CREATE INDEX "idx_users_skills" ON "users" USING gin ("skills");--> statement-breakpoint
CREATE INDEX "idx_users_name_trgm" ON "users" USING gin (lower(first_name || ' ' || last_name) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "idx_users_company_trgm" ON "users" USING gin ("company" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "idx_users_geo" ON "users" USING gist (earth_point("latitude", "longitude"));--> statement-breakpoint
CREATE INDEX "idx_project_applications_user" ON "project_applications" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_project_files_project" ON "project_files" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "idx_projects_status" ON "projects" USING btree ("status") WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "idx_projects_category" ON "projects" USING btree ("category","status");--> statement-breakpoint
CREATE INDEX "idx_projects_budget" ON "projects" USING btree ("budget_min","budget_max");--> statement-breakpoint
CREATE INDEX "idx_projects_deadline" ON "projects" USING btree ("deadline_date");--> statement-breakpoint
CREATE INDEX "idx_projects_search" ON "projects" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "idx_projects_geo" ON "projects" USING gist (earth_point("latitude", "longitude"));--> statement-breakpoint
CREATE INDEX "idx_projects_created_by" ON "projects" USING btree ("created_by_id");--> statement-breakpoint
CREATE INDEX "idx_event_files_event" ON "event_files" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "idx_event_registrations_user" ON "event_registrations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_events_status" ON "events" USING btree ("status") WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX "idx_events_date" ON "events" USING btree ("start_date","end_date");--> statement-breakpoint
CREATE INDEX "idx_events_type" ON "events" USING btree ("type","status");--> statement-breakpoint
CREATE INDEX "idx_events_geo" ON "events" USING gist (earth_point("latitude", "longitude"));--> statement-breakpoint
CREATE INDEX "idx_events_created_by" ON "events" USING btree ("created_by_id");--> statement-breakpoint
CREATE INDEX "idx_announcements_sent_at" ON "announcements" USING btree ("sent_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_announcements_sender" ON "announcements" USING btree ("sender_id");--> statement-breakpoint
CREATE INDEX "idx_messages_sender" ON "messages" USING btree ("sender_id","sent_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_messages_receiver" ON "messages" USING btree ("receiver_id","status","sent_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_course_enrollments_user" ON "course_enrollments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_payments_user" ON "payments" USING btree ("user_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_payments_status" ON "payments" USING btree ("status","type");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_stripe_payment_id_key" ON "payments" USING btree ("stripe_payment_id");--> statement-breakpoint
CREATE INDEX "idx_admin_actions_user" ON "admin_actions" USING btree ("user_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_admin_actions_type" ON "admin_actions" USING btree ("action","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_admin_actions_target" ON "admin_actions" USING btree ("target_user_id");--> statement-breakpoint
CREATE INDEX "idx_member_feedback_status" ON "member_feedback" USING btree ("status","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_member_feedback_user" ON "member_feedback" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_system_metrics_metric" ON "system_metrics" USING btree ("metric","recorded_at" DESC NULLS FIRST);