// Pure rules of a member's own profile: what the form accepts, what a skill row accepts,
// and how complete a profile is (what is missing and why it matters for bid matching).
import * as z from "zod";
import { directoryVisibilityEnum, skillLevelEnum, type DirectoryVisibility, type SkillLevel } from "../../db/schema/accounts.ts";
import { OPTIONAL_EMAIL_KIND_NAMES, type OptionalEmailKind } from "../../lib/email-preferences.ts";
import { plainText, requiredText } from "../../lib/fields.ts";
import { noticeTable } from "../../lib/notices.ts";

// ---------------------------------------------------------------- choices

export const VISIBILITY_CHOICES: ReadonlyArray<{ value: DirectoryVisibility; label: string; explain: string }> = [
  {
    value: "MEMBERS",
    label: "Members only (recommended)",
    explain: "Verified chapter members can find you in the member directory. Nobody outside the chapter sees your profile.",
  },
  {
    value: "PUBLIC",
    label: "Members and the public",
    explain:
      "Also listed on the public “Find a contractor” page, where owners and general contractors look for subcontractors. Only your company, trades, verified certifications and city are shown there, plus email or phone if you choose below.",
  },
  {
    value: "HIDDEN",
    label: "Hidden",
    explain: "You are not listed anywhere. Chapter staff can still see your profile, and you can still bid.",
  },
];

export const SKILL_LEVELS: ReadonlyArray<readonly [SkillLevel, string]> = [
  ["BEGINNER", "Beginner"],
  ["INTERMEDIATE", "Intermediate"],
  ["ADVANCED", "Advanced"],
  ["EXPERT", "Expert"],
];
export const SKILL_LEVEL_LABEL = Object.fromEntries(SKILL_LEVELS) as Record<SkillLevel, string>;

/** US states and DC, by postal code: the address's state select. */
export const US_STATES = [
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME",
  "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI",
  "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP",
] as const;

// ---------------------------------------------------------------- field rules

/** An http(s) link with a real host and no credentials in it. */
export function isWebUrl(v: string): boolean {
  try {
    const url = new URL(v);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".") && !url.username && !url.password;
  } catch {
    return false;
  }
}

function isLinkedInUrl(v: string): boolean {
  if (!isWebUrl(v)) return false;
  const host = new URL(v).hostname.toLowerCase();
  return host === "linkedin.com" || host.endsWith(".linkedin.com");
}

const PHONE = /^\+?1?[\s.-]?\(?([2-9]\d{2})\)?[\s.-]?(\d{3})[\s.-]?(\d{4})(?:\s*(?:x|ext\.?)\s*(\d{1,6}))?$/i;

/** A US phone number as typed → "(415) 555-0100" (with " x12" for an extension); null when not one. */
export function normalisePhone(v: string): string | null {
  const m = PHONE.exec(v.trim());
  if (!m) return null;
  return `(${m[1]}) ${m[2]}-${m[3]}${m[4] ? ` x${m[4]}` : ""}`;
}

export const ZIP = /^\d{5}$/;

/** "English, Spanish; Tagalog" → ["English", "Spanish", "Tagalog"]: trimmed, duplicates (any case) dropped. */
export function parseLanguages(v: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of v.split(/[,;\n]/)) {
    const name = part.trim().replace(/\s+/g, " ");
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
  }
  return out;
}

const MAX_LANGUAGES = 12;

const optionalText = (label: string, max: number) => plainText(label, max).optional().default("");

/** A whole number in a range, or blank (null). */
function wholeNumber(label: string, min: number, max: number, unit = "") {
  return z
    .string({ error: `${label} must be a number` })
    .optional()
    .default("")
    .transform((v) => v.trim().replace(/,/g, ""))
    .refine((v) => v === "" || /^\d{1,6}$/.test(v), `${label} must be a whole number${unit}`)
    .refine((v) => v === "" || (Number(v) >= min && Number(v) <= max), `${label} must be between ${min} and ${max}${unit}`)
    .transform((v) => (v === "" ? null : Number(v)));
}

const BONDING = /^\d{1,10}(\.\d{1,2})?$/;

/** Bonding capacity in dollars ("$2,500,000") → numeric text; blank → null. Up to $9,999,999,999. */
function bondingDollars() {
  return z
    .string()
    .optional()
    .default("")
    .transform((v) => v.trim().replace(/^\$\s*/, "").replace(/,(?=\d{3}\b)/g, ""))
    .refine((v) => !v.startsWith("-"), "Bonding capacity cannot be negative")
    .refine((v) => v === "" || BONDING.test(v), "Bonding capacity must be an amount in dollars, e.g. 2,500,000")
    .transform((v) => {
      if (v === "") return null;
      // Through text, never floats: ten digits of dollars and two of cents, as numeric(12,2) takes them.
      const [whole, frac = ""] = v.split(".");
      return `${Number(whole)}.${frac.padEnd(2, "0")}`;
    });
}

const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => v !== undefined);

export const profileSchema = z
  .object({
    firstName: requiredText("First name", 100),
    lastName: requiredText("Last name", 100),
    company: optionalText("Company", 200),
    title: optionalText("Title", 100),
    phone: optionalText("Phone", 40).refine((v) => v === "" || normalisePhone(v) !== null, "Phone must be a US number, e.g. (415) 555-0100"),
    street: optionalText("Street address", 200),
    city: optionalText("City", 100),
    state: optionalText("State", 2).refine((v) => v === "" || (US_STATES as readonly string[]).includes(v), "Choose a state from the list"),
    zip: optionalText("ZIP code", 10).refine((v) => v === "" || ZIP.test(v), "ZIP code must be 5 digits, e.g. 94621"),
    website: optionalText("Website", 500).refine((v) => v === "" || isWebUrl(v), "Website must be a full link starting with https:// or http://"),
    linkedin: optionalText("LinkedIn", 500).refine(
      (v) => v === "" || isLinkedInUrl(v),
      "LinkedIn must be a full linkedin.com link, e.g. https://www.linkedin.com/in/your-name",
    ),
    bio: plainText("About your business", 2000, { multiline: true }).optional().default(""),
    yearsExperience: wholeNumber("Years of experience", 0, 80),
    bondingCapacity: bondingDollars(),
    languages: optionalText("Languages", 400)
      .transform(parseLanguages)
      .refine((list) => list.length <= MAX_LANGUAGES, `List at most ${MAX_LANGUAGES} languages`)
      .refine((list) => list.every((l) => l.length <= 40), "Each language must be at most 40 characters"),
    serviceRadiusMiles: wholeNumber("Service radius", 0, 500, " miles"),
    directoryVisibility: z.enum(directoryVisibilityEnum.enumValues, { error: "Choose who can see your profile" }).default("MEMBERS"),
    showEmail: checkbox,
    showPhone: checkbox,
  })
  .superRefine((v, ctx) => {
    // A location is a ZIP, or a city and state to look one up by.
    if (v.zip === "" && v.city !== "" && v.state === "") {
      ctx.addIssue({ code: "custom", path: ["state"], message: "Choose the state of your city, or enter a ZIP code" });
    }
  })
  .transform((v) => ({ ...v, phone: v.phone === "" ? "" : normalisePhone(v.phone)! }));

export type ProfileInput = z.infer<typeof profileSchema>;

export const skillSchema = z.object({
  skill: requiredText("Skill", 60),
  level: z.enum(skillLevelEnum.enumValues, { error: "Choose a level" }),
  years: wholeNumber("Years", 0, 80),
});
export type SkillInput = z.infer<typeof skillSchema>;

/** At most this many skill rows per member: enough for any contractor, a wall for a script. */
export const MAX_SKILLS = 40;

/** The one on/off per optional kind of email, from a checkbox form. */
export function preferencesFromForm(
  current: { email: boolean; sms: boolean; push: boolean } & Partial<Record<OptionalEmailKind, boolean>>,
  form: Record<string, unknown>,
): typeof current {
  const next = { email: current.email ?? true, sms: current.sms ?? false, push: current.push ?? true } as typeof current;
  for (const kind of OPTIONAL_EMAIL_KIND_NAMES) next[kind] = form[kind] !== undefined;
  // Ticking a kind is asking for it: the seed's master switch, if off, comes back on.
  if (OPTIONAL_EMAIL_KIND_NAMES.some((kind) => next[kind])) next.email = true;
  return next;
}

// ---------------------------------------------------------------- completeness

export interface CompletenessInput {
  company: string | null;
  phone: string | null;
  bio: string | null;
  zipCode: string | null;
  hasCoordinates: boolean;
  serviceRadiusMiles: number | null;
  yearsExperience: number | null;
  bondingCapacity: string | null;
  profileImage: string | null;
  skillCount: number;
  /** Verified, unexpired credentials (the vault's). */
  credentialCount: number;
}

export interface MissingItem {
  key: string;
  label: string;
  why: string;
  weight: number;
  /** Where on the profile page to fix it. */
  anchor: string;
}

const CHECKS: ReadonlyArray<Omit<MissingItem, never> & { done: (p: CompletenessInput) => boolean }> = [
  {
    key: "skills",
    label: "Add your skills",
    why: "Bid matching compares your skills with the trades each opportunity needs.",
    weight: 15,
    anchor: "#skills",
    done: (p) => p.skillCount > 0,
  },
  {
    key: "location",
    label: "Enter your ZIP code",
    why: "Distance to the job site is part of every match, and “near me” searches start from it.",
    weight: 15,
    anchor: "#f-zip",
    done: (p) => !!p.zipCode && p.hasCoordinates,
  },
  {
    key: "radius",
    label: "Set how far you travel for work",
    why: "Opportunities beyond your service radius are not sent to you.",
    weight: 10,
    anchor: "#f-serviceRadiusMiles",
    done: (p) => p.serviceRadiusMiles !== null,
  },
  {
    key: "certifications",
    label: "Get a certification verified",
    why: "Primes meet DBE/MBE/WBE participation goals only with verified certifications; they show as badges and count in matching.",
    weight: 10,
    anchor: "#completeness",
    done: (p) => p.credentialCount > 0,
  },
  {
    key: "years",
    label: "Enter your years of experience",
    why: "Many bids ask for a minimum number of years in the trade.",
    weight: 10,
    anchor: "#f-yearsExperience",
    done: (p) => p.yearsExperience !== null,
  },
  {
    key: "bonding",
    label: "Enter your bonding capacity",
    why: "Bonded work is matched only to members whose capacity covers the job.",
    weight: 10,
    anchor: "#f-bondingCapacity",
    done: (p) => p.bondingCapacity !== null,
  },
  {
    key: "company",
    label: "Name your company",
    why: "Members and general contractors search the directory by company name.",
    weight: 10,
    anchor: "#f-company",
    done: (p) => !!p.company?.trim(),
  },
  {
    key: "bio",
    label: "Describe your business",
    why: "A few sentences on the work you do help a prime decide to call you.",
    weight: 10,
    anchor: "#f-bio",
    done: (p) => !!p.bio?.trim(),
  },
  {
    key: "phone",
    label: "Add a phone number",
    why: "Primes on a bid deadline call rather than write.",
    weight: 5,
    anchor: "#f-phone",
    done: (p) => !!p.phone?.trim(),
  },
  {
    key: "photo",
    label: "Add a photo or logo",
    why: "A face or logo makes your directory listing easy to recognise.",
    weight: 5,
    anchor: "#photo",
    done: (p) => !!p.profileImage,
  },
];

export interface Completeness {
  percent: number;
  missing: MissingItem[];
}

/** How complete a profile is (0–100, the weights sum to 100) and what is missing, most important first. */
export function completeness(p: CompletenessInput): Completeness {
  let earned = 0;
  const missing: MissingItem[] = [];
  for (const { done, ...item } of CHECKS) {
    if (done(p)) earned += item.weight;
    else missing.push(item);
  }
  return { percent: earned, missing };
}

export const profileNotices = noticeTable({
  saved: "Your profile is saved.",
  "skill-added": "Skill added.",
  "skill-saved": "Skill saved.",
  "skill-removed": "Skill removed.",
  "photo-saved": "Your photo is saved.",
  "photo-removed": "Your photo is removed.",
  "notifications-saved": "Your email choices are saved.",
});

/**
 * Who may see a member's photo: the member, admins, and verified members when the member
 * is listed (not HIDDEN, not deleted, active and verified). Nobody else.
 */
export function maySeePhoto(
  viewer: { viewerId: string; viewerVerified: boolean; isAdmin: boolean },
  owner: { id: string; directoryVisibility: DirectoryVisibility; listed: boolean },
): boolean {
  if (viewer.viewerId === owner.id || viewer.isAdmin) return true;
  return viewer.viewerVerified && owner.listed && owner.directoryVisibility !== "HIDDEN";
}
