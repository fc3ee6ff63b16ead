// The credentials vault's seed rows, carried over from what the seed keeps in
// users.certifications (the old-style list: type, number, agency, expiresAt, classification).
// One mapping serves the demo, the --scale bulk members and the one-time copy of an existing
// database (scripts/lib/carry-certifications.ts):
//   - the CSLB entries of one licence number (one per class) become ONE licence whose
//     classification lists the class codes ("A, C-8");
//   - LBE (no type of its own in the vault) becomes OTHER with classification "LBE";
//   - a passed expiry day is EXPIRED; otherwise the status is the caller's choice.
import type { NewCredential, NewUser } from "../../src/db/schema/index.ts";
import type { CredentialStatus, CredentialType } from "../../src/db/schema/directory.ts";
import { demoCertificateBody } from "./files.ts";
import type { Member } from "./members.ts";
import type { Rng } from "./random.ts";
import { Clock, isoDay } from "./time.ts";

const TYPE_OF: Record<string, CredentialType> = {
  CSLB: "CSLB_LICENSE",
  DBE: "DBE",
  MBE: "MBE",
  WBE: "WBE",
  DVBE: "DVBE",
  SBE: "SBE",
  "8A": "SBA_8A",
  SBA_8A: "SBA_8A",
};

interface OldCertification {
  type: string;
  number?: string;
  agency?: string;
  expiresAt?: string;
  classification?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function readCertifications(value: unknown): OldCertification[] {
  if (!Array.isArray(value)) return [];
  return value.filter((c): c is OldCertification => typeof c === "object" && c !== null && typeof (c as { type?: unknown }).type === "string");
}

const text = (v: unknown, max: number): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim().slice(0, max) : null);

/** The vault rows for one member's old-style certifications (ids and statuses from the caller). */
export function credentialsFromCertifications(
  userId: string,
  certifications: unknown,
  opts: { today: string; status: (c: { type: CredentialType; expiresOn: string | null }) => CredentialStatus; id: (key: string) => string },
): NewCredential[] {
  const merged = new Map<string, { type: CredentialType; issuer: string | null; number: string | null; classes: string[]; expiresOn: string | null }>();
  for (const c of readCertifications(certifications)) {
    const type = TYPE_OF[c.type.toUpperCase()] ?? "OTHER";
    const number = text(c.number, 60);
    const expiresOn = typeof c.expiresAt === "string" && DAY.test(c.expiresAt) ? c.expiresAt : null;
    const key = type === "CSLB_LICENSE" ? `${type}:${number}` : `${type}:${c.type}:${number}:${merged.size}`;
    const entry = merged.get(key) ?? { type, issuer: text(c.agency, 120), number, classes: [], expiresOn };
    const cls = type === "CSLB_LICENSE" ? text(c.classification, 120)?.split(" ")[0] : type === "OTHER" ? c.type.toUpperCase() : null;
    if (cls && !entry.classes.includes(cls)) entry.classes.push(cls);
    merged.set(key, entry);
  }
  return [...merged.entries()].map(([key, e]) => {
    const expired = e.expiresOn !== null && e.expiresOn < opts.today;
    return {
      id: opts.id(key),
      userId,
      type: e.type,
      issuer: e.issuer,
      number: e.number,
      classification: e.classes.length ? e.classes.join(", ") : null,
      issuedOn: null,
      expiresOn: e.expiresOn,
      status: expired ? "EXPIRED" : opts.status({ type: e.type, expiresOn: e.expiresOn }),
    };
  });
}

/**
 * Every seeded member's vault. Verified members' carried-over credentials were reviewed when
 * the chapter verified the member (the seed's audit trail says so): VERIFIED, a few still
 * PENDING so the review queue has work; unverified members' are PENDING. The demo member gets
 * a fixed set (see demoCredentials).
 */
export function buildCredentials(rng: Rng, clock: Clock, users: NewUser[], members: Member[], demo: Member, reviewers: string[]): NewCredential[] {
  const today = isoDay(clock.anchor);
  const byId = new Map(members.map((m) => [m.id, m]));
  const rows: NewCredential[] = [];
  for (const u of users) {
    if (u.id === demo.id) continue;
    const member = byId.get(u.id!);
    const verified = Boolean(member?.isVerified && !member.deleted);
    for (const row of credentialsFromCertifications(u.id!, u.certifications, {
      today,
      id: () => rng.id(),
      status: () => (verified && !rng.chance(0.06) ? "VERIFIED" : "PENDING"),
    })) {
      row.issuedOn = row.expiresOn ? isoDay(Clock.plusDays(new Date(`${row.expiresOn}T00:00:00Z`), -rng.int(365, 3 * 365))) : null;
      if (row.status === "VERIFIED" || row.status === "EXPIRED") {
        row.reviewedAt = Clock.max(member?.memberSince ?? clock.days(-400), clock.at(-rng.int(30, 700), rng.int(9 * 60, 17 * 60)));
        row.reviewedById = rng.pick(reviewers);
      }
      rows.push(row);
    }
  }
  rows.push(...demoCredentials(rng, clock, demo, reviewers[0]!));
  return rows;
}

/**
 * member@example.org: a verified CSLB licence (A, C-8 and C-10), an MBE certification verified
 * and expiring in 20 days (the home page warns, a reminder is due), the rest of the seed's
 * certifications verified, and a general liability certificate waiting for review with its
 * PDF in R2 (the review queue shows it).
 */
function demoCredentials(rng: Rng, clock: Clock, demo: Member, reviewer: string): NewCredential[] {
  const reviewed = { status: "VERIFIED" as const, reviewedAt: clock.at(-120, 10 * 60), reviewedById: reviewer };
  const day = (n: number) => isoDay(clock.days(n));
  const pdf = demoCertificateBody(demo.company);
  const documentId = rng.id();
  return [
    { id: rng.id(), userId: demo.id, type: "CSLB_LICENSE", issuer: "Contractors State License Board", number: "1004217", classification: "A, C-8, C-10", issuedOn: day(-320), expiresOn: day(410), ...reviewed },
    { id: rng.id(), userId: demo.id, type: "MBE", issuer: "CPUC Supplier Clearinghouse", number: "23004518", issuedOn: day(-710), expiresOn: day(20), ...reviewed },
    { id: rng.id(), userId: demo.id, type: "DBE", issuer: "California Unified Certification Program (Caltrans)", number: "43871", issuedOn: day(-210), expiresOn: day(520), ...reviewed },
    { id: rng.id(), userId: demo.id, type: "SBE", issuer: "California Department of General Services", number: "2019874", issuedOn: day(-430), expiresOn: day(300), ...reviewed },
    { id: rng.id(), userId: demo.id, type: "WBE", issuer: "CPUC Supplier Clearinghouse", number: "WBE230117", issuedOn: day(-685), expiresOn: day(45), ...reviewed },
    { id: rng.id(), userId: demo.id, type: "OTHER", issuer: "City of Oakland Local Business Enterprise", number: "004512", classification: "LBE", issuedOn: day(-540), expiresOn: day(190), ...reviewed },
    {
      id: documentId,
      userId: demo.id,
      type: "GENERAL_LIABILITY",
      issuer: "The Hartford",
      number: "57 SBA RT4421",
      classification: "$2,000,000 per occurrence",
      issuedOn: day(-2),
      expiresOn: day(363),
      documentKey: `credentials/${demo.id}/${documentId}`,
      documentName: "general-liability-certificate.pdf",
      documentType: "application/pdf",
      documentSize: pdf.byteLength,
      status: "PENDING",
      createdAt: clock.at(-2, 9 * 60),
      updatedAt: clock.at(-2, 9 * 60),
    },
  ];
}

/** The --scale bulk members' vaults: carried over from their certifications, verified for verified members. */
export function scaleCredentials(rng: Rng, users: NewUser[], today: string): NewCredential[] {
  return users.flatMap((u) =>
    credentialsFromCertifications(u.id!, u.certifications, { today, id: () => rng.id(), status: () => (u.isVerified && !rng.chance(0.05) ? "VERIFIED" : "PENDING") }),
  );
}
