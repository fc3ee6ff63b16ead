// Importing opportunities: the preview writes nothing to Postgres (only the file, to R2),
// the commit re-reads the stored file, importing the same file twice changes nothing, a
// changed row updates its opportunity in place, unknown columns are reported; audited.
import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { adminActions, projects } from "../../src/db/schema/index.ts";
import { useTestDb } from "../helpers/db.ts";
import { postForm } from "../helpers/http.ts";
import { adminSession, as, postMultipart, seedZips, type Staff } from "./admin-projects-helpers.ts";
import samCsv from "../fixtures/sam-contract-opportunities.csv?raw";
import portalJson from "../fixtures/portal-opportunities.json?raw";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
  await seedZips(db);
});

function preview(name: string, text: string, newStatus = "DRAFT") {
  const form = new FormData();
  form.set("file", new File([text], name, { type: "text/csv" }));
  form.set("newStatus", newStatus);
  return postMultipart("/admin/projects/import", form, admin);
}
const tokenOf = (html: string) => /name="token" value="(c[a-z2-7]{24})"/.exec(html)?.[1];
const commit = (token: string) => postForm("/admin/projects/import/commit", { token }, as(admin));
const bySource = (source: string) => db.select().from(projects).where(eq(projects.source, source)).orderBy(projects.externalId);

/** A portal CSV with a source of its own, so the test's rows are its alone. */
function portalCsv(source: string, rows: string[][]) {
  const header = "source,externalId,title,description,category,budgetMin,budgetMax,zip,deadline,skills,internalNotes";
  return [header, ...rows.map((r) => [source, ...r].map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(","))].join("\n");
}

describe("importing a SAM.gov Contract Opportunities export", () => {
  it("previews without writing, commits the good rows, and a second import of the same file changes nothing", async () => {
    const res = await preview("ContractOpportunitiesFullCSV.csv", samCsv);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("SAM.gov Contract Opportunities CSV");
    expect(html).toContain("<strong>4</strong> to create");
    expect(html).toContain("<strong>1</strong> with errors");
    expect(html).toContain("Title is missing");
    expect(html).toContain("=HYPERLINK(");
    expect(html).not.toContain('=HYPERLINK("http');
    expect(await bySource("SAM.GOV")).toHaveLength(0);
    const token = tokenOf(html)!;
    expect(await env.FILES.head(`imports/${token}`)).not.toBeNull();

    const done = await commit(token);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("4 created, 0 updated, 0 unchanged, 1 with errors (skipped).");
    const rows = await bySource("SAM.GOV");
    expect(rows.map((r) => r.externalId)).toEqual([
      "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
      "55443322110099887766554433221100",
      "77aa88bb99cc00dd11ee22ff33aa44bb",
      "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    ]);
    expect(rows.every((r) => r.status === "DRAFT" && r.createdById === admin.id)).toBe(true);
    const runway = rows.find((r) => r.externalId === "a1b2c3d4e5f60718293a4b5c6d7e8f90")!;
    expect(runway).toMatchObject({ category: "INFRASTRUCTURE", latitude: 38.2743, longitude: -121.9463, organization: "DEPT OF DEFENSE" });
    expect(await env.FILES.head(`imports/${token}`)).toBeNull();

    const stale = await commit(token);
    expect(stale.status).toBe(422);
    expect(await stale.text()).toContain("already been imported, or it expired");

    const again = await preview("ContractOpportunitiesFullCSV.csv", samCsv);
    const againHtml = await again.text();
    expect(againHtml).toContain("<strong>0</strong> to create");
    expect(againHtml).toContain("<strong>4</strong> unchanged");
    const second = await commit(tokenOf(againHtml) ?? "c".repeat(25));
    // Nothing to write: the preview offers no commit button, and a forged commit finds nothing to import either.
    expect(second.status).toBe(422);
    const after = await bySource("SAM.GOV");
    expect(after.map((r) => [r.id, r.updatedAt.getTime()])).toEqual(rows.map((r) => [r.id, r.updatedAt.getTime()]));

    const [audit] = await db
      .select()
      .from(adminActions)
      .where(and(eq(adminActions.userId, admin.id), sql`${adminActions.metadata}->'import'->>'format' = 'sam-csv'`));
    expect(audit).toMatchObject({ action: "PROJECT_CREATED" });
    expect(audit!.metadata).toMatchObject({ after: { created: 4, updated: 0, unchanged: 0, errors: 1 }, errorLines: [5] });
  });
});

describe("importing the portal's own columns", () => {
  it("updates a changed row in place, leaves unchanged rows alone and reports unknown columns", async () => {
    const source = `T${newId().slice(1, 10).toUpperCase()}`;
    const first = portalCsv(source, [
      ["A-1", "Canopy", "Steel canopy", "NEW_CONSTRUCTION", "100000", "200000", "94621", "2030-02-10T14:00", "Steel; Electrical", "x"],
      ["A-2", "Restrooms", "ADA upgrade", "RENOVATION", "", "", "", "2030-02-11", "", ""],
    ]);
    const html = await (await preview("portal.csv", first, "BIDDING_OPEN")).text();
    expect(html).toContain("Columns this format does not read (ignored):</strong> internalNotes");
    await commit(tokenOf(html)!);
    const before = await bySource(source);
    expect(before).toHaveLength(2);
    expect(before[0]).toMatchObject({ status: "BIDDING_OPEN", skillsRequired: ["Steel", "Electrical"], latitude: 37.7589 });
    expect(before[0]!.publishedAt).toBeInstanceOf(Date);

    const changed = portalCsv(source, [
      ["A-1", "Canopy, phase 2", "Steel canopy", "NEW_CONSTRUCTION", "100000", "250000", "94621", "2030-02-10T14:00", "Steel; Electrical", "x"],
      ["A-2", "Restrooms", "ADA upgrade", "RENOVATION", "", "", "", "2030-02-11", "", ""],
    ]);
    const preview2 = await (await preview("portal.csv", changed)).text();
    expect(preview2).toContain("<strong>1</strong> to update");
    expect(preview2).toContain("<strong>1</strong> unchanged");
    expect(preview2).toContain("Changes: title, budgetMax");
    const report = await (await commit(tokenOf(preview2)!)).text();
    expect(report).toContain("0 created, 1 updated, 1 unchanged, 0 with errors");
    const after = await bySource(source);
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect(after[0]).toMatchObject({ title: "Canopy, phase 2", budgetMax: "250000.00", status: "BIDDING_OPEN" });
    expect(after[1]!.updatedAt.getTime()).toBe(before[1]!.updatedAt.getTime());
  });

  it("imports the JSON fixture, reporting its unknown key and its row without an id", async () => {
    const html = await (await preview("opportunities.json", portalJson)).text();
    expect(html).toContain("Portal JSON");
    expect(html).toContain("ignored):</strong> extra");
    expect(html).toContain("externalId is missing");
    await commit(tokenOf(html)!);
    const rows = await bySource("CALTRANS");
    expect(rows.map((r) => r.externalId)).toEqual(["04-1Q2304", "04-1Q2305"]);
    expect(rows[0]).toMatchObject({ bondingRequired: true, certificationsRequired: [{ type: "CSLB", classification: "A" }, { type: "DBE" }], latitude: 37.6374 });
    expect(rows[1]!.visibility).toBe("INVITE_ONLY");
  });

  it("refuses a file that cannot be read, storing nothing", async () => {
    const before = (await env.FILES.list({ prefix: "imports/" })).objects.length;
    const res = await preview("broken.csv", 'externalId,title\n1,"never closed\n');
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("A quoted cell is never closed");
    expect((await env.FILES.list({ prefix: "imports/" })).objects.length).toBe(before);
  });
});
