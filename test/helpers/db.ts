// A drizzle db for workerd tests, plus factories for valid rows. The workerd test files
// share one database per run: create your own rows with these factories and filter by
// their ids; never assume empty tables.
import { env } from "cloudflare:workers";
import { afterAll } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createDb, type Db } from "../../src/db/client.ts";
import { newId } from "../../src/db/ids.ts";
import {
  courses,
  credentials,
  events,
  projects,
  users,
  type Course,
  type Credential,
  type Event,
  type NewCourse,
  type NewCredential,
  type NewEvent,
  type NewProject,
  type NewUser,
  type Project,
  type User,
} from "../../src/db/schema/index.ts";
import type { Queryable } from "../../src/db/search.ts";

/**
 * A drizzle db on the test database, made as the Worker makes it (Neon's HTTP path through
 * the local proxy; db.transaction on one WebSocket connection). Call once at the top of a
 * test file: the transaction connection, if one was opened, is ended in that file's afterAll.
 */
export function useTestDb(): Db {
  const { db, pool } = createDb(loadConfig(env as unknown as Record<string, unknown>));
  afterAll(() => pool.end());
  return db;
}

/** A fresh, unique e-mail address, so rows from different tests never collide. */
export const uniqueEmail = (label = "member") => `${label}-${newId()}@test.example.org`;

function one<T>(rows: T[], what: string): T {
  const row = rows[0];
  if (!row) throw new Error(`insert into ${what} returned no row`);
  return row;
}

export async function makeUser(db: Queryable, overrides: Partial<NewUser> = {}): Promise<User> {
  const rows = await db
    .insert(users)
    .values({
      email: uniqueEmail(),
      password: "not-a-real-hash",
      firstName: "Test",
      lastName: "Member",
      ...overrides,
    })
    .returning();
  return one(rows, "users");
}

export async function makeProject(db: Queryable, creatorId: string, overrides: Partial<NewProject> = {}): Promise<Project> {
  const rows = await db
    .insert(projects)
    .values({
      title: "Test project",
      description: "A project created by a test.",
      category: "COMMERCIAL",
      createdById: creatorId,
      ...overrides,
    })
    .returning();
  return one(rows, "projects");
}

export async function makeEvent(db: Queryable, creatorId: string, overrides: Partial<NewEvent> = {}): Promise<Event> {
  const start = new Date(Date.now() + 7 * 86_400_000);
  const rows = await db
    .insert(events)
    .values({
      title: "Test event",
      description: "An event created by a test.",
      type: "MEETING",
      startDate: start,
      endDate: new Date(start.getTime() + 2 * 3_600_000),
      createdById: creatorId,
      ...overrides,
    })
    .returning();
  return one(rows, "events");
}

export async function makeCourse(db: Queryable, overrides: Partial<NewCourse> = {}): Promise<Course> {
  const rows = await db
    .insert(courses)
    .values({ title: "Test course", description: "A course created by a test.", ...overrides })
    .returning();
  return one(rows, "courses");
}

/** A credential of this member (an MBE certification waiting for review unless told otherwise). */
export async function makeCredential(db: Queryable, userId: string, overrides: Partial<NewCredential> = {}): Promise<Credential> {
  const rows = await db
    .insert(credentials)
    .values({ userId, type: "MBE", issuer: "CPUC Supplier Clearinghouse", number: "23004518", expiresOn: "2030-06-30", status: "PENDING", ...overrides })
    .returning();
  return one(rows, "credentials");
}

export interface DbError {
  /** SQLSTATE: 23514 check, 23505 unique, 23503 foreign key, 22P02 bad enum/text input. */
  code: string | undefined;
  constraint: string | undefined;
  message: string;
}

/** The Postgres error under drizzle's DrizzleQueryError wrapper (or the error itself). */
export function dbError(err: unknown): DbError {
  const outer = err as { code?: string; constraint?: string; message?: string; cause?: unknown };
  const inner = (outer.cause ?? outer) as { code?: string; constraint?: string; message?: string };
  return {
    code: inner.code ?? outer.code,
    constraint: inner.constraint ?? outer.constraint,
    message: String(inner.message ?? outer.message ?? err),
  };
}

/** Runs a statement that must fail and returns its Postgres error; fails if it succeeded. */
export async function rejection(run: () => PromiseLike<unknown>): Promise<DbError> {
  try {
    await run();
  } catch (err) {
    return dbError(err);
  }
  throw new Error("expected the statement to be rejected, but it succeeded");
}
