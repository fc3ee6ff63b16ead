// Saved searches: saving the list's filters (read by the list's own schema), the per-member
// limit (also under concurrent saves), changing how often and deleting (owner only: anyone
// else gets a 404 and nothing changes), the alert threshold, and hostile input.
import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { savedSearches, users } from "../../src/db/schema/index.ts";
import { MAX_SAVED_SEARCHES } from "../../src/features/projects/saved-searches.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { ORIGIN } from "../helpers/http.ts";
import { as } from "./projects-helpers.ts";

const db = useTestDb();

async function member() {
  const account = await createAccount(db, { firstName: "Saver" });
  return { id: account.id, cookie: await sessionCookie(db, account.id) };
}

const post = (cookie: string | null, path: string, form: Record<string, string>) =>
  exports.default.fetch(new Request(`${ORIGIN}${path}`, as(cookie, { method: "POST", body: new URLSearchParams(form) })));
const get = (cookie: string | null, path: string) => exports.default.fetch(new Request(`${ORIGIN}${path}`, as(cookie)));
const mine = (userId: string) => db.select().from(savedSearches).where(eq(savedSearches.userId, userId));

let a: Awaited<ReturnType<typeof member>>;
let b: Awaited<ReturnType<typeof member>>;
beforeAll(async () => {
  [a, b] = await Promise.all([member(), member()]);
});

describe("saving a search", () => {
  it("saves the list's filters in their canonical form (page, unknown keys and blanks dropped) and lists it for its owner only", async () => {
    const res = await post(a.cookie, "/projects/saved", {
      name: "  Paving near Oakland ",
      frequency: "INSTANT",
      query: "page=3&q=paving&category=INFRASTRUCTURE&min=250%2C000&cert=&evil=1&closing=14",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/projects/saved?notice=saved");
    const rows = await mine(a.id);
    expect(rows.map((r) => [r.name, r.query, r.frequency])).toEqual([["Paving near Oakland", "q=paving&category=INFRASTRUCTURE&min=250000&closing=14", "INSTANT"]]);

    const page = await (await get(a.cookie, "/projects/saved")).text();
    expect(page).toContain("Paving near Oakland");
    expect(page).toContain("“paving” · Infrastructure · budget at least $250,000 · Closing within 14 days");
    const other = await (await get(b.cookie, "/projects/saved")).text();
    expect(other).not.toContain("Paving near Oakland");
    expect(other).toContain("You have no saved searches");
  });

  it("offers “Save this search” with the filters in force on /projects to a signed-in member, not to a visitor", async () => {
    const html = await (await get(a.cookie, "/projects?q=roof&bonding=yes&page=1")).text();
    expect(html).toContain('<input type="hidden" name="query" value="q=roof&amp;bonding=yes"/>');
    expect(await (await get(null, "/projects?q=roof")).text()).not.toContain('action="/projects/saved"');
    // A refused filter (422) offers no save.
    const bad = await get(a.cookie, "/projects?closing=3");
    expect(bad.status).toBe(422);
    expect(await bad.text()).not.toContain('name="query"');
  });

  it("refuses a query the list would refuse, and says why", async () => {
    const cases = ["closing=3", "min=500&max=100", "zip=123", "category=SPACE", "miles=25", "zip=00000&miles=25"];
    for (const query of cases) {
      const res = await post(b.cookie, "/projects/saved", { name: "Bad", frequency: "DAILY", query });
      expect(res.status, query).toBe(422);
      expect(await res.text(), query).toContain("This search cannot be saved");
    }
    expect(await mine(b.id)).toEqual([]);
  });

  it("refuses hostile input: a NUL, a missing name, an unknown frequency, a query too long; names are shown escaped", async () => {
    const cases: Array<[Record<string, string>, number]> = [
      [{ name: "a\u0000b", frequency: "DAILY", query: "q=x" }, 422],
      [{ name: "   ", frequency: "DAILY", query: "q=x" }, 422],
      [{ name: "x".repeat(101), frequency: "DAILY", query: "q=x" }, 422],
      [{ name: "Hourly", frequency: "HOURLY", query: "q=x" }, 422],
      [{ name: "Long", frequency: "DAILY", query: `q=${"a".repeat(2100)}` }, 422],
    ];
    for (const [form, status] of cases) expect((await post(b.cookie, "/projects/saved", form)).status, JSON.stringify(form).slice(0, 60)).toBe(status);
    expect(await mine(b.id)).toEqual([]);

    expect((await post(b.cookie, "/projects/saved", { name: `<script>alert(1)</script>`, frequency: "WEEKLY", query: "q=%3Cb%3E" })).status).toBe(303);
    const html = await (await get(b.cookie, "/projects/saved")).text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    await db.delete(savedSearches).where(eq(savedSearches.userId, b.id));
  });

  it(`keeps at most ${MAX_SAVED_SEARCHES} per member, also when saves arrive at once`, async () => {
    const c = await member();
    await db.insert(savedSearches).values(Array.from({ length: MAX_SAVED_SEARCHES - 3 }, (_, i) => ({ userId: c.id, name: `S${i}`, query: `q=s${i}` })));
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => post(c.cookie, "/projects/saved", { name: `Rush ${i}`, frequency: "DAILY", query: `q=rush${i}` })));
    expect(results.map((r) => r.status).sort()).toEqual([303, 303, 303, 422, 422, 422, 422, 422]);
    expect(await mine(c.id)).toHaveLength(MAX_SAVED_SEARCHES);
    const refused = await post(c.cookie, "/projects/saved", { name: "One more", frequency: "DAILY", query: "q=more" });
    expect(await refused.text()).toContain(`You have ${MAX_SAVED_SEARCHES} saved searches, the most you can keep`);
  });
});

describe("changing and deleting: the owner only", () => {
  it("lets the owner change how often and delete; another member gets a 404 and nothing changes", async () => {
    const [row] = await db.insert(savedSearches).values({ userId: a.id, name: "Owner's", query: "q=owner", frequency: "DAILY" }).returning();
    const id = row!.id;

    expect((await post(b.cookie, `/projects/saved/${id}`, { frequency: "INSTANT" })).status).toBe(404);
    expect((await post(b.cookie, `/projects/saved/${id}/delete`, {})).status).toBe(404);
    expect((await db.select().from(savedSearches).where(eq(savedSearches.id, id)))[0]!.frequency).toBe("DAILY");

    expect((await post(a.cookie, `/projects/saved/${id}`, { frequency: "BIWEEKLY" })).status).toBe(422);
    const changed = await post(a.cookie, `/projects/saved/${id}`, { frequency: "WEEKLY" });
    expect(changed.headers.get("location")).toBe("/projects/saved?notice=updated");
    expect((await db.select().from(savedSearches).where(eq(savedSearches.id, id)))[0]!.frequency).toBe("WEEKLY");

    expect((await post(a.cookie, `/projects/saved/${id}/delete`, {})).headers.get("location")).toBe("/projects/saved?notice=deleted");
    expect(await db.select().from(savedSearches).where(eq(savedSearches.id, id))).toEqual([]);
    expect((await post(a.cookie, `/projects/saved/${id}/delete`, {})).status).toBe(404);
  });

  it("sends a visitor to sign in", async () => {
    const res = await get(null, "/projects/saved");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("alert threshold", () => {
  it("saves a whole number from 0 to 100 for the member and refuses anything else", async () => {
    for (const threshold of ["101", "-1", "abc", "7.5", ""]) expect((await post(b.cookie, "/projects/saved/threshold", { threshold })).status, threshold).toBe(422);
    const ok = await post(b.cookie, "/projects/saved/threshold", { threshold: " 85 " });
    expect(ok.headers.get("location")).toBe("/projects/saved?notice=threshold");
    const [u] = await db.select({ t: users.bidAlertThreshold }).from(users).where(eq(users.id, b.id));
    expect(u!.t).toBe(85);
    const [other] = await db.select({ t: users.bidAlertThreshold }).from(users).where(eq(users.id, a.id));
    expect(other!.t).toBe(70);
  });
});
