// Creating and editing a course: every field, hostile input refused with its message and
// the input kept (422), audit rows with before/after; the list with filters, counts,
// completion rates, the empty state and CSV.
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { courseEnrollments } from "../../src/db/schema/index.ts";
import { makeCourse, makeUser, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { adminSession, as, courseAudits, courseRow, idFrom, type Staff, validCourseForm } from "./admin-courses-helpers.ts";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
});

describe("POST /admin/courses", () => {
  it("creates a draft with every field, and audits it", async () => {
    const title = `DBE ${newId()}`;
    const res = await postForm("/admin/courses", validCourseForm({ title }), as(admin));
    expect(res.status).toBe(303);
    const id = idFrom(res.headers.get("location"));
    expect(res.headers.get("location")).toBe(`/admin/courses/${id}?notice=created`);
    const row = await courseRow(db, id);
    expect(row).toMatchObject({
      title,
      status: "DRAFT",
      difficulty: "BEGINNER",
      category: "Certification",
      tags: ["DBE", "certification"],
      requirements: ["A business in California", "Three years of tax returns"],
      objectives: ["File a complete UCP application"],
      price: "49.00",
      memberPrice: "19.50",
      modules: [],
      duration: null,
      publishedAt: null,
    });
    const audits = await courseAudits(db, id);
    expect(audits.map((a) => a.action)).toEqual(["COURSE_CREATED"]);
    expect(audits[0]!.metadata).toMatchObject({ after: { title, price: "49.00" } });
    const page = await get(`/admin/courses/${id}?notice=created`, as(admin));
    const html = await page.text();
    expect(html).toContain("Course created as a draft");
    expect(html).toContain("It has no modules yet");
  });

  it("refuses hostile and broken input with each message, keeps what was typed (escaped), creates nothing", async () => {
    const title = `<script>alert("x")</script> ${newId()}`;
    const res = await postForm(
      "/admin/courses",
      validCourseForm({ title, description: "", price: "-5", memberPrice: "abc", difficulty: "GODLIKE", tags: "ok,\u202Eevil" }),
      as(admin),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Enter description");
    expect(html).toContain("Price cannot be negative");
    expect(html).toContain("Member price must be an amount in dollars");
    expect(html).toContain("Choose a level from the list");
    expect(html).toContain("Tag must be plain text on one line");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    const listed = await get(`/admin/courses?q=${encodeURIComponent(title.slice(-25))}`, as(admin));
    expect(await listed.text()).toContain("No courses match these filters.");
  });

  it("answers a NUL in a field with 422, not a database error", async () => {
    const res = await postForm("/admin/courses", validCourseForm({ title: "Bad\u0000title" }), as(admin));
    expect(res.status).toBe(422);
  });
});

describe("POST /admin/courses/:id", () => {
  it("saves only what changed, with before and after in the audit", async () => {
    const c = await makeCourse(db, { title: `Edit ${newId()}`, description: "Old", price: "10.00" });
    const form = validCourseForm({ title: c.title, description: "New words", price: "12", memberPrice: "" });
    const res = await postForm(`/admin/courses/${c.id}`, form, as(admin));
    expect(res.headers.get("location")).toBe(`/admin/courses/${c.id}?notice=saved`);
    const row = await courseRow(db, c.id);
    expect(row).toMatchObject({ description: "New words", price: "12.00", memberPrice: null, category: "Certification" });
    const [audit] = await courseAudits(db, c.id);
    expect(audit!.action).toBe("COURSE_UPDATED");
    expect(audit!.metadata).toMatchObject({ before: { description: "Old", price: "10.00" }, after: { description: "New words", price: "12.00" } });
    const again = await postForm(`/admin/courses/${c.id}`, form, as(admin));
    expect(again.headers.get("location")).toBe(`/admin/courses/${c.id}?notice=unchanged`);
    expect(await courseAudits(db, c.id)).toHaveLength(1);
  });

  it("re-renders the course page with 422 and the input kept when a field is wrong", async () => {
    const c = await makeCourse(db, { title: `Edit bad ${newId()}` });
    const res = await postForm(`/admin/courses/${c.id}`, validCourseForm({ title: "", memberPrice: "99", price: "10" }), as(admin));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Enter title");
    expect(html).toContain("Member price cannot be more than the price");
    expect(html).toContain('value="99"');
    expect((await courseRow(db, c.id)).title).toBe(c.title);
  });

  it("answers 404 for a course that does not exist", async () => {
    expect((await get(`/admin/courses/${newId()}`, as(admin))).status).toBe(404);
    expect((await postForm(`/admin/courses/${newId()}`, validCourseForm(), as(admin))).status).toBe(404);
  });
});

describe("GET /admin/courses", () => {
  it("filters by status, category and text, shows enrolments and the completion rate, and exports the same as CSV", async () => {
    const tag = newId();
    const category = `Cat ${tag}`;
    const a = await makeCourse(db, { title: `Alpha ${tag}`, category, status: "PUBLISHED", publishedAt: new Date() });
    await makeCourse(db, { title: `Beta ${tag}`, category, status: "DRAFT" });
    await makeCourse(db, { title: `Gamma ${tag}`, category: "Other", status: "PUBLISHED", publishedAt: new Date() });
    const learners = await Promise.all([1, 2, 3].map(() => makeUser(db, { isVerified: true })));
    await db.insert(courseEnrollments).values([
      { courseId: a.id, userId: learners[0]!.id, status: "COMPLETED", progress: 100, completedAt: new Date() },
      { courseId: a.id, userId: learners[1]!.id, status: "IN_PROGRESS", progress: 40 },
      { courseId: a.id, userId: learners[2]!.id, status: "DROPPED", progress: 10 },
    ]);
    const res = await get(`/admin/courses?status=PUBLISHED&category=${encodeURIComponent(category)}&q=${tag}`, as(admin));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`Alpha ${tag}`);
    expect(html).not.toContain(`Beta ${tag}`);
    expect(html).not.toContain(`Gamma ${tag}`);
    expect(html).toMatch(/>3<\/a>/);
    expect(html).toContain("1 · 33%");

    const csv = await get(`/admin/courses/export.csv?status=PUBLISHED&category=${encodeURIComponent(category)}`, as(admin));
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("id,title,status,category,difficulty,duration_minutes,price,member_price,modules,enrolled,completed,completion_rate_percent,published_at");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${a.id},Alpha ${tag},PUBLISHED,${category}`);
    expect(lines[1]).toContain(",0,3,1,33,");
  });

  it("neutralises a formula in a CSV cell", async () => {
    const tag = newId();
    await makeCourse(db, { title: `=HYPERLINK("x") ${tag}` });
    const csv = await (await get(`/admin/courses/export.csv?q=${tag}`, as(admin))).text();
    expect(csv).toContain(`"'=HYPERLINK(""x"") ${tag}"`);
  });

  it("answers bad filters with 422 beside the field (and for the CSV)", async () => {
    const res = await get("/admin/courses?status=SOLD", as(admin));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Choose a status from the list");
    expect((await get("/admin/courses/export.csv?status=SOLD", as(admin))).status).toBe(422);
  });

  it("pages the list", async () => {
    const tag = newId();
    for (let i = 0; i < 27; i++) await makeCourse(db, { title: `Paged ${tag} ${i}` });
    const first = await (await get(`/admin/courses?q=${tag}`, as(admin))).text();
    expect(first).toContain("Page 1 of 2 · 27 results");
    const second = await (await get(`/admin/courses?q=${tag}&page=2`, as(admin))).text();
    expect(second).toContain("Page 2 of 2");
    expect((second.match(new RegExp(`Paged ${tag}`, "g")) ?? []).length).toBe(2);
  });
});
