// The admin review queue and the decision: tabs, search, 422 on bad filters, the CSV (formula
// cells neutralised), verify / reject (reason required) with the member's email and the audit
// row written together, a stale page refused, and the permission held by admins and delegates only.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { adminActions, credentials, emailOutbox, users } from "../../src/db/schema/index.ts";
import { addDays, chapterToday } from "../../src/features/credentials/rules.ts";
import { makeCredential, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { adminSession, memberSession, PDF, postCredential, reviewerSession, type Session, validFields } from "./credentials-helpers.ts";

const db = useTestDb();
const as = (s: Session) => ({ headers: { cookie: s.cookie } });
const today = () => chapterToday(new Date());

let admin: Session;
beforeAll(async () => {
  admin = await adminSession(db);
});

/** A member with a unique company to search the queue by. */
async function owner(company: string) {
  const s = await memberSession(db);
  await db.update(users).set({ company, firstName: "Rosa", lastName: "Queue" }).where(eq(users.id, s.id));
  return s;
}

const emailsTo = (userId: string) => db.select().from(emailOutbox).where(eq(emailOutbox.userId, userId));
const auditsFor = (userId: string) => db.select().from(adminActions).where(eq(adminActions.targetUserId, userId));
const credentialRow = async (id: string) => (await db.select().from(credentials).where(eq(credentials.id, id)))[0]!;

describe("GET /admin/credentials", () => {
  it("lists each credential under its tab: pending, expiring in 30 days, expired, all", async () => {
    const company = `Tabs Co ${Date.now()}`;
    const m = await owner(company);
    const pending = await makeCredential(db, m.id, { number: "P-1", status: "PENDING", expiresOn: addDays(today(), 200) });
    const expiring = await makeCredential(db, m.id, { number: "E-1", status: "VERIFIED", expiresOn: addDays(today(), 12) });
    const lapsed = await makeCredential(db, m.id, { number: "X-1", status: "VERIFIED", expiresOn: addDays(today(), -3) });
    const q = encodeURIComponent(company);
    const html = async (tab: string) => (await (await get(`/admin/credentials?tab=${tab}&q=${q}`, as(admin))).text());
    const pendingTab = await html("pending");
    expect(pendingTab).toContain(`/admin/credentials/${pending.id}`);
    expect(pendingTab).not.toContain(`/admin/credentials/${expiring.id}`);
    const expiringTab = await html("expiring");
    expect(expiringTab).toContain(`/admin/credentials/${expiring.id}`);
    expect(expiringTab).not.toContain(`/admin/credentials/${pending.id}`);
    const expiredTab = await html("expired");
    expect(expiredTab).toContain(`/admin/credentials/${lapsed.id}`);
    expect(expiredTab).not.toContain(`/admin/credentials/${expiring.id}`);
    const all = await html("all");
    for (const c of [pending, expiring, lapsed]) expect(all).toContain(`/admin/credentials/${c.id}`);
  });

  it("answers 422 with the filters kept when they do not read, and the CSV refuses them", async () => {
    const res = await get("/admin/credentials?tab=%3Cscript%3E&type=NOPE", as(admin));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Choose a list");
    expect(html).not.toContain("<script>");
    expect((await get("/admin/credentials/export.csv?tab=nope", as(admin))).status).toBe(422);
  });

  it("exports the list as CSV with formula cells neutralised", async () => {
    const company = `=HYPERLINK("http://evil.example","x") ${Date.now()}`;
    const m = await owner(company);
    await makeCredential(db, m.id, { number: "+1-555", issuer: "@SUM(A1)", status: "PENDING" });
    const res = await get(`/admin/credentials/export.csv?tab=all&q=${encodeURIComponent(company.slice(-13))}`, as(admin));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="credentials-all-\d{4}-\d{2}-\d{2}\.csv"/);
    const csv = await res.text();
    const [header, line, ...rest] = csv.trim().split("\r\n");
    expect(rest).toHaveLength(0);
    expect(header).toContain("credential_id,member_id,first_name");
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")`);
    expect(line).toContain("'+1-555");
    expect(line).toContain("'@SUM(A1)");
  });
});

describe("reviewing a credential", () => {
  async function uploaded() {
    const m = await owner(`Review Co ${Date.now()}`);
    await postCredential("/account/credentials", validFields(), { name: "coi.pdf", bytes: PDF }, m);
    const [row] = await db.select().from(credentials).where(eq(credentials.userId, m.id));
    return { m, row: row! };
  }

  it("shows the document beside the form: a framed preview and a download", async () => {
    const { row } = await uploaded();
    const res = await get(`/admin/credentials/${row.id}`, as(admin));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<iframe class="doc" src="/admin/credentials/${row.id}/preview"`);
    expect(html).toContain(`/admin/credentials/${row.id}/document`);
    expect(html).toContain('name="version"');
  });

  it("verifies: status, reviewer, one email to the member and one audit row, together", async () => {
    const { m, row } = await uploaded();
    const res = await postForm(`/admin/credentials/${row.id}/review`, { decision: "VERIFIED", reason: "", version: row.updatedAt.toISOString() }, as(admin));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/credentials?notice=VERIFIED");
    expect(await credentialRow(row.id)).toMatchObject({ status: "VERIFIED", reviewedById: admin.id, rejectionReason: null });
    const emails = await emailsTo(m.id);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ kind: "CREDENTIAL_REVIEWED", subject: "Your General liability insurance 57 SBA RT4421 is verified" });
    const audits = await auditsFor(m.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "CREDENTIAL_REVIEWED", userId: admin.id });
    expect(audits[0]!.metadata).toMatchObject({ credentialId: row.id, before: { status: "PENDING" }, after: { status: "VERIFIED" } });
  });

  it("rejects only with a reason, and emails the member that reason", async () => {
    const { m, row } = await uploaded();
    const version = row.updatedAt.toISOString();
    const noReason = await postForm(`/admin/credentials/${row.id}/review`, { decision: "REJECTED", reason: " ", version }, as(admin));
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain("Say why it is rejected");
    expect(await emailsTo(m.id)).toHaveLength(0);
    const res = await postForm(`/admin/credentials/${row.id}/review`, { decision: "REJECTED", reason: "The policy period on the certificate has ended.", version }, as(admin));
    expect(res.status).toBe(303);
    expect(await credentialRow(row.id)).toMatchObject({ status: "REJECTED", rejectionReason: "The policy period on the certificate has ended." });
    const [email, ...more] = await emailsTo(m.id);
    expect(more).toHaveLength(0);
    expect(email!.textBody).toContain("The policy period on the certificate has ended.");
    const member = await (await get("/account/credentials", as(m))).text();
    expect(member).toContain("Rejected");
    expect(member).toContain("The policy period on the certificate has ended.");
  });

  it("refuses a decision made on a page older than the member's edit (409), writing nothing", async () => {
    const { m, row } = await uploaded();
    const shown = row.updatedAt.toISOString();
    await postCredential(`/account/credentials/${row.id}`, validFields({ number: "CHANGED" }), null, m);
    const res = await postForm(`/admin/credentials/${row.id}/review`, { decision: "VERIFIED", reason: "", version: shown }, as(admin));
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("changed since this page was opened");
    expect((await credentialRow(row.id)).status).toBe("PENDING");
    expect(await emailsTo(m.id)).toHaveLength(0);
    expect(await auditsFor(m.id)).toHaveLength(0);
  });

  it("refuses an admin's decision on their own credential", async () => {
    const c = await makeCredential(db, admin.id, { status: "PENDING" });
    const res = await postForm(`/admin/credentials/${c.id}/review`, { decision: "VERIFIED", reason: "", version: c.updatedAt.toISOString() }, as(admin));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("another reviewer must decide");
    expect((await credentialRow(c.id)).status).toBe("PENDING");
  });

  it("will not verify a credential whose expiry day has passed", async () => {
    const m = await owner(`Lapsed Co ${Date.now()}`);
    const c = await makeCredential(db, m.id, { status: "PENDING", expiresOn: addDays(today(), -1) });
    const res = await postForm(`/admin/credentials/${c.id}/review`, { decision: "VERIFIED", reason: "", version: c.updatedAt.toISOString() }, as(admin));
    expect(res.status).toBe(409);
    expect((await credentialRow(c.id)).status).toBe("PENDING");
  });

  it("lets a delegated reviewer decide, audited under their name, and refuses a member", async () => {
    const { m, row } = await uploaded();
    const plain = await memberSession(db);
    const version = row.updatedAt.toISOString();
    expect((await postForm(`/admin/credentials/${row.id}/review`, { decision: "VERIFIED", reason: "", version }, as(plain))).status).toBe(403);
    expect((await get("/admin/credentials", as(plain))).status).toBe(403);
    const reviewer = await reviewerSession(db);
    const queue = await get("/admin/credentials", as(reviewer));
    expect(queue.status).toBe(200);
    expect(await queue.text()).toContain('href="/admin/credentials"');
    const res = await postForm(`/admin/credentials/${row.id}/review`, { decision: "VERIFIED", reason: "", version }, as(reviewer));
    expect(res.status).toBe(303);
    const audits = await db.select().from(adminActions).where(and(eq(adminActions.targetUserId, m.id), eq(adminActions.userId, reviewer.id)));
    expect(audits).toHaveLength(1);
  });
});
