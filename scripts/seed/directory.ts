// The directory side of generated members: who lists themselves where and shows what, and
// their certifications as rows of the credentials table (the seed's `certifications` JSON
// carried over: CSLB entries of one licence merged, LBE kept as OTHER), with a review status.
import type { NewCredential, NewUser } from "../../src/db/schema/index.ts";
import type { Certification } from "./people.ts";
import type { Rng } from "./random.ts";
import type { Clock } from "./time.ts";
import { isoDay } from "./time.ts";

type DirectoryFields = Pick<NewUser, "directoryVisibility" | "showEmail" | "showPhone" | "yearsExperience" | "serviceRadiusMiles" | "bondingCapacity">;

/** Most members stay members-only (the default); about a third opt in to the public listing, a few hide. */
export function directoryChoices(rng: Rng, yearsInBusiness: number): DirectoryFields {
  const visibility = rng.weighted([["MEMBERS", 58], ["PUBLIC", 34], ["HIDDEN", 8]] as const);
  return {
    directoryVisibility: visibility,
    showEmail: rng.chance(visibility === "PUBLIC" ? 0.5 : 0.3),
    showPhone: rng.chance(visibility === "PUBLIC" ? 0.6 : 0.35),
    yearsExperience: Math.min(80, Math.max(0, yearsInBusiness)),
    serviceRadiusMiles: rng.pick([25, 50, 50, 75, 100, 150, 250]),
    bondingCapacity: rng.chance(0.7) ? String(rng.pick([250_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000])) : null,
  };
}

const TYPES = { CSLB: "CSLB_LICENSE", DBE: "DBE", MBE: "MBE", WBE: "WBE", DVBE: "DVBE", SBE: "SBE", LBE: "OTHER" } as const;

/**
 * The member's certifications as credentials. Past their expiry date they are EXPIRED; of the
 * rest, most were verified by the chapter, some wait for review and a few were rejected.
 */
export function credentialRows(rng: Rng, clock: Clock, userId: string, certs: readonly Certification[], reviewerId: string | null): NewCredential[] {
  const today = isoDay(clock.anchor);
  const merged = new Map<string, Certification>();
  for (const c of certs) {
    const key = `${c.type}/${c.number}`;
    const seen = merged.get(key);
    if (seen && c.classification) seen.classification = [seen.classification, c.classification].filter(Boolean).join(", ");
    else if (!seen) merged.set(key, { ...c });
  }
  const rows: NewCredential[] = [...merged.values()].map((c) => {
    const expired = c.expiresAt < today;
    const status = expired ? "EXPIRED" : rng.weighted([["VERIFIED", 85], ["PENDING", 11], ["REJECTED", 4]] as const);
    const issued = new Date(`${c.expiresAt}T12:00:00Z`);
    issued.setUTCFullYear(issued.getUTCFullYear() - rng.pick([1, 2, 3]));
    return {
      id: rng.id(),
      userId,
      type: TYPES[c.type],
      issuer: c.agency,
      number: c.number,
      classification: c.classification ?? null,
      issuedOn: isoDay(issued),
      expiresOn: c.expiresAt,
      status,
      rejectionReason: status === "REJECTED" ? "The certificate uploaded is not legible; please upload a clear copy." : null,
      reviewedAt: status === "PENDING" ? null : clock.at(-rng.int(5, 200), rng.int(9 * 60, 17 * 60)),
      reviewedById: status === "PENDING" ? null : reviewerId,
    };
  });
  // SBA 8(a) is federal and rarer; the seed's JSON never had it.
  if (rng.chance(0.05)) {
    rows.push({
      id: rng.id(), userId, type: "SBA_8A", issuer: "U.S. Small Business Administration", number: `8A-${rng.digits(6)}`,
      issuedOn: isoDay(clock.days(-rng.int(100, 1500))), expiresOn: isoDay(clock.days(rng.int(60, 1200))), status: "VERIFIED",
      reviewedAt: clock.at(-rng.int(5, 90), rng.int(9 * 60, 17 * 60)), reviewedById: reviewerId,
    });
  }
  return rows;
}

/**
 * The demo's members choose where they are listed (the demo logins and staff keep the
 * defaults). The first verified Martinez is in the public listing, so a search for
 * "Martnez" finds someone on both pages.
 */
export function withDirectoryChoices(rng: Rng, users: NewUser[], keep: ReadonlySet<string>): void {
  let martinez = false;
  for (const u of users) {
    if (keep.has(u.id!) || u.memberType === "admin") continue;
    Object.assign(u, directoryChoices(rng, rng.int(3, 35)));
    if (!martinez && u.lastName === "Martinez" && u.isVerified && !u.deletedAt) {
      u.directoryVisibility = "PUBLIC";
      martinez = true;
    }
  }
}
