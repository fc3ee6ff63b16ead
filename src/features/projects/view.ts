// Pure pieces of the member bid pages: the list's filters, the apply form, labels and notices.
import * as z from "zod";
import { credentialTypeEnum } from "../../db/schema/directory.ts";
import { projectCategoryEnum, type ApplicationStatus, type ProjectCategory, type ProjectStatus } from "../../db/schema/projects.ts";
import { choices, plainText } from "../../lib/fields.ts";
import { noticeTable } from "../../lib/notices.ts";

export const CATEGORIES = projectCategoryEnum.enumValues;
export const CATEGORY_LABELS: Record<ProjectCategory, string> = {
  RESIDENTIAL: "Residential",
  COMMERCIAL: "Commercial",
  INFRASTRUCTURE: "Infrastructure",
  RENOVATION: "Renovation",
  NEW_CONSTRUCTION: "New construction",
  MAINTENANCE: "Maintenance",
  SPECIALTY: "Specialty",
};
export const STATUS_LABELS: Record<ProjectStatus, string> = {
  DRAFT: "Draft",
  PUBLISHED: "Announced — bidding opens soon",
  BIDDING_OPEN: "Open for bids",
  BIDDING_CLOSED: "Bidding closed",
  AWARDED: "Awarded",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
};
export const APPLICATION_LABELS: Record<ApplicationStatus, string> = {
  PENDING: "Submitted",
  REVIEWING: "Under review",
  APPROVED: "Approved",
  REJECTED: "Not selected",
  WITHDRAWN: "Withdrawn",
};

// ---------------------------------------------------------------- list filters

export const CLOSING_FILTER = choices({ "": "Any deadline", "7": "Closing within 7 days", "14": "Closing within 14 days", "30": "Closing within 30 days" }, "Choose a deadline window from the list.");
export const BONDING_FILTER = choices({ "": "Bonding or not", yes: "Bonding required", no: "No bonding required" }, "Choose whether bonding is required.");
export const MILES_FILTER = choices({ "": "Any distance", "10": "Within 10 miles", "25": "Within 25 miles", "50": "Within 50 miles", "100": "Within 100 miles", "250": "Within 250 miles" }, "Choose a distance from the list.");
export const SORT_FILTER = choices(
  { "": "Best first (relevance, else deadline)", deadline: "Deadline, soonest first", newest: "Newest first", value: "Value, largest first", distance: "Distance, nearest first", match: "Match score, best first" },
  "Choose a sort order from the list.",
);
export const SHOW_FILTER = choices({ "": "Open and announced", all: "All, including closed and awarded" }, "Choose which opportunities to show.");
/** Certifications the seed's requirement lists name ("CSLB" for a licence). */
export const CERT_TYPES = ["CSLB", ...credentialTypeEnum.enumValues.filter((t) => ["DBE", "MBE", "WBE", "DVBE", "SBE", "SBA_8A"].includes(t))] as const;
export const CERT_FILTER = choices(
  { "": "Any certifications", CSLB: "CSLB license", DBE: "DBE", MBE: "MBE", WBE: "WBE", DVBE: "DVBE", SBE: "SBE", SBA_8A: "SBA 8(a)" },
  "Choose a certification from the list.",
);

const WHOLE_DOLLARS = /^\d{1,12}$/;
/** Whole dollars as typed ("250,000", "$5000") → the digits; blank stays blank. */
const dollarFilter = (label: string) =>
  z
    .string()
    .max(20, `${label} must be a whole number of dollars`)
    .transform((v) => v.trim().replace(/^\$\s*/, "").replace(/,/g, ""))
    .refine((v) => v === "" || WHOLE_DOLLARS.test(v), `${label} must be a whole number of dollars, like 250000`)
    .default("");

/** Filters of /projects. Every value is bounded before it reaches SQL. */
export const projectFiltersSchema = z
  .object({
    q: plainText("Search words", 200).default(""),
    category: z.enum(["", ...CATEGORIES], { error: "Choose a category from the list." }).default(""),
    subcategory: plainText("Subcategory", 100).default(""),
    sector: plainText("Sector", 60).default(""),
    min: dollarFilter("Minimum budget"),
    max: dollarFilter("Maximum budget"),
    closing: CLOSING_FILTER.schema.default(""),
    cert: CERT_FILTER.schema.default(""),
    bonding: BONDING_FILTER.schema.default(""),
    zip: z
      .string()
      .trim()
      .regex(/^$|^\d{5}$/, "Enter a 5-digit ZIP code.")
      .default(""),
    miles: MILES_FILTER.schema.default(""),
    sort: SORT_FILTER.schema.default(""),
    show: SHOW_FILTER.schema.default(""),
  })
  .superRefine((f, ctx) => {
    if (f.min !== "" && f.max !== "" && Number(f.min) > Number(f.max)) {
      ctx.addIssue({ code: "custom", path: ["max"], message: "The maximum budget must be at least the minimum." });
    }
  });
export type ProjectFilters = z.infer<typeof projectFiltersSchema>;
export const EMPTY_FILTERS: ProjectFilters = {
  q: "",
  category: "",
  subcategory: "",
  sector: "",
  min: "",
  max: "",
  closing: "",
  cert: "",
  bonding: "",
  zip: "",
  miles: "",
  sort: "",
  show: "",
};

/** The filters as a query string map (blank ones dropped by the pager). */
export function filterQuery(f: ProjectFilters): Record<string, string> {
  return { ...f };
}

export function isFiltered(f: ProjectFilters): boolean {
  return Object.entries(f).some(([k, v]) => k !== "sort" && v !== "");
}

// ---------------------------------------------------------------- apply form

const MAX_BID = /^\d{1,10}(\.\d{1,2})?$/;

export const applySchema = z.object({
  coverLetter: plainText("Cover letter", 5000, { multiline: true }).min(20, "Write a cover letter of at least 20 characters"),
  proposal: plainText("Proposal", 20000, { multiline: true }).default(""),
  bidAmount: z
    .string({ error: "Enter your bid amount" })
    .transform((v) => v.trim().replace(/^\$\s*/, "").replace(/,(?=\d{3}\b)/g, ""))
    .refine((v) => v !== "", "Enter your bid amount in dollars")
    .refine((v) => MAX_BID.test(v), "The bid amount must be dollars, like 125000 or 125000.50")
    .refine((v) => !MAX_BID.test(v) || Number(v) > 0, "The bid amount must be more than zero"),
  estimatedDuration: z
    .string({ error: "Enter the duration in days" })
    .trim()
    .regex(/^\d{1,4}$/, "Enter the duration as a whole number of days")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 3650, "The duration must be between 1 and 3650 days"),
});
export type ApplyInput = z.infer<typeof applySchema>;

/** Up to this many files per bid. */
export const MAX_APPLICATION_FILES = 5;

// ---------------------------------------------------------------- notices

export const projectNotices = noticeTable({
  applied: { tone: "good", text: "Your bid is in. You can follow it under My bids." },
  withdrawn: { tone: "good", text: "Your bid is withdrawn and your place was given back." },
  watched: { tone: "good", text: "Saved to your watched opportunities." },
  unwatched: { tone: "info", text: "Removed from your watched opportunities." },
} satisfies Record<string, { tone: "good" | "info" | "bad"; text: string }>);
