// The behaviour migration 0002 adds with triggers: updated_at stamping, the projects
// search vector, and the coordinates jsonb <-> latitude/longitude sync.
import { eq, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import {
  announcements,
  courses,
  credentials,
  events,
  memberFeedback,
  membershipTiers,
  projects,
  roles,
  users,
  type User,
} from "../../src/db/schema/index.ts";
import { searchProjects } from "../../src/db/search.ts";
import { makeCourse, makeCredential, makeEvent, makeProject, makeUser, rejection, useTestDb } from "../helpers/db.ts";

const db = useTestDb();

/** A made-up word no other row contains (letters only, so the parser keeps it whole). */
const uniqueWord = (prefix = "zork") => `${prefix}${newId().slice(1, 13).replace(/[^a-z]/g, "x")}k`;

let owner: User;
beforeAll(async () => {
  owner = await makeUser(db, { firstName: "Trigger", lastName: "Owner" });
});

describe("updated_at", () => {
  const PAST = new Date("2001-02-03T04:05:06.000Z");

  // Each table with an updated_at column, a row in it, and an edit that touches another column.
  type Case = { table: PgTable & { id: unknown; updatedAt: unknown }; create: () => Promise<{ id: string }>; edit: Record<string, unknown> };
  const cases: Record<string, Case> = {
    users: { table: users, create: () => makeUser(db), edit: { firstName: "Renamed" } },
    roles: {
      table: roles,
      create: async () => (await db.insert(roles).values({ name: `role-${newId()}`, description: "d" }).returning())[0]!,
      edit: { description: "changed" },
    },
    projects: { table: projects, create: () => makeProject(db, owner.id), edit: { status: "PUBLISHED" } },
    events: { table: events, create: () => makeEvent(db, owner.id), edit: { title: "Renamed event" } },
    courses: { table: courses, create: () => makeCourse(db), edit: { title: "Renamed course" } },
    membership_tiers: {
      table: membershipTiers,
      create: async () =>
        (await db.insert(membershipTiers).values({ name: `tier-${newId()}`, description: "d", price: "10", duration: 12 }).returning())[0]!,
      edit: { description: "changed" },
    },
    credentials: { table: credentials, create: () => makeCredential(db, owner.id), edit: { issuer: "CSLB" } },
    announcements: {
      table: announcements,
      create: async () => (await db.insert(announcements).values({ title: "t", content: "c", senderId: owner.id }).returning())[0]!,
      edit: { title: "Renamed announcement" },
    },
    member_feedback: {
      table: memberFeedback,
      create: async () =>
        (await db.insert(memberFeedback).values({ userId: owner.id, category: "GENERAL", subject: "s", message: "m" }).returning())[0]!,
      edit: { response: "Thanks" },
    },
  };

  it("covers every table that has an updated_at column", async () => {
    const { rows } = await db.execute<{ table_name: string }>(sql`
      select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'updated_at' order by table_name`);
    expect(rows.map((r) => r.table_name)).toEqual(Object.keys(cases).sort());
  });

  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: an update moves updated_at from the past to now`, async () => {
      const row = await c.create();
      // Table-generic: drizzle's typed update needs the concrete table, so go through sql.
      const idCol = (c.table as unknown as { id: typeof users.id }).id;
      const updatedCol = (c.table as unknown as { updatedAt: typeof users.updatedAt }).updatedAt;
      // An explicit updated_at is kept (seeds and imports set their own).
      const [past] = await db
        .update(c.table)
        .set({ updatedAt: PAST } as never)
        .where(eq(idCol, row.id))
        .returning({ updatedAt: updatedCol });
      expect(past?.updatedAt.toISOString()).toBe(PAST.toISOString());

      const before = Date.now();
      const [after] = await db
        .update(c.table)
        .set(c.edit as never)
        .where(eq(idCol, row.id))
        .returning({ updatedAt: updatedCol });
      const stamped = after!.updatedAt.getTime();
      expect(stamped).toBeGreaterThan(PAST.getTime());
      // now() is the transaction start; allow for clock granularity between workerd and Postgres.
      expect(Math.abs(stamped - before)).toBeLessThan(60_000);
    });
  }

  it("a second edit moves updated_at again", async () => {
    const u = await makeUser(db);
    const [first] = await db.update(users).set({ title: "Estimator" }).where(eq(users.id, u.id)).returning();
    await new Promise((r) => setTimeout(r, 25));
    const [second] = await db.update(users).set({ title: "Chief estimator" }).where(eq(users.id, u.id)).returning();
    expect(second!.updatedAt.getTime()).toBeGreaterThan(first!.updatedAt.getTime());
    expect(first!.updatedAt.getTime()).toBeGreaterThanOrEqual(u.updatedAt.getTime());
  });
});

describe("projects.search_vector", () => {
  const matches = async (id: string, word: string) => {
    const { rows } = await db.execute<{ hit: boolean }>(
      sql`select search_vector @@ websearch_to_tsquery('english', ${word}) as hit from projects where id = ${id}`,
    );
    return rows[0]?.hit;
  };
  const found = async (word: string) => (await searchProjects(db, { q: word, limit: 10, offset: 0 })).map((r) => r.id);

  it("is filled on insert from title, keywords, skills, description, location and organization", async () => {
    const [t, k, s, d, l, o] = [uniqueWord("ttl"), uniqueWord("kwd"), uniqueWord("skl"), uniqueWord("dsc"), uniqueWord("loc"), uniqueWord("org")];
    const p = await makeProject(db, owner.id, {
      title: `Resurfacing ${t}`,
      keywords: [k],
      skillsRequired: [s],
      description: `Mill and overlay ${d}`,
      location: l,
      organization: o,
    });
    expect(p.searchVector).toEqual(expect.any(String));
    for (const w of [t, k, s, d, l, o]) expect(await matches(p.id, w), w).toBe(true);
    expect(await matches(p.id, uniqueWord("absent"))).toBe(false);
    // Weights: title A, keywords/skills B, description C, location/organization D.
    const { rows } = await db.execute<{ weights: string }>(sql`
      select string_agg(distinct array_to_string(weights, ''), ',' order by array_to_string(weights, '')) as weights
      from unnest((select search_vector from projects where id = ${p.id}))
      where lexeme in (select unnest(tsvector_to_array(to_tsvector('english', ${[t, k, s, d, l, o].join(" ")}))))`);
    expect(rows[0]?.weights).toBe("A,B,C,D");
  });

  it("follows a title edit: the new word is found only after it, the old word no longer matches", async () => {
    const oldWord = uniqueWord("old");
    const newWord = uniqueWord("new");
    const p = await makeProject(db, owner.id, { title: `Parking lot ${oldWord}`, status: "BIDDING_OPEN" });

    expect(await found(oldWord)).toEqual([p.id]);
    expect(await found(newWord)).toEqual([]);

    await db.update(projects).set({ title: `Parking lot ${newWord}` }).where(eq(projects.id, p.id));

    expect(await found(newWord)).toEqual([p.id]);
    expect(await found(oldWord)).toEqual([]);
  });

  it("follows keyword and description edits too", async () => {
    const kw = uniqueWord("kw");
    const desc = uniqueWord("desc");
    const p = await makeProject(db, owner.id);
    expect(await found(kw)).toEqual([]);
    await db.update(projects).set({ keywords: [kw] }).where(eq(projects.id, p.id));
    expect(await found(kw)).toEqual([p.id]);
    await db.update(projects).set({ keywords: [], description: `Now about ${desc}` }).where(eq(projects.id, p.id));
    expect(await found(kw)).toEqual([]);
    expect(await found(desc)).toEqual([p.id]);
  });

  it("ignores a value written to search_vector directly on insert", async () => {
    const word = uniqueWord();
    const p = await makeProject(db, owner.id, { title: `Real ${word}`, searchVector: "'bogus':1" });
    expect(p.searchVector).not.toContain("bogus");
    expect(await matches(p.id, word)).toBe(true);
  });
});

describe("coordinates sync", () => {
  const tables = {
    users: { table: users, make: (v: object) => makeUser(db, v) },
    projects: { table: projects, make: (v: object) => makeProject(db, owner.id, v) },
    events: { table: events, make: (v: object) => makeEvent(db, owner.id, v) },
  } as const;

  for (const [name, { table, make }] of Object.entries(tables)) {
    const idCol = (table as unknown as { id: typeof users.id }).id;
    const read = async (id: string) => {
      const [row] = await db
        .select({ latitude: users.latitude, longitude: users.longitude, coordinates: users.coordinates })
        .from(users)
        .where(eq(users.id, id));
      return row;
    };
    const readAny = async (id: string) => {
      const { rows } = await db.execute<{ latitude: number | null; longitude: number | null; coordinates: unknown }>(
        sql`select latitude, longitude, coordinates from ${table} where ${idCol} = ${id}`,
      );
      return rows[0];
    };
    const get = name === "users" ? read : readAny;
    const update = (id: string, set: object) => db.update(table).set(set as never).where(eq(idCol, id));

    it(`${name}: coordinates jsonb on insert fills latitude/longitude`, async () => {
      const row = (await make({ coordinates: { lat: 37.8044, lng: -122.2712 } })) as { id: string; latitude: number | null; longitude: number | null };
      expect([row.latitude, row.longitude]).toEqual([37.8044, -122.2712]);
    });

    it(`${name}: latitude/longitude on insert fill coordinates jsonb`, async () => {
      const row = (await make({ latitude: 34.0522, longitude: -118.2437 })) as { id: string; coordinates: unknown };
      expect(row.coordinates).toEqual({ lat: 34.0522, lng: -118.2437 });
    });

    it(`${name}: neither on insert leaves both empty`, async () => {
      const row = (await make({})) as { id: string; latitude: number | null; coordinates: unknown };
      expect(await get(row.id)).toEqual({ latitude: null, longitude: null, coordinates: null });
    });

    it(`${name}: an update of latitude/longitude rewrites coordinates, and of coordinates rewrites lat/lng`, async () => {
      const row = (await make({ latitude: 37.8, longitude: -122.27 })) as { id: string };
      await update(row.id, { latitude: 38.5816, longitude: -121.4944 });
      expect(await get(row.id)).toEqual({ latitude: 38.5816, longitude: -121.4944, coordinates: { lat: 38.5816, lng: -121.4944 } });

      await update(row.id, { coordinates: { lat: 32.7157, lng: -117.1611 } });
      expect(await get(row.id)).toEqual({ latitude: 32.7157, longitude: -117.1611, coordinates: { lat: 32.7157, lng: -117.1611 } });

      // Only one of the pair: the other keeps its value and the jsonb follows.
      await update(row.id, { longitude: -117 });
      expect(await get(row.id)).toEqual({ latitude: 32.7157, longitude: -117, coordinates: { lat: 32.7157, lng: -117 } });
    });

    it(`${name}: clearing either side clears the other`, async () => {
      const a = (await make({ latitude: 37.8, longitude: -122.27 })) as { id: string };
      await update(a.id, { latitude: null, longitude: null });
      expect(await get(a.id)).toEqual({ latitude: null, longitude: null, coordinates: null });

      const b = (await make({ coordinates: { lat: 37.8, lng: -122.27 } })) as { id: string };
      await update(b.id, { coordinates: null });
      expect(await get(b.id)).toEqual({ latitude: null, longitude: null, coordinates: null });
    });

    it(`${name}: when both sides change at once, latitude/longitude win`, async () => {
      const row = (await make({ latitude: 1, longitude: 1 })) as { id: string };
      await update(row.id, { latitude: 2, longitude: 3, coordinates: { lat: 50, lng: 50 } });
      expect(await get(row.id)).toEqual({ latitude: 2, longitude: 3, coordinates: { lat: 2, lng: 3 } });
    });

    it(`${name}: non-numeric jsonb coordinates are rejected`, async () => {
      const err = await rejection(() => make({ coordinates: { lat: "north", lng: 1 } }));
      expect(err.code).toBe("22P02");
      const row = (await make({ latitude: 1, longitude: 1 })) as { id: string };
      const upd = await rejection(() => update(row.id, { coordinates: { lat: 95, lng: 1 } }));
      expect({ code: upd.code, constraint: upd.constraint }).toEqual({ code: "23514", constraint: `${name}_latitude_check` });
      expect(await get(row.id)).toEqual({ latitude: 1, longitude: 1, coordinates: { lat: 1, lng: 1 } });
    });
  }
});
