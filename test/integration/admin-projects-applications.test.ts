// The bids on an opportunity: the table (verified, unexpired credentials; experience; the
// match score members see on the opportunity), sorting, the review (the applicant emailed in the
// same transaction, audited; a withdrawn bid refused), the comparison, CSV and files.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applicationFiles, credentials, projectApplications, projects } from "../../src/db/schema/index.ts";
import { matchScore } from "../../src/features/projects/match.ts";
import { loadMatchMember } from "../../src/features/projects/queries.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { adminSession, as, bid, emailsTo, openProject, projectAudits, type Staff } from "./admin-projects-helpers.ts";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
});

const appRow = async (id: string) => (await db.select().from(projectApplications).where(eq(projectApplications.id, id)))[0]!;

describe("GET /admin/projects/:id/applications", () => {
  it("lists bids with amounts, durations, only current verified credentials, experience and the applicant's match score", async () => {
    const p = await openProject(db, admin.id);
    const a = await bid(db, p.id, { firstName: "Alma", bidAmount: "250000.00", estimatedDuration: 90, yearsExperience: 12 });
    await db.insert(credentials).values([
      { userId: a.user.id, type: "CSLB_LICENSE", classification: "C-10", status: "VERIFIED", expiresOn: "2099-01-01" },
      { userId: a.user.id, type: "DBE", status: "VERIFIED", expiresOn: null },
      { userId: a.user.id, type: "WBE", status: "VERIFIED", expiresOn: "2020-01-01" },
      { userId: a.user.id, type: "SBE", status: "PENDING" },
    ]);
    const res = await get(`/admin/projects/${p.id}/applications`, as(admin));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("$250,000");
    expect(html).toContain("90 days");
    expect(html).toContain("CSLB LICENSE C-10, DBE");
    expect(html).not.toContain("WBE");
    expect(html).not.toContain("SBE");
    expect(html).toContain("12 years");
    expect(html).toContain("<th scope=\"col\">Match score</th>");
    const member = (await loadMatchMember(db, a.user.id))!;
    const [project] = await db.select().from(projects).where(eq(projects.id, p.id));
    expect(html).toContain(`<td>${matchScore(member, project!).score} / 100</td>`);
  });

  it("sorts by bid amount and by experience", async () => {
    const p = await openProject(db, admin.id);
    await bid(db, p.id, { firstName: "Costly", bidAmount: "900000.00", yearsExperience: 30 });
    await bid(db, p.id, { firstName: "Cheap", bidAmount: "100000.00", yearsExperience: 2 });
    await bid(db, p.id, { firstName: "Middle", bidAmount: "400000.00", yearsExperience: null });
    const order = (html: string) => ["Costly", "Cheap", "Middle"].sort((x, y) => html.indexOf(`${x} Member`) - html.indexOf(`${y} Member`));
    expect(order(await (await get(`/admin/projects/${p.id}/applications?sort=bid`, as(admin))).text())).toEqual(["Cheap", "Middle", "Costly"]);
    expect(order(await (await get(`/admin/projects/${p.id}/applications?sort=experience`, as(admin))).text())).toEqual(["Costly", "Cheap", "Middle"]);
    expect((await get(`/admin/projects/${p.id}/applications?sort=luck`, as(admin))).status).toBe(422);
  });

  it("exports the bids as CSV", async () => {
    const p = await openProject(db, admin.id);
    await bid(db, p.id, { firstName: "Csv", bidAmount: "123456.78", estimatedDuration: 45 });
    const res = await get(`/admin/projects/${p.id}/applications.csv`, as(admin));
    expect(res.headers.get("content-type")).toContain("text/csv");
    const [header, row] = (await res.text()).trim().split("\r\n");
    expect(header).toBe(
      "application_id,first_name,last_name,email,company,status,bid_amount,estimated_duration_days,match_score,verified_credentials,years_experience,files,submitted_at,reviewed_at,notes",
    );
    expect(row).toContain("Csv,Member");
    expect(row).toMatch(/Pending,123456\.78,45,\d{1,3},/);
  });
});

describe("POST /admin/projects/:id/applications/:applicationId/review", () => {
  it("moves a bid to review and then approves it, emailing the applicant each time with one audit row per step", async () => {
    const p = await openProject(db, admin.id, { title: "Reviewed canopy" });
    const { user, app } = await bid(db, p.id, { firstName: "Rosa" });
    const path = `/admin/projects/${p.id}/applications/${app.id}/review`;
    const first = await postForm(path, { status: "REVIEWING", notes: "" }, as(admin));
    expect(first.headers.get("location")).toBe(`/admin/projects/${p.id}/applications/${app.id}?notice=reviewed`);
    expect(await appRow(app.id)).toMatchObject({ status: "REVIEWING", reviewedBy: admin.id });
    const second = await postForm(path, { status: "APPROVED", notes: "Send the bid bond by Friday." }, as(admin));
    expect(second.status).toBe(303);
    const row = await appRow(app.id);
    expect(row).toMatchObject({ status: "APPROVED", notes: "Send the bid bond by Friday.", reviewedBy: admin.id });
    expect(row.reviewedAt).toBeInstanceOf(Date);
    const mails = await emailsTo(db, user.id, "PROJECT_APPLICATION_REVIEWED");
    expect(mails.map((m) => m.subject).sort()).toEqual(["Your bid on Reviewed canopy: Approved", "Your bid on Reviewed canopy: Under review"]);
    expect(mails.find((m) => m.subject.endsWith("Approved"))!.textBody).toContain("Send the bid bond by Friday.");
    const audits = await projectAudits(db, p.id);
    expect(audits.map((a) => a.metadata)).toMatchObject([
      { before: { status: "PENDING" }, after: { status: "REVIEWING" }, applicationId: app.id },
      { before: { status: "REVIEWING" }, after: { status: "APPROVED", notes: "Send the bid bond by Friday." } },
    ]);
    expect(audits.every((a) => a.targetUserId === user.id)).toBe(true);
    const page = await (await get(`/admin/projects/${p.id}/applications/${app.id}`, as(admin))).text();
    expect(page).toContain('<strong id="application-status">Approved</strong>');
  });

  it("refuses to review a withdrawn bid: 422, nothing changed, nobody emailed, nothing audited", async () => {
    const p = await openProject(db, admin.id);
    const { user, app } = await bid(db, p.id, { status: "WITHDRAWN" });
    const res = await postForm(`/admin/projects/${p.id}/applications/${app.id}/review`, { status: "APPROVED", notes: "Kept note" }, as(admin));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("The member withdrew this bid, so it cannot be reviewed.");
    expect((await appRow(app.id)).status).toBe("WITHDRAWN");
    expect(await emailsTo(db, user.id, "PROJECT_APPLICATION_REVIEWED")).toHaveLength(0);
    expect(await projectAudits(db, p.id)).toHaveLength(0);
  });

  it("refuses a final decision changed, an unknown status, and a bid of another project", async () => {
    const p = await openProject(db, admin.id);
    const other = await openProject(db, admin.id);
    const { app } = await bid(db, p.id, { status: "REJECTED" });
    const res = await postForm(`/admin/projects/${p.id}/applications/${app.id}/review`, { status: "APPROVED" }, as(admin));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("The decision is final.");
    expect((await postForm(`/admin/projects/${p.id}/applications/${app.id}/review`, { status: "WITHDRAWN" }, as(admin))).status).toBe(422);
    expect((await postForm(`/admin/projects/${other.id}/applications/${app.id}/review`, { status: "REVIEWING" }, as(admin))).status).toBe(404);
    expect((await appRow(app.id)).status).toBe("REJECTED");
  });
});

describe("GET /admin/projects/:id/compare", () => {
  it("shows 2–5 chosen bids side by side, in the order chosen", async () => {
    const p = await openProject(db, admin.id);
    const a = await bid(db, p.id, { firstName: "Left", bidAmount: "111000.00", estimatedDuration: 30 });
    const b = await bid(db, p.id, { firstName: "Right", bidAmount: "222000.00", estimatedDuration: 60 });
    const res = await get(`/admin/projects/${p.id}/compare?a=${b.app.id}&a=${a.app.id}`, as(admin));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("2 bids side by side");
    expect(html.indexOf("Right Member")).toBeLessThan(html.indexOf("Left Member"));
    expect(html).toContain("$222,000");
    expect(html).toContain("30 days");
  });

  it("asks for 2 to 5 bids (422), and 404s a bid of another project", async () => {
    const p = await openProject(db, admin.id);
    const other = await openProject(db, admin.id);
    const a = await bid(db, p.id);
    const x = await bid(db, other.id);
    const one = await get(`/admin/projects/${p.id}/compare?a=${a.app.id}`, as(admin));
    expect(one.status).toBe(422);
    expect(await one.text()).toContain("Tick between 2 and 5 bids to compare; you ticked 1.");
    expect((await get(`/admin/projects/${p.id}/compare?a=${a.app.id}&a=${x.app.id}`, as(admin))).status).toBe(404);
  });
});

describe("applicants' files", () => {
  it("lets the admin download a file attached to a bid, and only through its own project", async () => {
    const p = await openProject(db, admin.id);
    const other = await openProject(db, admin.id);
    const { user, app } = await bid(db, p.id);
    const key = `applications/${app.id}/proposal.pdf`;
    const bytes = new TextEncoder().encode("%PDF-1.7\nproposal");
    await env.FILES.put(key, bytes);
    const [file] = await db
      .insert(applicationFiles)
      .values({ applicationId: app.id, fileName: "proposal.pdf", filePath: key, fileType: "application/pdf", fileSize: bytes.length, uploadedBy: user.id })
      .returning();
    const page = await (await get(`/admin/projects/${p.id}/applications/${app.id}`, as(admin))).text();
    expect(page).toContain(`/admin/projects/${p.id}/applications/${app.id}/files/${file!.id}`);
    const res = await get(`/admin/projects/${p.id}/applications/${app.id}/files/${file!.id}`, as(admin));
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    expect((await get(`/admin/projects/${other.id}/applications/${app.id}/files/${file!.id}`, as(admin))).status).toBe(404);
  });
});
