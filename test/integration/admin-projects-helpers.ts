// Shared by the admin-projects-*.test.ts files: a valid opportunity form, the AdminAction
// rows and outbox emails of one project, bids, ZIP centroids and multipart posts.
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { adminActions, emailOutbox, projectApplications, projects, zipCodes } from "../../src/db/schema/index.ts";
import type { NewProject } from "../../src/db/schema/projects.ts";
import { makeProject, makeUser } from "../helpers/db.ts";

export { adminSession, as, postMultipart, sessionWithRoles, type Staff } from "./admin-events-helpers.ts";

/** ZIP centroids the tests use, as the full table has them (loaded by scripts/lib/zip-codes.ts from the zipcodes package). */
export const ZIPS = [
  { zip: "94621", city: "Oakland", state: "CA", latitude: 37.7589, longitude: -122.1853 },
  { zip: "94607", city: "Oakland", state: "CA", latitude: 37.8071, longitude: -122.2851 },
  { zip: "94535", city: "Travis Afb", state: "CA", latitude: 38.2743, longitude: -121.9463 },
  { zip: "94304", city: "Palo Alto", state: "CA", latitude: 37.4334, longitude: -122.1842 },
  { zip: "94544", city: "Hayward", state: "CA", latitude: 37.6374, longitude: -122.067 },
];
export async function seedZips(db: Db) {
  await db.insert(zipCodes).values(ZIPS).onConflictDoNothing();
}

/** Every field of a valid opportunity, as the browser sends the editor. */
export function validProjectForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: "East Oakland Bus Yard Canopy",
    category: "NEW_CONSTRUCTION",
    subcategory: "Solar canopy",
    priority: "HIGH",
    description: "Steel canopy with a PV array.\nThe yard stays open.",
    visibility: "MEMBERS_ONLY",
    maxApplications: "25",
    budgetMin: "$1,200,000",
    budgetMax: "1750000",
    estimatedValue: "1,500,000.50",
    fundingSource: "Measure BB",
    deadlineDate: "2030-02-10T14:00",
    startDate: "2030-04-01",
    endDate: "2030-11-30",
    estimatedDuration: "240",
    location: "Oakland, CA",
    addressStreet: "1100 Seminary Ave",
    addressCity: "Oakland",
    addressState: "ca",
    addressZip: "94621",
    serviceArea: "",
    experienceRequired: "5",
    bondingRequired: "yes",
    "requirements.0.text": "Prevailing wage",
    "requirements.1.text": "",
    "skills.0.skill": "Structural steel",
    "skills.1.skill": "Electrical",
    "certifications.0.type": "CSLB",
    "certifications.0.classification": "C-10",
    "certifications.1.type": "DBE",
    "certifications.1.classification": "",
    "insurance.0.kind": "generalLiability",
    "insurance.0.minimum": "2,000,000",
    "insurance.1.kind": "workersCompensation",
    "insurance.1.minimum": "",
    "keywords.0.word": "solar",
    "sectors.0.name": "Public",
    "sectors.1.name": "transportation",
    organization: "AC Transit",
    contactName: "Renee Hollis",
    contactEmail: "rhollis@actransit.example.org",
    contactPhone: "510-555-0101",
    ...overrides,
  };
}

export function projectAudits(db: Db, projectId: string) {
  return db
    .select()
    .from(adminActions)
    .where(sql`${adminActions.metadata}->>'projectId' = ${projectId}`)
    .orderBy(adminActions.createdAt);
}

export async function projectRow(db: Db, id: string) {
  const [row] = await db.select().from(projects).where(eq(projects.id, id));
  return row!;
}

export function emailsTo(db: Db, userId: string, kind: string) {
  return db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.userId, userId), eq(emailOutbox.kind, kind)));
}

export async function openProject(db: Db, creatorId: string, overrides: Partial<NewProject> = {}) {
  return makeProject(db, creatorId, {
    title: `Admin bids test ${Math.random().toString(36).slice(2, 8)}`,
    status: "BIDDING_OPEN",
    visibility: "PUBLIC",
    deadlineDate: new Date(Date.now() + 10 * 86_400_000),
    ...overrides,
  });
}

/** A verified member's bid on a project. */
export async function bid(
  db: Db,
  projectId: string,
  opts: { firstName?: string; lastName?: string; bidAmount?: string | null; estimatedDuration?: number | null; status?: "PENDING" | "REVIEWING" | "APPROVED" | "REJECTED" | "WITHDRAWN"; yearsExperience?: number | null } = {},
) {
  const user = await makeUser(db, {
    firstName: opts.firstName ?? "Bidder",
    lastName: opts.lastName ?? "Member",
    company: `${opts.firstName ?? "Bidder"} Builders`,
    isVerified: true,
    yearsExperience: opts.yearsExperience ?? null,
  });
  const [app] = await db
    .insert(projectApplications)
    .values({
      projectId,
      userId: user.id,
      status: opts.status ?? "PENDING",
      bidAmount: opts.bidAmount === undefined ? "100000.00" : opts.bidAmount,
      estimatedDuration: opts.estimatedDuration === undefined ? 60 : opts.estimatedDuration,
      coverLetter: "We have built twelve of these.",
      proposal: "Phase 1: steel. Phase 2: panels.",
      withdrawnAt: opts.status === "WITHDRAWN" ? new Date() : null,
    })
    .returning();
  return { user, app: app! };
}
