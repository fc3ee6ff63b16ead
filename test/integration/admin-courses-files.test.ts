// File modules in R2: the upload checks of src/lib/uploads.ts (first bytes, size, allowed
// kinds), the stored key/name/type/size, replacing (the old object deleted), deleting the
// module (its object deleted), and the admin's download.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { courseModules } from "../../src/db/schema/index.ts";
import type { ModuleContent } from "../../src/features/learning/content.ts";
import { makeCourse, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { adminSession, as, modulesIn, postMultipart, type Staff } from "./admin-courses-helpers.ts";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
});

const PDF = new TextEncoder().encode("%PDF-1.7\nhandout\n%%EOF");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const fields = (title = "Handout") => ({ type: "file", title, duration: "5" });
const file = (bytes: Uint8Array, name: string) => new File([bytes], name);

async function fileModule(courseId: string) {
  const [m] = await modulesIn(db, courseId);
  return { module: m!, content: m!.content as Extract<ModuleContent, { type: "file" }> };
}

describe("file modules", () => {
  it("stores a checked PDF in R2 under the course with its key, name, type and size", async () => {
    const c = await makeCourse(db, { title: `Files ${newId()}` });
    const res = await postMultipart(`/admin/courses/${c.id}/modules`, fields(), file(PDF, "UCP checklist (2030).pdf"), admin.cookie);
    expect(res.status).toBe(303);
    const { module, content } = await fileModule(c.id);
    expect(content).toMatchObject({ type: "file", fileName: "UCP-checklist-2030.pdf", contentType: "application/pdf", size: PDF.byteLength });
    expect(content.key).toMatch(new RegExp(`^courses/${c.id}/c[a-z2-7]{24}-UCP-checklist-2030\\.pdf$`));
    const object = await env.FILES.get(content.key);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(PDF);
    const download = await get(`/admin/courses/${c.id}/modules/${module.id}/file`, as(admin));
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="UCP-checklist-2030.pdf"; filename*=UTF-8''UCP-checklist-2030.pdf`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
  });

  it("downloads a handout whose stored type is malformed as application/octet-stream, an attachment, as members get it", async () => {
    const c = await makeCourse(db, { title: `Files ${newId()}` });
    await postMultipart(`/admin/courses/${c.id}/modules`, fields(), file(PDF, "checklist.pdf"), admin.cookie);
    const { module, content } = await fileModule(c.id);
    await db.update(courseModules).set({ content: { ...content, contentType: "text/html<script>" } }).where(eq(courseModules.id, module.id));
    const download = await get(`/admin/courses/${c.id}/modules/${module.id}/file`, as(admin));
    expect(download.headers.get("content-type")).toBe("application/octet-stream");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; /);
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
  });

  const refused: Array<[string, Uint8Array, string, string]> = [
    ["a script named .pdf", new TextEncoder().encode("<script>alert(1)</script>"), "evil.pdf", "its content is not a PDF"],
    ["an executable", new Uint8Array([0x4d, 0x5a, 0x90, 0]), "setup.exe", "Files ending in .exe are not accepted"],
    ["a text file (not a handout kind)", new TextEncoder().encode("notes"), "notes.txt", "A course handout must be one of"],
    ["an empty file", new Uint8Array(), "empty.pdf", "The file is empty"],
  ];
  for (const [what, bytes, name, message] of refused) {
    it(`refuses ${what} with 422 and stores nothing`, async () => {
      const c = await makeCourse(db, { title: `Refused ${newId()}` });
      const res = await postMultipart(`/admin/courses/${c.id}/modules`, fields(), file(bytes, name), admin.cookie);
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(message);
      expect(await modulesIn(db, c.id)).toHaveLength(0);
      expect((await env.FILES.list({ prefix: `courses/${c.id}/` })).objects).toHaveLength(0);
    });
  }

  it("refuses a file over 10 MB", async () => {
    const c = await makeCourse(db, { title: `Big ${newId()}` });
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const res = await postMultipart(`/admin/courses/${c.id}/modules`, fields(), file(big, "big.pdf"), admin.cookie);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("The file is too large");
    expect((await env.FILES.list({ prefix: `courses/${c.id}/` })).objects).toHaveLength(0);
  });

  it("needs a file for a new file module, and asks for it again when another field was wrong", async () => {
    const c = await makeCourse(db, { title: `Missing ${newId()}` });
    const none = await postMultipart(`/admin/courses/${c.id}/modules`, fields(), null, admin.cookie);
    expect(none.status).toBe(422);
    expect(await none.text()).toContain("Choose a file to upload.");
    const noTitle = await postMultipart(`/admin/courses/${c.id}/modules`, fields(""), file(PDF, "a.pdf"), admin.cookie);
    expect(noTitle.status).toBe(422);
    expect(await noTitle.text()).toContain("Choose the file again");
    expect((await env.FILES.list({ prefix: `courses/${c.id}/` })).objects).toHaveLength(0);
  });

  it("replaces the file (the old object is deleted) and keeps it when only the title changes", async () => {
    const c = await makeCourse(db, { title: `Replace ${newId()}` });
    await postMultipart(`/admin/courses/${c.id}/modules`, fields(), file(PDF, "first.pdf"), admin.cookie);
    const { module, content: first } = await fileModule(c.id);
    const renamed = await postMultipart(`/admin/courses/${c.id}/modules/${module.id}`, fields("Renamed"), null, admin.cookie);
    expect(renamed.status).toBe(303);
    expect((await fileModule(c.id)).content).toEqual(first);
    const replaced = await postMultipart(`/admin/courses/${c.id}/modules/${module.id}`, fields("Renamed"), file(PNG, "diagram.png"), admin.cookie);
    expect(replaced.status).toBe(303);
    const { content: second } = await fileModule(c.id);
    expect(second).toMatchObject({ fileName: "diagram.png", contentType: "image/png", size: PNG.byteLength });
    expect(await env.FILES.get(first.key)).toBeNull();
    expect(await env.FILES.get(second.key)).not.toBeNull();
    // A refused replacement keeps the old file.
    const bad = await postMultipart(`/admin/courses/${c.id}/modules/${module.id}`, fields("Renamed"), file(PDF, "x.png"), admin.cookie);
    expect(bad.status).toBe(422);
    expect((await fileModule(c.id)).content).toEqual(second);
    expect((await env.FILES.list({ prefix: `courses/${c.id}/` })).objects).toHaveLength(1);
  });

  it("deletes the object with its module", async () => {
    const c = await makeCourse(db, { title: `Delete ${newId()}` });
    await postMultipart(`/admin/courses/${c.id}/modules`, fields(), file(PDF, "gone.pdf"), admin.cookie);
    const { module, content } = await fileModule(c.id);
    const res = await postForm(`/admin/courses/${c.id}/modules/${module.id}/delete`, { confirm: "yes" }, as(admin));
    expect(res.status).toBe(303);
    expect(await env.FILES.get(content.key)).toBeNull();
  });
});
