// The match score: how well one member fits one bid opportunity, 0–100, with its reasons.
// Pure (no I/O): the project page, the list's "match" sort, "Recommended for you" and the
// bench call it with rows already read. A hard requirement the member lacks (a licence
// class, insurance, bonding, experience) caps the score at HARD_CAP and is named.
import type { CredentialType } from "../../db/schema/directory.ts";
import type { SkillLevel } from "../../db/schema/accounts.ts";

export const HARD_CAP = 40;

export interface MatchSkill {
  skill: string;
  level: SkillLevel;
  years: number | null;
}

export interface MatchCredential {
  type: CredentialType;
  status: "PENDING" | "VERIFIED" | "REJECTED" | "EXPIRED";
  classification: string | null;
  /** "YYYY-MM-DD" or null (no expiry). */
  expiresOn: string | null;
}

export interface MatchMember {
  yearsExperience: number | null;
  /** Dollars (numeric text as stored) or null. */
  bondingCapacity: string | number | null;
  serviceRadiusMiles: number | null;
  latitude: number | null;
  longitude: number | null;
  skills: readonly MatchSkill[];
  credentials: readonly MatchCredential[];
}

export interface MatchProject {
  skillsRequired: readonly string[];
  certificationsRequired: unknown;
  experienceRequired: number;
  bondingRequired: boolean;
  /** Dollars (numeric text as stored) or null. */
  estimatedValue: string | number | null;
  insuranceRequired: unknown;
  latitude: number | null;
  longitude: number | null;
}

export type ReasonKind = "met" | "partial" | "missing";
export interface MatchReason {
  /** What the line is about. */
  topic: "skills" | "certifications" | "experience" | "bonding" | "distance" | "insurance";
  kind: ReasonKind;
  /** A requirement the member must meet to be responsive; missing ones cap the score. */
  hard: boolean;
  text: string;
}

export interface MatchResult {
  score: number;
  reasons: MatchReason[];
  /** The hard requirements the member lacks, named (empty when none). */
  missingHard: string[];
}

// Points per part; they add up to 100.
const WEIGHT = { skills: 35, certifications: 20, experience: 15, bonding: 10, distance: 10, insurance: 10 } as const;
const LEVEL_CREDIT: Record<SkillLevel, number> = { BEGINNER: 0.4, INTERMEDIATE: 0.7, ADVANCED: 0.9, EXPERT: 1 };

const WS = /\s+/g;
const CLASS_SEPARATORS = /[\s-]+/g;
const norm = (s: string) => s.trim().toLowerCase().replace(WS, " ");
/** CSLB classes as written in different places: "C-10", "c10", "C 10" are one class. */
const normClass = (s: string) => s.trim().toUpperCase().replace(CLASS_SEPARATORS, "");

/** A credential counts when verified and not past its expiry (compared as Pacific-agnostic dates). */
export function isCurrent(c: MatchCredential, today: string): boolean {
  return c.status === "VERIFIED" && (c.expiresOn === null || c.expiresOn >= today);
}

export interface CertificationRequirement {
  type: string;
  classification?: string;
  goalPercent?: number;
}

/** The seed's shape: [{ type: "CSLB", classification: "C-10" }, { type: "DBE", goalPercent: 18 }]; anything else is ignored. */
export function readCertifications(value: unknown): CertificationRequirement[] {
  if (!Array.isArray(value)) return [];
  const out: CertificationRequirement[] = [];
  for (const item of value) {
    if (!item || typeof item !== "object") continue;
    const r = item as Record<string, unknown>;
    if (typeof r.type !== "string" || r.type.trim() === "") continue;
    out.push({
      type: r.type.trim().toUpperCase(),
      ...(typeof r.classification === "string" && r.classification.trim() ? { classification: r.classification.trim() } : {}),
      ...(typeof r.goalPercent === "number" && Number.isFinite(r.goalPercent) ? { goalPercent: r.goalPercent } : {}),
    });
  }
  return out;
}

export interface InsuranceRequirement {
  generalLiability: boolean;
  workersComp: boolean;
}

/** The seed's insurance object: generalLiability {...} and workersCompensation "Statutory" are the parts a credential proves. */
export function readInsurance(value: unknown): InsuranceRequirement {
  if (!value || typeof value !== "object" || Array.isArray(value)) return { generalLiability: false, workersComp: false };
  const v = value as Record<string, unknown>;
  const present = (x: unknown) => x !== null && x !== undefined && x !== false && x !== "";
  return { generalLiability: present(v.generalLiability), workersComp: present(v.workersCompensation) };
}

const CREDENTIAL_FOR: Record<string, CredentialType> = {
  CSLB: "CSLB_LICENSE",
  CSLB_LICENSE: "CSLB_LICENSE",
  DBE: "DBE",
  MBE: "MBE",
  WBE: "WBE",
  DVBE: "DVBE",
  SBE: "SBE",
  SBA_8A: "SBA_8A",
  "8A": "SBA_8A",
  OSHA: "OSHA_CARD",
  OSHA_CARD: "OSHA_CARD",
  BOND: "BOND",
};

const CERT_LABEL: Record<string, string> = {
  DBE: "DBE certification",
  SBE: "Small Business Enterprise (SBE) certification",
  MBE: "MBE certification",
  WBE: "WBE certification",
  DVBE: "DVBE certification",
  SBA_8A: "SBA 8(a) certification",
  OSHA_CARD: "OSHA card",
};

export function certificationLabel(r: CertificationRequirement): string {
  if (r.type === "CSLB" || r.type === "CSLB_LICENSE") return r.classification ? `CSLB ${r.classification} license` : "CSLB license";
  const type = CREDENTIAL_FOR[r.type] ?? r.type;
  return CERT_LABEL[type] ?? `${r.type} certification`;
}

function toNumber(v: string | number | null): number | null {
  if (v === null) return null;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Great-circle miles (haversine). */
export function milesBetween(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLng = (bLng - aLng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 3958.7613 * Math.asin(Math.min(1, Math.sqrt(h)));
}

// One formatter: toLocaleString builds a new one per call, which dominated scoring 10,000 members.
const WHOLE_USD = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const usd = (n: number) => `$${WHOLE_USD.format(Math.round(n))}`;

/** "YYYY-MM-DD" of an instant in UTC: credential expiry dates are whole days. */
export const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** "YYYY-MM-DD" of the last `now` seen: the list and the cron score many rows against one instant. */
let lastNow = Number.NaN;
let lastToday = "";
function todayOf(now: Date): string {
  const t = now.getTime();
  if (t !== lastNow) {
    lastNow = t;
    lastToday = dayOf(now);
  }
  return lastToday;
}

/** One required certification, with everything about it that does not depend on the member. */
interface PreparedCert {
  /** Index into PreparedProject.wanted, or -1 for a type no credential proves. */
  slot: number;
  cslb: boolean;
  /** normClass of the classification asked for, or null when any licence class does. */
  cls: string | null;
  goal: boolean;
  metText: string;
  partialText: string;
  missingText: string;
}

/**
 * What the score needs of a project, worked out once per project object (cached below): the
 * normalized skills, the certifications read from their JSON with their labels and texts, the
 * insurance parts, the estimate in dollars, and the cosine of its latitude.
 */
export interface PreparedProject {
  skillKeys: Map<string, number>;
  skillLabels: string[];
  certs: PreparedCert[];
  /** The credential types the project asks for; a member's current ones become a bit mask over these. */
  wanted: Map<string, number>;
  needYears: number;
  bondingRequired: boolean;
  value: number | null;
  valueUsd: string;
  lat: number | null;
  lng: number | null;
  cosLat: number;
  insurance: Array<{ slot: number; metText: string; missingText: string }>;
}

const RAD = Math.PI / 180;
const LEVEL_TEXT: Record<SkillLevel, string> = { BEGINNER: "beginner", INTERMEDIATE: "intermediate", ADVANCED: "advanced", EXPERT: "expert" };
const INSURANCE_PARTS = [
  ["generalLiability", "GENERAL_LIABILITY", "General liability insurance"],
  ["workersComp", "WORKERS_COMP", "Workers' compensation insurance"],
] as const;

/**
 * Prepared projects by object: a project row is read once and scored against many members
 * (the cron's publish alerts, the bench), so the work above is done once. Rows are not
 * mutated after they are read; a caller that edits a project object must pass a new one.
 */
const prepared = new WeakMap<MatchProject, PreparedProject>();

export function prepareProject(project: MatchProject): PreparedProject {
  const hit = prepared.get(project);
  if (hit) return hit;
  const wanted = new Map<string, number>();
  const slotOf = (type: CredentialType) => {
    let slot = wanted.get(type);
    if (slot === undefined) {
      slot = wanted.size;
      wanted.set(type, slot);
    }
    return slot;
  };

  const skillKeys = new Map<string, number>();
  const skillLabels: string[] = [];
  for (const raw of project.skillsRequired) {
    const key = norm(raw);
    if (!key || skillKeys.has(key)) continue;
    skillKeys.set(key, skillLabels.length);
    skillLabels.push(raw); // the first spelling of a skill names it
  }

  const certs: PreparedCert[] = readCertifications(project.certificationsRequired).map((r) => {
    const type = CREDENTIAL_FOR[r.type];
    const label = certificationLabel(r);
    const goal = r.goalPercent !== undefined;
    return {
      slot: type === undefined ? -1 : slotOf(type),
      cslb: type === "CSLB_LICENSE",
      cls: r.classification ? normClass(r.classification) : null,
      goal,
      metText: goal ? `${label}: counts toward the ${r.goalPercent}% goal` : `${label}: verified`,
      partialText: `${label} would count toward the ${r.goalPercent}% participation goal`,
      missingText: `${label} (none verified and current in your credentials)`,
    };
  });

  const asked = readInsurance(project.insuranceRequired);
  const insurance = INSURANCE_PARTS.filter(([part]) => asked[part]).map(([, type, label]) => ({
    slot: slotOf(type),
    metText: `${label}: certificate verified`,
    missingText: `${label} (no current certificate in your credentials)`,
  }));

  const value = toNumber(project.estimatedValue);
  const out: PreparedProject = {
    skillKeys,
    skillLabels,
    certs,
    wanted,
    needYears: project.experienceRequired,
    bondingRequired: project.bondingRequired,
    value,
    valueUsd: value === null ? "" : usd(value),
    lat: project.latitude,
    lng: project.longitude,
    cosLat: project.latitude === null ? 0 : Math.cos(project.latitude * RAD),
    insurance,
  };
  prepared.set(project, out);
  return out;
}

/** A current CSLB licence of the member that lists the class (or any licence when cls is null). */
function holdsLicence(credentials: readonly MatchCredential[], today: string, cls: string | null): boolean {
  for (const c of credentials) {
    if (c.type !== "CSLB_LICENSE" || !isCurrent(c, today)) continue;
    if (cls === null) return true;
    for (const k of (c.classification ?? "").split(",")) if (normClass(k) === cls) return true;
  }
  return false;
}

/** A hard requirement the member lacks: a reason, and named in missingHard (in the same order). */
function missing(reasons: MatchReason[], missingHard: string[], topic: MatchReason["topic"], text: string): void {
  reasons.push({ topic, kind: "missing", hard: true, text });
  missingHard.push(text);
}

export function matchScore(member: MatchMember, project: MatchProject, now: Date = new Date()): MatchResult {
  const p = prepareProject(project);
  const today = todayOf(now);
  const reasons: MatchReason[] = [];
  const missingHard: string[] = [];
  let points = 0;

  // The member's current credentials of the types the project asks for, as bits over p.wanted.
  let held = 0;
  if (p.wanted.size > 0) {
    for (const c of member.credentials) {
      const slot = p.wanted.get(c.type);
      if (slot !== undefined && isCurrent(c, today)) held |= 1 << slot;
    }
  }

  // Skills: each required skill the member has earns its share, scaled by level; years add a little.
  const requiredCount = p.skillLabels.length;
  if (requiredCount === 0) {
    points += WEIGHT.skills;
  } else {
    // A member listing one skill twice: the later entry counts (as a Map built from the list would).
    const found: Array<MatchSkill | undefined> = new Array(requiredCount);
    for (const s of member.skills) {
      const i = p.skillKeys.get(norm(s.skill));
      if (i !== undefined) found[i] = s;
    }
    let credit = 0;
    let matched = "";
    let lacking = "";
    for (let i = 0; i < requiredCount; i++) {
      const s = found[i];
      const label = p.skillLabels[i]!;
      if (!s) {
        lacking = lacking ? `${lacking}, ${label}` : label;
        continue;
      }
      const yearsBonus = s.years !== null && s.years >= 5 ? 0.1 : 0;
      credit += Math.min(1, LEVEL_CREDIT[s.level] + yearsBonus);
      const item = `${label} (${LEVEL_TEXT[s.level]}${s.years !== null ? `, ${s.years} yr` : ""})`;
      matched = matched ? `${matched}, ${item}` : item;
    }
    points += (WEIGHT.skills * credit) / requiredCount;
    if (matched) reasons.push({ topic: "skills", kind: lacking ? "partial" : "met", hard: false, text: `Your skills: ${matched}` });
    if (lacking) reasons.push({ topic: "skills", kind: "missing", hard: false, text: `Skills asked for that your profile does not list: ${lacking}` });
  }

  // Certifications: a licence class or a named certification is required; a participation goal is a plus.
  if (p.certs.length === 0) {
    points += WEIGHT.certifications;
  } else {
    let credit = 0;
    for (const r of p.certs) {
      const has = r.cslb ? holdsLicence(member.credentials, today, r.cls) : r.slot >= 0 && (held & (1 << r.slot)) !== 0;
      if (has) {
        credit += 1;
        reasons.push({ topic: "certifications", kind: "met", hard: !r.goal, text: r.metText });
      } else if (r.goal) {
        credit += 0.5;
        reasons.push({ topic: "certifications", kind: "partial", hard: false, text: r.partialText });
      } else {
        missing(reasons, missingHard, "certifications", r.missingText);
      }
    }
    points += (WEIGHT.certifications * credit) / p.certs.length;
  }

  // Experience.
  const needYears = p.needYears;
  if (needYears <= 0) {
    points += WEIGHT.experience;
  } else if (member.yearsExperience !== null && member.yearsExperience >= needYears) {
    points += WEIGHT.experience;
    reasons.push({ topic: "experience", kind: "met", hard: true, text: `${member.yearsExperience} years of experience (${needYears} required)` });
  } else {
    const have = member.yearsExperience ?? 0;
    points += (WEIGHT.experience * have) / needYears / 2;
    missing(
      reasons,
      missingHard,
      "experience",
      member.yearsExperience === null
        ? `${needYears} years of experience required (your profile does not say how many you have)`
        : `${needYears} years of experience required (you have ${have})`,
    );
  }

  // Bonding.
  if (!p.bondingRequired) {
    points += WEIGHT.bonding;
  } else {
    const capacity = toNumber(member.bondingCapacity);
    const value = p.value;
    if (capacity !== null && capacity > 0 && (value === null || capacity >= value)) {
      points += WEIGHT.bonding;
      reasons.push({ topic: "bonding", kind: "met", hard: true, text: `Bonding capacity ${usd(capacity)}${value !== null ? ` covers the ${p.valueUsd} estimate` : ""}` });
    } else {
      missing(
        reasons,
        missingHard,
        "bonding",
        capacity === null || capacity <= 0
          ? `Bonding required${value !== null ? ` for about ${p.valueUsd}` : ""} (no bonding capacity on your profile)`
          : `Bonding required for about ${p.valueUsd} (your capacity is ${usd(capacity)})`,
      );
    }
  }

  // Distance vs the member's service radius: soft (members do travel for the right job).
  if (p.lat === null || p.lng === null) {
    points += WEIGHT.distance;
  } else if (member.latitude === null || member.longitude === null || member.serviceRadiusMiles === null) {
    points += WEIGHT.distance / 2;
    reasons.push({ topic: "distance", kind: "partial", hard: false, text: "Add your ZIP and service radius to your profile to match by distance" });
  } else {
    // milesBetween(member, project) with the project's cosine computed once: the same arithmetic, in the same order.
    const dLat = (p.lat - member.latitude) * RAD;
    const dLng = (p.lng - member.longitude) * RAD;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(member.latitude * RAD) * p.cosLat * Math.sin(dLng / 2) ** 2;
    const miles = 2 * 3958.7613 * Math.asin(Math.min(1, Math.sqrt(h)));
    const radius = member.serviceRadiusMiles;
    if (miles <= radius) {
      points += WEIGHT.distance;
      reasons.push({ topic: "distance", kind: "met", hard: false, text: `${Math.round(miles)} miles away, inside your ${radius}-mile service radius` });
    } else if (miles <= radius * 1.5) {
      points += WEIGHT.distance / 2;
      reasons.push({ topic: "distance", kind: "partial", hard: false, text: `${Math.round(miles)} miles away, a little beyond your ${radius}-mile service radius` });
    } else {
      reasons.push({ topic: "distance", kind: "missing", hard: false, text: `${Math.round(miles)} miles away, outside your ${radius}-mile service radius` });
    }
  }

  // Insurance: the certificates a credential proves.
  if (p.insurance.length === 0) {
    points += WEIGHT.insurance;
  } else {
    let count = 0;
    for (const part of p.insurance) {
      if ((held & (1 << part.slot)) !== 0) {
        count += 1;
        reasons.push({ topic: "insurance", kind: "met", hard: true, text: part.metText });
      } else {
        missing(reasons, missingHard, "insurance", part.missingText);
      }
    }
    points += (WEIGHT.insurance * count) / p.insurance.length;
  }

  let score = Math.round(Math.max(0, Math.min(100, points)));
  if (missingHard.length > 0) score = Math.min(score, HARD_CAP);
  return { score, reasons, missingHard };
}
