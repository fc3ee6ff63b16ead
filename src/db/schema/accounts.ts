import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAt, geoChecks, geoColumns, id, money, nonNegative, timestamptz, updatedAt } from "./columns.ts";
import type { LatLng } from "./columns.ts";

// 'admin' is lower-case in the seed; kept verbatim so seed data and the enum agree.
export const memberTypeEnum = pgEnum("member_type", ["REGULAR", "admin"]);
export const skillLevelEnum = pgEnum("skill_level", ["BEGINNER", "INTERMEDIATE", "ADVANCED", "EXPERT"]);
/** Who sees a member: HIDDEN (nobody but admins), MEMBERS (the member directory), PUBLIC (also "Find a contractor"). */
export const directoryVisibilityEnum = pgEnum("directory_visibility", ["HIDDEN", "MEMBERS", "PUBLIC"]);

/**
 * The seed's channels (email, sms, push) plus one switch per kind of non-essential email.
 * A kind absent from the stored JSON is on (rows written before the kinds existed).
 */
export type NotificationPreferences = {
  email: boolean;
  sms: boolean;
  push: boolean;
  eventReminders?: boolean;
  credentialExpiry?: boolean;
  bidAlerts?: boolean;
  messageDigests?: boolean;
  announcements?: boolean;
};

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull().unique(),
    password: text("password").notNull(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    company: text("company"),
    title: text("title"),
    phone: text("phone"),

    address: jsonb("address"),
    city: text("city"),
    state: text("state"),
    zipCode: text("zip_code"),
    coordinates: jsonb("coordinates").$type<LatLng>(),
    ...geoColumns(),

    memberType: memberTypeEnum("member_type").notNull().default("REGULAR"),
    memberSince: timestamptz("member_since").notNull().defaultNow(),
    membershipExpiresAt: timestamptz("membership_expires_at"),
    /** The tier the member last paid dues for (no FK: accounts.ts must not import payments.ts). */
    membershipTierId: text("membership_tier_id"),
    /** Dues renew themselves through this Stripe subscription (null: one term at a time). */
    stripeSubscriptionId: text("stripe_subscription_id"),
    stripeCustomerId: text("stripe_customer_id").unique(),
    /** When the last renewal charge failed (cleared by the next paid invoice). */
    duesPaymentFailedAt: timestamptz("dues_payment_failed_at"),
    /** When the lapse after the grace period was recorded (once; cleared by a renewal). */
    membershipLapsedAt: timestamptz("membership_lapsed_at"),
    isActive: boolean("is_active").notNull().default(true),
    isVerified: boolean("is_verified").notNull().default(false),

    profileImage: text("profile_image"),
    bio: text("bio"),
    website: text("website"),
    linkedin: text("linkedin"),
    twitter: text("twitter"),
    skills: text("skills").array().notNull().default([]),
    certifications: jsonb("certifications"),
    languages: text("languages").array().notNull().default(["English"]),
    yearsExperience: integer("years_experience"),
    /** Single-project bonding capacity in dollars. */
    bondingCapacity: money("bonding_capacity"),
    /** How far the member travels for work, from their ZIP's centroid. */
    serviceRadiusMiles: integer("service_radius_miles"),
    directoryVisibility: directoryVisibilityEnum("directory_visibility").notNull().default("MEMBERS"),
    showEmail: boolean("show_email").notNull().default(false),
    showPhone: boolean("show_phone").notNull().default(false),
    /** Bid alerts: newly published opportunities scoring at least this (0–100) are emailed. */
    bidAlertThreshold: integer("bid_alert_threshold").notNull().default(70),

    failedLoginAttempts: integer("failed_login_attempts").notNull().default(0),
    lockedUntil: timestamptz("locked_until"),
    lastFailedLogin: timestamptz("last_failed_login"),
    lastSuccessfulLogin: timestamptz("last_successful_login"),
    twoFactorEnabled: boolean("two_factor_enabled").notNull().default(false),
    /** AES-GCM box (src/auth/secret-box.ts) of the TOTP secret; set at enrolment, before it is confirmed. */
    twoFactorSecret: text("two_factor_secret"),
    /** Last TOTP time step accepted, so a code cannot be replayed within its window. */
    twoFactorLastStep: integer("two_factor_last_step"),
    /**
     * SHA-256 (hex) of the secret in the member's personal calendar feed URL (/calendar/<token>.ics).
     * Only the hash is kept, so the URL is shown once when made; a new one replaces it.
     */
    calendarTokenHash: text("calendar_token_hash").unique(),

    notificationPreferences: jsonb("notification_preferences")
      .$type<NotificationPreferences>()
      .default({ email: true, sms: false, push: true }),

    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamptz("deleted_at"),

    createdById: text("created_by_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    updatedById: text("updated_by_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("idx_users_email").on(t.email).where(sql`deleted_at IS NULL`),
    // The app lower-cases emails; this stops "Ana@…" beside "ana@…" from an import or a script.
    uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`),
    index("idx_users_member_type").on(t.memberType).where(sql`is_active = true`),
    index("idx_users_company").on(t.company).where(sql`company IS NOT NULL`),
    index("idx_users_skills").using("gin", t.skills),
    // Trigram indexes for the member directory's fuzzy search (src/db/search.ts uses the same expressions).
    index("idx_users_name_trgm").using("gin", sql`lower(first_name || ' ' || last_name) gin_trgm_ops`),
    index("idx_users_company_trgm").using("gin", t.company.op("gin_trgm_ops")),
    index("idx_users_geo").using("gist", t.geo),
    nonNegative("users_failed_login_attempts_check", t.failedLoginAttempts),
    check("users_years_experience_check", sql`${t.yearsExperience} IS NULL OR ${t.yearsExperience} BETWEEN 0 AND 80`),
    check("users_service_radius_check", sql`${t.serviceRadiusMiles} IS NULL OR ${t.serviceRadiusMiles} BETWEEN 0 AND 500`),
    nonNegative("users_bonding_capacity_check", t.bondingCapacity),
    check("users_bid_alert_threshold_check", sql`${t.bidAlertThreshold} BETWEEN 0 AND 100`),
    // The dashboard's roll-up and the member list's membership filters (renewal due, in grace, lapsed; joined since).
    index("idx_users_membership_expires").on(t.membershipExpiresAt).where(sql`member_type = 'REGULAR'`),
    index("idx_users_member_since").on(t.memberSince).where(sql`member_type = 'REGULAR'`),
    index("idx_users_directory").on(t.directoryVisibility).where(sql`deleted_at IS NULL AND is_active AND is_verified`),
    ...geoChecks("users", t),
  ],
);

export const roles = pgTable("roles", {
  id: id(),
  name: text("name").notNull().unique(),
  description: text("description").notNull(),
  isSystemRole: boolean("is_system_role").notNull().default(false),
  isActive: boolean("is_active").notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const permissions = pgTable("permissions", {
  id: id(),
  name: text("name").notNull().unique(),
  description: text("description").notNull(),
  resource: text("resource").notNull(),
  action: text("action").notNull(),
  conditions: jsonb("conditions"),
  isSystemPermission: boolean("is_system_permission").notNull().default(false),
  createdAt: createdAt(),
});

export const userRoles = pgTable(
  "user_roles",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    roleId: text("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
    assignedAt: timestamptz("assigned_at").notNull().defaultNow(),
    // The seed keeps who-did-it as a bare string; a real FK keeps the audit trail honest.
    assignedBy: text("assigned_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamptz("expires_at"),
    isActive: boolean("is_active").notNull().default(true),
  },
  (t) => [unique("user_roles_user_id_role_id_key").on(t.userId, t.roleId), index("idx_user_roles_role").on(t.roleId)],
);

export const rolePermissions = pgTable(
  "role_permissions",
  {
    id: id(),
    roleId: text("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
    permissionId: text("permission_id")
      .notNull()
      .references(() => permissions.id, { onDelete: "cascade" }),
    grantedAt: timestamptz("granted_at").notNull().defaultNow(),
    grantedBy: text("granted_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    unique("role_permissions_role_id_permission_id_key").on(t.roleId, t.permissionId),
    index("idx_role_permissions_permission").on(t.permissionId),
  ],
);

export const userSkills = pgTable(
  "user_skills",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    skill: text("skill").notNull(),
    level: skillLevelEnum("level").notNull(),
    years: integer("years"),
    verified: boolean("verified").notNull().default(false),
  },
  (t) => [
    unique("user_skills_user_id_skill_key").on(t.userId, t.skill),
    index("idx_user_skills_skill").on(t.skill),
    check("user_skills_years_check", sql`${t.years} IS NULL OR ${t.years} BETWEEN 0 AND 80`),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Role = typeof roles.$inferSelect;
export type Permission = typeof permissions.$inferSelect;
export type UserRole = typeof userRoles.$inferSelect;
export type RolePermission = typeof rolePermissions.$inferSelect;
export type UserSkill = typeof userSkills.$inferSelect;
export type MemberType = (typeof memberTypeEnum.enumValues)[number];
export type SkillLevel = (typeof skillLevelEnum.enumValues)[number];
export type DirectoryVisibility = (typeof directoryVisibilityEnum.enumValues)[number];
