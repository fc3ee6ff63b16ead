// A member's vault through the Worker: add with a checked document (R2 + row), refusals with
// the input kept (422, nothing stored), edit (a verified credential goes back to review),
// delete (row and object), downloads only for the owner and reviewers, the expired rule on
// every read, and the home page's warning.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { credentials } from "../../src/db/schema/index.ts";
import { activeCredentialsOf } from "../../src/features/credentials/queries.ts";
import { addDays, chapterToday } from "../../src/features/credentials/rules.ts";
import { makeCredential, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { adminSession, JPEG, memberSession, PDF, PNG, postCredential, r2Keys, reviewerSession, type Session, validFields } from "./credentials-helpers.ts";

const db = useTestDb();
const as = (s: Session) => ({ headers: { cookie: s.cookie } });
const rowsOf = (userId: string) => db.select().from(credentials).where(eq(credentials.userId, userId));
const today = () => chapterToday(new Date());

let member: Session;
beforeAll(async () => {
  member = await memberSession(db);
});

describe("adding a credential", () => {
  it("stores the checked document under a private key and the row as PENDING", async () => {
    const m = await memberSession(db);
    const res = await postCredential("/account/credentials", validFields(), { name: "COI 2026 (final).pdf", bytes: PDF }, m);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account/credentials?notice=added");
    const [row, ...more] = await rowsOf(m.id);
    expect(more).toHaveLength(0);
    expect(row).toMatchObject({ type: "GENERAL_LIABILITY", issuer: "The Hartford", status: "PENDING", expiresOn: "2027-01-15", documentName: "COI-2026-final.pdf", documentType: "application/pdf", documentSize: PDF.length });
    expect(row!.documentKey).toMatch(new RegExp(`^credentials/${m.id}/c[a-z2-7]{24}$`));
    const object = await env.FILES.get(row!.documentKey!);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(PDF);
    const page = await get("/account/credentials?notice=added", as(m));
    const html = await page.text();
    expect(html).toContain("Credential added.");
    expect(html).toContain("Waiting for review");
    expect(html).toMatch(/Expires in \d+ days/);
  });

  it("marks the form for the shared upload-progress script, which sends it by XHR and follows the 303", async () => {
    const m = await memberSession(db);
    const form = await (await get("/account/credentials/new", as(m))).text();
    expect(form).toContain('data-upload-progress="upload-progress"');
    expect(form).toContain('src="/js/upload-progress-3.js"');
    const res = await postCredential("/account/credentials", validFields(), { name: "scan.png", bytes: PNG, type: "image/png" }, m);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account/credentials?notice=added");
    expect((await rowsOf(m.id))[0]).toMatchObject({ documentType: "image/png" });
  });

  it("accepts a JPEG scan", async () => {
    const m = await memberSession(db);
    const res = await postCredential("/account/credentials", validFields({ type: "OSHA_CARD", expiresOn: "", issuedOn: "" }), { name: "card.JPG", bytes: JPEG }, m);
    expect(res.status).toBe(303);
    expect((await rowsOf(m.id))[0]).toMatchObject({ type: "OSHA_CARD", expiresOn: null, documentType: "image/jpeg" });
  });

  const refusedFiles: Array<[string, string, () => Uint8Array, string]> = [
    ["a PNG named .pdf", "policy.pdf", () => PNG, "named .pdf but its content is not a PDF"],
    ["an HTML page named .pdf", "policy.pdf", () => new TextEncoder().encode("<html><script>alert(1)</script></html>"), "not a PDF"],
    ["a Word document", "policy.docx", () => new TextEncoder().encode("PK\u0003\u0004word/document.xml"), "not accepted here"],
    ["a program", "setup.exe", () => new TextEncoder().encode("MZ\u0090 program"), "Files ending in .exe are not accepted"],
    ["an SVG image", "logo.svg", () => new TextEncoder().encode("<svg onload=alert(1)>"), "Files ending in .svg are not accepted"],
    [
      "a file over 10 MB",
      "huge.pdf",
      () => {
        const big = new Uint8Array(10 * 1024 * 1024 + 1);
        big.set(PDF);
        return big;
      },
      "The file is too large",
    ],
    ["an empty file", "empty.pdf", () => new Uint8Array(0), "The file is empty"],
  ];
  for (const [what, name, bytes, message] of refusedFiles) {
    it(`refuses ${what} with 422, keeps what was typed and stores nothing`, async () => {
      const m = await memberSession(db);
      const res = await postCredential("/account/credentials", validFields({ issuer: "Kept Issuer Co" }), { name, bytes: bytes() }, m);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('value="Kept Issuer Co"');
      expect(await rowsOf(m.id)).toHaveLength(0);
      expect(await r2Keys(m.id)).toEqual([]);
    });
  }

  it("refuses invalid fields with 422, each message beside its field, and asks for the file again", async () => {
    const m = await memberSession(db);
    const res = await postCredential(
      "/account/credentials",
      validFields({ type: "NOT_A_TYPE", issuer: "", expiresOn: "2025-13-40", number: "<script>alert(1)</script>" }),
      { name: "ok.pdf", bytes: PDF },
      m,
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Choose the kind of credential");
    expect(html).toContain("Enter issuer");
    expect(html).toContain("Expiry date must be a real date");
    expect(html).toContain("Choose the document again");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(await rowsOf(m.id)).toHaveLength(0);
    expect(await r2Keys(m.id)).toEqual([]);
  });

  it("refuses a NUL and a bidi override without a 500", async () => {
    const m = await memberSession(db);
    const nul = await postCredential("/account/credentials", validFields({ issuer: "A\u0000B" }), { name: "ok.pdf", bytes: PDF }, m);
    expect(nul.status).toBe(422);
    const bidi = await postCredential("/account/credentials", validFields({ number: "123\u202e456" }), { name: "ok.pdf", bytes: PDF }, m);
    expect(bidi.status).toBe(422);
    expect(await rowsOf(m.id)).toHaveLength(0);
  });

  it("asks for a document when none is sent", async () => {
    const res = await postCredential("/account/credentials", validFields(), null, member);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Choose the document");
  });

  it("refuses an urlencoded form (no file) as missing the document, and a form from another site", async () => {
    const plain = await postForm("/account/credentials", validFields(), as(member));
    expect(plain.status).toBe(422);
    const csrf = await postCredential("/account/credentials", validFields(), { name: "ok.pdf", bytes: PDF }, member, { origin: "https://evil.example" });
    expect(csrf.status).toBe(403);
  });

  it("keeps an unconfirmed account out (403) and sends a visitor to sign in", async () => {
    const unverified = await memberSession(db, { verified: false });
    expect((await get("/account/credentials", as(unverified))).status).toBe(403);
    const res = await postCredential("/account/credentials", validFields(), { name: "ok.pdf", bytes: PDF }, unverified);
    expect(res.status).toBe(403);
    expect(await rowsOf(unverified.id)).toHaveLength(0);
    const anon = await get("/account/credentials");
    expect(anon.status).toBe(303);
    expect(anon.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("editing and deleting", () => {
  it("sends a verified credential back to review when its expiry date changes, and keeps it verified when nothing changed", async () => {
    const m = await memberSession(db);
    const c = await makeCredential(db, m.id, { status: "VERIFIED", issuer: "CPUC", number: "1", expiresOn: "2030-01-01", reviewedAt: new Date() });
    const same = await postCredential(`/account/credentials/${c.id}`, { type: "MBE", issuer: "CPUC", number: "1", classification: "", issuedOn: "", expiresOn: "2030-01-01" }, null, m);
    expect(same.headers.get("location")).toBe("/account/credentials?notice=saved");
    expect((await rowsOf(m.id))[0]!.status).toBe("VERIFIED");
    const changed = await postCredential(`/account/credentials/${c.id}`, { type: "MBE", issuer: "CPUC", number: "1", classification: "", issuedOn: "", expiresOn: "2031-01-01" }, null, m);
    expect(changed.headers.get("location")).toBe("/account/credentials?notice=resubmitted");
    expect((await rowsOf(m.id))[0]).toMatchObject({ status: "PENDING", expiresOn: "2031-01-01", reviewedAt: null });
  });

  it("replaces the document: the new object stored, the old one removed, back to review", async () => {
    const m = await memberSession(db);
    const first = await postCredential("/account/credentials", validFields(), { name: "a.pdf", bytes: PDF }, m);
    expect(first.status).toBe(303);
    const [row] = await rowsOf(m.id);
    await db.update(credentials).set({ status: "VERIFIED" }).where(eq(credentials.id, row!.id));
    const res = await postCredential(`/account/credentials/${row!.id}`, validFields(), { name: "b.png", bytes: PNG, type: "image/png" }, m);
    expect(res.status).toBe(303);
    const [after] = await rowsOf(m.id);
    expect(after).toMatchObject({ status: "PENDING", documentName: "b.png", documentType: "image/png" });
    expect(await r2Keys(m.id)).toEqual([after!.documentKey]);
  });

  it("clears a rejection once the member corrects the credential", async () => {
    const m = await memberSession(db);
    const c = await makeCredential(db, m.id, { status: "REJECTED", rejectionReason: "Blurry scan" });
    await postCredential(`/account/credentials/${c.id}`, validFields({ type: "MBE" }), { name: "clear.pdf", bytes: PDF }, m);
    expect((await rowsOf(m.id))[0]).toMatchObject({ status: "PENDING", rejectionReason: null });
  });

  it("shows the edit form with the stored values, and 422 with the typed ones", async () => {
    const m = await memberSession(db);
    const c = await makeCredential(db, m.id, { issuer: "Stored Issuer" });
    expect(await (await get(`/account/credentials/${c.id}/edit`, as(m))).text()).toContain('value="Stored Issuer"');
    const bad = await postCredential(`/account/credentials/${c.id}`, validFields({ issuer: "Typed Issuer", issuedOn: "2027-01-01", expiresOn: "2026-01-01" }), null, m);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('value="Typed Issuer"');
    expect(html).toContain("The expiry date must be on or after the issue date");
  });

  it("deletes the row and its document", async () => {
    const m = await memberSession(db);
    await postCredential("/account/credentials", validFields(), { name: "a.pdf", bytes: PDF }, m);
    const [row] = await rowsOf(m.id);
    const res = await postForm(`/account/credentials/${row!.id}/delete`, {}, as(m));
    expect(res.headers.get("location")).toBe("/account/credentials?notice=deleted");
    expect(await rowsOf(m.id)).toHaveLength(0);
    expect(await r2Keys(m.id)).toEqual([]);
  });

  it("gives another member nothing: their id reads as missing for edit, update, delete and download", async () => {
    const owner = await memberSession(db);
    const other = await memberSession(db);
    const c = await makeCredential(db, owner.id, { status: "VERIFIED" });
    expect((await get(`/account/credentials/${c.id}/edit`, as(other))).status).toBe(404);
    expect((await postCredential(`/account/credentials/${c.id}`, validFields(), null, other)).status).toBe(404);
    expect((await postForm(`/account/credentials/${c.id}/delete`, {}, as(other))).status).toBe(404);
    expect((await get(`/account/credentials/${c.id}/document`, as(other))).status).toBe(404);
    expect((await rowsOf(owner.id))[0]).toMatchObject({ status: "VERIFIED", issuer: "CPUC Supplier Clearinghouse" });
  });
});

describe("document downloads", () => {
  async function withDocument() {
    const owner = await memberSession(db);
    await postCredential("/account/credentials", validFields(), { name: "coi.pdf", bytes: PDF }, owner);
    const [row] = await rowsOf(owner.id);
    return { owner, row: row! };
  }

  function expectPrivateAttachment(res: Response) {
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="coi\.pdf"/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  }

  it("serves the owner their document as a private attachment", async () => {
    const { owner, row } = await withDocument();
    const res = await get(`/account/credentials/${row.id}/document`, as(owner));
    expectPrivateAttachment(res);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);
  });

  it("serves an admin and a delegated reviewer through the admin route, and refuses a plain member there", async () => {
    const { row } = await withDocument();
    for (const s of [await adminSession(db), await reviewerSession(db)]) {
      const res = await get(`/admin/credentials/${row.id}/document`, as(s));
      expectPrivateAttachment(res);
      await res.arrayBuffer();
    }
    expect((await get(`/admin/credentials/${row.id}/document`, as(await memberSession(db)))).status).toBe(403);
  });

  it("refuses an unconfirmed account and a visitor", async () => {
    const { row } = await withDocument();
    expect((await get(`/account/credentials/${row.id}/document`, as(await memberSession(db, { verified: false })))).status).toBe(403);
    expect((await get(`/admin/credentials/${row.id}/document`, as(await memberSession(db, { verified: false })))).status).toBe(403);
    const anon = await get(`/account/credentials/${row.id}/document`);
    expect(anon.status).toBe(303);
    expect(anon.headers.get("location")).toMatch(/^\/login/);
  });

  it("previews inline for reviewers only under a CSP that only our pages may frame", async () => {
    const { row } = await withDocument();
    const res = await get(`/admin/credentials/${row.id}/preview`, as(await adminSession(db)));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^inline/);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    await res.arrayBuffer();
  });

  it("sandboxes an image preview", async () => {
    const owner = await memberSession(db);
    await postCredential("/account/credentials", validFields(), { name: "scan.png", bytes: PNG, type: "image/png" }, owner);
    const [row] = await rowsOf(owner.id);
    const res = await get(`/admin/credentials/${row!.id}/preview`, as(await reviewerSession(db)));
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-security-policy")).toMatch(/; sandbox$/);
    await res.arrayBuffer();
  });
});

describe("expired on every read, and the badges query", () => {
  it("shows a verified credential past its day as expired before the cron runs, and leaves it out of the badges", async () => {
    const m = await memberSession(db);
    const t = today();
    const lapsed = await makeCredential(db, m.id, { type: "DBE", status: "VERIFIED", expiresOn: addDays(t, -1) });
    const active = await makeCredential(db, m.id, { type: "MBE", status: "VERIFIED", expiresOn: addDays(t, 100) });
    const lastDay = await makeCredential(db, m.id, { type: "SBE", status: "VERIFIED", expiresOn: t });
    await makeCredential(db, m.id, { type: "WBE", status: "PENDING", expiresOn: addDays(t, 100) });
    await makeCredential(db, m.id, { type: "DVBE", status: "REJECTED", rejectionReason: "No", expiresOn: addDays(t, 100) });
    const html = await (await get("/account/credentials", as(m))).text();
    expect(html).toMatch(/DBE certification[\s\S]*?<strong>Expired<\/strong>/);
    const badges = await activeCredentialsOf(db, [m.id, member.id], t);
    expect(badges.get(m.id)!.map((b) => b.id).sort()).toEqual([active.id, lastDay.id].sort());
    expect(badges.has(member.id)).toBe(false);
    expect(badges.get(m.id)!.map((b) => b.id)).not.toContain(lapsed.id);
  });

  it("warns on the home page of the credentials expiring within 60 days, and only there for their owner", async () => {
    const m = await memberSession(db);
    await makeCredential(db, m.id, { type: "MBE", number: "SOON-20", status: "VERIFIED", expiresOn: addDays(today(), 20) });
    await makeCredential(db, m.id, { type: "DBE", number: "LATER-200", status: "VERIFIED", expiresOn: addDays(today(), 200) });
    const html = await (await get("/", as(m))).text();
    expect(html).toContain("Credentials expiring soon");
    expect(html).toContain("SOON-20");
    expect(html).toContain("Expires in 20 days");
    expect(html).not.toContain("LATER-200");
    const other = await (await get("/", as(await memberSession(db)))).text();
    expect(other).not.toContain("Credentials expiring soon");
  });
});
