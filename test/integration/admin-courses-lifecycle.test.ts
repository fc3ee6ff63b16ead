// Publishing and archiving: a course with no modules, or with a module whose content is not
// valid, is refused with the reason; publishedAt is set once; every step is audited.
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { courseModules } from "../../src/db/schema/index.ts";
import { makeCourse, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { adminSession, as, courseAudits, courseRow, type Staff, textModule } from "./admin-courses-helpers.ts";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
});

const setStatus = (id: string, status: string) => postForm(`/admin/courses/${id}/status`, { status }, as(admin));

describe("POST /admin/courses/:id/status", () => {
  it("refuses to publish a course with no modules, saying why, and writes nothing", async () => {
    const c = await makeCourse(db, { title: `Empty ${newId()}` });
    const res = await setStatus(c.id, "PUBLISHED");
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("It cannot be published yet. It has no modules yet: add at least one module first.");
    expect((await courseRow(db, c.id)).status).toBe("DRAFT");
    expect(await courseAudits(db, c.id)).toHaveLength(0);
  });

  it("refuses to publish while a module's content is invalid, naming the module; the page hides the button and lists why", async () => {
    const c = await makeCourse(db, { title: `Broken ${newId()}` });
    await db.insert(courseModules).values([
      { courseId: c.id, title: "Fine", order: 1, content: { type: "text", markdown: "ok" } },
      { courseId: c.id, title: "Seed video", order: 2, content: { type: "video", videoKey: "courses/x.mp4" } },
    ]);
    const res = await setStatus(c.id, "PUBLISHED");
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Module 2 “Seed video” has no valid content");
    const page = await (await get(`/admin/courses/${c.id}`, as(admin))).text();
    expect(page).toContain("Not ready to publish");
    expect(page).not.toMatch(/name="status" value="PUBLISHED"/);
  });

  it("publishes, archives and publishes again: publishedAt set once, one audit row per step", async () => {
    const c = await makeCourse(db, { title: `Lifecycle ${newId()}` });
    expect((await postForm(`/admin/courses/${c.id}/modules`, textModule(), as(admin))).status).toBe(303);
    const published = await setStatus(c.id, "PUBLISHED");
    expect(published.headers.get("location")).toBe(`/admin/courses/${c.id}?notice=status`);
    const first = (await courseRow(db, c.id)).publishedAt;
    expect(first).toBeInstanceOf(Date);
    expect((await setStatus(c.id, "ARCHIVED")).status).toBe(303);
    expect((await courseRow(db, c.id)).status).toBe("ARCHIVED");
    expect((await setStatus(c.id, "PUBLISHED")).status).toBe(303);
    const row = await courseRow(db, c.id);
    expect(row).toMatchObject({ status: "PUBLISHED", publishedAt: first });
    const steps = (await courseAudits(db, c.id)).filter((a) => a.details?.startsWith("Course "));
    expect(steps.map((a) => (a.metadata as { after: { status: string } }).after.status)).toEqual(["PUBLISHED", "ARCHIVED", "PUBLISHED"]);
    expect(steps[0]!.metadata).toMatchObject({ before: { status: "DRAFT", publishedAt: null } });
  });

  it("refuses a step the lifecycle does not have, and a status that does not exist", async () => {
    const c = await makeCourse(db, { title: `Steps ${newId()}`, status: "PUBLISHED", publishedAt: new Date() });
    const res = await setStatus(c.id, "DRAFT");
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("From published it can go to: Archived.");
    expect((await setStatus(c.id, "DELETED")).status).toBe(422);
    expect((await courseRow(db, c.id)).status).toBe("PUBLISHED");
  });
});
