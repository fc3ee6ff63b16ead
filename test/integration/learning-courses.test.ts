// The course catalogue and a course's page: published courses only, filters (422 when bad),
// the price that applies to the viewer, hours of credit, and the outline.
import { describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { makeCourse, useTestDb } from "../helpers/db.ts";
import { DAY, page, signedInMember } from "./events-fixtures.ts";
import { courseWithModules, send } from "./learning-fixtures.ts";

const db = useTestDb();

describe("the course catalogue", () => {
  it("lists published courses with hours of credit and the viewer's price, never drafts", async () => {
    const category = `Cat ${newId()}`;
    await makeCourse(db, { title: "Prevailing wage basics", status: "PUBLISHED", category, duration: 90, price: "199.00", memberPrice: "49.00" });
    await makeCourse(db, { title: "Unfinished draft course", status: "DRAFT", category, price: "10.00" });
    await makeCourse(db, { title: "Free certification walkthrough", status: "PUBLISHED", category, duration: 60, price: "0.00" });

    const anon = await page(`/courses?category=${encodeURIComponent(category)}`);
    expect(anon.status).toBe(200);
    expect(anon.html).toContain("Prevailing wage basics");
    expect(anon.html).toContain("1.5 hours of credit");
    expect(anon.html).toContain("$199.00");
    expect(anon.html).toContain("Free");
    expect(anon.html).not.toContain("Unfinished draft course");

    const member = await signedInMember(db, { membershipExpiresAt: new Date(Date.now() + 30 * DAY) });
    const mine = await page(`/courses?category=${encodeURIComponent(category)}`, member);
    expect(mine.html).toContain("$49.00 (member price)");
    expect(mine.html).not.toContain("$199.00");

    const lapsed = await signedInMember(db, { membershipExpiresAt: new Date(Date.now() - 30 * DAY) }); // past the 14-day grace
    expect((await page(`/courses?category=${encodeURIComponent(category)}`, lapsed)).html).toContain("$199.00");
  });

  it("filters by level and topic, and says so when nothing matches", async () => {
    const category = `Cat ${newId()}`;
    await makeCourse(db, { title: "Advanced estimating", status: "PUBLISHED", category, difficulty: "ADVANCED", tags: ["estimating", "bidding"] });
    await makeCourse(db, { title: "Beginner safety", status: "PUBLISHED", category, difficulty: "BEGINNER", tags: ["safety"] });
    const q = `category=${encodeURIComponent(category)}`;
    const adv = await page(`/courses?${q}&difficulty=ADVANCED`);
    expect(adv.html).toContain("Advanced estimating");
    expect(adv.html).not.toContain("Beginner safety");
    const tag = await page(`/courses?${q}&tag=Safety`);
    expect(tag.html).toContain("Beginner safety");
    expect(tag.html).not.toContain("Advanced estimating");
    const none = await page(`/courses?${q}&tag=welding`);
    expect(none.status).toBe(200);
    expect(none.html).toContain("No courses match these filters");
  });

  it("answers bad filters with 422, the message beside the field and what was typed kept", async () => {
    const long = `<script>${"x".repeat(40)}`;
    const res = await page(`/courses?difficulty=EXPERT&tag=${encodeURIComponent(long)}`);
    expect(res.status).toBe(422);
    expect(res.html).toContain("Choose a level from the list.");
    expect(res.html).toContain("Topic must be at most 40 characters");
    expect(res.html).toContain(`value="&lt;script&gt;${"x".repeat(40)}"`);
  });

  it("filters on any category and topic the admin form accepts, punctuation included", async () => {
    const category = `Safety: Cal/OSHA ${newId()}`;
    await makeCourse(db, { title: "Fall protection on roofs", status: "PUBLISHED", category, duration: 90, tags: ["Title 8 §1670", "fall protection"] });
    await makeCourse(db, { title: "Trenching basics", status: "PUBLISHED", category, tags: ["excavation"] });
    const byCategory = await page(`/courses?category=${encodeURIComponent(category)}`);
    expect(byCategory.status).toBe(200);
    expect(byCategory.html).toContain("Fall protection on roofs");
    expect(byCategory.html).toContain("Trenching basics");
    // Each card shows its length and its topics, each topic a link to the courses on it.
    expect(byCategory.html).toContain("1 h 30 min · 1.5 hours of credit");
    expect(byCategory.html).toContain('Topics: <a href="/courses?tag=Title%208%20%C2%A71670">Title 8 §1670</a>, <a href="/courses?tag=fall%20protection">fall protection</a>');
    const byTag = await page(`/courses?category=${encodeURIComponent(category)}&tag=${encodeURIComponent("Title 8 §1670")}`);
    expect(byTag.status).toBe(200);
    expect(byTag.html).toContain("Fall protection on roofs");
    expect(byTag.html).not.toContain("Trenching basics");
  });

  it("pages through many courses", async () => {
    const category = `Cat ${newId()}`;
    for (let i = 0; i < 13; i++) await makeCourse(db, { title: `Paged course ${String(i).padStart(2, "0")}`, status: "PUBLISHED", category });
    const first = await page(`/courses?category=${encodeURIComponent(category)}`);
    expect(first.html).toContain("Page 1 of 2");
    const second = await page(`/courses?category=${encodeURIComponent(category)}&page=2`);
    expect(second.html).toContain("Paged course 12");
    expect(second.html).not.toContain("Paged course 00");
  });
});

describe("a course's page", () => {
  it("shows description, objectives, requirements and the outline to anyone, with sign-in to enrol", async () => {
    const { course } = await courseWithModules(db, { objectives: ["Read a bond form"], requirements: ["None"] });
    const res = await page(`/courses/${course.id}`);
    expect(res.status).toBe(200);
    expect(res.html).toContain("Read a bond form");
    expect(res.html).toContain("Before you start");
    expect(res.html).toContain("Bonds on video — Video, 20 min");
    expect(res.html).toContain("Handout");
    expect(res.html).toContain("Sign in to enrol");
  });

  it("is a 404 for a draft, even for a member", async () => {
    const { course } = await courseWithModules(db, { status: "DRAFT" });
    const member = await signedInMember(db);
    expect((await page(`/courses/${course.id}`, member)).status).toBe(404);
    expect((await send(`/courses/${course.id}/enrol`, member)).status).toBe(404);
  });

  it("shows an archived course only to members enrolled in it", async () => {
    const { course } = await courseWithModules(db);
    const member = await signedInMember(db);
    await send(`/courses/${course.id}/enrol`, member);
    const { courses } = await import("../../src/db/schema/learning.ts");
    const { eq } = await import("drizzle-orm");
    await db.update(courses).set({ status: "ARCHIVED" }).where(eq(courses.id, course.id));
    expect((await page(`/courses/${course.id}`, member)).status).toBe(200);
    expect((await page(`/courses/${course.id}`, await signedInMember(db))).status).toBe(404);
  });
});
