// The opportunity lifecycle as the pure rules allow it (stamps, one audit row per step,
// refusals write nothing), cancellation emailing applicants with live bids, soft delete,
// files in R2 (magic bytes, size) and invitations (emailed through the outbox).
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { projectFiles, projectInvitations, type ProjectStatus } from "../../src/db/schema/index.ts";
import { MAX_UPLOAD_BYTES } from "../../src/lib/uploads.ts";
import { makeProject, makeUser, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { adminSession, as, bid, emailsTo, openProject, postMultipart, projectAudits, projectRow, type Staff } from "./admin-projects-helpers.ts";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
});

const setStatus = (id: string, status: string, extra: Record<string, string> = {}) => postForm(`/admin/projects/${id}/status`, { status, ...extra }, as(admin));

describe("POST /admin/projects/:id/status", () => {
  it("walks draft → published → bidding open → closed → awarded → completed, stamping and auditing each step", async () => {
    const p = await makeProject(db, admin.id, { title: "Lifecycle walk" });
    const steps: ProjectStatus[] = ["PUBLISHED", "BIDDING_OPEN", "BIDDING_CLOSED", "AWARDED", "COMPLETED"];
    for (const status of steps) {
      const res = await setStatus(p.id, status);
      expect(res.status, status).toBe(303);
      expect(res.headers.get("location")).toBe(`/admin/projects/${p.id}?notice=status`);
      expect((await projectRow(db, p.id)).status).toBe(status);
    }
    const row = await projectRow(db, p.id);
    expect(row.publishedAt).toBeInstanceOf(Date);
    expect(row.closedAt).toBeInstanceOf(Date);
    expect(row.closedAt!.getTime()).toBeGreaterThanOrEqual(row.publishedAt!.getTime());
    const audits = await projectAudits(db, p.id);
    expect(audits.map((a) => (a.metadata as { after: { status: string } }).after.status)).toEqual(steps);
    expect(audits[0]!.metadata).toMatchObject({ before: { status: "DRAFT", publishedAt: null }, after: { status: "PUBLISHED" } });
    expect(audits[2]!.metadata).toMatchObject({ before: { status: "BIDDING_OPEN", closedAt: null }, after: { status: "BIDDING_CLOSED" } });
  });

  const refused: Array<[ProjectStatus, string, string]> = [
    ["DRAFT", "BIDDING_OPEN", "From draft it can go to: Published, Cancelled."],
    ["AWARDED", "CANCELLED", "From awarded it can go to: Completed."],
    ["CANCELLED", "PUBLISHED", "Its status is final."],
  ];
  for (const [from, to, message] of refused) {
    it(`refuses ${from} → ${to} with 422, changing and auditing nothing`, async () => {
      const p = await makeProject(db, admin.id, { status: from });
      const res = await setStatus(p.id, to, { confirm: "yes" });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(message);
      expect((await projectRow(db, p.id)).status).toBe(from);
      expect(await projectAudits(db, p.id)).toHaveLength(0);
    });
  }

  it("refuses a cancellation without the confirmation box", async () => {
    const p = await openProject(db, admin.id);
    const res = await setStatus(p.id, "CANCELLED");
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Tick the box to confirm the cancellation");
    expect((await projectRow(db, p.id)).status).toBe("BIDDING_OPEN");
  });

  it("cancelling emails every applicant with a live bid, in the same transaction, and audits how many", async () => {
    const p = await openProject(db, admin.id, { title: "Cancelled runway" });
    const pending = await bid(db, p.id, { firstName: "Pending" });
    const approved = await bid(db, p.id, { firstName: "Approved", status: "APPROVED" });
    const withdrawn = await bid(db, p.id, { firstName: "Gone", status: "WITHDRAWN" });
    const rejected = await bid(db, p.id, { firstName: "No", status: "REJECTED" });
    const res = await setStatus(p.id, "CANCELLED", { confirm: "yes" });
    expect(res.headers.get("location")).toBe(`/admin/projects/${p.id}?notice=cancelled`);
    const row = await projectRow(db, p.id);
    expect(row.status).toBe("CANCELLED");
    expect(row.closedAt).toBeInstanceOf(Date);
    for (const who of [pending, approved]) {
      const [mail, ...more] = await emailsTo(db, who.user.id, "PROJECT_CANCELLED");
      expect(more).toHaveLength(0);
      expect(mail).toMatchObject({ toAddress: who.user.email, subject: "Cancelled: Cancelled runway" });
    }
    for (const who of [withdrawn, rejected]) expect(await emailsTo(db, who.user.id, "PROJECT_CANCELLED")).toHaveLength(0);
    const [audit] = await projectAudits(db, p.id);
    expect(audit!.metadata).toMatchObject({ after: { status: "CANCELLED" }, notified: 2 });
  });
});

describe("POST /admin/projects/:id/delete", () => {
  it("soft-deletes a draft (gone from the list, 404 after), audited", async () => {
    const p = await makeProject(db, admin.id, { title: "Deletable draft zq" });
    const res = await postForm(`/admin/projects/${p.id}/delete`, {}, as(admin));
    expect(res.headers.get("location")).toBe("/admin/projects?notice=deleted");
    expect((await projectRow(db, p.id)).deletedAt).toBeInstanceOf(Date);
    expect((await get(`/admin/projects/${p.id}`, as(admin))).status).toBe(404);
    expect(await (await get("/admin/projects?q=Deletable+draft+zq", as(admin))).text()).not.toContain(">Deletable draft zq</a>");
    expect((await projectAudits(db, p.id)).map((a) => a.action)).toEqual(["PROJECT_DELETED"]);
  });

  it("refuses to delete an opportunity open for bidding", async () => {
    const p = await openProject(db, admin.id);
    const res = await postForm(`/admin/projects/${p.id}/delete`, {}, as(admin));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Only drafts and cancelled opportunities can be deleted");
    expect((await projectRow(db, p.id)).deletedAt).toBeNull();
  });
});

const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n");
function upload(projectId: string, name: string, content: Uint8Array) {
  const form = new FormData();
  form.set("file", new File([content], name, { type: "application/pdf" }));
  return postMultipart(`/admin/projects/${projectId}/files`, form, admin);
}

describe("files", () => {
  it("stores a plan in R2 with its row and audit, serves it to the admin and deletes both", async () => {
    const p = await openProject(db, admin.id);
    const res = await upload(p.id, "Plans Sheet A-101.pdf", PDF);
    expect(res.headers.get("location")).toBe(`/admin/projects/${p.id}?notice=file_added`);
    const [file] = await db.select().from(projectFiles).where(eq(projectFiles.projectId, p.id));
    expect(file).toMatchObject({ fileName: "Plans-Sheet-A-101.pdf", fileType: "application/pdf", fileSize: PDF.length, uploadedBy: admin.id });
    expect(file!.filePath).toMatch(new RegExp(`^projects/${p.id}/c[a-z2-7]{24}-Plans-Sheet-A-101\\.pdf$`));
    const download = await get(`/admin/projects/${p.id}/files/${file!.id}`, as(admin));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="Plans-Sheet-A-101.pdf"');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
    const del = await postForm(`/admin/projects/${p.id}/files/${file!.id}/delete`, {}, as(admin));
    expect(del.headers.get("location")).toBe(`/admin/projects/${p.id}?notice=file_deleted`);
    expect(await env.FILES.get(file!.filePath)).toBeNull();
    expect(await db.select().from(projectFiles).where(eq(projectFiles.projectId, p.id))).toHaveLength(0);
    expect((await projectAudits(db, p.id)).map((a) => a.details)).toEqual([
      `File uploaded to ${p.title}: Plans-Sheet-A-101.pdf`,
      `File deleted from ${p.title}: Plans-Sheet-A-101.pdf`,
    ]);
  });

  it("refuses a disguised file and an oversized one, storing nothing", async () => {
    const p = await openProject(db, admin.id);
    const fake = await upload(p.id, "specs.pdf", new TextEncoder().encode("MZ this is an exe"));
    expect(fake.status).toBe(422);
    expect(await fake.text()).toContain("its content is not a PDF");
    const big = await upload(p.id, "huge.pdf", new Uint8Array(MAX_UPLOAD_BYTES + 1));
    expect(big.status).toBe(422);
    expect(await big.text()).toContain("The file is too large");
    expect((await env.FILES.list({ prefix: `projects/${p.id}/` })).objects).toHaveLength(0);
  });
});

describe("invitations", () => {
  it("invites a verified member by email, emails them, lists them and removes the invitation", async () => {
    const p = await openProject(db, admin.id, { visibility: "INVITE_ONLY", title: "Invite-only canopy" });
    const member = await makeUser(db, { firstName: "Ines", lastName: "Okafor", isVerified: true });
    const res = await postForm(`/admin/projects/${p.id}/invitations`, { who: member.email.toUpperCase() }, as(admin));
    expect(res.headers.get("location")).toBe(`/admin/projects/${p.id}?notice=invited#invitations`);
    const [mail] = await emailsTo(db, member.id, "PROJECT_INVITATION");
    expect(mail).toMatchObject({ subject: "You are invited to bid: Invite-only canopy" });
    expect(mail!.textBody).toContain(`/projects/${p.id}`);
    expect(await (await get(`/admin/projects/${p.id}`, as(admin))).text()).toContain("Ines Okafor");
    const again = await postForm(`/admin/projects/${p.id}/invitations`, { who: member.email }, as(admin));
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("is already invited");
    const del = await postForm(`/admin/projects/${p.id}/invitations/${member.id}/delete`, {}, as(admin));
    expect(del.headers.get("location")).toBe(`/admin/projects/${p.id}?notice=uninvited#invitations`);
    expect(await db.select().from(projectInvitations).where(eq(projectInvitations.projectId, p.id))).toHaveLength(0);
    expect((await projectAudits(db, p.id)).map((a) => a.targetUserId)).toEqual([member.id, member.id]);
  });

  it("refuses invitations to an opportunity that is not invite-only, and unknown members", async () => {
    const p = await openProject(db, admin.id, { visibility: "PUBLIC" });
    const member = await makeUser(db, { isVerified: true });
    const res = await postForm(`/admin/projects/${p.id}/invitations`, { who: member.email }, as(admin));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Only invite-only opportunities take invitations");
    const unknown = await postForm(`/admin/projects/${p.id}/invitations`, { who: "nobody-here@example.invalid" }, as(admin));
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain("No verified member matches");
    expect(await emailsTo(db, member.id, "PROJECT_INVITATION")).toHaveLength(0);
  });
});
