/**
 * The certificate as a W3C Verifiable Credential 2.0, shaped as an Open Badges 3.0
 * OpenBadgeCredential. Pure: no I/O, no keys. The signed form is a VC-JWT (signing.ts).
 *
 * Hours: Open Badges 3.0 has no "hours" field. The hours of instruction are the achievement's
 * `creditsAvailable` and the subject's `creditsEarned`; the achievement's `otherIdentifier`
 * entry "credit-unit:hours" names the unit.
 */

export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
export const CHAPTER_NAME = "Chapter of Minority Construction Contractors";
/** The status method of 1EdTech (Open Badges 3.0): the id answers which credentials are revoked. */
export const STATUS_TYPE = "1EdTechRevocationList";

export interface CredentialInput {
  publicUrl: string;
  certificateId: string;
  courseId: string;
  courseTitle: string;
  courseDescription: string;
  /** What a member had to do: the course's objectives, when it has any. */
  objectives: string[];
  recipientName: string;
  hours: string;
  completedAt: Date | null;
  issuedAt: Date;
}

export interface IssuerProfile {
  "@context": string[];
  id: string;
  type: ["Profile"];
  name: string;
  url: string;
  description: string;
}

export interface OpenBadgeCredential {
  "@context": string[];
  id: string;
  type: ["VerifiableCredential", "OpenBadgeCredential"];
  name: string;
  issuer: { id: string; type: ["Profile"]; name: string; url: string };
  validFrom: string;
  credentialSubject: {
    type: ["AchievementSubject"];
    identifier: { type: "IdentityObject"; identityHash: string; identityType: "name"; hashed: false }[];
    activityEndDate?: string;
    creditsEarned: number;
    achievement: {
      id: string;
      type: ["Achievement"];
      achievementType: "Course";
      name: string;
      description: string;
      criteria: { narrative: string };
      creditsAvailable: number;
      otherIdentifier: { type: "IdentifierEntry"; identifier: string; identifierType: "identifier" }[];
    };
  };
  credentialStatus: { id: string; type: typeof STATUS_TYPE };
}

const base = (publicUrl: string) => publicUrl.replace(/\/+$/, "");

export const issuerId = (publicUrl: string) => `${base(publicUrl)}/issuer`;
export const certificateUrl = (publicUrl: string, id: string) => `${base(publicUrl)}/certificates/${id}`;
export const statusUrl = (publicUrl: string, id: string) => `${certificateUrl(publicUrl, id)}/status`;
export const courseUrl = (publicUrl: string, id: string) => `${base(publicUrl)}/courses/${id}`;
/** Where the issuer's public keys are published (a JWKS). */
export const jwksUrl = (publicUrl: string) => `${issuerId(publicUrl)}/jwks.json`;
/** A key's id as the JWT header and the JWKS name it: a URL that resolves to the key (the JWKS, then the key with this id). */
export const keyUrl = (publicUrl: string, kid: string) => `${jwksUrl(publicUrl)}#${kid}`;

/** The chapter as an Open Badges 3.0 Profile: what `/issuer` answers. */
export function issuerProfile(publicUrl: string): IssuerProfile {
  return {
    "@context": [VC_CONTEXT, OB3_CONTEXT],
    id: issuerId(publicUrl),
    type: ["Profile"],
    name: CHAPTER_NAME,
    url: base(publicUrl),
    description: `Issues certificates of completion for the chapter's courses. Public keys: ${jwksUrl(publicUrl)}`,
  };
}

/** Hours of a course from its duration in minutes, to two decimals as the certificates table keeps them. */
export function hoursFromMinutes(minutes: number | null): string {
  return ((minutes ?? 0) / 60).toFixed(2);
}

/** The seconds-free ISO form (2026-03-01T17:00:00Z) that VC 2.0's dateTimeStamp accepts. */
const isoSeconds = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;

export function buildCredential(input: CredentialInput): OpenBadgeCredential {
  const hours = Number(input.hours);
  const criteria =
    input.objectives.length > 0
      ? `Completed every module of the course, covering: ${input.objectives.join("; ")}.`
      : "Completed every module of the course.";
  return {
    "@context": [VC_CONTEXT, OB3_CONTEXT],
    id: certificateUrl(input.publicUrl, input.certificateId),
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `Certificate of completion: ${input.courseTitle}`,
    issuer: { id: issuerId(input.publicUrl), type: ["Profile"], name: CHAPTER_NAME, url: base(input.publicUrl) },
    validFrom: isoSeconds(input.issuedAt),
    credentialSubject: {
      type: ["AchievementSubject"],
      identifier: [{ type: "IdentityObject", identityHash: input.recipientName, identityType: "name", hashed: false }],
      ...(input.completedAt ? { activityEndDate: isoSeconds(input.completedAt) } : {}),
      creditsEarned: hours,
      achievement: {
        id: courseUrl(input.publicUrl, input.courseId),
        type: ["Achievement"],
        achievementType: "Course",
        name: input.courseTitle,
        description: input.courseDescription,
        criteria: { narrative: criteria },
        creditsAvailable: hours,
        // The unit of creditsAvailable / creditsEarned: Open Badges 3.0 leaves it to the issuer.
        otherIdentifier: [{ type: "IdentifierEntry", identifier: "credit-unit:hours", identifierType: "identifier" }],
      },
    },
    credentialStatus: { id: statusUrl(input.publicUrl, input.certificateId), type: STATUS_TYPE },
  };
}
