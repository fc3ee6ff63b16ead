import { and, arrayOverlaps, asc, desc, eq, getTableColumns, inArray, isNull, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Db } from "./client.ts";
import { distanceMiles, withinMiles } from "./geo.ts";
import { credentials, projects, users } from "./schema/index.ts";
import type { CredentialType, ProjectCategory, ProjectStatus, ProjectVisibility } from "./schema/index.ts";
import { toPacificDateInput } from "../lib/time.ts";

/** The per-request client, a transaction, or a node-postgres drizzle in scripts and tests. */
export type Queryable = Db | PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

export interface Near {
  lat: number;
  lng: number;
  miles: number;
}

export interface ProjectSearch {
  /** As a member types it: words, "quoted phrases", or, -exclusions (websearch_to_tsquery). */
  q?: string;
  category?: ProjectCategory;
  status?: ProjectStatus | readonly ProjectStatus[];
  visibility?: ProjectVisibility | readonly ProjectVisibility[];
  /** Integer cents (money is cents in code). Keeps projects whose budget range reaches this much. */
  minBudget?: number;
  /** Integer cents. Keeps projects whose budget range starts at or below this much. */
  maxBudget?: number;
  near?: Near;
  /** Where distances are measured from when there is no radius (sort by distance). */
  origin?: { lat: number; lng: number };
  /** More conditions, ANDed: a caller's visibility rule, the list's other filters. */
  where?: (SQL | undefined)[];
  /** relevance (default: rank when there is text, else newest), deadline, newest, value, distance. */
  sort?: ProjectSort;
  limit: number;
  offset: number;
}

export type ProjectSort = "relevance" | "deadline" | "newest" | "value" | "distance";

export interface MemberSearch {
  /** Part of a name or company, typos tolerated (pg_trgm word similarity). */
  q?: string;
  /** Members with any of these skills; more shared skills rank higher. */
  skills?: readonly string[];
  near?: Near;
  /** Distance measured (and sortable) from here, without a radius; `near` wins when both are set. */
  origin?: { lat: number; lng: number };
  /** Deactivated (is_active = false) members are left out unless this is true. */
  includeInactive?: boolean;
  /**
   * Only members a directory lists: verified, active, not deleted, and visible there —
   * "members" (MEMBERS or PUBLIC) or "public" (PUBLIC only, the "Find a contractor" listing).
   */
  listedIn?: DirectoryAudience;
  /** Members holding a VERIFIED credential of this type that has not expired (classification: a CSLB class such as "C-10"). */
  credential?: { type: CredentialType; classification?: string };
  /** Members who speak this language (exact, as stored). */
  language?: string;
  /** "relevance" (default): text match, shared skills, distance, name. "distance" needs near or origin. */
  sort?: MemberSort;
  /** The day credentials are judged on (YYYY-MM-DD); defaults to today in the chapter's time zone. */
  today?: string;
  limit: number;
  offset: number;
}

export type DirectoryAudience = "members" | "public";
export type MemberSort = "relevance" | "distance" | "name";

/** A verified, unexpired credential shown as a badge. */
export interface CredentialBadge {
  type: CredentialType;
  classification: string | null;
}

const toArray = <T>(v: T | readonly T[]): T[] => (Array.isArray(v) ? [...v] : [v as T]);

function assertPage(limit: number, offset: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer: ${limit}`);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`offset must be a non-negative integer: ${offset}`);
}

function centsToNumeric(cents: number): SQL {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`budget must be non-negative integer cents: ${cents}`);
  return sql`(${cents}::numeric / 100)`;
}

// search_vector and geo are for matching only; shipping them to every result row is wasted bytes.
const { searchVector: _searchVector, geo: _geo, ...projectColumns } = getTableColumns(projects);

/**
 * Projects matching the filters, best match first (ts_rank_cd), or newest first when
 * there is no text. Soft-deleted projects never appear; visibility and status are the
 * caller's choice, so a member listing should pass the statuses members may see.
 * `total` on each row is the number of matches before limit/offset.
 * Returns the un-run query (await it for rows; .toSQL() for EXPLAIN).
 */
export function searchProjects(db: Queryable, s: ProjectSearch) {
  assertPage(s.limit, s.offset);
  const text = s.q?.trim();
  // The tsquery as a scalar subquery (an InitPlan): the planner cannot read the term's
  // frequency from the statistics, so it always takes the GIN index. With the constant it
  // chose a sequential scan for common words ("electrical": 29% of rows), and a sequential
  // scan evaluates @@ on every row, fetching each search_vector from TOAST (it is stored out
  // of line); through the index only the matches are read, once, to rank them.
  const query = text ? sql`(select websearch_to_tsquery('english', ${text}))` : undefined;
  const rank = query
    ? sql<number>`ts_rank_cd(${projects.searchVector}, ${query})`.mapWith(Number)
    : sql<number>`0::real`.mapWith(Number);
  const point = s.near ?? s.origin;
  const distance = point
    ? distanceMiles(projects.geo, point.lat, point.lng)
    : sql<number | null>`NULL::double precision`;

  const filters: (SQL | undefined)[] = [
    isNull(projects.deletedAt),
    query ? sql`${projects.searchVector} @@ ${query}` : undefined,
    s.category ? eq(projects.category, s.category) : undefined,
    s.status ? inArray(projects.status, toArray(s.status)) : undefined,
    s.visibility ? inArray(projects.visibility, toArray(s.visibility)) : undefined,
    // A project with only one end of its range set is judged by that end.
    s.minBudget !== undefined
      ? sql`coalesce(${projects.budgetMax}, ${projects.budgetMin}) >= ${centsToNumeric(s.minBudget)}`
      : undefined,
    s.maxBudget !== undefined
      ? sql`coalesce(${projects.budgetMin}, ${projects.budgetMax}) <= ${centsToNumeric(s.maxBudget)}`
      : undefined,
    s.near ? withinMiles(projects.geo, s.near.lat, s.near.lng, s.near.miles) : undefined,
    ...(s.where ?? []),
  ];

  const sort = s.sort ?? "relevance";
  if (sort === "distance" && !point) throw new RangeError("sorting by distance needs near or origin");

  // 1. The matches as narrow rows: rank and distance computed here, in the scan. OFFSET 0 keeps
  //    Postgres from merging this step into the next; merged, it computed rank above the window
  //    and buffered every match's whole row there, search_vector included (~3.5 MB for a
  //    common word). drizzle leaves out an offset of 0, so it is given as SQL.
  const matches = db
    .select({
      id: projects.id,
      rank: sql<number>`${rank}`.as("rank"),
      distance: sql<number | null>`${distance}`.as("distance"),
      deadline: sql`${projects.deadlineDate}`.as("deadline"),
      newest: sql`coalesce(${projects.publishedAt}, ${projects.createdAt})`.as("newest"),
      value: sql`${projects.estimatedValue}`.as("value"),
      createdAt: sql`${projects.createdAt}`.as("created"),
    })
    .from(projects)
    .where(and(...filters))
    .offset(sql`0` as unknown as number)
    .as("matches");

  // 2. Count, number and page them; 3. whole rows for the page only, in the page's order.
  const tail = [sql`${matches.createdAt} desc`, sql`${matches.id} asc`];
  const pageOrder: SQL[] = {
    deadline: [sql`${matches.deadline} asc nulls last`, ...tail],
    newest: [sql`${matches.newest} desc`, ...tail],
    value: [sql`${matches.value} desc nulls last`, ...tail],
    distance: [sql`${matches.distance} asc nulls last`, ...tail],
    relevance: query ? [sql`${matches.rank} desc`, ...tail] : tail,
  }[sort];
  const page = db
    .$with("page")
    .as(
      db
        .select({
          id: matches.id,
          rank: matches.rank,
          distanceMiles: matches.distance,
          total: sql<number>`count(*) OVER ()`.as("total"),
          position: sql<number>`row_number() OVER (ORDER BY ${sql.join(pageOrder, sql`, `)})`.as("position"),
        })
        .from(matches)
        .orderBy(...pageOrder)
        .limit(s.limit)
        .offset(s.offset),
    );

  return db
    .with(page)
    .select({
      ...projectColumns,
      rank: sql<number>`${page.rank}`.mapWith(Number),
      distanceMiles: sql<number | null>`${page.distanceMiles}`.mapWith((v) => (v === null ? null : Number(v))),
      total: sql<number>`${page.total}`.mapWith(Number),
    })
    .from(page)
    .innerJoin(projects, eq(projects.id, page.id))
    .orderBy(asc(page.position));
}

/**
 * pg_trgm's word-similarity bar for the directory. At the default 0.6 one dropped letter in a
 * short name misses ("Martnez" scores 0.55 against "Martinez"); 0.5 lets such typos through
 * while still answering from the trigram indexes. Set for one transaction (set_config local):
 * the caller runs it in the same batch as the search, before it (see runDirectorySearch).
 */
export const WORD_SIMILARITY_THRESHOLD = 0.5;
export const typoTolerance = sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true)`;

// Must stay the exact expression of idx_users_name_trgm, or the index is not used.
const fullName = sql`lower(${users.firstName} || ' ' || ${users.lastName})`;

/** The day as a constant: the planner can then bound expires_on through idx_credentials_status_expiry. */
function chapterToday(today: string = toPacificDateInput(new Date())): SQL {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`today must be YYYY-MM-DD: ${today}`);
  return sql`${today}::date`;
}

/**
 * Matches a licence whose classes (comma-separated, each "C-10" or "C-10 Electrical": the first
 * word is the class) include `cls`, case-insensitively. One regular expression per row: an
 * unnest() per row cost ~3.5 µs each, most of a licence-class search.
 */
function classPattern(cls: string): string {
  return `(^|,)\\s*${cls.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}(\\s|,|$)`;
}

/** A credential that counts: verified by the chapter and not past its expiry date on `today`. */
function countingCredential(today: SQL): SQL {
  return sql`${credentials.status} = 'VERIFIED' AND (${credentials.expiresOn} IS NULL OR ${credentials.expiresOn} >= ${today})`;
}

/**
 * The member directory: fuzzy name/company match, skills, verified credentials, language and
 * radius, each optional. Only public profile fields are returned (never password, 2FA or login
 * data); email and phone only as `shownEmail`/`shownPhone`, and only when the member chose to show them.
 * Order (relevance): text similarity, then shared skills, then distance, then name.
 * Returns the un-run query (await it for rows; .toSQL() for EXPLAIN).
 */
export function searchMembers(db: Queryable, s: MemberSearch) {
  assertPage(s.limit, s.offset);
  const text = s.q?.trim();
  const skills = s.skills?.map((k) => k.trim()).filter((k) => k.length > 0);
  const from = s.near ?? s.origin;
  const sort = s.sort ?? "relevance";
  if (sort === "distance" && !from) throw new RangeError("sorting by distance needs near or origin");
  const today = chapterToday(s.today);

  // word_similarity (<%) rather than similarity (%): "joh" should find "John Smith".
  const similarity = text
    ? sql<number>`greatest(word_similarity(${text}, ${fullName}), coalesce(word_similarity(${text}, ${users.company}), 0))`
    : sql<number>`0::real`;
  const skillMatches = skills?.length
    ? sql<number>`cardinality(ARRAY(SELECT unnest(${users.skills}) INTERSECT SELECT unnest(${sql.param(skills)}::text[])))`
    : sql<number>`0`;
  const distance = from ? distanceMiles(users.geo, from.lat, from.lng) : sql<number | null>`NULL::double precision`;

  const classification = s.credential?.classification?.trim().toUpperCase();
  const holdsCredential = s.credential
    ? sql`EXISTS (SELECT 1 FROM ${credentials} WHERE ${credentials.userId} = ${users.id} AND ${credentials.type} = ${s.credential.type}
        AND ${countingCredential(today)}${
          classification
            ? sql` AND ${credentials.classification} ~* ${classPattern(classification)}`
            : sql``
        })`
    : undefined;

  const filters: (SQL | undefined)[] = [
    isNull(users.deletedAt),
    s.includeInactive && !s.listedIn ? undefined : eq(users.isActive, true),
    // The same predicate as the partial index idx_users_directory.
    s.listedIn ? eq(users.isVerified, true) : undefined,
    s.listedIn === "public"
      ? eq(users.directoryVisibility, "PUBLIC")
      : s.listedIn === "members"
        ? inArray(users.directoryVisibility, ["MEMBERS", "PUBLIC"])
        : undefined,
    text ? sql`(${text} <% ${fullName} OR ${text} <% ${users.company})` : undefined,
    skills?.length ? arrayOverlaps(users.skills, skills) : undefined,
    s.language ? sql`${users.languages} @> ARRAY[${s.language}]::text[]` : undefined,
    holdsCredential,
    s.near ? withinMiles(users.geo, s.near.lat, s.near.lng, s.near.miles) : undefined,
  ];

  const byName = [asc(sql`lower(${users.lastName})`), asc(sql`lower(${users.firstName})`), asc(users.id)];
  const order =
    sort === "name"
      ? byName
      : sort === "distance"
        ? [sql`${distance} ASC NULLS LAST`, ...byName]
        : [
            ...(text ? [desc(similarity)] : []),
            ...(skills?.length ? [desc(skillMatches)] : []),
            ...(from ? [sql`${distance} ASC NULLS LAST`] : []),
            ...byName,
          ];

  // Rank, count and page over narrow rows first, then fetch the page's columns and badges only.
  const page = db
    .$with("member_page")
    .as(
      db
        .select({
          id: users.id,
          similarity: sql<number>`${similarity}`.as("similarity"),
          skillMatches: sql<number>`${skillMatches}`.as("skill_matches"),
          distanceMiles: sql<number | null>`${distance}`.as("distance_miles"),
          total: sql<number>`count(*) OVER ()`.as("total"),
          position: sql<number>`row_number() OVER (ORDER BY ${sql.join(order, sql`, `)})`.as("position"),
        })
        .from(users)
        .where(and(...filters))
        .orderBy(...order)
        .limit(s.limit)
        .offset(s.offset),
    );

  const badges = sql<CredentialBadge[]>`coalesce((
      SELECT json_agg(json_build_object('type', b.type, 'classification', b.classification) ORDER BY b.type, b.classification)
      FROM (SELECT DISTINCT ${credentials.type} AS type, ${credentials.classification} AS classification FROM ${credentials}
            WHERE ${credentials.userId} = ${users.id} AND ${countingCredential(today)}
              AND ${credentials.type} IN ('CSLB_LICENSE', 'DBE', 'MBE', 'WBE', 'DVBE', 'SBE', 'SBA_8A')) b
    ), '[]'::json)`.mapWith((v: unknown) => (typeof v === "string" ? JSON.parse(v) : v) as CredentialBadge[]);

  return db
    .with(page)
    .select({
      id: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      company: users.company,
      title: users.title,
      city: users.city,
      state: users.state,
      website: users.website,
      profileImage: users.profileImage,
      skills: users.skills,
      languages: users.languages,
      memberType: users.memberType,
      memberSince: users.memberSince,
      isVerified: users.isVerified,
      directoryVisibility: users.directoryVisibility,
      shownEmail: sql<string | null>`CASE WHEN ${users.showEmail} THEN ${users.email} END`,
      shownPhone: sql<string | null>`CASE WHEN ${users.showPhone} THEN ${users.phone} END`,
      badges,
      similarity: sql<number>`${page.similarity}`.mapWith(Number),
      skillMatches: sql<number>`${page.skillMatches}`.mapWith(Number),
      distanceMiles: sql<number | null>`${page.distanceMiles}`.mapWith((v) => (v === null ? null : Number(v))),
      total: sql<number>`${page.total}`.mapWith(Number),
    })
    .from(page)
    .innerJoin(users, eq(users.id, page.id))
    .orderBy(asc(page.position));
}

export type ProjectSearchRow = Awaited<ReturnType<typeof searchProjects>>[number];
export type MemberSearchRow = Awaited<ReturnType<typeof searchMembers>>[number];

/** Escapes LIKE/ILIKE wildcards so a search for "50%" means the text "50%". */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
