// The visibility matrix: anonymous, unverified, member, invited member and admin against
// PUBLIC, MEMBERS_ONLY, INVITE_ONLY and PRIVATE opportunities, on the list, the page, the
// files and applying. One rule decides all four (canSeeProject / visibleTo).
import { exports } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { projectApplications } from "../../src/db/schema/index.ts";
import { makeProject, useTestDb } from "../helpers/db.ts";
import { ORIGIN } from "../helpers/http.ts";
import { applyBody, as, GOOD_BID, people, PERSONAS, projectsByVisibility, VISIBILITIES, type Persona } from "./projects-helpers.ts";

const db = useTestDb();
const TAG = `vis${newId().slice(-8)}`;
let who: Awaited<ReturnType<typeof people>>;
let p: Awaited<ReturnType<typeof projectsByVisibility>>;

beforeAll(async () => {
  who = await people(db);
  p = await projectsByVisibility(db, who.owner.id, who.invited.id, `Matrix ${TAG}`);
});

const fetchAs = (persona: Persona, path: string, init: RequestInit = {}) => exports.default.fetch(new Request(`${ORIGIN}${path}`, as(who.cookies[persona], init)));

/** Who sees which visibility: PUBLIC, MEMBERS_ONLY, INVITE_ONLY, PRIVATE. */
const SEES: Record<Persona, [boolean, boolean, boolean, boolean]> = {
  anonymous: [true, false, false, false],
  unverified: [true, false, false, false],
  member: [true, true, false, false],
  invited: [true, true, true, false],
  admin: [true, true, true, true],
};

describe("visibility matrix", () => {
  for (const persona of PERSONAS) {
    it(`the list shows ${persona} exactly what they may see`, async () => {
      const res = await fetchAs(persona, `/projects?q=${TAG}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      const shown = VISIBILITIES.map((v) => html.includes(`/projects/${p[v].id}"`));
      expect(shown).toEqual(SEES[persona]);
    });

    it(`the page answers ${persona} 200 or 404 by the same rule`, async () => {
      const statuses = await Promise.all(VISIBILITIES.map(async (v) => (await fetchAs(persona, `/projects/${p[v].id}`)).status));
      expect(statuses).toEqual(SEES[persona].map((s) => (s ? 200 : 404)));
    });

    it(`files: ${persona} downloads only from projects they may see, and only when verified`, async () => {
      const statuses = await Promise.all(
        VISIBILITIES.map(async (v) => {
          const res = await fetchAs(persona, `/projects/${p[v].id}/files/${p[v].fileId}`);
          await res.body?.cancel();
          return res.status;
        }),
      );
      const expected = SEES[persona].map((s) => (persona === "anonymous" ? 303 : persona === "unverified" ? 403 : s ? 200 : 404));
      expect(statuses).toEqual(expected);
    });
  }

  it("apply: refuses projects a member may not see (404) and unverified members (403)", async () => {
    const post = (persona: Persona, v: (typeof VISIBILITIES)[number]) => fetchAs(persona, `/projects/${p[v].id}/apply`, { method: "POST", body: applyBody(GOOD_BID) });
    expect((await post("member", "INVITE_ONLY")).status).toBe(404);
    expect((await post("member", "PRIVATE")).status).toBe(404);
    expect((await post("unverified", "MEMBERS_ONLY")).status).toBe(404);
    const refused = await post("unverified", "PUBLIC");
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/Confirm your email address before you bid/);
    expect((await post("anonymous", "PUBLIC")).status).toBe(303);
    expect((await post("invited", "INVITE_ONLY")).status).toBe(303);
    expect((await post("member", "MEMBERS_ONLY")).status).toBe(303);
    const rows = await db.select().from(projectApplications).where(eq(projectApplications.projectId, p.INVITE_ONLY.id));
    expect(rows.map((r) => r.userId)).toEqual([who.invited.id]);
  });

  it("never lists a draft or a deleted project, and deleted ones are gone for admins too", async () => {
    const draft = await makeProject(db, who.owner.id, { title: `Draft ${TAG}`, status: "DRAFT", visibility: "PUBLIC" });
    const gone = await makeProject(db, who.owner.id, { title: `Deleted ${TAG}`, status: "BIDDING_OPEN", visibility: "PUBLIC", deletedAt: new Date() });
    const member = await (await fetchAs("member", `/projects?q=${TAG}`)).text();
    expect(member).not.toContain(draft.id);
    expect(member).not.toContain(gone.id);
    expect((await fetchAs("member", `/projects/${draft.id}`)).status).toBe(404);
    expect((await fetchAs("admin", `/projects/${draft.id}`)).status).toBe(200);
    expect((await fetchAs("admin", `/projects/${gone.id}`)).status).toBe(404);
  });

  it("a file id of another project is a 404", async () => {
    const res = await fetchAs("admin", `/projects/${p.PUBLIC.id}/files/${p.MEMBERS_ONLY.fileId}`);
    expect(res.status).toBe(404);
  });

  it("another member's application files are 404 to them and readable by the applicant and an admin", async () => {
    const [mine] = await db
      .select({ id: projectApplications.id })
      .from(projectApplications)
      .where(and(eq(projectApplications.projectId, p.MEMBERS_ONLY.id), eq(projectApplications.userId, who.member.id)));
    expect(mine).toBeDefined();
    // The member's bid above had no files; attach one through a fresh bid with a file.
    const res = await fetchAs("invited", `/projects/${p.PUBLIC.id}/apply`, { method: "POST", body: applyBody(GOOD_BID, [["bid.pdf", new TextEncoder().encode("%PDF-1.4\n%%EOF\n"), "application/pdf"]]) });
    expect(res.status).toBe(303);
    const page = await (await fetchAs("invited", `/projects/${p.PUBLIC.id}`)).text();
    const link = /\/projects\/applications\/c[a-z2-7]{24}\/files\/c[a-z2-7]{24}/.exec(page)?.[0];
    expect(link).toBeDefined();
    expect((await fetchAs("invited", link!)).status).toBe(200);
    expect((await fetchAs("admin", link!)).status).toBe(200);
    expect((await fetchAs("member", link!)).status).toBe(404);
    expect((await fetchAs("anonymous", link!)).status).toBe(303);
  });
});
