ALTER TYPE "public"."admin_action_type" ADD VALUE 'ANNOUNCEMENT_CHANGED';--> statement-breakpoint
ALTER TYPE "public"."admin_action_type" ADD VALUE 'CREDENTIAL_REVIEWED';--> statement-breakpoint
ALTER TYPE "public"."admin_action_type" ADD VALUE 'COURSE_CREATED';--> statement-breakpoint
ALTER TYPE "public"."admin_action_type" ADD VALUE 'COURSE_UPDATED';--> statement-breakpoint
ALTER TYPE "public"."admin_action_type" ADD VALUE 'CERTIFICATE_REVOKED';--> statement-breakpoint
ALTER TYPE "public"."admin_action_type" ADD VALUE 'FEEDBACK_UPDATED';--> statement-breakpoint
ALTER TYPE "public"."admin_action_type" ADD VALUE 'MEMBERS_IMPORTED';--> statement-breakpoint
ALTER TYPE "public"."admin_action_type" ADD VALUE 'BULK_ACTION';--> statement-breakpoint
ALTER TYPE "public"."email_token_purpose" ADD VALUE 'INVITE';--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" text PRIMARY KEY NOT NULL,
	"enrollment_id" text NOT NULL,
	"user_id" text NOT NULL,
	"course_id" text NOT NULL,
	"recipient_name" text NOT NULL,
	"course_title" text NOT NULL,
	"hours" numeric(12, 2) NOT NULL,
	"credential" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"revoked_by_id" text,
	CONSTRAINT "certificates_enrollment_id_unique" UNIQUE("enrollment_id")
);
--> statement-breakpoint
CREATE TABLE "course_module_completions" (
	"id" text PRIMARY KEY NOT NULL,
	"enrollment_id" text NOT NULL,
	"module_id" text NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_module_completions_enrollment_module_key" UNIQUE("enrollment_id","module_id")
);
--> statement-breakpoint
CREATE TABLE "quiz_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"enrollment_id" text NOT NULL,
	"module_id" text NOT NULL,
	"answers" jsonb NOT NULL,
	"score" integer NOT NULL,
	"passed" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quiz_attempts_score_check" CHECK ("quiz_attempts"."score" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "feedback_replies" (
	"id" text PRIMARY KEY NOT NULL,
	"feedback_id" text NOT NULL,
	"author_id" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "member_feedback" ADD COLUMN "assigned_to_id" text;--> statement-breakpoint
ALTER TABLE "member_feedback" ADD COLUMN "page_url" text;--> statement-breakpoint
ALTER TABLE "system_metrics" ADD COLUMN "day" date;--> statement-breakpoint
ALTER TABLE "system_metrics" ADD COLUMN "dimension" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_enrollment_id_course_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."course_enrollments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_revoked_by_id_users_id_fk" FOREIGN KEY ("revoked_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_module_completions" ADD CONSTRAINT "course_module_completions_enrollment_id_course_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."course_enrollments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_module_completions" ADD CONSTRAINT "course_module_completions_module_id_course_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."course_modules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_enrollment_id_course_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."course_enrollments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_module_id_course_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."course_modules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_replies" ADD CONSTRAINT "feedback_replies_feedback_id_member_feedback_id_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."member_feedback"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_replies" ADD CONSTRAINT "feedback_replies_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_certificates_user" ON "certificates" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_certificates_course" ON "certificates" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "idx_quiz_attempts_enrollment" ON "quiz_attempts" USING btree ("enrollment_id","module_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_feedback_replies_feedback" ON "feedback_replies" USING btree ("feedback_id","created_at");--> statement-breakpoint
ALTER TABLE "member_feedback" ADD CONSTRAINT "member_feedback_assigned_to_id_users_id_fk" FOREIGN KEY ("assigned_to_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_member_feedback_assigned" ON "member_feedback" USING btree ("assigned_to_id");--> statement-breakpoint
ALTER TABLE "system_metrics" ADD CONSTRAINT "system_metrics_metric_day_dimension_key" UNIQUE("metric","day","dimension");