// The directory side of generated members: who lists themselves where and shows what.
// (Their certifications become credentials rows in credentials.ts.)
import type { NewUser } from "../../src/db/schema/index.ts";
import type { Rng } from "./random.ts";

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
