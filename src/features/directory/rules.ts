// Who sees whom in the member directory, and which of a profile's fields: pure rules, no I/O.
// The SQL of the listings (src/db/search.ts, listedIn) states the same listing rule for many rows.
import type { CredentialType } from "../../db/schema/directory.ts";
import type { User } from "../../db/schema/accounts.ts";

export type ListedProfile = Pick<User, "id" | "directoryVisibility" | "isActive" | "isVerified" | "deletedAt">;

/** Who is looking: a signed-in account (and whether it has the admin screens' view of members), or a visitor. */
export type Viewer = { kind: "member"; id: string; isVerified: boolean; admin: boolean } | { kind: "public" };

/** Listed in the member directory: a verified, active, undeleted member who did not hide themselves. */
export function isListed(p: ListedProfile): boolean {
  return p.deletedAt === null && p.isActive && p.isVerified && p.directoryVisibility !== "HIDDEN";
}

/** Listed in the public "Find a contractor" listing as well: only members who chose PUBLIC. */
export function isPublic(p: ListedProfile): boolean {
  return isListed(p) && p.directoryVisibility === "PUBLIC";
}

/**
 * May this viewer open the profile page? Verified members see listed members; a member always
 * sees their own page (to check what others see) and admins see every account that still
 * exists. Anyone else gets the same 404 as for an id that names nothing.
 */
export function canSeeProfile(p: ListedProfile, viewer: Viewer): boolean {
  if (viewer.kind === "public") return isPublic(p);
  if (!viewer.isVerified) return false;
  if (viewer.id === p.id || viewer.admin) return p.deletedAt === null;
  return isListed(p);
}

export type ContactProfile = Pick<User, "email" | "phone" | "showEmail" | "showPhone">;

/**
 * Email and phone as the owner allowed, for everyone alike (admins included: they have the
 * admin screens for the rest). The owner's own page shows the same, so it previews what others see.
 */
export function shownContact(p: ContactProfile): { email: string | null; phone: string | null } {
  return {
    email: p.showEmail && p.email ? p.email : null,
    phone: p.showPhone && p.phone?.trim() ? p.phone.trim() : null,
  };
}

// ---------------------------------------------------------------- credentials

/** The certification filter's choices: the credential type each one means. */
export const CERTIFICATION_FILTERS = {
  MBE: { type: "MBE", label: "MBE — Minority Business Enterprise" },
  WBE: { type: "WBE", label: "WBE — Woman Business Enterprise" },
  DBE: { type: "DBE", label: "DBE — Disadvantaged Business Enterprise" },
  DVBE: { type: "DVBE", label: "DVBE — Disabled Veteran Business Enterprise" },
  SBE: { type: "SBE", label: "SBE — Small Business Enterprise" },
  "8A": { type: "SBA_8A", label: "SBA 8(a)" },
  CSLB: { type: "CSLB_LICENSE", label: "CSLB contractor's licence" },
} as const satisfies Record<string, { type: CredentialType; label: string }>;
export type CertificationFilter = keyof typeof CERTIFICATION_FILTERS;

/** Short names for badges. */
export const BADGE_LABELS: Partial<Record<CredentialType, string>> = {
  CSLB_LICENSE: "CSLB",
  DBE: "DBE",
  MBE: "MBE",
  WBE: "WBE",
  DVBE: "DVBE",
  SBE: "SBE",
  SBA_8A: "8(a)",
};

/**
 * A CSLB licence class as members write it: A, B, B-2, C-2 … C-61, or a C-61 limited
 * specialty such as C-61/D-12. Case and spaces are forgiven; anything else is refused.
 */
export function normalizeLicenceClass(input: string): string | null {
  const v = input.trim().toUpperCase().replace(/\s+/g, "");
  const m = /^(A|B|B-?2|C-?(\d{1,2})(\/D-?(\d{1,2}))?)$/.exec(v);
  if (!m) return null;
  if (m[1] === "A" || m[1] === "B") return m[1];
  if (m[1]!.startsWith("B")) return "B-2";
  return m[4] ? `C-${Number(m[2])}/D-${Number(m[4])}` : `C-${Number(m[2])}`;
}

/** Badge text: "DBE", or "CSLB C-10" with the classes of a licence (the first word of each). */
export function badgeText(b: { type: CredentialType; classification: string | null }): string {
  const label = BADGE_LABELS[b.type] ?? b.type;
  if (b.type !== "CSLB_LICENSE" || !b.classification) return label;
  const classes = [
    ...new Set(
      b.classification
        .split(",")
        .map((k) => k.trim().split(/\s+/)[0] ?? "")
        .filter(Boolean),
    ),
  ];
  return classes.length ? `${label} ${classes.join(", ")}` : label;
}

/** One badge per type, licence classes merged: "CSLB A, C-8", "DBE", "MBE". */
export function badgeTexts(badges: ReadonlyArray<{ type: CredentialType; classification: string | null }>): string[] {
  const byType = new Map<CredentialType, string[]>();
  for (const b of badges) {
    const list = byType.get(b.type) ?? [];
    if (b.classification) list.push(b.classification);
    byType.set(b.type, list);
  }
  return [...byType].map(([type, classes]) => badgeText({ type, classification: classes.length ? classes.join(",") : null }));
}
