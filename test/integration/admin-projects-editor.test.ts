// Creating and editing opportunities: every field saved (structured rows, dollars, Pacific
// dates, coordinates from the ZIP), errors beside the fields with the input kept (422),
// audited changes, the no-JS "Add another" and the htmx row; the list's filters and CSV.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { projects } from "../../src/db/schema/index.ts";
import { makeProject, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { adminSession, as, openProject, projectAudits, projectRow, seedZips, type Staff, validProjectForm } from "./admin-projects-helpers.ts";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
  await seedZips(db);
});

const create = (form: Record<string, string>) => postForm("/admin/projects", form, as(admin));
const idFrom = (res: Response) => /\/admin\/projects\/(c[a-z2-7]{24})\?notice=created$/.exec(res.headers.get("location") ?? "")?.[1];

describe("POST /admin/projects", () => {
  it("creates a draft with every field, coordinates from the ZIP, and one audit row", async () => {
    const title = `Bus yard ${newId()}`;
    const res = await create(validProjectForm({ title }));
    expect(res.status).toBe(303);
    const id = idFrom(res)!;
    const p = await projectRow(db, id);
    expect(p).toMatchObject({
      title,
      status: "DRAFT",
      source: "MANUAL",
      category: "NEW_CONSTRUCTION",
      subcategory: "Solar canopy",
      priority: "HIGH",
      visibility: "MEMBERS_ONLY",
      maxApplications: 25,
      budgetMin: "1200000.00",
      budgetMax: "1750000.00",
      estimatedValue: "1500000.50",
      estimatedDuration: 240,
      experienceRequired: 5,
      bondingRequired: true,
      requirements: ["Prevailing wage"],
      skillsRequired: ["Structural steel", "Electrical"],
      certificationsRequired: [{ type: "CSLB", classification: "C-10" }, { type: "DBE" }],
      insuranceRequired: { generalLiability: 2000000, workersCompensation: "Statutory" },
      keywords: ["solar"],
      sector: ["public", "transportation"],
      address: { street: "1100 Seminary Ave", city: "Oakland", state: "CA", zip: "94621" },
      latitude: 37.7589,
      longitude: -122.1853,
      coordinates: { lat: 37.7589, lng: -122.1853 },
      contactEmail: "rhollis@actransit.example.org",
      createdById: admin.id,
    });
    expect(p.deadlineDate?.toISOString()).toBe("2030-02-10T22:00:00.000Z");
    expect(p.startDate?.toISOString()).toBe("2030-04-01T07:00:00.000Z");
    const audits = await projectAudits(db, id);
    expect(audits.map((a) => a.action)).toEqual(["PROJECT_CREATED"]);
  });

  const invalid: Array<[string, Record<string, string>, string, string]> = [
    ["budget min above max", { budgetMin: "900000", budgetMax: "100000" }, "budgetMax", "The highest budget must be at least the lowest"],
    ["end before start", { startDate: "2030-05-01", endDate: "2030-04-01" }, "endDate", "The work must end on or after the day it starts"],
    // 00099 is no US ZIP (the directory tests place made-up ZIPs at 00001–00003).
    ["a ZIP we cannot place", { addressZip: "00099" }, "addressZip", "We have no map position for ZIP code 00099"],
    ["a malformed amount", { estimatedValue: "lots" }, "estimatedValue", "Estimated value must be an amount in dollars"],
    ["an impossible date", { deadlineDate: "2030-02-30T10:00" }, "deadlineDate", "Bid deadline must be a real date and time"],
    ["a missing title", { title: "  " }, "title", "Enter title"],
    ["an insurance kind listed twice", { "insurance.1.kind": "generalLiability" }, "insurance.1.kind", "listed twice"],
    ["a bad service area", { serviceArea: "{\"type\":\"Point\"}" }, "serviceArea", "GeoJSON polygon"],
  ];
  for (const [name, overrides, field, message] of invalid) {
    it(`refuses ${name} with 422, the message beside the field and the input kept`, async () => {
      const title = `Refused ${newId()}`;
      const res = await create(validProjectForm({ title, ...overrides }));
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(`id="f-${field}-error"`);
      expect(html).toContain(message);
      if (!("title" in overrides)) expect(html).toContain(`value="${title}"`);
      expect(html).toContain('value="Structural steel"');
      expect(html).toContain('value="Solar canopy"');
      expect(await db.select().from(projects).where(eq(projects.title, title))).toHaveLength(0);
    });
  }

  it("adds a blank row without JavaScript, keeping what was typed", async () => {
    const res = await create(validProjectForm({ addRow: "skills", title: "Half typed" }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="skills.3.skill"');
    expect(html).toContain('value="Half typed"');
  });

  it("serves one more row for htmx, and 404 for an unknown kind", async () => {
    const res = await get("/admin/projects/rows/insurance?index=4", as(admin));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="insurance.4.kind"');
    expect(html).toContain("/admin/projects/rows/insurance?index=5");
    expect((await get("/admin/projects/rows/bogus?index=1", as(admin))).status).toBe(404);
  });
});

describe("POST /admin/projects/:id", () => {
  it("saves an untouched form as unchanged, keeping a seed's richer certifications and insurance", async () => {
    const seedLike = await makeProject(db, admin.id, {
      title: `Seeded ${newId()}`,
      certificationsRequired: [{ type: "DBE", goalPercent: 12 }],
      insuranceRequired: { generalLiability: { eachOccurrence: 2000000, aggregate: 4000000 }, additionalInsured: "Caltrans" },
      latitude: 37.5,
      longitude: -122.1,
      coordinates: { lat: 37.5, lng: -122.1 },
    });
    const page = await get(`/admin/projects/${seedLike.id}`, as(admin));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('value="2000000"');
    const form = {
      title: seedLike.title,
      description: seedLike.description,
      category: seedLike.category,
      priority: seedLike.priority,
      visibility: seedLike.visibility,
      "certifications.0.type": "DBE",
      "certifications.0.classification": "",
      "insurance.0.kind": "generalLiability",
      "insurance.0.minimum": "2000000",
    };
    const res = await postForm(`/admin/projects/${seedLike.id}`, form, as(admin));
    expect(res.headers.get("location")).toBe(`/admin/projects/${seedLike.id}?notice=unchanged`);
    const after = await projectRow(db, seedLike.id);
    expect(after.certificationsRequired).toEqual([{ type: "DBE", goalPercent: 12 }]);
    expect(after.latitude).toBe(37.5);
    expect(await projectAudits(db, seedLike.id)).toHaveLength(0);
  });

  it("updates the changed fields and audits exactly them", async () => {
    const res = await create(validProjectForm({ title: `Editable ${newId()}` }));
    const id = idFrom(res)!;
    const edit = await postForm(`/admin/projects/${id}`, validProjectForm({ title: "Renamed canopy", addressZip: "94607", "skills.1.skill": "" }), as(admin));
    expect(edit.headers.get("location")).toBe(`/admin/projects/${id}?notice=saved`);
    const p = await projectRow(db, id);
    expect(p).toMatchObject({ title: "Renamed canopy", skillsRequired: ["Structural steel"], latitude: 37.8071 });
    const [, update] = await projectAudits(db, id);
    expect(update!.action).toBe("PROJECT_UPDATED");
    const meta = update!.metadata as { before: Record<string, unknown>; after: Record<string, unknown> };
    expect(Object.keys(meta.after).sort()).toEqual(["address", "coordinates", "latitude", "longitude", "skillsRequired", "title"]);
  });

  it("refuses a bid limit below the bids already in", async () => {
    const p = await openProject(db, admin.id, { applicationCount: 3, maxApplications: 10 });
    const res = await postForm(`/admin/projects/${p.id}`, validProjectForm({ maxApplications: "2" }), as(admin));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("3 bids are already in: the limit cannot be lower");
    expect((await projectRow(db, p.id)).maxApplications).toBe(10);
  });

  it("keeps the input and shows the error on a refused edit", async () => {
    const p = await openProject(db, admin.id);
    const res = await postForm(`/admin/projects/${p.id}`, validProjectForm({ title: "Kept title", budgetMin: "5", budgetMax: "1" }), as(admin));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="Kept title"');
    expect(html).toContain("The highest budget must be at least the lowest");
    expect((await projectRow(db, p.id)).title).toBe(p.title);
  });
});

describe("GET /admin/projects", () => {
  it("filters by status, category, visibility, text and deadline window, with bid counts", async () => {
    const tag = newId();
    const soon = await openProject(db, admin.id, { title: `Filter ${tag} soon`, category: "RENOVATION", deadlineDate: new Date(Date.now() + 3 * 86_400_000) });
    await openProject(db, admin.id, { title: `Filter ${tag} later`, category: "RENOVATION", deadlineDate: new Date(Date.now() + 25 * 86_400_000) });
    await openProject(db, admin.id, { title: `Filter ${tag} draft`, status: "DRAFT", category: "RENOVATION", visibility: "PRIVATE" });
    const html = await (await get(`/admin/projects?q=${tag}&status=BIDDING_OPEN&category=RENOVATION&deadline=week`, as(admin))).text();
    expect(html).toContain(`Filter ${tag} soon`);
    expect(html).not.toContain(`Filter ${tag} later`);
    expect(html).not.toContain(`Filter ${tag} draft`);
    expect(html).toContain(`/admin/projects/${soon.id}/applications`);
    const priv = await (await get(`/admin/projects?q=${tag}&visibility=PRIVATE`, as(admin))).text();
    expect(priv).toContain(`Filter ${tag} draft`);
    expect(priv).not.toContain(`Filter ${tag} soon`);
  });

  it("answers 422 for unreadable filters, keeping them in the form", async () => {
    const res = await get("/admin/projects?status=SOLD&deadline=never", as(admin));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Choose a status from the list");
    expect(html).toContain("Choose a deadline window from the list");
  });

  it("exports the filtered list as CSV with formulas neutralised", async () => {
    const tag = newId();
    await openProject(db, admin.id, { title: `=CSV ${tag}`, organization: "Port of Oakland" });
    const res = await get(`/admin/projects/export.csv?q=${tag}`, as(admin));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const text = await res.text();
    const [header, row, extra] = text.trim().split("\r\n");
    expect(header).toBe("id,title,status,category,visibility,organization,source,external_id,budget_min,budget_max,estimated_value,bids_due,published,bids,to_review,max_bids");
    expect(row).toContain(`'=CSV ${tag}`);
    expect(row).toContain("Bidding open");
    expect(extra).toBeUndefined();
    expect((await get("/admin/projects/export.csv?status=NOPE", as(admin))).status).toBe(422);
  });
});
