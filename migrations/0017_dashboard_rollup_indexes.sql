CREATE INDEX "idx_users_membership_expires" ON "users" USING btree ("membership_expires_at") WHERE member_type = 'REGULAR';--> statement-breakpoint
CREATE INDEX "idx_users_member_since" ON "users" USING btree ("member_since") WHERE member_type = 'REGULAR';--> statement-breakpoint
CREATE INDEX "idx_project_applications_submitted" ON "project_applications" USING btree ("submitted_at");--> statement-breakpoint
CREATE INDEX "idx_event_registrations_registered" ON "event_registrations" USING btree ("registered_at");--> statement-breakpoint
CREATE INDEX "idx_course_enrollments_completed" ON "course_enrollments" USING btree ("completed_at") WHERE completed_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "idx_payments_received" ON "payments" USING btree (coalesce(processed_at, created_at)) WHERE status IN ('COMPLETED', 'REFUNDED');