// The credentials vault's pure rules: labels, what status a credential really has today,
// days left, which expiry reminder is due, and when an edit needs a new review.
// Dates are the 'YYYY-MM-DD' strings Postgres keeps; "today" is the chapter's (Pacific) day.
import type { Credential, CredentialStatus, CredentialType } from "../../db/schema/directory.ts";
import { noticeTable } from "../../lib/notices.ts";
import { toPacificDateInput } from "../../lib/time.ts";

export const CREDENTIAL_TYPE_LABELS: Record<CredentialType, string> = {
  CSLB_LICENSE: "CSLB contractor's licence",
  DBE: "DBE certification",
  MBE: "MBE certification",
  WBE: "WBE certification",
  DVBE: "DVBE certification",
  SBE: "SBE certification",
  SBA_8A: "SBA 8(a) certification",
  GENERAL_LIABILITY: "General liability insurance",
  WORKERS_COMP: "Workers' compensation insurance",
  BOND: "Bond",
  OSHA_CARD: "OSHA card",
  OTHER: "Other",
};

export const CREDENTIAL_STATUS_LABELS: Record<CredentialStatus, string> = {
  PENDING: "Waiting for review",
  VERIFIED: "Verified",
  REJECTED: "Rejected",
  EXPIRED: "Expired",
};

/** Reminder stages: days before expiry (0 = on the day), latest first in time. */
export const REMINDER_STAGES = [60, 30, 7, 0] as const;
export type ReminderStage = (typeof REMINDER_STAGES)[number];
/** The on-the-day reminder is still sent this many days late, when the cron was down on the day. */
export const LAPSED_GRACE_DAYS = 7;
/** The home page and the list warn this many days ahead. */
export const EXPIRES_SOON_DAYS = 60;
/** The admin queue's "expiring" tab. */
export const EXPIRING_TAB_DAYS = 30;

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The chapter's calendar day at this instant, 'YYYY-MM-DD' (Pacific). */
export function chapterToday(now: Date): string {
  return toPacificDateInput(now);
}

function dayNumber(day: string): number {
  const m = ISO_DAY.exec(day);
  if (!m) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** A real calendar day written YYYY-MM-DD ("2026-02-30" is not one). */
export function isRealDay(value: string): boolean {
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function addDays(day: string, n: number): string {
  return new Date((dayNumber(day) + n) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from today to the expiry day: 0 on the day, negative once past. */
export function daysLeft(expiresOn: string, today: string): number {
  return dayNumber(expiresOn) - dayNumber(today);
}

/**
 * The status a credential has today. A PENDING or VERIFIED credential whose expiry day has
 * passed is EXPIRED at once, even before the cron writes it down; a REJECTED one stays rejected.
 * Valid through its expiry day.
 */
export function effectiveStatus(c: Pick<Credential, "status" | "expiresOn">, today: string): CredentialStatus {
  if ((c.status === "PENDING" || c.status === "VERIFIED") && c.expiresOn !== null && c.expiresOn < today) return "EXPIRED";
  return c.status;
}

/** Counts as a badge (directory, public listing, bid matching): verified and not expired. */
export function isActiveCredential(c: Pick<Credential, "status" | "expiresOn">, today: string): boolean {
  return effectiveStatus(c, today) === "VERIFIED";
}

/** Expires within the warning window (today included), and has not yet. */
export function expiresSoon(c: Pick<Credential, "status" | "expiresOn">, today: string): boolean {
  if (c.expiresOn === null || effectiveStatus(c, today) === "EXPIRED" || c.status === "REJECTED") return false;
  return daysLeft(c.expiresOn, today) <= EXPIRES_SOON_DAYS;
}

/** "Expires in 12 days", "Expires today", "Expired 3 days ago", "No expiry date". */
export function expiryText(expiresOn: string | null, today: string): string {
  if (expiresOn === null) return "No expiry date";
  const n = daysLeft(expiresOn, today);
  if (n === 0) return "Expires today";
  if (n === 1) return "Expires tomorrow";
  if (n > 1) return `Expires in ${n} days`;
  if (n === -1) return "Expired yesterday";
  return `Expired ${-n} days ago`;
}

/**
 * The one reminder due today, or null. Each stage covers the days from it down to the next:
 * 60 → days 60..31, 30 → 30..8, 7 → 7..1, and 0 → the day itself and up to LAPSED_GRACE_DAYS
 * after it. So a day the cron missed still sends the most recent stage, and never the stale
 * ones before it; the caller makes each (credential, expiry day, stage) send once.
 */
export function dueReminderStage(expiresOn: string, today: string): ReminderStage | null {
  const n = daysLeft(expiresOn, today);
  if (n > REMINDER_STAGES[0]) return null;
  if (n <= 0) return n >= -LAPSED_GRACE_DAYS ? 0 : null;
  let due: ReminderStage = REMINDER_STAGES[0];
  for (const stage of REMINDER_STAGES) if (stage > 0 && n <= stage) due = stage;
  return due;
}

/** Whether the reminder stage goes to a credential in this status (a rejected one is not a credential the member holds). */
export function remindsInStatus(status: CredentialStatus): boolean {
  return status !== "REJECTED";
}

/** The fields a member edits; any change to a verified (or expired, or rejected) credential needs a new review. */
export const REVIEWED_FIELDS = ["type", "issuer", "number", "classification", "issuedOn", "expiresOn", "documentKey"] as const;
export type ReviewedFields = Pick<Credential, (typeof REVIEWED_FIELDS)[number]>;

/**
 * The status after a member's edit: unchanged when nothing reviewed changed; otherwise back to
 * PENDING (what an admin verified is no longer what the badge would claim). A pending one stays pending.
 */
export function statusAfterEdit(before: ReviewedFields & { status: CredentialStatus }, after: ReviewedFields): CredentialStatus {
  const changed = REVIEWED_FIELDS.some((f) => (before[f] ?? null) !== (after[f] ?? null));
  return changed ? "PENDING" : before.status;
}

export type ReviewDecision = "VERIFIED" | "REJECTED";

/** After a member's change to their vault. */
export const credentialNotices = noticeTable({
  added: "Credential added. The chapter office will review it.",
  saved: "Changes saved.",
  resubmitted: "Changes saved. The credential goes back to the chapter office for review.",
  deleted: "Credential deleted.",
});

/** A short name for a credential in lists, emails and the audit trail: "MBE certification 23004518". */
export function credentialName(c: Pick<Credential, "type" | "number" | "classification">): string {
  const label = CREDENTIAL_TYPE_LABELS[c.type];
  const number = c.number ? ` ${c.number}` : "";
  const classes = c.classification ? ` (${c.classification})` : "";
  return `${label}${number}${classes}`;
}
