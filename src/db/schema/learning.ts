import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, jsonb, pgEnum, pgTable, text, unique } from "drizzle-orm/pg-core";
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
    // Completions by day (the dashboard's roll-up).
    index("idx_course_enrollments_completed").on(t.completedAt).where(sql`completed_at IS NOT NULL`),
    check("course_enrollments_progress_check", sql`${t.progress} BETWEEN 0 AND 100`),
  ],
);

/** Beyond the seed: which modules an enrolment has finished; progress is computed from these. */
export const courseModuleCompletions = pgTable(
  "course_module_completions",
  {
    id: id(),
    enrollmentId: text("enrollment_id").notNull(),
    moduleId: text("module_id")
      .notNull()
      .references(() => courseModules.id, { onDelete: "cascade" }),
    completedAt: timestamptz("completed_at").notNull().defaultNow(),
  },
  (t) => [
    unique("course_module_completions_enrollment_module_key").on(t.enrollmentId, t.moduleId),
    // Named by hand: the generated name is 64 characters, one more than Postgres keeps.
    foreignKey({ name: "course_module_completions_enrollment_id_fk", columns: [t.enrollmentId], foreignColumns: [courseEnrollments.id] }).onDelete("cascade"),
  ],
);

/** Beyond the seed: every quiz attempt is kept, with its answers and score. */
export const quizAttempts = pgTable(
  "quiz_attempts",
  {
    id: id(),
    enrollmentId: text("enrollment_id")
      .notNull()
      .references(() => courseEnrollments.id, { onDelete: "cascade" }),
    moduleId: text("module_id")
      .notNull()
      .references(() => courseModules.id, { onDelete: "cascade" }),
    /** Question index → chosen option index. */
    answers: jsonb("answers").notNull(),
    /** Percent correct. */
    score: integer("score").notNull(),
    passed: boolean("passed").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("idx_quiz_attempts_enrollment").on(t.enrollmentId, t.moduleId, t.createdAt),
    check("quiz_attempts_score_check", sql`${t.score} BETWEEN 0 AND 100`),
  ],
);

/**
 * Beyond the seed: a certificate of completion. The signed credential (a VC-JWT) is stored
 * as issued; revocation is a row change, so the public page can say "revoked".
 */
export const certificates = pgTable(
  "certificates",
  {
    id: id(),
    enrollmentId: text("enrollment_id")
      .notNull()
      .unique()
      .references(() => courseEnrollments.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id, { onDelete: "cascade" }),
    /** Name, course title and hours as they were when issued (the credential says the same). */
    recipientName: text("recipient_name").notNull(),
    courseTitle: text("course_title").notNull(),
    hours: money("hours").notNull(),
    credential: text("credential").notNull(),
    issuedAt: timestamptz("issued_at").notNull().defaultNow(),
    revokedAt: timestamptz("revoked_at"),
    revokedReason: text("revoked_reason"),
    revokedById: text("revoked_by_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("idx_certificates_user").on(t.userId), index("idx_certificates_course").on(t.courseId)],
);

export type Course = typeof courses.$inferSelect;
export type NewCourse = typeof courses.$inferInsert;
export type CourseModule = typeof courseModules.$inferSelect;
export type CourseEnrollment = typeof courseEnrollments.$inferSelect;
export type CourseModuleCompletion = typeof courseModuleCompletions.$inferSelect;
export type QuizAttempt = typeof quizAttempts.$inferSelect;
export type Certificate = typeof certificates.$inferSelect;
export type CourseStatus = (typeof courseStatusEnum.enumValues)[number];
export type CourseEnrollmentStatus = (typeof courseEnrollmentStatusEnum.enumValues)[number];
export type CourseDifficulty = (typeof courseDifficultyEnum.enumValues)[number];
