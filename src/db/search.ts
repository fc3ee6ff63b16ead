import { and, arrayOverlaps, asc, desc, eq, getTableColumns, inArray, isNull, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Db } from "./client.ts";
import { distanceMiles, withinMiles } from "./geo.ts";
import { projects, users } from "./schema/index.ts";
import type { ProjectCategory, ProjectStatus, ProjectVisibility } from "./schema/index.ts";

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
  /** Deactivated (is_active = false) members are left out unless this is true. */
  includeInactive?: boolean;
  limit: number;
  offset: number;
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

// search_vector is for matching only; shipping it to every result row is wasted bytes.
const { searchVector: _searchVector, ...projectColumns } = getTableColumns(projects);

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
    ? distanceMiles(projects.latitude, projects.longitude, point.lat, point.lng)
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
    s.near ? withinMiles(projects.latitude, projects.longitude, s.near.lat, s.near.lng, s.near.miles) : undefined,
    ...(s.where ?? []),
  ];

  // The same order inside the page CTE and outside it (where rank and distance are the CTE's columns).
  const sort = s.sort ?? "relevance";
  if (sort === "distance" && !point) throw new RangeError("sorting by distance needs near or origin");
  const order = (r: SQL, d: SQL): SQL[] => {
    const tail = [desc(projects.createdAt), asc(projects.id)];
    switch (sort) {
      case "deadline":
        return [sql`${projects.deadlineDate} asc nulls last`, ...tail];
      case "newest":
        return [sql`coalesce(${projects.publishedAt}, ${projects.createdAt}) desc`, ...tail];
      case "value":
        return [sql`${projects.estimatedValue} desc nulls last`, ...tail];
      case "distance":
        return [sql`${d} asc nulls last`, ...tail];
      case "relevance":
        return query ? [sql`${r} desc`, ...tail] : tail;
    }
  };

  // Rank, count and page over narrow rows first, then fetch whole rows for the page only:
  // count(*) OVER () across thousands of wide rows spilled to disk for common terms.
  const page = db
    .$with("page")
    .as(
      db
        .select({
          id: projects.id,
          rank: sql<number>`${rank}`.as("rank"),
          distanceMiles: sql<number | null>`${distance}`.as("distance_miles"),
          total: sql<number>`count(*) OVER ()`.as("total"),
        })
        .from(projects)
        .where(and(...filters))
        .orderBy(...order(rank, distance))
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
    .orderBy(...order(sql`${page.rank}`, sql`${page.distanceMiles}`));
}

// Must stay the exact expression of idx_users_name_trgm, or the index is not used.
const fullName = sql`lower(${users.firstName} || ' ' || ${users.lastName})`;

/**
 * The member directory: fuzzy name/company match, skills overlap and radius, each
 * optional. Only public profile fields are returned (never password, 2FA or login data).
 * Order: text similarity, then shared skills, then distance, then name.
 * Returns the un-run query (await it for rows; .toSQL() for EXPLAIN).
 */
export function searchMembers(db: Queryable, s: MemberSearch) {
  assertPage(s.limit, s.offset);
  const text = s.q?.trim();
  const skills = s.skills?.map((k) => k.trim()).filter((k) => k.length > 0);

  // word_similarity (<%) rather than similarity (%): "joh" should find "John Smith".
  const similarity = text
    ? sql<number>`greatest(word_similarity(${text}, ${fullName}), coalesce(word_similarity(${text}, ${users.company}), 0))`.mapWith(
        Number,
      )
    : sql<number>`0::real`.mapWith(Number);
  const skillMatches = skills?.length
    ? sql<number>`cardinality(ARRAY(SELECT unnest(${users.skills}) INTERSECT SELECT unnest(${sql.param(skills)}::text[])))`.mapWith(
        Number,
      )
    : sql<number>`0`.mapWith(Number);
  const distance = s.near
    ? distanceMiles(users.latitude, users.longitude, s.near.lat, s.near.lng)
    : sql<number | null>`NULL::double precision`;

  const filters: (SQL | undefined)[] = [
    isNull(users.deletedAt),
    s.includeInactive ? undefined : eq(users.isActive, true),
    text ? sql`(${text} <% ${fullName} OR ${text} <% ${users.company})` : undefined,
    skills?.length ? arrayOverlaps(users.skills, skills) : undefined,
    s.near ? withinMiles(users.latitude, users.longitude, s.near.lat, s.near.lng, s.near.miles) : undefined,
  ];

  return db
    .select({
      id: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      company: users.company,
      title: users.title,
      city: users.city,
      state: users.state,
      profileImage: users.profileImage,
      skills: users.skills,
      memberType: users.memberType,
      memberSince: users.memberSince,
      isVerified: users.isVerified,
      similarity,
      skillMatches,
      distanceMiles: distance,
      total: sql<number>`count(*) OVER ()`.mapWith(Number),
    })
    .from(users)
    .where(and(...filters))
    .orderBy(
      ...(text ? [desc(similarity)] : []),
      ...(skills?.length ? [desc(skillMatches)] : []),
      ...(s.near ? [asc(distance)] : []),
      asc(sql`lower(${users.lastName})`),
      asc(sql`lower(${users.firstName})`),
      asc(users.id),
    )
    .limit(s.limit)
    .offset(s.offset);
}

export type ProjectSearchRow = Awaited<ReturnType<typeof searchProjects>>[number];
export type MemberSearchRow = Awaited<ReturnType<typeof searchMembers>>[number];

/** Escapes LIKE/ILIKE wildcards so a search for "50%" means the text "50%". */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
