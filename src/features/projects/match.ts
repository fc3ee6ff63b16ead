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

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");
/** CSLB classes as written in different places: "C-10", "c10", "C 10" are one class. */
const normClass = (s: string) => s.trim().toUpperCase().replace(/[\s-]+/g, "");

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

export function matchScore(member: MatchMember, project: MatchProject, now: Date = new Date()): MatchResult {
  const today = dayOf(now);
  const reasons: MatchReason[] = [];
  let points = 0;
  const credentials = member.credentials.filter((c) => isCurrent(c, today));
  const has = (type: CredentialType) => credentials.some((c) => c.type === type);

  // Skills: each required skill the member has earns its share, scaled by level; years add a little.
  const required = [...new Set(project.skillsRequired.map(norm).filter(Boolean))];
  if (required.length === 0) {
    points += WEIGHT.skills;
  } else {
    const mine = new Map(member.skills.map((s) => [norm(s.skill), s]));
    let credit = 0;
    const matched: string[] = [];
    const lacking: string[] = [];
    for (const [i, key] of required.entries()) {
      const s = mine.get(key);
      const label = project.skillsRequired.find((x) => norm(x) === key) ?? required[i]!;
      if (!s) {
        lacking.push(label);
        continue;
      }
      const yearsBonus = s.years !== null && s.years >= 5 ? 0.1 : 0;
      credit += Math.min(1, LEVEL_CREDIT[s.level] + yearsBonus);
      matched.push(`${label} (${s.level.toLowerCase()}${s.years !== null ? `, ${s.years} yr` : ""})`);
    }
    points += (WEIGHT.skills * credit) / required.length;
    if (matched.length > 0) reasons.push({ topic: "skills", kind: lacking.length ? "partial" : "met", hard: false, text: `Your skills: ${matched.join(", ")}` });
    if (lacking.length > 0) reasons.push({ topic: "skills", kind: "missing", hard: false, text: `Skills asked for that your profile does not list: ${lacking.join(", ")}` });
  }

  // Certifications: a licence class or a named certification is required; a participation goal is a plus.
  const certs = readCertifications(project.certificationsRequired);
  if (certs.length === 0) {
    points += WEIGHT.certifications;
  } else {
    let credit = 0;
    for (const r of certs) {
      const type = CREDENTIAL_FOR[r.type];
      const goal = r.goalPercent !== undefined;
      const label = certificationLabel(r);
      const held =
        type === "CSLB_LICENSE"
          ? credentials.some(
              (c) =>
                c.type === "CSLB_LICENSE" &&
                (!r.classification || (c.classification ?? "").split(",").some((k) => normClass(k) === normClass(r.classification!))),
            )
          : type !== undefined && has(type);
      if (held) {
        credit += 1;
        reasons.push({ topic: "certifications", kind: "met", hard: !goal, text: goal ? `${label}: counts toward the ${r.goalPercent}% goal` : `${label}: verified` });
      } else if (goal) {
        credit += 0.5;
        reasons.push({ topic: "certifications", kind: "partial", hard: false, text: `${label} would count toward the ${r.goalPercent}% participation goal` });
      } else {
        reasons.push({ topic: "certifications", kind: "missing", hard: true, text: `${label} (none verified and current in your credentials)` });
      }
    }
    points += (WEIGHT.certifications * credit) / certs.length;
  }

  // Experience.
  const needYears = project.experienceRequired;
  if (needYears <= 0) {
    points += WEIGHT.experience;
  } else if (member.yearsExperience !== null && member.yearsExperience >= needYears) {
    points += WEIGHT.experience;
    reasons.push({ topic: "experience", kind: "met", hard: true, text: `${member.yearsExperience} years of experience (${needYears} required)` });
  } else {
    const have = member.yearsExperience ?? 0;
    points += (WEIGHT.experience * have) / needYears / 2;
    reasons.push({
      topic: "experience",
      kind: "missing",
      hard: true,
      text:
        member.yearsExperience === null
          ? `${needYears} years of experience required (your profile does not say how many you have)`
          : `${needYears} years of experience required (you have ${have})`,
    });
  }

  // Bonding.
  if (!project.bondingRequired) {
    points += WEIGHT.bonding;
  } else {
    const capacity = toNumber(member.bondingCapacity);
    const value = toNumber(project.estimatedValue);
    if (capacity !== null && capacity > 0 && (value === null || capacity >= value)) {
      points += WEIGHT.bonding;
      reasons.push({ topic: "bonding", kind: "met", hard: true, text: `Bonding capacity ${usd(capacity)}${value !== null ? ` covers the ${usd(value)} estimate` : ""}` });
    } else {
      reasons.push({
        topic: "bonding",
        kind: "missing",
        hard: true,
        text:
          capacity === null || capacity <= 0
            ? `Bonding required${value !== null ? ` for about ${usd(value)}` : ""} (no bonding capacity on your profile)`
            : `Bonding required for about ${usd(value!)} (your capacity is ${usd(capacity)})`,
      });
    }
  }

  // Distance vs the member's service radius: soft (members do travel for the right job).
  if (project.latitude === null || project.longitude === null) {
    points += WEIGHT.distance;
  } else if (member.latitude === null || member.longitude === null || member.serviceRadiusMiles === null) {
    points += WEIGHT.distance / 2;
    reasons.push({ topic: "distance", kind: "partial", hard: false, text: "Add your ZIP and service radius to your profile to match by distance" });
  } else {
    const miles = milesBetween(member.latitude, member.longitude, project.latitude, project.longitude);
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
  const insurance = readInsurance(project.insuranceRequired);
  const parts: Array<[boolean, CredentialType, string]> = [
    [insurance.generalLiability, "GENERAL_LIABILITY", "General liability insurance"],
    [insurance.workersComp, "WORKERS_COMP", "Workers' compensation insurance"],
  ];
  const asked = parts.filter(([needed]) => needed);
  if (asked.length === 0) {
    points += WEIGHT.insurance;
  } else {
    let held = 0;
    for (const [, type, label] of asked) {
      if (has(type)) {
        held += 1;
        reasons.push({ topic: "insurance", kind: "met", hard: true, text: `${label}: certificate verified` });
      } else {
        reasons.push({ topic: "insurance", kind: "missing", hard: true, text: `${label} (no current certificate in your credentials)` });
      }
    }
    points += (WEIGHT.insurance * held) / asked.length;
  }

  const missingHard = reasons.filter((r) => r.hard && r.kind === "missing").map((r) => r.text);
  let score = Math.round(Math.max(0, Math.min(100, points)));
  if (missingHard.length > 0) score = Math.min(score, HARD_CAP);
  return { score, reasons, missingHard };
}
