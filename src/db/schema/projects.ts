import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, unique } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { createdAt, geoChecks, geoColumns, id, money, nonNegative, storedFileColumns, timestamptz, tsvector, updatedAt } from "./columns.ts";
import type { LatLng } from "./columns.ts";

export const projectStatusEnum = pgEnum("project_status", [
  "DRAFT",
  "PUBLISHED",
  "BIDDING_OPEN",
  "BIDDING_CLOSED",
  "AWARDED",
  "COMPLETED",
  "CANCELLED",
]);
export const projectCategoryEnum = pgEnum("project_category", [
  "RESIDENTIAL",
  "COMMERCIAL",
  "INFRASTRUCTURE",
  "RENOVATION",
  "NEW_CONSTRUCTION",
  "MAINTENANCE",
  "SPECIALTY",
]);
export const projectPriorityEnum = pgEnum("project_priority", ["LOW", "MEDIUM", "HIGH", "URGENT"]);
export const projectVisibilityEnum = pgEnum("project_visibility", ["PUBLIC", "MEMBERS_ONLY", "INVITE_ONLY", "PRIVATE"]);
export const applicationStatusEnum = pgEnum("application_status", [
  "PENDING",
  "REVIEWING",
  "APPROVED",
  "REJECTED",
  "WITHDRAWN",
]);

export const projects = pgTable(
  "projects",
  {
    id: id(),
    /** Id in the source system for imported projects (SAM.gov, Caltrans, ...). */
    externalId: text("external_id"),
    source: text("source").notNull().default("MANUAL"),

    title: text("title").notNull(),
    description: text("description").notNull(),
    category: projectCategoryEnum("category").notNull(),
    subcategory: text("subcategory"),
    sector: text("sector").array().notNull().default([]),

    budgetMin: money("budget_min"),
    budgetMax: money("budget_max"),
    estimatedValue: money("estimated_value"),
    fundingSource: text("funding_source"),

    location: text("location"),
    coordinates: jsonb("coordinates").$type<LatLng>(),
    ...geoColumns(),
    /** GeoJSON polygon. */
    serviceArea: jsonb("service_area"),
    address: jsonb("address"),

    startDate: timestamptz("start_date"),
    endDate: timestamptz("end_date"),
    deadlineDate: timestamptz("deadline_date"),
    /** Days. */
    estimatedDuration: integer("estimated_duration"),

    requirements: text("requirements").array().notNull().default([]),
    skillsRequired: text("skills_required").array().notNull().default([]),
    certificationsRequired: jsonb("certifications_required"),
    /** Years. */
    experienceRequired: integer("experience_required").notNull().default(0),
    bondingRequired: boolean("bonding_required").notNull().default(false),
    insuranceRequired: jsonb("insurance_required"),

    status: projectStatusEnum("status").notNull().default("DRAFT"),
    priority: projectPriorityEnum("priority").notNull().default("MEDIUM"),
    visibility: projectVisibilityEnum("visibility").notNull().default("PUBLIC"),
    maxApplications: integer("max_applications"),
    applicationCount: integer("application_count").notNull().default(0),

    contactName: text("contact_name"),
    contactEmail: text("contact_email"),
    contactPhone: text("contact_phone"),
    organization: text("organization"),

    keywords: text("keywords").array().notNull().default([]),
    /** Written by the projects_search_vector trigger only. */
    searchVector: tsvector("search_vector"),

    createdAt: createdAt(),
    updatedAt: updatedAt(),
    publishedAt: timestamptz("published_at"),
    closedAt: timestamptz("closed_at"),
    deletedAt: timestamptz("deleted_at"),

    createdById: text("created_by_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    updatedById: text("updated_by_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("idx_projects_status").on(t.status).where(sql`deleted_at IS NULL`),
    index("idx_projects_category").on(t.category, t.status),
    index("idx_projects_budget").on(t.budgetMin, t.budgetMax),
    // The seed wants WHERE deadline_date > NOW(), but an index predicate must be immutable
    // and now() is not; a plain btree serves "deadline after now" range scans just as well.
    index("idx_projects_deadline").on(t.deadlineDate),
    index("idx_projects_search").using("gin", t.searchVector),
    index("idx_projects_geo").using("gist", t.geo),
    index("idx_projects_created_by").on(t.createdById),
    // Re-importing the same external project must update, not duplicate.
    unique("projects_source_external_id_key").on(t.source, t.externalId),
    check("projects_budget_range_check", sql`${t.budgetMin} <= ${t.budgetMax}`),
    check("projects_dates_check", sql`${t.endDate} >= ${t.startDate}`),
    nonNegative("projects_budget_min_check", t.budgetMin),
    nonNegative("projects_budget_max_check", t.budgetMax),
    nonNegative("projects_estimated_value_check", t.estimatedValue),
    nonNegative("projects_estimated_duration_check", t.estimatedDuration),
    nonNegative("projects_experience_required_check", t.experienceRequired),
    nonNegative("projects_max_applications_check", t.maxApplications),
    nonNegative("projects_application_count_check", t.applicationCount),
    ...geoChecks("projects", t),
  ],
);

export const projectApplications = pgTable(
  "project_applications",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: applicationStatusEnum("status").notNull().default("PENDING"),
    coverLetter: text("cover_letter"),
    proposal: text("proposal"),
    bidAmount: money("bid_amount"),
    /** The applicant's estimate, in days. */
    estimatedDuration: integer("estimated_duration"),
    submittedAt: timestamptz("submitted_at").notNull().defaultNow(),
    reviewedAt: timestamptz("reviewed_at"),
    reviewedBy: text("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    notes: text("notes"),
    withdrawnAt: timestamptz("withdrawn_at"),
  },
  (t) => [
    unique("project_applications_project_id_user_id_key").on(t.projectId, t.userId),
    index("idx_project_applications_user").on(t.userId),
    index("idx_project_applications_project_status").on(t.projectId, t.status),
    // Bids submitted by day (the dashboard's roll-up).
    index("idx_project_applications_submitted").on(t.submittedAt),
    nonNegative("project_applications_bid_amount_check", t.bidAmount),
    check("project_applications_estimated_duration_check", sql`${t.estimatedDuration} IS NULL OR ${t.estimatedDuration} BETWEEN 1 AND 3650`),
  ],
);

/** Files an applicant attaches to a bid (the bytes in R2 at file_path). */
export const applicationFiles = pgTable(
  "application_files",
  {
    id: id(),
    applicationId: text("application_id")
      .notNull()
      .references(() => projectApplications.id, { onDelete: "cascade" }),
    ...storedFileColumns(() => users.id),
  },
  (t) => [index("idx_application_files_application").on(t.applicationId), nonNegative("application_files_file_size_check", t.fileSize)],
);

/** A member's saved ("watched") opportunities. */
export const projectWatches = pgTable(
  "project_watches",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.projectId] }), index("idx_project_watches_project").on(t.projectId)],
);

/** Members invited to an INVITE_ONLY opportunity. */
export const projectInvitations = pgTable(
  "project_invitations",
  {
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    invitedById: text("invited_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index("idx_project_invitations_user").on(t.userId)],
);

export const alertFrequencyEnum = pgEnum("alert_frequency", ["INSTANT", "DAILY", "WEEKLY"]);

/** A member's saved /projects filters; new matches are emailed at the chosen frequency. */
export const savedSearches = pgTable(
  "saved_searches",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The /projects query string (without page), as the list reads it. */
    query: text("query").notNull(),
    frequency: alertFrequencyEnum("frequency").notNull().default("DAILY"),
    /** Projects published up to here were already considered for this search. */
    lastCheckedAt: timestamptz("last_checked_at").notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [index("idx_saved_searches_user").on(t.userId), index("idx_saved_searches_due").on(t.frequency, t.lastCheckedAt)],
);

export const projectFiles = pgTable(
  "project_files",
  {
    id: id(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    ...storedFileColumns(() => users.id),
  },
  (t) => [index("idx_project_files_project").on(t.projectId), nonNegative("project_files_file_size_check", t.fileSize)],
);

export type Project = typeof projects.$inferSelect;
export type NewProject = typeof projects.$inferInsert;
export type ProjectApplication = typeof projectApplications.$inferSelect;
export type ProjectFile = typeof projectFiles.$inferSelect;
export type ApplicationFile = typeof applicationFiles.$inferSelect;
export type SavedSearch = typeof savedSearches.$inferSelect;
export type AlertFrequency = (typeof alertFrequencyEnum.enumValues)[number];
export type ProjectStatus = (typeof projectStatusEnum.enumValues)[number];
export type ProjectCategory = (typeof projectCategoryEnum.enumValues)[number];
export type ProjectPriority = (typeof projectPriorityEnum.enumValues)[number];
export type ProjectVisibility = (typeof projectVisibilityEnum.enumValues)[number];
export type ApplicationStatus = (typeof applicationStatusEnum.enumValues)[number];
