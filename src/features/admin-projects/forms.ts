// The project editor's form: flat fields plus repeating row groups (requirements, skills,
// certifications, insurance, keywords, sectors) named `skills.0.skill`, validated with zod
// into project columns. Dates are Pacific; dollars become numeric text; coordinates come
// from the ZIP (the route looks it up in zip_codes).
import * as z from "zod";
import { fromPacificDateInput } from "../../lib/time.ts";
import {
  applicationStatusEnum,
  type NewProject,
  type Project,
  projectCategoryEnum,
  projectPriorityEnum,
  projectStatusEnum,
  projectVisibilityEnum,
} from "../../db/schema/projects.ts";
import { choices, pacificDate, pacificDateTime, plainText, requiredText } from "../../lib/fields.ts";
import { pageField } from "../../lib/pagination.ts";
import { toPacificDateInput, toPacificInput } from "../../lib/time.ts";
import { canonical } from "../admin-events/rules.ts";

export const PROJECT_ROW_KINDS = ["requirements", "skills", "certifications", "insurance", "keywords", "sectors"] as const;
export type ProjectRowKind = (typeof PROJECT_ROW_KINDS)[number];
export const PROJECT_ROW_FIELDS: Record<ProjectRowKind, readonly string[]> = {
  requirements: ["text"],
  skills: ["skill"],
  certifications: ["type", "classification"],
  insurance: ["kind", "minimum"],
  keywords: ["word"],
  sectors: ["name"],
};
export const MAX_PROJECT_ROWS = 40;
export type Row = Record<string, string>;
export type ProjectRows = Record<ProjectRowKind, Row[]>;

export interface ProjectFormState {
  values: Record<string, string>;
  rows: ProjectRows;
  errors: Record<string, string>;
}

const ROW_KEY = /^(requirements|skills|certifications|insurance|keywords|sectors)\.(\d{1,3})\.([a-zA-Z]+)$/;

const emptyRows = (): ProjectRows => ({ requirements: [], skills: [], certifications: [], insurance: [], keywords: [], sectors: [] });

/** Row fields of a submitted form, in index order, without rows left entirely blank. */
export function readProjectRows(body: Record<string, string>): ProjectRows {
  const byKind = Object.fromEntries(PROJECT_ROW_KINDS.map((k) => [k, new Map<number, Row>()])) as Record<ProjectRowKind, Map<number, Row>>;
  for (const [key, value] of Object.entries(body)) {
    const m = ROW_KEY.exec(key);
    if (!m) continue;
    const kind = m[1] as ProjectRowKind;
    if (!PROJECT_ROW_FIELDS[kind].includes(m[3]!)) continue;
    const index = Number(m[2]);
    const row = byKind[kind].get(index) ?? {};
    row[m[3]!] = value;
    byKind[kind].set(index, row);
  }
  const rows = emptyRows();
  for (const kind of PROJECT_ROW_KINDS) {
    rows[kind] = [...byKind[kind].entries()]
      .sort(([a], [b]) => a - b)
      .map(([, row]) => Object.fromEntries(PROJECT_ROW_FIELDS[kind].map((f) => [f, row[f] ?? ""])))
      .filter((row) => Object.values(row).some((v) => v.trim() !== ""));
  }
  return rows;
}

// ---------------------------------------------------------------- field schemas

const optional = (label: string, max: number, multiline = false) =>
  z.string().optional().default("").pipe(plainText(label, max, { multiline })).transform((v) => (v === "" ? null : v));
const wholeNumber = (label: string, max: number, message: string) =>
  z
    .string()
    .optional()
    .default("")
    .transform((v) => v.trim().replace(/,(?=\d{3}\b)/g, ""))
    .refine((v) => v === "" || (/^\d{1,7}$/.test(v) && Number(v) <= max), `${label} ${message}`)
    .transform((v) => (v === "" ? null : Number(v)));

/** Credential types a requirement may name; the vault's types plus what agencies ask for. */
export const CERTIFICATION_TYPES = ["CSLB", "DBE", "MBE", "WBE", "DVBE", "SBE", "SBA_8A", "HUBZONE", "OSHA", "OTHER"] as const;
export const CERTIFICATION_LABEL: Record<(typeof CERTIFICATION_TYPES)[number], string> = {
  CSLB: "CSLB contractor's licence",
  DBE: "DBE",
  MBE: "MBE",
  WBE: "WBE",
  DVBE: "DVBE",
  SBE: "Small business (SBE)",
  SBA_8A: "SBA 8(a)",
  HUBZONE: "HUBZone",
  OSHA: "OSHA card",
  OTHER: "Other",
};
export const INSURANCE_KINDS = {
  generalLiability: "General liability",
  autoLiability: "Auto liability",
  workersCompensation: "Workers' compensation",
  umbrella: "Umbrella / excess",
  professionalLiability: "Professional liability",
  pollutionLiability: "Pollution liability",
} as const;
export type InsuranceKind = keyof typeof INSURANCE_KINDS;

const requirementRow = z.object({ text: requiredText("Requirement", 300) });
const skillRow = z.object({ skill: requiredText("Skill", 80) });
const certificationRow = z.object({
  type: z.enum(CERTIFICATION_TYPES, { error: "Choose a certification type" }),
  classification: plainText("Classification", 40).transform((v) => (v === "" ? null : v)),
});
const insuranceRow = z.object({
  kind: z.enum(Object.keys(INSURANCE_KINDS) as [InsuranceKind, ...InsuranceKind[]], { error: "Choose a kind of insurance" }),
  minimum: z
    .string()
    .transform((v) => v.trim().replace(/^\$\s*/, "").replace(/,/g, ""))
    .refine((v) => v === "" || /^\d{1,10}$/.test(v), "Minimum must be whole dollars, e.g. 1,000,000 (blank: statutory)")
    .transform((v) => (v === "" ? null : Number(v))),
});
const keywordRow = z.object({ word: requiredText("Keyword", 60) });
const sectorRow = z.object({ name: requiredText("Sector", 40).transform((v) => v.toLowerCase()) });

const serviceArea = z
  .string()
  .optional()
  .default("")
  .transform((v, ctx) => {
    const text = v.trim();
    if (text === "") return null;
    try {
      const value = JSON.parse(text) as { type?: unknown; coordinates?: unknown };
      if (value && value.type === "Polygon" && Array.isArray(value.coordinates)) return value as Record<string, unknown>;
    } catch {
      // fall through
    }
    ctx.addIssue({ code: "custom", message: 'Service area must be a GeoJSON polygon: {"type":"Polygon","coordinates":[...]}' });
    return z.NEVER;
  });

const AMOUNT = /^\d{1,10}(\.\d{1,2})?$/;

/** Dollars as typed ("$1,250,000.50") → numeric text for Postgres; up to $9,999,999,999.99; blank → null. */
export function parseAmount(text: string): { ok: true; value: string | null } | { ok: false } {
  const v = text.trim().replace(/^\$\s*/, "").replace(/,(?=\d{3}\b)/g, "");
  if (v === "") return { ok: true, value: null };
  if (!AMOUNT.test(v)) return { ok: false };
  const [whole, frac = ""] = v.split(".");
  return { ok: true, value: `${BigInt(whole!)}.${frac.padEnd(2, "0")}` };
}

const amount = (label: string) =>
  z
    .string()
    .optional()
    .default("")
    .transform((v, ctx) => {
      const parsed = parseAmount(v);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: "custom", message: `${label} must be an amount in dollars, e.g. 250000 or 1,250,000.50` });
      return z.NEVER;
    });

const list = <T extends z.ZodType>(schema: T, label: string) => z.array(schema).max(MAX_PROJECT_ROWS, `At most ${MAX_PROJECT_ROWS} ${label}`);

export const projectFormSchema = z
  .object({
    title: requiredText("Title", 200),
    description: requiredText("Description", 20_000, { multiline: true }),
    category: z.enum(projectCategoryEnum.enumValues, { error: "Choose a category" }),
    subcategory: optional("Subcategory", 120),
    budgetMin: amount("Lowest budget"),
    budgetMax: amount("Highest budget"),
    estimatedValue: amount("Estimated value"),
    fundingSource: optional("Funding source", 200),
    location: optional("Location", 200),
    addressStreet: optional("Street", 200),
    addressCity: optional("City", 80),
    addressState: optional("State", 2).refine((v) => v === null || /^[A-Za-z]{2}$/.test(v), "State must be a two-letter code, e.g. CA"),
    addressZip: optional("ZIP code", 10).refine((v) => v === null || /^\d{5}(-\d{4})?$/.test(v), "ZIP code must be 5 digits, or 5+4"),
    serviceArea,
    startDate: z.string().optional().default("").pipe(pacificDate("Start date")),
    endDate: z.string().optional().default("").pipe(pacificDate("End date")),
    deadlineDate: pacificDateTime("Bid deadline"),
    estimatedDuration: wholeNumber("Estimated duration", 3650, "must be a whole number of days up to 3650"),
    experienceRequired: wholeNumber("Experience required", 80, "must be a whole number of years up to 80"),
    bondingRequired: z.string().optional().transform((v) => v === "yes" || v === "on"),
    priority: z.enum(projectPriorityEnum.enumValues, { error: "Choose a priority" }),
    visibility: z.enum(projectVisibilityEnum.enumValues, { error: "Choose who may see it" }),
    maxApplications: wholeNumber("Most bids accepted", 10_000, "must be a whole number (blank for no limit)"),
    contactName: optional("Contact name", 120),
    contactEmail: optional("Contact email", 200).refine((v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), "Contact email must be an email address"),
    contactPhone: optional("Contact phone", 40),
    organization: optional("Organization", 200),
    requirements: list(requirementRow, "requirements"),
    skills: list(skillRow, "skills"),
    certifications: list(certificationRow, "certifications"),
    insurance: list(insuranceRow, "insurance lines"),
    keywords: list(keywordRow, "keywords"),
    sectors: list(sectorRow, "sectors"),
  })
  .superRefine((d, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const num = (v: unknown) => (typeof v === "string" && /^\d+(\.\d+)?$/.test(v) ? Number(v) : null);
    const [min, max] = [num(d.budgetMin), num(d.budgetMax)];
    if (min !== null && max !== null && min > max) issue("budgetMax", "The highest budget must be at least the lowest");
    const ms = (v: unknown) => (v instanceof Date ? v.getTime() : null);
    const [start, end] = [ms(d.startDate), ms(d.endDate)];
    if (start !== null && end !== null && end < start) issue("endDate", "The work must end on or after the day it starts");
    const deadline = ms(d.deadlineDate);
    if (deadline !== null && start !== null && deadline > start + 86_400_000) issue("deadlineDate", "Bids must be due before the work starts");
    const kinds = Array.isArray(d.insurance) ? d.insurance.map((r) => (r as { kind?: string }).kind) : [];
    kinds.forEach((k, i) => {
      if (k && kinds.indexOf(k) !== i) issue(`insurance.${i}.kind`, "This kind of insurance is listed twice");
    });
  });
export type ProjectFormInput = z.infer<typeof projectFormSchema>;

export function projectFormInput(values: Record<string, string>, rows: ProjectRows): Record<string, unknown> {
  return { ...values, ...rows };
}

type Address = { street?: string; city?: string; state?: string; zip?: string; county?: string };
export type CertificationRequirement = { type: string; classification?: string; [k: string]: unknown };

/** The editor's rows of a stored certifications value (seed: `[{type, classification?, goalPercent?}]`). */
export function certificationRows(value: unknown): Row[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((c): c is CertificationRequirement => !!c && typeof c === "object" && typeof (c as { type?: unknown }).type === "string")
    .map((c) => ({ type: c.type, classification: typeof c.classification === "string" ? c.classification : "" }));
}

/** The editor's rows of a stored insurance value (seed: `{generalLiability: {eachOccurrence}, autoLiability: 1000000, ...}`). */
export function insuranceRows(value: unknown): Row[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  const rows: Row[] = [];
  for (const [kind, v] of Object.entries(value as Record<string, unknown>)) {
    if (!(kind in INSURANCE_KINDS) || v === null || v === undefined) continue;
    const amount = typeof v === "number" ? v : v && typeof v === "object" ? (v as { eachOccurrence?: unknown }).eachOccurrence : null;
    rows.push({ kind, minimum: typeof amount === "number" ? String(amount) : "" });
  }
  return rows;
}

const sameRows = (a: Row[], b: Row[]) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/**
 * Validated input as project columns (coordinates are added by the route from the ZIP).
 * `existing` keeps what the editor cannot express: an unchanged certifications or insurance
 * list stays exactly as stored (a seed's goal percentages, aggregates and bonds survive a save).
 */
export function projectColumns(d: ProjectFormInput, rows: ProjectRows, existing?: Project): Omit<NewProject, "createdById" | "latitude" | "longitude" | "coordinates"> {
  const addressParts = { street: d.addressStreet, city: d.addressCity, state: d.addressState?.toUpperCase() ?? null, zip: d.addressZip };
  const hasAddress = Object.values(addressParts).some((v) => v !== null);
  const address: Address | null = hasAddress ? (Object.fromEntries(Object.entries(addressParts).filter(([, v]) => v !== null)) as Address) : null;
  const old = (existing?.address ?? null) as Address | null;
  if (address && old?.county && old.city === address.city) address.county = old.county;

  const certifications =
    existing && sameRows(rows.certifications, certificationRows(existing.certificationsRequired))
      ? existing.certificationsRequired
      : d.certifications.map((c) => (c.classification ? { type: c.type, classification: c.classification } : { type: c.type }));
  const insurance =
    existing && sameRows(rows.insurance, insuranceRows(existing.insuranceRequired))
      ? existing.insuranceRequired
      : d.insurance.length
        ? Object.fromEntries(d.insurance.map((i) => [i.kind, i.minimum ?? "Statutory"]))
        : null;
  return {
    title: d.title,
    description: d.description,
    category: d.category,
    subcategory: d.subcategory,
    sector: d.sectors.map((s) => s.name),
    budgetMin: d.budgetMin,
    budgetMax: d.budgetMax,
    estimatedValue: d.estimatedValue,
    fundingSource: d.fundingSource,
    location: d.location,
    serviceArea: d.serviceArea,
    address,
    startDate: d.startDate,
    endDate: d.endDate,
    deadlineDate: d.deadlineDate,
    estimatedDuration: d.estimatedDuration,
    requirements: d.requirements.map((r) => r.text),
    skillsRequired: d.skills.map((s) => s.skill),
    certificationsRequired: certifications,
    experienceRequired: d.experienceRequired ?? 0,
    bondingRequired: d.bondingRequired,
    insuranceRequired: insurance,
    priority: d.priority,
    visibility: d.visibility,
    maxApplications: d.maxApplications,
    contactName: d.contactName,
    contactEmail: d.contactEmail,
    contactPhone: d.contactPhone,
    organization: d.organization,
    keywords: d.keywords.map((k) => k.word),
  };
}

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/** A stored project as the form shows it (dates in Pacific, money as dollars). */
export function projectFormState(p: Project): ProjectFormState {
  const address = (p.address ?? {}) as Address;
  const values: Record<string, string> = {
    title: p.title,
    description: p.description,
    category: p.category,
    subcategory: str(p.subcategory),
    budgetMin: str(p.budgetMin),
    budgetMax: str(p.budgetMax),
    estimatedValue: str(p.estimatedValue),
    fundingSource: str(p.fundingSource),
    location: str(p.location),
    addressStreet: str(address.street),
    addressCity: str(address.city),
    addressState: str(address.state),
    addressZip: str(address.zip),
    serviceArea: p.serviceArea ? JSON.stringify(p.serviceArea) : "",
    startDate: toPacificDateInput(p.startDate),
    endDate: toPacificDateInput(p.endDate),
    deadlineDate: toPacificInput(p.deadlineDate),
    estimatedDuration: str(p.estimatedDuration),
    experienceRequired: p.experienceRequired ? String(p.experienceRequired) : "",
    bondingRequired: p.bondingRequired ? "yes" : "",
    priority: p.priority,
    visibility: p.visibility,
    maxApplications: str(p.maxApplications),
    contactName: str(p.contactName),
    contactEmail: str(p.contactEmail),
    contactPhone: str(p.contactPhone),
    organization: str(p.organization),
  };
  const rows: ProjectRows = {
    requirements: p.requirements.map((text) => ({ text })),
    skills: p.skillsRequired.map((skill) => ({ skill })),
    certifications: certificationRows(p.certificationsRequired),
    insurance: insuranceRows(p.insuranceRequired),
    keywords: p.keywords.map((word) => ({ word })),
    sectors: p.sector.map((name) => ({ name })),
  };
  return { values, rows, errors: {} };
}

export const EMPTY_PROJECT_FORM: ProjectFormState = {
  values: { category: "COMMERCIAL", priority: "MEDIUM", visibility: "MEMBERS_ONLY" },
  rows: emptyRows(),
  errors: {},
};

// ---------------------------------------------------------------- small forms and filters

export const projectStatusFormSchema = z.object({
  status: z.enum(projectStatusEnum.enumValues, { error: "Choose a status from the list" }),
  confirm: z.string().optional(),
});

export const REVIEW_TARGETS = ["REVIEWING", "APPROVED", "REJECTED"] as const;
export const reviewFormSchema = z.object({
  status: z.enum(REVIEW_TARGETS, { error: "Choose under review, approved or not selected" }),
  notes: plainText("Notes", 4000, { multiline: true }).optional().default("").transform((v) => (v === "" ? null : v)),
});

export const inviteFormSchema = z.object({
  who: requiredText("Member's email or name", 200),
});

export const DEADLINE_FILTER = choices(
  { "": "Any deadline", week: "Closing within 7 days", fortnight: "Closing within 14 days", month: "Closing within 30 days", passed: "Deadline passed", none: "No deadline" },
  "Choose a deadline window from the list",
);
export const BIDDING_FILTER = choices({ "": "Any", open: "Taking bids now" }, "Choose from the list");
export const projectFiltersSchema = z.object({
  status: z.enum(["", ...projectStatusEnum.enumValues], { error: "Choose a status from the list" }).default(""),
  category: z.enum(["", ...projectCategoryEnum.enumValues], { error: "Choose a category from the list" }).default(""),
  visibility: z.enum(["", ...projectVisibilityEnum.enumValues], { error: "Choose a visibility from the list" }).default(""),
  q: plainText("Search", 100).default(""),
  deadline: DEADLINE_FILTER.schema.default(""),
  /** open: published and taking bids now (the dashboard's open opportunities). */
  bidding: BIDDING_FILTER.schema.default(""),
  /** Bid on since this Pacific day; the list then counts those bids (the dashboard's bids submitted). */
  bidsSince: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || fromPacificDateInput(v) !== null, "Use a date like 2026-12-01"),
});
export type ProjectFilters = z.infer<typeof projectFiltersSchema>;
export const EMPTY_PROJECT_FILTERS: ProjectFilters = { status: "", category: "", visibility: "", q: "", deadline: "", bidding: "", bidsSince: "" };
export const PROJECT_LIST_QUERY = projectFiltersSchema.extend({ page: pageField() });

export const APPLICATION_SORTS = choices(
  {
    submitted: "Newest first",
    bid: "Bid amount, lowest first",
    duration: "Duration, shortest first",
    match: "Match score, highest first",
    credentials: "Verified credentials, most first",
    experience: "Experience, most first",
    name: "Applicant name",
  },
  "Choose a sort order from the list",
);
export const applicationFiltersSchema = z.object({
  status: z.enum(["", ...applicationStatusEnum.enumValues], { error: "Choose a status from the list" }).default(""),
  sort: APPLICATION_SORTS.schema.default("submitted"),
});
export type ApplicationFilters = z.infer<typeof applicationFiltersSchema>;
