ALTER TABLE "event_registrations" ADD COLUMN "hold_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD COLUMN "waitlist_position" integer;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD COLUMN "payment_id" text;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_event_registrations_event_status" ON "event_registrations" USING btree ("event_id","status","waitlist_position");--> statement-breakpoint
CREATE INDEX "idx_event_registrations_payment" ON "event_registrations" USING btree ("payment_id") WHERE payment_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_hold_check" CHECK ("event_registrations"."hold_expires_at" IS NULL OR "event_registrations"."status" = 'REGISTERED');--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_waitlist_position_check" CHECK ("event_registrations"."waitlist_position" IS NULL OR "event_registrations"."status" = 'WAITLISTED');