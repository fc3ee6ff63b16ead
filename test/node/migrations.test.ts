// migrations/ against the drizzle schema: they apply to a brand-new database, a second
// run is a no-op, the migrated catalog matches src/db/schema table by table (columns,
// indexes, CHECKs, foreign keys, enums), and drizzle-kit sees nothing left to generate.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { is, SQL } from "drizzle-orm";
import { getTableConfig, isPgEnum, PgTable } from "drizzle-orm/pg-core";
import type { PgEnum } from "drizzle-orm/pg-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, migrationsFolder } from "../../scripts/lib/migrate.ts";
import { dropDatabase, ensureDatabase } from "../../scripts/lib/postgres.ts";
import { root } from "../../scripts/lib/stack.ts";
import * as schema from "../../src/db/schema/index.ts";

const baseUrl = process.env.PORTAL_TEST_DATABASE_URL;
if (!baseUrl) throw new Error("Run with `npm test`: it starts Postgres and sets PORTAL_TEST_DATABASE_URL.");

const adminUrl = (() => {
  const u = new URL(baseUrl);
  u.pathname = "/postgres";
  return u.toString();
})();
const dbName = `portal_migrations_${Date.now()}_${process.pid}`;
const url = (() => {
  const u = new URL(baseUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

const exported: unknown[] = Object.values(schema);
const tables = exported.filter((v): v is PgTable => is(v, PgTable));
const enums = exported.filter((v): v is PgEnum<[string, ...string[]]> => isPgEnum(v));
const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };

let client: pg.Client;

/** Byte order on both sides, whatever the server's collation. */
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

async function rows<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await client.query<T>(text, params)).rows;
}

/** A fingerprint of everything the migrations create, to show a second run changes nothing. */
async function catalogFingerprint(): Promise<string> {
  const parts = await rows<{ part: string }>(`
    select format('%s.%s %s %s', c.relnamespace::regnamespace, c.relname, c.relkind, c.oid) as part
      from pg_class c where c.relnamespace = 'public'::regnamespace
    union all
    select format('con %s %s', conname, pg_get_constraintdef(oid)) from pg_constraint where connamespace = 'public'::regnamespace
    union all
    select format('trg %s %s', tgname, tgrelid::regclass) from pg_trigger where not tgisinternal
    union all
    select format('fn %s %s', p.oid::regprocedure, md5(p.prosrc)) from pg_proc p where p.pronamespace = 'public'::regnamespace
    order by 1`);
  return parts.map((p) => p.part).join("\n");
}

beforeAll(async () => {
  await ensureDatabase(adminUrl, dbName);
  client = new pg.Client({ connectionString: url });
  await client.connect();
});

afterAll(async () => {
  await client?.end().catch(() => {});
  await dropDatabase(adminUrl, dbName);
});

describe("migrations apply", () => {
  it("to an empty database, then a second run is a no-op", async () => {
    const before = await rows<{ n: string }>(
      "select count(*) as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')",
    );
    expect(before[0]?.n).toBe("0");

    await applyMigrations(url);
    const applied = await rows<{ hash: string }>("select hash from drizzle.__drizzle_migrations order by id");
    expect(applied).toHaveLength(journal.entries.length);
    // Every .sql file is in the journal (an orphan would never be applied) and vice versa, in order.
    const files = readdirSync(migrationsFolder).filter((f) => f.endsWith(".sql")).sort();
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
    expect(files.slice(0, 4)).toEqual(["0000_extensions.sql", "0001_tables.sql", "0002_triggers.sql", "0003_accounts_auth.sql"]);
    const fingerprint = await catalogFingerprint();
    expect(fingerprint).toContain("public.users r");

    await applyMigrations(url);
    expect(await rows("select hash from drizzle.__drizzle_migrations order by id")).toEqual(applied);
    expect(await catalogFingerprint()).toBe(fingerprint);
  });
});

describe("no drift between src/db/schema and the migrated database", () => {
  beforeAll(async () => {
    // Independent of the test above, so this block can run on its own (-t).
    await applyMigrations(url);
  });

  it("finds the schema's tables (sanity)", () => {
    expect(tables.length).toBe(44);
    expect(tables.map((t) => getTableConfig(t).name)).toContain("users");
  });

  it("has exactly the schema's tables, and nothing else besides drizzle's journal", async () => {
    const inDb = await rows<{ name: string }>(`
      select schemaname || '.' || tablename as name from pg_tables
      where schemaname not in ('pg_catalog', 'information_schema') order by 1`);
    const expected = [...tables.map((t) => `public.${getTableConfig(t).name}`), "drizzle.__drizzle_migrations"].sort();
    expect(inDb.map((r) => r.name).sort()).toEqual(expected);
  });

  it("has every enum with the same values in the same order, and no others", async () => {
    const inDb = await rows<{ name: string; labels: string[] }>(`
      select t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
      from pg_type t join pg_enum e on e.enumtypid = t.oid
      where t.typnamespace = 'public'::regnamespace group by t.typname`);
    const expected = enums.map((e) => ({ name: e.enumName, labels: [...e.enumValues] })).sort(byName);
    expect(inDb.sort(byName)).toEqual(expected);
  });

  for (const table of tables) {
    const config = getTableConfig(table);
    const name = config.name;

    describe(name, () => {
      it("columns: name, type, nullability, default", async () => {
        const inDb = await rows<{ name: string; type: string; not_null: boolean; default: string | null; generated: boolean }>(
          `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
                  pg_get_expr(d.adbin, d.adrelid) as default, a.attgenerated <> '' as generated
           from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
           where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by a.attname`,
          [`public.${name}`],
        );
        const norm = (t: string) => t.replace(/,\s+/g, ",");
        const fromDb = inDb.sort(byName).map((c) => ({
          name: c.name,
          type: norm(c.type),
          notNull: c.not_null,
          // A stored generated column's expression lives where defaults do; it is not a default.
          generated: c.generated,
          hasDefault: c.default !== null && !c.generated,
          defaultValue: c.default === null || c.generated ? undefined : parseDbDefault(c.default),
        }));
        const fromSchema = config.columns
          .map((c) => ({
            name: c.name,
            type: norm(c.getSQLType()),
            notNull: c.notNull,
            generated: c.generated !== undefined,
            hasDefault: c.default !== undefined,
            defaultValue: c.default === undefined ? undefined : schemaDefault(c.default),
          }))
          .sort(byName);
        expect(fromDb).toEqual(fromSchema);
      });

      it("indexes by name: method, uniqueness, partial predicate", async () => {
        const inDb = await rows<{ name: string; method: string; unique: boolean; partial: boolean }>(
          `select i.relname as name, am.amname as method, x.indisunique as unique, x.indpred is not null as partial
           from pg_index x join pg_class i on i.oid = x.indexrelid join pg_am am on am.oid = i.relam
           where x.indrelid = $1::regclass order by i.relname`,
          [`public.${name}`],
        );
        const expected = [
          // A one-column key is <table>_pkey; a composite key keeps the name drizzle gives it.
          { name: config.primaryKeys[0]?.getName() ?? `${name}_pkey`, method: "btree", unique: true, partial: false },
          ...config.indexes.map((i) => ({
            name: i.config.name ?? "(unnamed index)",
            method: i.config.method ?? "btree",
            unique: i.config.unique,
            partial: i.config.where !== undefined,
          })),
          ...config.uniqueConstraints.map((u) => ({ name: u.getName() ?? "(unnamed unique)", method: "btree", unique: true, partial: false })),
          ...config.columns
            .filter((c) => c.isUnique)
            .map((c) => ({ name: c.uniqueName ?? "(unnamed unique)", method: "btree", unique: true, partial: false })),
        ].sort(byName);
        expect(inDb.sort(byName)).toEqual(expected);
      });

      it("CHECK constraints by name", async () => {
        const inDb = await rows<{ name: string }>(
          "select conname as name from pg_constraint where conrelid = $1::regclass and contype = 'c' order by conname",
          [`public.${name}`],
        );
        expect(inDb.map((r) => r.name).sort()).toEqual(config.checks.map((c) => c.name).sort());
      });

      it("foreign keys by name: columns, target and ON DELETE rule", async () => {
        const inDb = await rows<{ name: string; columns: string[]; target: string; on_delete: string }>(
          `select c.conname as name,
                  array(select attname from unnest(c.conkey) with ordinality k(n, o)
                        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o)::text[] as columns,
                  c.confrelid::regclass::text as target,
                  case c.confdeltype when 'a' then 'no action' when 'r' then 'restrict' when 'c' then 'cascade'
                                     when 'n' then 'set null' when 'd' then 'set default' end as on_delete
           from pg_constraint c where c.conrelid = $1::regclass and c.contype = 'f' order by c.conname`,
          [`public.${name}`],
        );
        const expected = config.foreignKeys
          .map((fk) => {
            const ref = fk.reference();
            return {
              name: fk.getName(),
              columns: ref.columns.map((c) => c.name),
              target: getTableConfig(ref.foreignTable).name,
              on_delete: fk.onDelete ?? "no action",
            };
          })
          .sort(byName);
        expect(inDb.sort(byName)).toEqual(expected);
      });
    });
  }
});

describe("drizzle-kit generate", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "portal-drizzle-kit-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  function generate(out: string) {
    // drizzle-kit joins --out onto "./", so it must be relative to the working directory.
    const result = spawnSync(
      process.execPath,
      [
        path.join(root, "node_modules/drizzle-kit/bin.cjs"),
        "generate",
        "--dialect",
        "postgresql",
        "--schema",
        "./src/db/schema/index.ts",
        "--out",
        path.relative(root, out),
      ],
      { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 90_000 },
    );
    return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
  }
  const sqlFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();

  it("finds no schema changes against a copy of migrations/", () => {
    const out = path.join(tmp, "migrations");
    cpSync(migrationsFolder, out, { recursive: true });
    const before = sqlFiles(out);
    const journalBefore = readFileSync(path.join(out, "meta/_journal.json"), "utf8");

    const { status, output } = generate(out);
    expect(status, output).toBe(0);
    expect(output).toContain("No schema changes");
    expect(sqlFiles(out)).toEqual(before);
    expect(readFileSync(path.join(out, "meta/_journal.json"), "utf8")).toBe(journalBefore);
  });

  it("does write a migration when there is history to catch up on (the check above can fail)", () => {
    const out = path.join(tmp, "empty");
    const { status, output } = generate(out);
    expect(status, output).toBe(0);
    const files = sqlFiles(out);
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(out, files[0]!), "utf8")).toContain('CREATE TABLE "users"');
  });
});

// Defaults: the schema's value and the database's expression, reduced to a comparable form.

function schemaDefault(value: unknown): unknown {
  if (is(value, SQL)) {
    const chunks = (value as SQL).queryChunks
      .map((c) => (typeof c === "object" && c !== null && "value" in c ? (c as { value: string[] }).value.join("") : String(c)))
      .join("");
    return { sql: chunks.trim() };
  }
  if (Array.isArray(value)) return { array: value.map(String) };
  if (typeof value === "object" && value !== null) return { json: value };
  return { literal: String(value) };
}

/** pg_get_expr output: now(), 0, true, 'USD'::text, '0'::numeric, '{}'::text[], '{...}'::jsonb. */
function parseDbDefault(expr: string): unknown {
  const cast = /^'((?:[^']|'')*)'::([\w ."[\]]+)$/.exec(expr);
  if (cast) {
    const text = cast[1]!.replace(/''/g, "'");
    const type = cast[2]!;
    if (type.endsWith("[]")) {
      const inner = text.replace(/^\{|\}$/g, "");
      return { array: inner === "" ? [] : inner.split(",").map((s) => s.replace(/^"|"$/g, "")) };
    }
    if (type === "jsonb" || type === "json") return { json: JSON.parse(text) };
    return { literal: text };
  }
  if (/^-?\d+(\.\d+)?$/.test(expr) || expr === "true" || expr === "false") return { literal: expr };
  return { sql: expr };
}
