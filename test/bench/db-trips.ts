// npm run bench -- db-trips: what each page costs in Postgres round trips, counted on the wire
// at the local database proxy (scripts/lib/db-proxy.ts) while the pages are requested one at
// a time: statements, round trips (HTTP requests + WebSocket round trips, connection setup
// included) and connections the Worker opened, for every page as visitor, member and admin on
// the demo data; then each page's server time (median and p95 of RUNS requests).
import { createHash, randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import pg from "pg";
import type { Bench } from "../../scripts/bench.ts";
import { DEMO_LOGINS } from "../../scripts/seed.ts";
import { ADMIN_PAGES, MEMBER_PAGES, PUBLIC_PAGES } from "../e2e/pages.ts";
import { benchPages, type Visitor } from "./pages.ts";

const RUNS = 20;
/** Work a response leaves behind (waitUntil) is counted with it: wait this long for it to land. */
const SETTLE_MS = 150;
const SESSION_COOKIE = "__Host-portal_session";

/** A live session for a demo login, stored as src/auth/session.ts stores it (only the secret's hash). */
async function sessionCookie(client: pg.Client, email: string): Promise<string> {
  const id = encodeBase32LowerCaseNoPadding(randomBytes(15));
  const secret = encodeBase32LowerCaseNoPadding(randomBytes(20));
  await client.query(
    `INSERT INTO sessions (id, user_id, secret_hash, expires_at, two_factor_verified)
     SELECT $1, id, $2, now() + interval '1 day', true FROM users WHERE email = $3`,
    [id, createHash("sha256").update(secret).digest("hex"), email],
  );
  return `${SESSION_COOKIE}=${id}.${secret}`;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const bench: Bench = {
  needs: { database: true, worker: true },

  async run({ url, databaseUrl, proxy }) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const cookies: Record<Visitor, string> = {
      anonymous: "",
      member: await sessionCookie(client, DEMO_LOGINS.member),
      admin: await sessionCookie(client, DEMO_LOGINS.admin),
    };
    await client.end();

    const dataPages = new Set(["event", "admin-event", "admin-event-attendees", "admin-event-checkin"]);
    const withData = (await benchPages(databaseUrl)).filter((p) => dataPages.has(p.name));
    const pages = [
      ...(["anonymous", "member", "admin"] as const).flatMap((as) => PUBLIC_PAGES.map((p) => ({ ...p, as }))),
      ...(["member", "admin"] as const).flatMap((as) => MEMBER_PAGES.map((p) => ({ ...p, as }))),
      ...ADMIN_PAGES.map((p) => ({ ...p, as: "admin" as const })),
      ...withData,
      ...withData.filter((p) => p.name === "event" && p.as === "member").map((p) => ({ ...p, as: "admin" as const })),
    ];

    const get = async (path: string, as: Visitor) => {
      const started = performance.now();
      const res = await fetch(url + path, { headers: cookies[as] ? { cookie: cookies[as] } : {}, redirect: "manual" });
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - started };
    };
    const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

    let maxTrips = 0;
    let maxConnections = 0;
    console.log("page                                   as         status  stmts  trips  conns  median_ms  p95_ms");
    for (const page of pages) {
      await get(page.path, page.as); // warm: isolate, object, caches
      await settle();
      proxy?.resetStats();
      const first = await get(page.path, page.as);
      await settle();
      const wire = proxy?.stats();
      const times = [first.ms];
      for (let i = 1; i < RUNS; i++) times.push((await get(page.path, page.as)).ms);
      times.sort((a, b) => a - b);
      const trips = wire ? wire.httpRequests + wire.wsRoundTrips : NaN;
      const conns = wire ? wire.wsConnections : NaN;
      maxTrips = Math.max(maxTrips, trips);
      maxConnections = Math.max(maxConnections, conns);
      const status = first.status === page.status ? String(first.status) : `${first.status}!`;
      console.log(
        `${`${page.name} ${page.path}`.slice(0, 38).padEnd(39)}${page.as.padEnd(11)}${status.padEnd(8)}${String(wire?.statements ?? "-").padEnd(7)}` +
          `${String(trips).padEnd(7)}${String(conns).padEnd(7)}${percentile(times, 50).toFixed(1).padEnd(11)}${percentile(times, 95).toFixed(1)}`,
      );
    }
    console.log(`db-trips: pages=${pages.length} max_round_trips=${maxTrips} max_connections=${maxConnections}`);
  },
};
export default bench;
