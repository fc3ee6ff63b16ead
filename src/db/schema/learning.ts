import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgEnum, pgTable, text, unique } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { createdAt, id, money, nonNegative, timestamptz, updatedAt } from "./columns.ts";

export const courseStatusEnum = pgEnum("course_status", ["DRAFT", "PUBLISHED", "ARCHIVED"]);
export const courseEnrollmentStatusEnum = pgEnum("course_enrollment_status", [
  "ENROLLED",
  "IN_PROGRESS",
  "COMPLETED",
  "DROPPED",
]);
export const courseDifficultyEnum = pgEnum("course_difficulty", ["BEGINNER", "INTERMEDIATE", "ADVANCED"]);

export const courses = pgTable(
  "courses",
  {
    id: id(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    status: courseStatusEnum("status").notNull().default("DRAFT"),

    /** Minutes. */
    duration: integer("duration"),
    difficulty: courseDifficultyEnum("difficulty"),
    category: text("category"),
    tags: text("tags").array().notNull().default([]),

    /** The seed's denormalised outline; course_modules is the source of truth. */
    modules: jsonb("modules"),
    requirements: text("requirements").array().notNull().default([]),
    objectives: text("objectives").array().notNull().default([]),

    price: money("price").notNull().default("0"),
    memberPrice: money("member_price"),

    createdAt: createdAt(),
    updatedAt: updatedAt(),
    publishedAt: timestamptz("published_at"),
  },
  (t) => [
    nonNegative("courses_duration_check", t.duration),
    nonNegative("courses_price_check", t.price),
    nonNegative("courses_member_price_check", t.memberPrice),
  ],
);

export const courseModules = pgTable(
  "course_modules",
  {
    id: id(),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description"),
    order: integer("order").notNull(),
    /** Minutes. */
    duration: integer("duration"),
    content: jsonb("content"),
  },
  (t) => [
    unique("course_modules_course_id_order_key").on(t.courseId, t.order),
    nonNegative("course_modules_order_check", t.order),
    nonNegative("course_modules_duration_check", t.duration),
  ],
);

export const courseEnrollments = pgTable(
  "course_enrollments",
  {
    id: id(),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: courseEnrollmentStatusEnum("status").notNull().default("ENROLLED"),
    /** Percent complete. */
    progress: integer("progress").notNull().default(0),
    completedAt: timestamptz("completed_at"),
    enrolledAt: timestamptz("enrolled_at").notNull().defaultNow(),
  },
  (t) => [
    unique("course_enrollments_course_id_user_id_key").on(t.courseId, t.userId),
    index("idx_course_enrollments_user").on(t.userId),
    check("course_enrollments_progress_check", sql`${t.progress} BETWEEN 0 AND 100`),
  ],
);

export type Course = typeof courses.$inferSelect;
export type NewCourse = typeof courses.$inferInsert;
export type CourseModule = typeof courseModules.$inferSelect;
export type CourseEnrollment = typeof courseEnrollments.$inferSelect;
export type CourseStatus = (typeof courseStatusEnum.enumValues)[number];
export type CourseEnrollmentStatus = (typeof courseEnrollmentStatusEnum.enumValues)[number];
export type CourseDifficulty = (typeof courseDifficultyEnum.enumValues)[number];
