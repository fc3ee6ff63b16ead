import { sql } from "drizzle-orm";
import { check, date, doublePrecision, index, integer, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { createdAt, id, timestamptz, updatedAt } from "./columns.ts";

// The member directory's data beyond the User row: the credentials vault and the US ZIP
// centroids that turn a ZIP into coordinates (loaded by scripts/lib/zip-codes.ts, no network at run time).

export const credentialTypeEnum = pgEnum("credential_type", [
  "CSLB_LICENSE",
  "DBE",
  "MBE",
  "WBE",
  "DVBE",
  "SBE",
  "SBA_8A",
  "GENERAL_LIABILITY",
  "WORKERS_COMP",
  "BOND",
  "OSHA_CARD",
  "OTHER",
]);
/** PENDING → VERIFIED or REJECTED (with a reason); EXPIRED once expires_on has passed. */
export const credentialStatusEnum = pgEnum("credential_status", ["PENDING", "VERIFIED", "REJECTED", "EXPIRED"]);

/** A member's licence, certification, insurance certificate or bond, with its document in R2. */
export const credentials = pgTable(
  "credentials",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: credentialTypeEnum("type").notNull(),
    /** Agency or carrier: "CSLB", "Caltrans", "CA DGS", "The Hartford"… */
    issuer: text("issuer"),
    number: text("number"),
    /** E.g. CSLB licence classes "B", "C-10"; several separated by commas. */
    classification: text("classification"),
    issuedOn: date("issued_on", { mode: "string" }),
    expiresOn: date("expires_on", { mode: "string" }),
    /** Private R2 key of the document; name, type and size as uploaded. */
    documentKey: text("document_key"),
    documentName: text("document_name"),
    documentType: text("document_type"),
    documentSize: integer("document_size"),
    status: credentialStatusEnum("status").notNull().default("PENDING"),
    rejectionReason: text("rejection_reason"),
    reviewedAt: timestamptz("reviewed_at"),
    reviewedById: text("reviewed_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("idx_credentials_user").on(t.userId, t.type),
    // The review queue and the reminder cron: by status, soonest expiry first.
    index("idx_credentials_status_expiry").on(t.status, t.expiresOn),
    // The directory's certification filter reads verified credentials of one type from this
    // index alone (an index-only scan), not every credential row.
    index("idx_credentials_verified").on(t.type, t.userId, t.expiresOn, t.classification).where(sql`status = 'VERIFIED'`),
    check("credentials_dates_check", sql`${t.issuedOn} IS NULL OR ${t.expiresOn} IS NULL OR ${t.expiresOn} >= ${t.issuedOn}`),
    check("credentials_rejection_check", sql`${t.status} <> 'REJECTED' OR ${t.rejectionReason} IS NOT NULL`),
    check("credentials_document_size_check", sql`${t.documentSize} IS NULL OR ${t.documentSize} BETWEEN 1 AND 10485760`),
  ],
);

/** One row per US ZIP code: its centroid, for distance searches from a ZIP. */
export const zipCodes = pgTable(
  "zip_codes",
  {
    zip: text("zip").primaryKey(),
    city: text("city").notNull(),
    state: text("state").notNull(),
    latitude: doublePrecision("latitude").notNull(),
    longitude: doublePrecision("longitude").notNull(),
  },
  (t) => [
    index("idx_zip_codes_city").on(sql`lower(${t.city})`, t.state),
    check("zip_codes_zip_check", sql`${t.zip} ~ '^[0-9]{5}$'`),
  ],
);

export type Credential = typeof credentials.$inferSelect;
export type NewCredential = typeof credentials.$inferInsert;
export type CredentialType = (typeof credentialTypeEnum.enumValues)[number];
export type CredentialStatus = (typeof credentialStatusEnum.enumValues)[number];
export type ZipCode = typeof zipCodes.$inferSelect;
