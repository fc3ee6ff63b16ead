// Saved searches: a member's /projects filters kept under a name, with how often new matches
// are emailed (alerts.ts sends them). The saved query is read by the list's own filter schema
// (projectFiltersSchema), so a search that saves is a search the list accepts, and the cron
// reads it back the same way. Every read and write here is scoped to its owner.
import { and, asc, count, eq } from "drizzle-orm";
import * as z from "zod";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { savedSearches, type AlertFrequency, type SavedSearch } from "../../db/schema/projects.ts";
import { choices, plainText, rowId } from "../../lib/fields.ts";
import { toFieldErrors } from "../../lib/forms.ts";
import { noticeTable } from "../../lib/notices.ts";
import { EMPTY_FILTERS, projectFiltersSchema, type ProjectFilters } from "./view.ts";

/** A member keeps at most this many. */
export const MAX_SAVED_SEARCHES = 20;
/** A saved query string longer than this is not one the list's form makes. */
const MAX_QUERY_LENGTH = 2000;

export const FREQUENCY = choices(
  { INSTANT: "As soon as they are posted", DAILY: "Once a day", WEEKLY: "Once a week" } satisfies Record<AlertFrequency, string>,
  "Choose how often from the list.",
);

export type SavedQuery = { ok: true; filters: ProjectFilters; query: string } | { ok: false; errors: Record<string, string> };

/**
 * A saved query string as /projects reads its own URL: each filter's first value, through the
 * list's schema; the page, unknown keys and blank filters are dropped. `query` is the canonical
 * form stored (filters in the form's order).
 */
export function readSavedQuery(query: string): SavedQuery {
  if (query.length > MAX_QUERY_LENGTH) return { ok: false, errors: { query: "This search is too long to save. Use fewer words or filters." } };
  const params = new URLSearchParams(query.startsWith("?") ? query.slice(1) : query);
  const raw: Record<string, string> = {};
  for (const key of Object.keys(projectFiltersSchema.shape)) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  const parsed = projectFiltersSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error.issues) };
  return { ok: true, filters: parsed.data, query: writeSavedQuery(parsed.data) };
}

/** The filters as the query string /projects takes, blank ones left out. */
export function writeSavedQuery(f: ProjectFilters): string {
  const out = new URLSearchParams();
  for (const key of Object.keys(EMPTY_FILTERS) as Array<keyof ProjectFilters>) if (f[key] !== "") out.set(key, f[key]);
  return out.toString();
}

export const saveSearchSchema = z.object({
  name: plainText("Name", 100)
    .refine((v) => v.trim() !== "", "Give the search a name, like “Paving near Oakland”")
    .transform((v) => v.trim()),
  frequency: FREQUENCY.schema,
  query: z.string({ error: "The search to save is missing. Search again, then save." }).max(MAX_QUERY_LENGTH + 1).default(""),
});

export const frequencySchema = z.object({ frequency: FREQUENCY.schema });

export const thresholdSchema = z.object({
  threshold: z
    .string({ error: "Enter a score from 0 to 100" })
    .trim()
    .regex(/^\d{1,3}$/, "Enter a whole number from 0 to 100")
    .transform(Number)
    .refine((n) => n >= 0 && n <= 100, "Enter a whole number from 0 to 100"),
});

export const savedSearchNotices = noticeTable({
  saved: { tone: "good", text: "Search saved. New matches will be emailed to you." },
  updated: { tone: "good", text: "How often you hear about this search was changed." },
  deleted: { tone: "info", text: "Saved search deleted. No more emails for it." },
  threshold: { tone: "good", text: "Your alert threshold was saved." },
} satisfies Record<string, { tone: "good" | "info" | "bad"; text: string }>);

// ---------------------------------------------------------------- reads and writes (owner only)

export function listSavedSearches(db: Db, userId: string): Promise<SavedSearch[]> {
  return db.select().from(savedSearches).where(eq(savedSearches.userId, userId)).orderBy(asc(savedSearches.createdAt), asc(savedSearches.id)).limit(MAX_SAVED_SEARCHES + 5);
}

export async function alertThreshold(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ t: users.bidAlertThreshold }).from(users).where(eq(users.id, userId));
  return row?.t ?? 70;
}

export type SaveResult = { ok: true; id: string } | { ok: false; errors: Record<string, string> };

/**
 * Saves a search unless the member already has MAX_SAVED_SEARCHES. The count and the insert
 * are one statement, so two saves at once cannot pass the limit together unnoticed by both.
 */
export async function saveSearch(db: Db, userId: string, input: { name: string; frequency: AlertFrequency; query: string }, now: Date): Promise<SaveResult> {
  const read = readSavedQuery(input.query);
  if (!read.ok) return { ok: false, errors: { query: `This search cannot be saved: ${Object.values(read.errors)[0] ?? "its filters are not valid"}.` } };
  return db.transaction(async (tx) => {
    // One member's saves queue behind each other (the row lock), so the count is exact.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(savedSearches).where(eq(savedSearches.userId, userId));
    if (n >= MAX_SAVED_SEARCHES) {
      return { ok: false as const, errors: { name: `You have ${MAX_SAVED_SEARCHES} saved searches, the most you can keep. Delete one first.` } };
    }
    const [row] = await tx
      .insert(savedSearches)
      .values({ userId, name: input.name, query: read.query, frequency: input.frequency, lastCheckedAt: now })
      .returning({ id: savedSearches.id });
    return { ok: true as const, id: row!.id };
  });
}

const ownId = rowId("Not a saved search");

/** Changes how often; false when the search is not this member's (or does not exist). */
export async function setFrequency(db: Db, userId: string, id: string, frequency: AlertFrequency): Promise<boolean> {
  if (!ownId.safeParse(id).success) return false;
  const rows = await db
    .update(savedSearches)
    .set({ frequency })
    .where(and(eq(savedSearches.id, id), eq(savedSearches.userId, userId)))
    .returning({ id: savedSearches.id });
  return rows.length === 1;
}

export async function deleteSavedSearch(db: Db, userId: string, id: string): Promise<boolean> {
  if (!ownId.safeParse(id).success) return false;
  const rows = await db
    .delete(savedSearches)
    .where(and(eq(savedSearches.id, id), eq(savedSearches.userId, userId)))
    .returning({ id: savedSearches.id });
  return rows.length === 1;
}

export async function setAlertThreshold(db: Db, userId: string, threshold: number): Promise<void> {
  await db.update(users).set({ bidAlertThreshold: threshold }).where(eq(users.id, userId));
}
