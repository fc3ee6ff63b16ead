ALTER TABLE "course_module_completions" DROP CONSTRAINT "course_module_completions_enrollment_id_course_enrollments_id_fk";
--> statement-breakpoint
ALTER TABLE "course_module_completions" ADD CONSTRAINT "course_module_completions_enrollment_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."course_enrollments"("id") ON DELETE cascade ON UPDATE no action;