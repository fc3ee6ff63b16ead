CREATE TABLE "announcement_reads" (
	"announcement_id" text NOT NULL,
	"user_id" text NOT NULL,
	"read_at" timestamp with time zone,
	"dismissed_at" timestamp with time zone,
	CONSTRAINT "announcement_reads_announcement_id_user_id_pk" PRIMARY KEY("announcement_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "announcements" ADD COLUMN "email_copy" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "announcements" ADD COLUMN "emailed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "announcements" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "announcement_reads" ADD CONSTRAINT "announcement_reads_announcement_id_announcements_id_fk" FOREIGN KEY ("announcement_id") REFERENCES "public"."announcements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_reads" ADD CONSTRAINT "announcement_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_announcement_reads_user" ON "announcement_reads" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_announcements_urgent" ON "announcements" USING btree ("sent_at") WHERE is_urgent;--> statement-breakpoint
CREATE INDEX "idx_announcements_unemailed" ON "announcements" USING btree ("sent_at") WHERE emailed_at IS NULL AND email_copy;--> statement-breakpoint
-- hand-written
-- Announcements already published before this migration went out under the old system: never email them again.
UPDATE "announcements" SET "emailed_at" = "sent_at" WHERE "emailed_at" IS NULL AND "sent_at" <= now();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER announcements_set_updated_at
  BEFORE UPDATE ON announcements FOR EACH ROW EXECUTE FUNCTION set_updated_at();
