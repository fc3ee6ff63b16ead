// Saved searches and bid alert settings in the authorization matrix. The target of the rows that
// change one is a saved search of `member` (made per row): only its owner may change or delete
// it; everyone else (admins included) gets a 404, as if it did not exist.
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { ID } from "../../src/db/ids.ts";
import { savedSearches } from "../../src/db/schema/index.ts";
import { SIGNED_IN, type Fixtures, type RouteRow } from "./types.ts";

const { db } = createDb(loadConfig(env as unknown as Record<string, unknown>));

/** A saved search of the row's `member` (the fixture is fresh per actor). */
const searches = new Map<string, string>();
async function memberSearch(f: Fixtures) {
  if (searches.has(f.member.id)) return;
  const [row] = await db.insert(savedSearches).values({ userId: f.member.id, name: "Matrix search", query: "q=matrix", frequency: "DAILY" }).returning({ id: savedSearches.id });
  searches.set(f.member.id, row!.id);
}
const searchPath = (f: Fixtures, tail = "") => `/projects/saved/${searches.get(f.member.id) ?? `c${"a".repeat(24)}`}${tail}`;

export const savedSearchRows: RouteRow[] = [
  { method: "GET", route: "/projects/saved", rule: "signedIn (lists only the member's own)", path: () => "/projects/saved", allowed: SIGNED_IN },
  // Saving: anyone signed in may keep searches of what they can see (an empty name: 422 with the form).
  { method: "POST", route: "/projects/saved", rule: "signedIn", path: () => "/projects/saved", form: () => ({ name: "Matrix", frequency: "DAILY", query: "q=matrix" }), allowed: SIGNED_IN },
  { method: "POST", route: "/projects/saved/threshold", rule: "signedIn (the member's own threshold)", path: () => "/projects/saved/threshold", form: () => ({ threshold: "75" }), allowed: SIGNED_IN },
  {
    method: "POST",
    route: `/projects/saved/${ID}`,
    rule: "signedIn, the owner's search only",
    prepare: memberSearch,
    path: (f) => searchPath(f),
    form: () => ({ frequency: "WEEKLY" }),
    allowed: ["member"],
  },
  {
    method: "POST",
    route: `/projects/saved/${ID}/delete`,
    rule: "signedIn, the owner's search only",
    prepare: memberSearch,
    path: (f) => searchPath(f, "/delete"),
    form: () => ({}),
    allowed: ["member"],
  },
];
