// Reading an import file of bid opportunities: the portal's own columns (CSV or JSON) or
// SAM.gov's Contract Opportunities CSV export, each row mapped to project columns or to
// its errors. Pure: the routes store the file, look ZIPs up and write. Tested in
// test/unit/admin-projects-import.test.ts.
import type { NewProject, ProjectCategory } from "../../db/schema/projects.ts";
import { projectCategoryEnum, projectPriorityEnum, projectVisibilityEnum } from "../../db/schema/projects.ts";
import { parseCsv } from "../../lib/csv-read.ts";
import { UNPRINTABLE } from "../../lib/fields.ts";
import { fromPacificInput } from "../../lib/time.ts";
import { CERTIFICATION_TYPES, INSURANCE_KINDS, parseAmount } from "./forms.ts";

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 5_000;

export type ImportFormat = "portal-csv" | "portal-json" | "sam-csv";
export const IMPORT_FORMAT_LABEL: Record<ImportFormat, string> = {
  "portal-csv": "Portal CSV",
  "portal-json": "Portal JSON",
  "sam-csv": "SAM.gov Contract Opportunities CSV",
};

/** The portal's own columns, in the order the page documents them. */
export const PORTAL_COLUMNS: ReadonlyArray<readonly [name: string, required: boolean, meaning: string]> = [
  ["source", false, "Where the listing comes from, e.g. CALTRANS (default IMPORT). With externalId it identifies the row: a re-import updates it."],
  ["externalId", true, "The listing's id in its source."],
  ["title", true, "Up to 200 characters."],
  ["description", true, "Plain text; line breaks allowed."],
  ["category", true, `One of ${projectCategoryEnum.enumValues.join(", ")}.`],
  ["subcategory", false, "Free text."],
  ["sectors", false, "Separated by semicolons, e.g. public; transportation."],
  ["budgetMin", false, "Dollars."],
  ["budgetMax", false, "Dollars, at least budgetMin."],
  ["estimatedValue", false, "Dollars."],
  ["fundingSource", false, "Free text."],
  ["location", false, "How the place is named, e.g. Oakland, CA."],
  ["street", false, "Street address."],
  ["city", false, "City."],
  ["state", false, "Two letters."],
  ["zip", false, "5 digits (coordinates come from it)."],
  ["startDate", false, "YYYY-MM-DD (Pacific)."],
  ["endDate", false, "YYYY-MM-DD, on or after startDate."],
  ["deadline", false, "Bid deadline: YYYY-MM-DDTHH:MM (Pacific), an ISO time with offset, or YYYY-MM-DD (5 PM Pacific)."],
  ["estimatedDurationDays", false, "Whole days."],
  ["requirements", false, "Separated by semicolons."],
  ["skills", false, "Separated by semicolons."],
  ["certifications", false, "Separated by semicolons, type[:classification], e.g. CSLB:C-10; DBE."],
  ["experienceYears", false, "Whole years."],
  ["bondingRequired", false, "yes or no."],
  ["insurance", false, "Separated by semicolons, kind[:minimum dollars], e.g. generalLiability:2000000; workersCompensation."],
  ["priority", false, `One of ${projectPriorityEnum.enumValues.join(", ")} (default MEDIUM).`],
  ["visibility", false, `One of ${projectVisibilityEnum.enumValues.join(", ")} (default MEMBERS_ONLY).`],
  ["maxApplications", false, "Whole number; blank for no limit."],
  ["contactName", false, ""],
  ["contactEmail", false, ""],
  ["contactPhone", false, ""],
  ["organization", false, "The agency or prime posting the work."],
  ["keywords", false, "Separated by semicolons."],
];

/** SAM.gov's ContractOpportunitiesFullCSV header, as the export writes it. */
export const SAM_COLUMNS = [
  "NoticeId", "Title", "Sol#", "Department/Ind.Agency", "CGAC", "Sub-Tier", "FPDS Code", "Office", "AAC Code",
  "PostedDate", "Type", "BaseType", "ArchiveType", "ArchiveDate", "SetASideCode", "SetASide", "ResponseDeadLine",
  "NaicsCode", "ClassificationCode", "PopStreetAddress", "PopCity", "PopState", "PopZip", "PopCountry", "Active",
  "AwardNumber", "AwardDate", "Award$", "Awardee", "PrimaryContactTitle", "PrimaryContactFullname", "PrimaryContactEmail",
  "PrimaryContactPhone", "PrimaryContactFax", "SecondaryContactTitle", "SecondaryContactFullname", "SecondaryContactEmail",
  "SecondaryContactPhone", "SecondaryContactFax", "OrganizationType", "State", "City", "ZipCode", "CountryCode",
  "AdditionalInfoLink", "Link", "Description",
] as const;
/** The SAM.gov columns a row is read from; the others are known and ignored. */
export const SAM_USED = ["NoticeId", "Title", "Sol#", "Department/Ind.Agency", "Sub-Tier", "Office", "Type", "SetASideCode", "SetASide", "ResponseDeadLine", "NaicsCode", "PopStreetAddress", "PopCity", "PopState", "PopZip", "PopCountry", "PrimaryContactFullname", "PrimaryContactEmail", "PrimaryContactPhone", "Link", "Description"] as const;
export const SAM_SOURCE = "SAM.GOV";

export interface ImportRecord {
  /** Line in the file (CSV: the record's first line; JSON: its 1-based position). */
  line: number;
  cells: Record<string, string>;
}

export type ImportFile =
  | { ok: false; message: string }
  | { ok: true; format: ImportFormat; records: ImportRecord[]; unknownColumns: string[]; missingColumns: string[] };

/** Project columns an import writes (coordinates added from `zip` by the caller). */
export type ImportColumns = Pick<
  NewProject,
  | "title" | "description" | "category" | "subcategory" | "sector" | "budgetMin" | "budgetMax" | "estimatedValue" | "fundingSource"
  | "location" | "address" | "startDate" | "endDate" | "deadlineDate" | "estimatedDuration" | "requirements" | "skillsRequired"
  | "certificationsRequired" | "experienceRequired" | "bondingRequired" | "insuranceRequired" | "priority" | "visibility"
  | "maxApplications" | "contactName" | "contactEmail" | "contactPhone" | "organization" | "keywords"
>;

export type MappedRow =
  | { line: number; ok: true; source: string; externalId: string; title: string; zip: string | null; columns: ImportColumns }
  | { line: number; ok: false; externalId: string | null; title: string | null; errors: string[] };

// ---------------------------------------------------------------- reading the file

/** Decides the format and splits the file into records keyed by column name. */
export function readImportFile(fileName: string, bytes: Uint8Array): ImportFile {
  if (bytes.length === 0) return { ok: false, message: "The file is empty." };
  if (bytes.length > MAX_IMPORT_BYTES) return { ok: false, message: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it.` };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, message: "The file is not UTF-8 text. Save it as CSV UTF-8 (or JSON) and try again." };
  }
  if (text.includes("\u0000")) return { ok: false, message: "The file holds NUL characters: it is not a text file." };
  const lower = fileName.toLowerCase();
  const trimmed = text.replace(/^\uFEFF/, "").trimStart();
  if (lower.endsWith(".json") || trimmed.startsWith("[") || trimmed.startsWith("{")) return readJson(trimmed);
  if (!lower.endsWith(".csv") && !lower.endsWith(".txt")) return { ok: false, message: "Choose a .csv or .json file." };
  return readCsv(text);
}

function readCsv(text: string): ImportFile {
  const parsed = parseCsv(text, { maxRows: MAX_IMPORT_ROWS + 1, maxCellChars: 50_000 });
  if (!parsed.ok) return { ok: false, message: `Line ${parsed.line}: ${parsed.message}` };
  const [header, ...body] = parsed.rows;
  if (!header) return { ok: false, message: "The file has no header row." };
  const names = header.map((h) => h.trim());
  const isSam = names.includes("NoticeId");
  const known: readonly string[] = isSam ? SAM_COLUMNS : PORTAL_COLUMNS.map(([n]) => n);
  const required: readonly string[] = isSam ? ["NoticeId", "Title"] : PORTAL_COLUMNS.filter(([, r]) => r).map(([n]) => n);
  const dupes = names.filter((n, i) => n !== "" && names.indexOf(n) !== i);
  if (dupes.length) return { ok: false, message: `The header names ${dupes.join(", ")} twice.` };
  // Line numbers: parseCsv drops blank lines, so count records (header is record 1).
  const records = body.map((cells, i) => ({
    line: i + 2,
    cells: Object.fromEntries(names.map((n, j) => [n, cells[j] ?? ""]).filter(([n]) => n !== "")),
  }));
  return {
    ok: true,
    format: isSam ? "sam-csv" : "portal-csv",
    records,
    unknownColumns: names.filter((n) => n !== "" && !known.includes(n)),
    missingColumns: required.filter((n) => !names.includes(n)),
  };
}

function readJson(text: string): ImportFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: "The file is not valid JSON." };
  }
  const list = Array.isArray(value) ? value : value && typeof value === "object" ? (value as { opportunities?: unknown }).opportunities : null;
  if (!Array.isArray(list)) return { ok: false, message: 'The JSON must be a list of opportunities, or {"opportunities": [...]}.' };
  if (list.length > MAX_IMPORT_ROWS) return { ok: false, message: `The file has more than ${MAX_IMPORT_ROWS} rows.` };
  const known = PORTAL_COLUMNS.map(([n]) => n);
  const seen = new Set<string>();
  const records: ImportRecord[] = list.map((item, i) => {
    const cells: Record<string, string> = {};
    if (item && typeof item === "object" && !Array.isArray(item)) {
      for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
        seen.add(k);
        cells[k] = jsonCell(v);
      }
    } else {
      cells.__invalid = "yes";
    }
    return { line: i + 1, cells };
  });
  return {
    ok: true,
    format: "portal-json",
    records,
    unknownColumns: [...seen].filter((k) => !known.includes(k)),
    missingColumns: [],
  };
}

function jsonCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "string" || typeof v === "number") return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === "string" || typeof x === "number")) return v.join("; ");
  return JSON.stringify(v).slice(0, 1000);
}

// ---------------------------------------------------------------- mapping rows

class Problems {
  list: string[] = [];
  add(message: string) {
    this.list.push(message);
  }
}

/** A one-line (or multi-line) text cell: trimmed, capped, no hidden characters. */
function text(p: Problems, label: string, raw: string | undefined, max: number, opts: { required?: boolean; multiline?: boolean } = {}): string | null {
  const v = (raw ?? "").trim();
  if (v === "") {
    if (opts.required) p.add(`${label} is missing`);
    return null;
  }
  const hidden = opts.multiline ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029\u202a-\u202e\u2066-\u2069]/ : UNPRINTABLE;
  if (hidden.test(v)) {
    p.add(`${label} holds hidden control characters`);
    return null;
  }
  if (v.length > max) {
    p.add(`${label} is longer than ${max} characters`);
    return null;
  }
  return v;
}

function listCell(p: Problems, label: string, raw: string | undefined, maxItem: number): string[] {
  const v = (raw ?? "").trim();
  if (v === "") return [];
  const items = v.split(";").map((s) => s.trim()).filter(Boolean);
  if (items.length > 40) p.add(`${label} has more than 40 entries`);
  const good: string[] = [];
  for (const item of items.slice(0, 40)) {
    const t = text(p, label, item, maxItem);
    if (t !== null) good.push(t);
  }
  return good;
}

function money(p: Problems, label: string, raw: string | undefined): string | null {
  const parsed = parseAmount(raw ?? "");
  if (!parsed.ok) {
    p.add(`${label} is not an amount in dollars: ${quote(raw)}`);
    return null;
  }
  return parsed.value;
}

function whole(p: Problems, label: string, raw: string | undefined, max: number): number | null {
  const v = (raw ?? "").trim().replace(/,(?=\d{3}\b)/g, "");
  if (v === "") return null;
  if (!/^\d{1,7}$/.test(v) || Number(v) > max) {
    p.add(`${label} must be a whole number up to ${max}: ${quote(raw)}`);
    return null;
  }
  return Number(v);
}

const quote = (v: string | undefined) => JSON.stringify((v ?? "").slice(0, 40));

/**
 * A date or time from a file, as an instant. ISO with an offset or Z is taken as written;
 * SAM.gov's "2025-01-15 10:30:00.123-05" too; a time without zone is Pacific; a bare date
 * (YYYY-MM-DD or MM/DD/YYYY) is `dateOnlyAt` Pacific on that day.
 */
export function parseImportDate(raw: string, dateOnlyAt = "00:00"): Date | null | "invalid" {
  const v = raw.trim();
  if (v === "") return null;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (us) return fromPacificInput(`${us[3]}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}T${dateOnlyAt}`) ?? "invalid";
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return fromPacificInput(`${v}T${dateOnlyAt}`) ?? "invalid";
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2})(?:\.\d{1,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(v);
  if (!m) return "invalid";
  const [, day, hm, sec = "00", zone] = m;
  if (!zone) return fromPacificInput(`${day}T${hm}`) ?? "invalid";
  const offset = zone === "Z" ? "Z" : zone.length === 3 ? `${zone}:00` : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const at = new Date(`${day}T${hm}:${sec}${offset}`);
  if (Number.isNaN(at.getTime())) return "invalid";
  const year = at.getUTCFullYear();
  return year < 2000 || year > 2200 ? "invalid" : at;
}

function date(p: Problems, label: string, raw: string | undefined, dateOnlyAt = "00:00"): Date | null {
  const at = parseImportDate(raw ?? "", dateOnlyAt);
  if (at === "invalid") {
    p.add(`${label} is not a date: ${quote(raw)}`);
    return null;
  }
  return at;
}

function oneOf<T extends string>(p: Problems, label: string, raw: string | undefined, allowed: readonly T[], fallback: T | null): T | null {
  const v = (raw ?? "").trim().toUpperCase().replace(/[\s-]+/g, "_");
  if (v === "") {
    if (fallback === null) p.add(`${label} is missing`);
    return fallback;
  }
  if ((allowed as readonly string[]).includes(v)) return v as T;
  p.add(`${label} must be one of ${allowed.join(", ")}: ${quote(raw)}`);
  return fallback;
}

function address(street: string | null, city: string | null, state: string | null, zip: string | null) {
  const parts = { street, city, state: state?.toUpperCase() ?? null, zip };
  return Object.values(parts).some((v) => v !== null) ? Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== null)) : null;
}

function checkCross(p: Problems, c: Pick<ImportColumns, "budgetMin" | "budgetMax" | "startDate" | "endDate">) {
  if (c.budgetMin && c.budgetMax && Number(c.budgetMin) > Number(c.budgetMax)) p.add("budgetMax is below budgetMin");
  if (c.startDate && c.endDate && c.endDate.getTime() < c.startDate.getTime()) p.add("endDate is before startDate");
}

function zipOf(p: Problems, label: string, raw: string | undefined): string | null {
  const v = (raw ?? "").trim();
  if (v === "") return null;
  if (!/^\d{5}(-?\d{4})?$/.test(v)) {
    p.add(`${label} is not a ZIP code: ${quote(raw)}`);
    return null;
  }
  return v.length === 9 ? `${v.slice(0, 5)}-${v.slice(5)}` : v;
}

function stateOf(p: Problems, label: string, raw: string | undefined): string | null {
  const v = text(p, label, raw, 40);
  if (v === null) return null;
  if (!/^[A-Za-z]{2}$/.test(v)) {
    p.add(`${label} must be a two-letter code: ${quote(raw)}`);
    return null;
  }
  return v.toUpperCase();
}

/** A row of the portal's own format (CSV or JSON). */
export function mapPortalRow(r: ImportRecord): MappedRow {
  const c = r.cells;
  const p = new Problems();
  if (c.__invalid) return { line: r.line, ok: false, externalId: null, title: null, errors: ["This entry is not an object with named fields"] };
  const source = (text(p, "source", c.source, 40) ?? "IMPORT").toUpperCase();
  if (!/^[A-Z0-9._-]+$/.test(source)) p.add("source may hold only letters, digits, dots, dashes and underscores");
  if (source === "MANUAL") p.add("source MANUAL is kept for opportunities typed in the portal");
  const externalId = text(p, "externalId", c.externalId, 120, { required: true });
  const title = text(p, "title", c.title, 200, { required: true });
  const zip = zipOf(p, "zip", c.zip);
  const certifications = listCell(p, "certifications", c.certifications, 60).map((item) => {
    const [type = "", classification = ""] = item.split(":").map((s) => s.trim());
    const t = type.toUpperCase().replace(/[\s()-]+/g, "_").replace(/_+$/, "");
    if (!(CERTIFICATION_TYPES as readonly string[]).includes(t)) p.add(`certifications: unknown type ${quote(type)} (use ${CERTIFICATION_TYPES.join(", ")})`);
    return classification ? { type: t, classification } : { type: t };
  });
  const insuranceItems = listCell(p, "insurance", c.insurance, 60).map((item) => {
    const [kind = "", minimum = ""] = item.split(":").map((s) => s.trim());
    if (!(kind in INSURANCE_KINDS)) p.add(`insurance: unknown kind ${quote(kind)} (use ${Object.keys(INSURANCE_KINDS).join(", ")})`);
    const amount = parseAmount(minimum);
    if (!amount.ok) p.add(`insurance: ${kind} minimum is not dollars: ${quote(minimum)}`);
    return [kind, amount.ok && amount.value ? Number(amount.value) : "Statutory"] as const;
  });
  const bonding = (c.bondingRequired ?? "").trim().toLowerCase();
  if (!["", "yes", "no", "true", "false", "y", "n", "1", "0"].includes(bonding)) p.add(`bondingRequired must be yes or no: ${quote(c.bondingRequired)}`);
  const columns: ImportColumns = {
    title: title ?? "",
    description: text(p, "description", c.description, 20_000, { required: true, multiline: true }) ?? "",
    category: oneOf(p, "category", c.category, projectCategoryEnum.enumValues, null) ?? "COMMERCIAL",
    subcategory: text(p, "subcategory", c.subcategory, 120),
    sector: listCell(p, "sectors", c.sectors, 40).map((s) => s.toLowerCase()),
    budgetMin: money(p, "budgetMin", c.budgetMin),
    budgetMax: money(p, "budgetMax", c.budgetMax),
    estimatedValue: money(p, "estimatedValue", c.estimatedValue),
    fundingSource: text(p, "fundingSource", c.fundingSource, 200),
    location: text(p, "location", c.location, 200),
    address: address(text(p, "street", c.street, 200), text(p, "city", c.city, 80), stateOf(p, "state", c.state), zip),
    startDate: date(p, "startDate", c.startDate),
    endDate: date(p, "endDate", c.endDate),
    deadlineDate: date(p, "deadline", c.deadline, "17:00"),
    estimatedDuration: whole(p, "estimatedDurationDays", c.estimatedDurationDays, 3650),
    requirements: listCell(p, "requirements", c.requirements, 300),
    skillsRequired: listCell(p, "skills", c.skills, 80),
    certificationsRequired: certifications,
    experienceRequired: whole(p, "experienceYears", c.experienceYears, 80) ?? 0,
    bondingRequired: ["yes", "true", "y", "1"].includes(bonding),
    insuranceRequired: insuranceItems.length ? Object.fromEntries(insuranceItems) : null,
    priority: oneOf(p, "priority", c.priority, projectPriorityEnum.enumValues, "MEDIUM")!,
    visibility: oneOf(p, "visibility", c.visibility, projectVisibilityEnum.enumValues, "MEMBERS_ONLY")!,
    maxApplications: whole(p, "maxApplications", c.maxApplications, 10_000),
    contactName: text(p, "contactName", c.contactName, 120),
    contactEmail: emailOf(p, "contactEmail", c.contactEmail),
    contactPhone: text(p, "contactPhone", c.contactPhone, 40),
    organization: text(p, "organization", c.organization, 200),
    keywords: listCell(p, "keywords", c.keywords, 60),
  };
  checkCross(p, columns);
  if (p.list.length || !externalId || !title) return { line: r.line, ok: false, externalId, title, errors: p.list };
  return { line: r.line, ok: true, source, externalId, title, zip, columns };
}

function emailOf(p: Problems, label: string, raw: string | undefined): string | null {
  const v = text(p, label, raw, 200);
  if (v !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) {
    p.add(`${label} is not an email address: ${quote(raw)}`);
    return null;
  }
  return v;
}

/** NAICS sectors of construction to our categories; anything else is commercial work. */
export function categoryFromNaics(naics: string): ProjectCategory {
  if (naics.startsWith("2361")) return "RESIDENTIAL";
  if (naics.startsWith("2362")) return "COMMERCIAL";
  if (naics.startsWith("237")) return "INFRASTRUCTURE";
  if (naics.startsWith("238")) return "SPECIALTY";
  if (naics.startsWith("5617") || naics.startsWith("8113")) return "MAINTENANCE";
  return "COMMERCIAL";
}

/** SAM.gov set-aside codes to the certification a bidder needs. */
const SET_ASIDE_CERTIFICATION: Record<string, string> = {
  SBA: "SBE", SBP: "SBE", "8A": "SBA_8A", "8AN": "SBA_8A", HZC: "HUBZONE", HZS: "HUBZONE",
  SDVOSBC: "DVBE", SDVOSBS: "DVBE", WOSB: "WBE", WOSBSS: "WBE", EDWOSB: "WBE", EDWOSBSS: "WBE", VSA: "DVBE", VSS: "DVBE",
};

/** A row of SAM.gov's Contract Opportunities CSV export. */
export function mapSamRow(r: ImportRecord): MappedRow {
  const c = r.cells;
  const p = new Problems();
  const externalId = text(p, "NoticeId", c.NoticeId, 120, { required: true });
  const title = text(p, "Title", c.Title, 200, { required: true });
  const naics = (c.NaicsCode ?? "").trim();
  if (naics && !/^\d{2,6}$/.test(naics)) p.add(`NaicsCode is not a NAICS code: ${quote(naics)}`);
  const country = (c.PopCountry ?? "").trim().toUpperCase();
  const domestic = country === "" || country === "USA" || country === "US";
  const zip = domestic ? zipOf(p, "PopZip", c.PopZip?.trim().slice(0, 10)) : null;
  const city = text(p, "PopCity", c.PopCity, 80);
  const state = domestic ? stateOf(p, "PopState", c.PopState) : text(p, "PopState", c.PopState, 80);
  const solicitation = text(p, "Sol#", c["Sol#"], 120);
  const link = text(p, "Link", c.Link, 500);
  const body = text(p, "Description", c.Description, 19_000, { multiline: true });
  const setAsideCode = (c.SetASideCode ?? "").trim().toUpperCase();
  const setAside = text(p, "SetASide", c.SetASide, 200);
  const certification = SET_ASIDE_CERTIFICATION[setAsideCode];
  const department = text(p, "Department/Ind.Agency", c["Department/Ind.Agency"], 200);
  const office = [text(p, "Sub-Tier", c["Sub-Tier"], 200), text(p, "Office", c.Office, 200)].filter(Boolean).join(", ");
  const description = [
    body ?? title ?? "",
    solicitation ? `Solicitation number: ${solicitation}` : null,
    c.Type?.trim() ? `Notice type: ${text(p, "Type", c.Type, 100)}` : null,
    office ? `Contracting office: ${office}` : null,
    setAside ? `Set-aside: ${setAside}` : null,
    link ? `Notice on SAM.gov: ${link}` : null,
  ]
    .filter(Boolean)
    .join("\n\n");
  const columns: ImportColumns = {
    title: title ?? "",
    description,
    category: categoryFromNaics(naics),
    subcategory: naics ? `NAICS ${naics}` : null,
    sector: ["public", "federal"],
    budgetMin: null,
    budgetMax: null,
    estimatedValue: null,
    fundingSource: "Federal",
    location: [city, state].filter(Boolean).join(", ") || null,
    address: address(text(p, "PopStreetAddress", c.PopStreetAddress, 200), city, domestic ? state : null, zip),
    startDate: null,
    endDate: null,
    deadlineDate: date(p, "ResponseDeadLine", c.ResponseDeadLine, "17:00"),
    estimatedDuration: null,
    requirements: [],
    skillsRequired: [],
    certificationsRequired: certification ? [{ type: certification }] : [],
    experienceRequired: 0,
    bondingRequired: false,
    insuranceRequired: null,
    priority: "MEDIUM",
    visibility: "MEMBERS_ONLY",
    maxApplications: null,
    contactName: text(p, "PrimaryContactFullname", c.PrimaryContactFullname, 120),
    contactEmail: emailOf(p, "PrimaryContactEmail", c.PrimaryContactEmail),
    contactPhone: text(p, "PrimaryContactPhone", c.PrimaryContactPhone, 40),
    organization: department,
    keywords: [...(naics ? [`NAICS ${naics}`] : []), ...(setAside ? [setAside] : []), ...(solicitation ? [solicitation] : [])],
  };
  if (description.length > 20_000) p.add("Description is too long");
  if (p.list.length || !externalId || !title) return { line: r.line, ok: false, externalId, title, errors: p.list };
  return { line: r.line, ok: true, source: SAM_SOURCE, externalId, title, zip, columns };
}

/** Every row of a read file, mapped; a second row with the same (source, externalId) is an error. */
export function mapImport(file: Extract<ImportFile, { ok: true }>): MappedRow[] {
  const map = file.format === "sam-csv" ? mapSamRow : mapPortalRow;
  const seen = new Map<string, number>();
  return file.records.map((r) => {
    const row = map(r);
    if (!row.ok) return row;
    const key = `${row.source}\u0000${row.externalId}`;
    const first = seen.get(key);
    if (first !== undefined) return { line: row.line, ok: false, externalId: row.externalId, title: row.title, errors: [`Same source and externalId as line ${first}`] };
    seen.set(key, row.line);
    return row;
  });
}
