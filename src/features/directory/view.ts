// The directory's filters (one schema for /members and /find-a-contractor), their labels, and
// how a valid query becomes a MemberSearch. Pure: the ZIP and "me" are resolved by the route.
import * as z from "zod";
import type { MemberSearch, MemberSort } from "../../db/search.ts";
import { choices, plainText } from "../../lib/fields.ts";
import { pageField } from "../../lib/pagination.ts";
import { CERTIFICATION_FILTERS, normalizeLicenceClass, type CertificationFilter } from "./rules.ts";

export const SORT_FILTER = choices({ "": "Best match", distance: "Nearest first", name: "Name (A to Z)" }, "Choose how to sort from the list.");
export const MILES_FILTER = choices(
  { "": "Any distance", "5": "Within 5 miles", "10": "Within 10 miles", "25": "Within 25 miles", "50": "Within 50 miles", "100": "Within 100 miles", "250": "Within 250 miles" },
  "Choose a distance from the list.",
);
export const FROM_FILTER = choices({ "": "The ZIP code", me: "My business address" }, "Choose where distances are measured from.");
export const CERT_FILTER = choices(
  {
    "": "Any certification",
    ...(Object.fromEntries(Object.entries(CERTIFICATION_FILTERS).map(([k, v]) => [k, v.label])) as Record<CertificationFilter, string>),
  },
  "Choose a certification from the list.",
);

const ZIP = /^\d{5}$/;

/** Filters of /members and /find-a-contractor. Every value is bounded before it reaches SQL. */
export const directoryFiltersSchema = z
  .object({
    q: plainText("Search", 100).default(""),
    skill: plainText("Skill", 80).default(""),
    cert: CERT_FILTER.schema.default(""),
    licence: plainText("Licence class", 20)
      .refine((v) => v === "" || normalizeLicenceClass(v) !== null, "Enter a CSLB licence class like B, C-10 or C-61/D-12.")
      .default(""),
    language: plainText("Language", 40).default(""),
    zip: z
      .string()
      .trim()
      .refine((v) => v === "" || ZIP.test(v), "Enter a 5-digit ZIP code, like 94612.")
      .default(""),
    from: FROM_FILTER.schema.default(""),
    miles: MILES_FILTER.schema.default(""),
    sort: SORT_FILTER.schema.default(""),
  })
  .superRefine((f, ctx) => {
    const hasOrigin = f.from === "me" || ZIP.test(f.zip);
    if (f.miles && !hasOrigin) {
      ctx.addIssue({ code: "custom", path: ["zip"], message: `Enter a ZIP code to find members within ${f.miles} miles of it.` });
    }
    if (f.sort === "distance" && !hasOrigin) {
      ctx.addIssue({ code: "custom", path: ["sort"], message: "Sorting by distance needs a ZIP code (or your business address) to measure from." });
    }
    if (f.licence && f.cert && f.cert !== "CSLB") {
      ctx.addIssue({ code: "custom", path: ["licence"], message: "A licence class goes with the CSLB licence: choose it as the certification, or clear the class." });
    }
  });
export type DirectoryFilters = z.infer<typeof directoryFiltersSchema>;
export const DIRECTORY_QUERY = directoryFiltersSchema.safeExtend({ page: pageField(500) });

export const EMPTY_FILTERS: DirectoryFilters = { q: "", skill: "", cert: "", licence: "", language: "", zip: "", from: "", miles: "", sort: "" };

/** The filters as query-string pairs (for the pager and links), empty ones left out. */
export function filterQuery(f: DirectoryFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ""));
}

/** True when any filter narrows the list (for the empty state's wording). */
export function isFiltered(f: DirectoryFilters): boolean {
  return Boolean(f.q || f.skill || f.cert || f.licence || f.language || f.miles);
}

/** A valid query, with its origin resolved, as the search to run. */
export function toSearch(
  f: DirectoryFilters,
  origin: { lat: number; lng: number } | null,
  page: { limit: number; offset: number },
): Omit<MemberSearch, "listedIn"> {
  const licence = f.licence ? normalizeLicenceClass(f.licence) : null;
  const cert = f.cert ? CERTIFICATION_FILTERS[f.cert] : licence ? CERTIFICATION_FILTERS.CSLB : null;
  const sort: MemberSort = f.sort === "" ? "relevance" : f.sort;
  return {
    q: f.q || undefined,
    skills: f.skill ? [f.skill] : undefined,
    language: f.language || undefined,
    credential: cert ? { type: cert.type, classification: licence ?? undefined } : undefined,
    near: origin && f.miles ? { ...origin, miles: Number(f.miles) } : undefined,
    origin: origin ?? undefined,
    sort: sort === "distance" && !origin ? "relevance" : sort,
    limit: page.limit,
    offset: page.offset,
  };
}

/** "12 mi", "0.4 mi". */
export function formatMiles(miles: number | null): string | null {
  if (miles === null || !Number.isFinite(miles)) return null;
  return miles < 10 ? `${miles.toFixed(1)} mi` : `${Math.round(miles)} mi`;
}
