// Event files through the admin page: a checked upload lands in R2 and event_files with one
// audit row; a wrong type, a disguised file or an oversized one is refused (422) with nothing
// stored anywhere; deleting removes the row and the R2 object, audited.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { eventFiles } from "../../src/db/schema/index.ts";
import { MAX_UPLOAD_BYTES } from "../../src/lib/uploads.ts";
import { makeEvent, useTestDb } from "../helpers/db.ts";
import { postForm } from "../helpers/http.ts";
import { adminSession, as, auditsOf, postMultipart, type Staff } from "./admin-events-helpers.ts";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
});

const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function upload(eventId: string, name: string, content: Uint8Array) {
  const form = new FormData();
  form.set("file", new File([content], name, { type: "application/pdf" }));
  return postMultipart(`/admin/events/${eventId}/files`, form, admin);
}
const filesOf = (eventId: string) => db.select().from(eventFiles).where(eq(eventFiles.eventId, eventId));
const r2Keys = async (eventId: string) => (await env.FILES.list({ prefix: `events/${eventId}/` })).objects.map((o) => o.key);

describe("POST /admin/events/:id/files", () => {
  it("stores a checked file in R2 with its row and one audit row", async () => {
    const e = await makeEvent(db, admin.id);
    const res = await upload(e.id, "Site Map (v2).pdf", PDF);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/events/${e.id}?notice=file_added`);
    const [row, ...more] = await filesOf(e.id);
    expect(more).toHaveLength(0);
    expect(row).toMatchObject({ fileName: "Site-Map-v2.pdf", fileType: "application/pdf", fileSize: PDF.length, uploadedBy: admin.id });
    expect(row!.filePath).toMatch(new RegExp(`^events/${e.id}/c[a-z2-7]{24}-Site-Map-v2\\.pdf$`));
    const object = await env.FILES.get(row!.filePath);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(PDF);
    expect(object!.httpMetadata?.contentType).toBe("application/pdf");
    const audits = await auditsOf(db, e.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.metadata).toMatchObject({ fileId: row!.id, key: row!.filePath, after: { file: "Site-Map-v2.pdf" } });
  });

  const refused: Array<[string, string, () => Uint8Array, string]> = [
    ["content that does not match the extension", "flyer.pdf", () => PNG, "named .pdf but its content is not a PDF"],
    ["a program", "setup.exe", () => new TextEncoder().encode("MZ\u0090\u0000 program"), "Files ending in .exe are not accepted"],
    [
      "a file over 10 MB",
      "huge.pdf",
      () => {
        const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
        big.set(PDF);
        return big;
      },
      "The file is too large",
    ],
  ];
  for (const [what, name, content, message] of refused) {
    it(`refuses ${what} with 422 and stores nothing`, async () => {
      const e = await makeEvent(db, admin.id);
      const res = await upload(e.id, name, content());
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(message);
      expect(await filesOf(e.id)).toHaveLength(0);
      expect(await r2Keys(e.id)).toEqual([]);
      expect(await auditsOf(db, e.id)).toHaveLength(0);
    });
  }

  it("asks for a file when the form has none", async () => {
    const e = await makeEvent(db, admin.id);
    const res = await postForm(`/admin/events/${e.id}/files`, {}, as(admin));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Choose a file to upload.");
  });
});

describe("POST /admin/events/:id/files/:fileId/delete", () => {
  it("removes the row and the R2 object, audited", async () => {
    const e = await makeEvent(db, admin.id);
    await upload(e.id, "handout.pdf", PDF);
    const [file] = await filesOf(e.id);
    const res = await postForm(`/admin/events/${e.id}/files/${file!.id}/delete`, {}, as(admin));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/events/${e.id}?notice=file_deleted`);
    expect(await filesOf(e.id)).toHaveLength(0);
    expect(await env.FILES.head(file!.filePath)).toBeNull();
    const audits = await auditsOf(db, e.id);
    expect(audits).toHaveLength(2);
    expect(audits[1]!.metadata).toMatchObject({ fileId: file!.id, before: { file: "handout.pdf" } });
  });

  it("is 404 for a file of another event, which stays", async () => {
    const e = await makeEvent(db, admin.id);
    const other = await makeEvent(db, admin.id);
    await upload(other.id, "theirs.pdf", PDF);
    const [file] = await filesOf(other.id);
    expect((await postForm(`/admin/events/${e.id}/files/${file!.id}/delete`, {}, as(admin))).status).toBe(404);
    expect(await filesOf(other.id)).toHaveLength(1);
    expect(await env.FILES.head(file!.filePath)).not.toBeNull();
  });
});
