import type { NotificationPreferences } from "../db/schema/accounts.ts";

/**
 * The kinds of non-essential email a member can turn off, each on its own. Essential mail
 * (address confirmation, password reset, security notices, receipts, a registration's own
 * confirmation) is not listed: it is always sent and carries no unsubscribe link.
 */
export const OPTIONAL_EMAIL_KINDS = {
  eventReminders: { label: "Event reminders", hint: "A day before an event you registered for." },
  credentialExpiry: { label: "Credential expiry", hint: "60, 30 and 7 days before a licence, certificate or policy lapses, and on the day." },
  bidAlerts: { label: "Bid alerts", hint: "New bid opportunities that match your saved searches." },
  messageDigests: { label: "Message digests", hint: "Messages you have not read after a while." },
  announcements: { label: "Announcements", hint: "News and notices from the chapter office." },
} as const;

export type OptionalEmailKind = keyof typeof OPTIONAL_EMAIL_KINDS;
export const OPTIONAL_EMAIL_KIND_NAMES = Object.keys(OPTIONAL_EMAIL_KINDS) as OptionalEmailKind[];

export function isOptionalEmailKind(value: string): value is OptionalEmailKind {
  return Object.hasOwn(OPTIONAL_EMAIL_KINDS, value);
}

/**
 * Whether a member wants this kind of email. The seed's master `email` switch turns them all
 * off; a kind missing from the stored JSON (rows older than the kinds) is on.
 */
export function wantsEmail(prefs: NotificationPreferences | null | undefined, kind: OptionalEmailKind): boolean {
  if (!prefs) return true;
  if (prefs.email === false) return false;
  return prefs[kind] !== false;
}
