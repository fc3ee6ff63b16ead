// Bid alerts, sent by the cron (src/scheduled.ts), never by a request:
//  (a) saved searches: INSTANT ones every run, DAILY once a day, WEEKLY once a week. New matches
//      are opportunities the member may see, published after the search's lastCheckedAt and up to
//      this run's instant; one email per search listing them. The emails (one multi-row insert)
//      and lastCheckedAt move in one transaction, and the outbox id comes from (search, window
//      end): a retry of the same run inserts nothing twice, a concurrent run loses the
//      lastCheckedAt race and sends nothing.
//  (b) publish alerts: opportunities published since the last run, scored (match.ts) against
//      every verified member in batches; a member whose score reaches their bidAlertThreshold
//      gets one email per opportunity (outbox id from (project, member), so never twice).
// Both honour wantsEmail(prefs, "bidAlerts"). Outbox kind: BID_ALERT.
import { and, asc, eq, gt, inArray, isNull, lte, ne, sql } from "drizzle-orm";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { userSkills, users, type NotificationPreferences } from "../../db/schema/accounts.ts";
import { systemMetrics } from "../../db/schema/audit.ts";
import { emailOutbox } from "../../db/schema/auth.ts";
import { credentials, zipCodes } from "../../db/schema/directory.ts";
import { projectInvitations, projects, savedSearches, type AlertFrequency } from "../../db/schema/projects.ts";
import { wantsEmail } from "../../lib/email-preferences.ts";
import { formatDateTime } from "../../lib/time.ts";
import { matchScore, prepareProject, type MatchCredential, type MatchMember, type MatchSkill } from "./match.ts";
import { listProjects } from "./queries.ts";
import { canSeeProject, OPEN_STATUSES } from "./rules.ts";
import { readSavedQuery } from "./saved-searches.ts";

export const BID_ALERT_KIND = "BID_ALERT";

const DAY = 86_400_000;
/** A cron run a few minutes late still counts as "a day later" (the cron runs every 5 minutes). */
const SLACK = 10 * 60_000;
export const PERIOD: Record<AlertFrequency, number> = { INSTANT: 0, DAILY: DAY - SLACK, WEEKLY: 7 * DAY - SLACK };
/** Saved searches checked per run (oldest first); the rest wait for the next run. */
const SEARCHES_PER_RUN = 200;
/** Searches read at once (each is one query; Promise.all sends them together). */
const SEARCH_READS_AT_ONCE = 10;
/** Matches listed in one email (the count says how many there are). */
const LISTED = 20;
/** Opportunities considered per run for publish alerts; later ones wait for the next run. */
const PROJECTS_PER_RUN = 50;
/** Members scored per batch (three reads each). */
const MEMBER_BATCH = 1000;
/** Outbox rows per insert statement. */
const INSERT_CHUNK = 500;
/** First run ever: how far back "published since the last run" looks. */
const FIRST_LOOKBACK = DAY;
/** Where publish alerts keep "checked up to" (one row of system_metrics; value = epoch ms). */
export const PUBLISH_WATERMARK = "BID_ALERTS_PUBLISHED_UNTIL";

// ---------------------------------------------------------------- ids

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** An id shaped like newId(), derived from its parts (SHA-256): the same parts give the same outbox row. */
export async function derivedId(...parts: string[]): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(parts.join("\n"))));
  let out = "c";
  let buffer = 0;
  let bits = 0;
  for (const byte of digest.subarray(0, 15)) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
  }
  return out;
}

type OutboxRow = typeof emailOutbox.$inferInsert;

async function insertOutbox(db: Pick<Db, "insert">, rows: OutboxRow[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const done = await db
      .insert(emailOutbox)
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflictDoNothing({ target: emailOutbox.id })
      .returning({ id: emailOutbox.id });
    inserted += done.length;
  }
  return inserted;
}

const base = (config: Config) => config.PUBLIC_URL.replace(/\/$/, "");

function footer(config: Config): string {
  return [
    "",
    "—",
    `Your saved searches and alert threshold: ${base(config)}/projects/saved`,
    `Stop bid alerts (email preferences): ${base(config)}/account`,
  ].join("\n");
}

// ---------------------------------------------------------------- (a) saved searches

export interface SavedSearchAlertResult {
  checked: number;
  emails: number;
}

/** Saved searches due at `now`: INSTANT always, DAILY/WEEKLY once their period since lastCheckedAt has passed. */
function dueSearches(db: Db, now: Date) {
  const before = (f: AlertFrequency) => new Date(now.getTime() - PERIOD[f]).toISOString();
  return db
    .select({
      id: savedSearches.id,
      userId: savedSearches.userId,
      name: savedSearches.name,
      query: savedSearches.query,
      lastCheckedAt: savedSearches.lastCheckedAt,
      email: users.email,
      firstName: users.firstName,
      isVerified: users.isVerified,
      prefs: users.notificationPreferences,
      latitude: users.latitude,
      longitude: users.longitude,
    })
    .from(savedSearches)
    .innerJoin(users, eq(users.id, savedSearches.userId))
    .where(
      and(
        eq(users.isActive, true),
        isNull(users.deletedAt),
        sql`${savedSearches.lastCheckedAt} < ${now.toISOString()}::timestamptz`,
        sql`(${savedSearches.frequency} = 'INSTANT'
          or (${savedSearches.frequency} = 'DAILY' and ${savedSearches.lastCheckedAt} <= ${before("DAILY")}::timestamptz)
          or (${savedSearches.frequency} = 'WEEKLY' and ${savedSearches.lastCheckedAt} <= ${before("WEEKLY")}::timestamptz))`,
      ),
    )
    .orderBy(asc(savedSearches.lastCheckedAt), asc(savedSearches.id))
    .limit(SEARCHES_PER_RUN);
}

type DueSearch = Awaited<ReturnType<typeof dueSearches>>[number];

/** The search's new matches in (lastCheckedAt, now], as the member's own /projects would list them. */
async function newMatches(db: Db, s: DueSearch, zips: Map<string, { lat: number; lng: number }>, now: Date) {
  const read = readSavedQuery(s.query);
  // An unconfirmed address is never emailed; its window still moves on, as for a member who turned alerts off.
  if (!read.ok || !s.isVerified || !wantsEmail(s.prefs, "bidAlerts")) return { total: 0, rows: [] };
  const f = read.filters;
  const home = s.latitude !== null && s.longitude !== null ? { lat: s.latitude, lng: s.longitude } : null;
  const origin = f.zip ? (zips.get(f.zip) ?? null) : home;
  const rows = await listProjects(
    db,
    {
      filters: origin ? f : { ...f, miles: "" }, // nowhere to measure from: the distance filter cannot apply
      viewer: { id: s.userId, verified: s.isVerified, manages: false },
      origin,
      now,
      limit: LISTED,
      offset: 0,
      extra: [sql`${projects.publishedAt} > ${s.lastCheckedAt.toISOString()}::timestamptz`, sql`${projects.publishedAt} <= ${now.toISOString()}::timestamptz`],
    },
    "newest",
  );
  return { total: rows[0]?.total ?? 0, rows };
}

function savedSearchEmail(config: Config, s: DueSearch, m: Awaited<ReturnType<typeof newMatches>>): { subject: string; text: string } {
  const n = m.total;
  const subject = `${n} new bid ${n === 1 ? "opportunity" : "opportunities"} for “${s.name}”`;
  const lines = [
    `Hello ${s.firstName},`,
    "",
    `${n === 1 ? "A new opportunity matches" : `${n} new opportunities match`} your saved search “${s.name}”:`,
    "",
    ...m.rows.flatMap((p) => [
      `• ${p.title}${p.organization ? ` (${p.organization})` : ""}`,
      `  ${p.deadlineDate ? `Bids due ${formatDateTime(p.deadlineDate)}` : "No deadline given"}`,
      `  ${base(config)}/projects/${p.id}`,
    ]),
    ...(n > m.rows.length ? ["", `And ${n - m.rows.length} more: ${base(config)}/projects?${s.query}`] : []),
    footer(config),
  ];
  return { subject, text: lines.join("\n") };
}

/**
 * Checks the saved searches due at `now` (the run's instant: a retry of the same run passes the
 * same one). Returns how many searches were checked and how many emails were queued.
 */
export async function sendSavedSearchAlerts(db: Db, config: Config, now: Date): Promise<SavedSearchAlertResult> {
  const due = await dueSearches(db, now);
  if (due.length === 0) return { checked: 0, emails: 0 };
  const zipList = [...new Set(due.map((s) => readSavedQuery(s.query)).flatMap((r) => (r.ok && r.filters.zip ? [r.filters.zip] : [])))];
  const zipRows = zipList.length
    ? await db.select({ zip: zipCodes.zip, lat: zipCodes.latitude, lng: zipCodes.longitude }).from(zipCodes).where(inArray(zipCodes.zip, zipList))
    : [];
  const zips = new Map(zipRows.map((z) => [z.zip, { lat: z.lat, lng: z.lng }]));

  const found: Array<{ s: DueSearch; m: Awaited<ReturnType<typeof newMatches>> }> = [];
  for (let i = 0; i < due.length; i += SEARCH_READS_AT_ONCE) {
    const slice = due.slice(i, i + SEARCH_READS_AT_ONCE);
    const results = await Promise.all(slice.map((s) => newMatches(db, s, zips, now)));
    for (const [j, s] of slice.entries()) found.push({ s, m: results[j]! });
  }
  const windowEnd = now.toISOString();
  const emails = new Map<string, OutboxRow>();
  for (const { s, m } of found) {
    if (m.total === 0) continue;
    const { subject, text } = savedSearchEmail(config, s, m);
    emails.set(s.id, { id: await derivedId("saved-search", s.id, windowEnd), userId: s.userId, toAddress: s.email, subject, textBody: text, kind: BID_ALERT_KIND });
  }

  return db.transaction(async (tx) => {
    // Advance each search only from the lastCheckedAt this run read: a concurrent run that got
    // there first keeps its window, and this run sends nothing for that search.
    const values = sql.join(
      due.map((s) => sql`(${s.id}, ${s.lastCheckedAt.toISOString()}::timestamptz)`),
      sql`, `,
    );
    const advanced = await tx.execute<{ id: string }>(sql`
      update ${savedSearches} as s set last_checked_at = ${windowEnd}::timestamptz
      from (values ${values}) as v(id, old)
      where s.id = v.id and s.last_checked_at = v.old
      returning s.id`);
    const mine = new Set(advanced.rows.map((r) => r.id));
    const sent = await insertOutbox(
      tx,
      [...emails].filter(([searchId]) => mine.has(searchId)).map(([, row]) => row),
    );
    return { checked: mine.size, emails: sent };
  });
}

// ---------------------------------------------------------------- (b) publish alerts

export interface PublishAlertResult {
  projects: number;
  members: number;
  emails: number;
}

async function readWatermark(db: Db, now: Date): Promise<Date> {
  const [row] = await db
    .select({ at: systemMetrics.recordedAt })
    .from(systemMetrics)
    .where(eq(systemMetrics.metric, PUBLISH_WATERMARK))
    .orderBy(sql`${systemMetrics.recordedAt} desc`)
    .limit(1);
  return row?.at ?? new Date(now.getTime() - FIRST_LOOKBACK);
}

async function writeWatermark(db: Pick<Db, "update" | "insert">, until: Date): Promise<void> {
  const moved = await db
    .update(systemMetrics)
    .set({ recordedAt: sql`greatest(${systemMetrics.recordedAt}, ${until.toISOString()}::timestamptz)`, value: sql`greatest(${systemMetrics.value}, ${until.getTime()})` })
    .where(eq(systemMetrics.metric, PUBLISH_WATERMARK))
    .returning({ id: systemMetrics.id });
  if (moved.length === 0) await db.insert(systemMetrics).values({ metric: PUBLISH_WATERMARK, value: until.getTime(), recordedAt: until });
}

function publishEmail(config: Config, p: { id: string; title: string; organization: string | null; deadlineDate: Date | null }, firstName: string, score: number, threshold: number) {
  return {
    subject: `New bid opportunity for you (match ${score}/100): ${p.title}`,
    text: [
      `Hello ${firstName},`,
      "",
      `A new opportunity was just published that scores ${score}/100 against your profile (your alert threshold is ${threshold}):`,
      "",
      `${p.title}${p.organization ? ` (${p.organization})` : ""}`,
      p.deadlineDate ? `Bids due ${formatDateTime(p.deadlineDate)}` : "No deadline given",
      `${base(config)}/projects/${p.id}`,
      footer(config),
    ].join("\n"),
  };
}

/**
 * Opportunities published since the last run, scored against every active, verified member who
 * may see them, in batches of MEMBER_BATCH (three reads per batch, whatever the number of
 * projects); one email per (opportunity, member) at or above the member's threshold.
 */
export async function sendPublishAlerts(db: Db, config: Config, now: Date): Promise<PublishAlertResult> {
  const since = await readWatermark(db, now);
  const fresh = await db
    .select()
    .from(projects)
    .where(
      and(
        isNull(projects.deletedAt),
        inArray(projects.status, OPEN_STATUSES),
        ne(projects.visibility, "PRIVATE"),
        gt(projects.publishedAt, since),
        lte(projects.publishedAt, now),
      ),
    )
    .orderBy(asc(projects.publishedAt), asc(projects.id))
    .limit(PROJECTS_PER_RUN);
  if (fresh.length === 0) {
    await writeWatermark(db, now);
    return { projects: 0, members: 0, emails: 0 };
  }
  // All of them, or up to the last one taken when there were more than a run's share.
  const until = fresh.length === PROJECTS_PER_RUN ? fresh[fresh.length - 1]!.publishedAt! : now;
  const inviteOnly = fresh.filter((p) => p.visibility === "INVITE_ONLY").map((p) => p.id);
  const invitations = inviteOnly.length
    ? await db.select({ projectId: projectInvitations.projectId, userId: projectInvitations.userId }).from(projectInvitations).where(inArray(projectInvitations.projectId, inviteOnly))
    : [];
  const invited = new Set(invitations.map((i) => `${i.projectId}:${i.userId}`));
  for (const p of fresh) prepareProject(p);

  let after = "";
  let members = 0;
  let emails = 0;
  for (;;) {
    const batch = await db
      .select({
        id: users.id,
        email: users.email,
        firstName: users.firstName,
        prefs: users.notificationPreferences,
        threshold: users.bidAlertThreshold,
        yearsExperience: users.yearsExperience,
        bondingCapacity: users.bondingCapacity,
        serviceRadiusMiles: users.serviceRadiusMiles,
        latitude: users.latitude,
        longitude: users.longitude,
      })
      .from(users)
      .where(and(eq(users.isActive, true), eq(users.isVerified, true), isNull(users.deletedAt), gt(users.id, after)))
      .orderBy(asc(users.id))
      .limit(MEMBER_BATCH);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    const wanting = batch.filter((u) => wantsEmail(u.prefs as NotificationPreferences | null, "bidAlerts"));
    members += wanting.length;
    if (wanting.length > 0) {
      const ids = wanting.map((u) => u.id);
      const [skillRows, credentialRows] = await Promise.all([
        db.select({ userId: userSkills.userId, skill: userSkills.skill, level: userSkills.level, years: userSkills.years }).from(userSkills).where(inArray(userSkills.userId, ids)),
        db
          .select({ userId: credentials.userId, type: credentials.type, status: credentials.status, classification: credentials.classification, expiresOn: credentials.expiresOn })
          .from(credentials)
          .where(inArray(credentials.userId, ids)),
      ]);
      const skillsOf = groupBy<MatchSkill & { userId: string }>(skillRows);
      const credsOf = groupBy<MatchCredential & { userId: string }>(credentialRows);
      const rows: OutboxRow[] = [];
      for (const u of wanting) {
        const member: MatchMember = { ...u, skills: skillsOf.get(u.id) ?? [], credentials: credsOf.get(u.id) ?? [] };
        const viewer = { id: u.id, verified: true, manages: false };
        for (const p of fresh) {
          if (!canSeeProject(viewer, p, invited.has(`${p.id}:${u.id}`))) continue;
          const { score } = matchScore(member, p, now);
          if (score < u.threshold) continue;
          const { subject, text } = publishEmail(config, p, u.firstName, score, u.threshold);
          rows.push({ id: await derivedId("publish", p.id, u.id), userId: u.id, toAddress: u.email, subject, textBody: text, kind: BID_ALERT_KIND });
        }
      }
      emails += await insertOutbox(db, rows);
    }
    if (batch.length < MEMBER_BATCH) break;
  }
  await writeWatermark(db, until);
  return { projects: fresh.length, members, emails };
}

function groupBy<T extends { userId: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.userId);
    if (list) list.push(r);
    else out.set(r.userId, [r]);
  }
  return out;
}

/** The cron job: both kinds of alert at the run's instant. */
export async function sendBidAlerts(db: Db, config: Config, now: Date): Promise<{ savedSearches: SavedSearchAlertResult; published: PublishAlertResult }> {
  const savedSearchResult = await sendSavedSearchAlerts(db, config, now);
  const published = await sendPublishAlerts(db, config, now);
  return { savedSearches: savedSearchResult, published };
}
