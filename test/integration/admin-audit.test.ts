// The audit trail screen: filters by action, actor and target; pagination; bad filters.
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { adminActions } from "../../src/db/schema/audit.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { makeUser, useTestDb } from "../helpers/db.ts";
import { get } from "../helpers/http.ts";

const db = useTestDb();
let cookie: string;
let actorId: string;
let actorEmail: string;
let targetId: string;
const as = () => ({ headers: { cookie } });

beforeAll(async () => {
  const admin = await createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Auditor" });
  cookie = await sessionCookie(db, admin.id);
  // A separate actor whose actions only this file writes.
  const actor = await createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Actor" });
  actorId = actor.id;
  actorEmail = actor.email;
  targetId = (await makeUser(db, { firstName: "Target", lastName: "Person" })).id;
  const rows = Array.from({ length: 27 }, (_, i) => ({
    action: i % 3 === 0 ? ("USER_DELETED" as const) : ("USER_UPDATED" as const),
    userId: actorId,
    targetUserId: targetId,
    details: `Audit row ${String(i).padStart(2, "0")} <em>x</em>`,
    createdAt: new Date(Date.UTC(2020, 0, 1, 0, i)),
  }));
  await db.insert(adminActions).values(rows);
});

const rowsIn = (html: string) => (html.match(/Audit row (\d\d)/g) ?? []).map((s) => s.slice(-2));

describe("GET /admin/audit", () => {
  it("filters by actor (id) and pages newest first", async () => {
    const html = await (await get(`/admin/audit?actor=${actorId}`, as())).text();
    const first = rowsIn(html);
    expect(first).toHaveLength(25);
    expect(first[0]).toBe("26");
    expect(first[24]).toBe("02");
    expect(html).toContain("Page 1 of 2 · 27 results");
    expect(html).toContain("&lt;em&gt;x&lt;/em&gt;");
    expect(html).not.toContain("<em>x</em>");
    const second = rowsIn(await (await get(`/admin/audit?actor=${actorId}&page=2`, as())).text());
    expect(second).toEqual(["01", "00"]);
  });

  it("filters by action type and by target email", async () => {
    const deleted = rowsIn(await (await get(`/admin/audit?actor=${actorId}&action=USER_DELETED`, as())).text());
    expect(deleted).toEqual(["24", "21", "18", "15", "12", "09", "06", "03", "00"]);
    const byEmail = await (await get(`/admin/audit?actor=${encodeURIComponent(actorEmail.toUpperCase())}&target=${targetId}&action=USER_DELETED`, as())).text();
    expect(rowsIn(byEmail)).toHaveLength(9);
    expect(byEmail).toContain(`<a href="/admin/users/${targetId}">Target Person</a>`);
  });

  it("finds nothing for an unknown person, and refuses an unknown action (422)", async () => {
    const none = await (await get(`/admin/audit?actor=${newId()}`, as())).text();
    expect(none).toContain("No admin actions match these filters");
    const nobody = await (await get(`/admin/audit?target=${encodeURIComponent("nobody@nowhere.example' OR '1'='1")}`, as())).text();
    expect(rowsIn(nobody)).toEqual([]);
    const bad = await get("/admin/audit?action=DROP_TABLE", as());
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Choose an action from the list");
  });
});
