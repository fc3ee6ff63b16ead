// A course's enrolments: member, status, progress, dates and the best score and attempts per
// quiz module, the completion rate, filters, pages and CSV; another course's learners never
// appear.
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { courseEnrollments, courseModules, quizAttempts } from "../../src/db/schema/index.ts";
import { makeCourse, makeUser, useTestDb } from "../helpers/db.ts";
import { get } from "../helpers/http.ts";
import { adminSession, as, type Staff } from "./admin-courses-helpers.ts";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
});

const QUIZ = { type: "quiz", passMark: 50, questions: [{ prompt: "Q", options: ["a", "b"], answer: 0 }] };

async function courseWithLearners() {
  const tag = newId();
  const c = await makeCourse(db, { title: `Learners ${tag}`, status: "PUBLISHED", publishedAt: new Date() });
  const [, quiz] = await db
    .insert(courseModules)
    .values([
      { courseId: c.id, title: "Read", order: 1, content: { type: "text", markdown: "x" } },
      { courseId: c.id, title: "Final check", order: 2, content: QUIZ },
    ])
    .returning();
  const [rosa, dee, sam] = await Promise.all([
    makeUser(db, { firstName: "Rosa", lastName: `Okafor${tag}`, company: "Okafor Concrete", isVerified: true }),
    makeUser(db, { firstName: "Dee", lastName: `Nguyen${tag}`, isVerified: true }),
    makeUser(db, { firstName: "Sam", lastName: `Other${tag}`, isVerified: true }),
  ]);
  const [eRosa, eDee] = await db
    .insert(courseEnrollments)
    .values([
      { courseId: c.id, userId: rosa!.id, status: "COMPLETED", progress: 100, completedAt: new Date("2030-01-05T18:00:00Z"), enrolledAt: new Date("2030-01-01T18:00:00Z") },
      { courseId: c.id, userId: dee!.id, status: "IN_PROGRESS", progress: 50, enrolledAt: new Date("2030-01-02T18:00:00Z") },
    ])
    .returning();
  await db.insert(quizAttempts).values([
    { enrollmentId: eRosa!.id, moduleId: quiz!.id, answers: { 0: 1 }, score: 0, passed: false },
    { enrollmentId: eRosa!.id, moduleId: quiz!.id, answers: { 0: 0 }, score: 100, passed: true },
    { enrollmentId: eDee!.id, moduleId: quiz!.id, answers: { 0: 1 }, score: 40, passed: false },
  ]);
  // Someone enrolled in another course.
  const other = await makeCourse(db, { title: `Other ${tag}` });
  await db.insert(courseEnrollments).values({ courseId: other.id, userId: sam!.id });
  return { c, tag, quiz: quiz! };
}

describe("GET /admin/courses/:id/enrollments", () => {
  it("lists each learner with status, progress, dates and best quiz score with attempts; the completion rate", async () => {
    const { c, tag } = await courseWithLearners();
    const res = await get(`/admin/courses/${c.id}/enrollments`, as(admin));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`Rosa Okafor${tag}`);
    expect(html).toContain(`Dee Nguyen${tag}`);
    expect(html).not.toContain(`Sam Other${tag}`);
    expect(html).toContain("Quiz 2: Final check");
    expect(html).toMatch(/Best 100% \(passed\)<br\/?><small>2 attempts<\/small>/);
    expect(html).toMatch(/Best 40% \(not passed\)<br\/?><small>1 attempt<\/small>/);
    expect(html).toContain("completion rate 50%");
    expect(html).toContain('datetime="2030-01-05T18:00:00.000Z"');
  });

  it("filters by status and by name, and answers a bad status with 422", async () => {
    const { c, tag } = await courseWithLearners();
    const done = await (await get(`/admin/courses/${c.id}/enrollments?status=COMPLETED`, as(admin))).text();
    expect(done).toContain(`Rosa Okafor${tag}`);
    expect(done).not.toContain(`Dee Nguyen${tag}`);
    const named = await (await get(`/admin/courses/${c.id}/enrollments?q=${encodeURIComponent(`Dee Nguyen${tag}`)}`, as(admin))).text();
    expect(named).toContain(`Dee Nguyen${tag}`);
    expect(named).not.toContain(`Rosa Okafor${tag}`);
    const bad = await get(`/admin/courses/${c.id}/enrollments?status=GRADUATED`, as(admin));
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Choose a status from the list");
  });

  it("shows the empty state for a course nobody took", async () => {
    const c = await makeCourse(db, { title: `Nobody ${newId()}` });
    expect(await (await get(`/admin/courses/${c.id}/enrollments`, as(admin))).text()).toContain("Nobody is enrolled yet.");
  });

  it("exports the same rows as CSV with a best score and attempts column per quiz", async () => {
    const { c, tag } = await courseWithLearners();
    const res = await get(`/admin/courses/${c.id}/enrollments.csv`, as(admin));
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="course-enrolments-/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe("member_id,first_name,last_name,email,company,status,progress_percent,enrolled_at,completed_at,quiz_2_best_percent,quiz_2_attempts");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`Dee,Nguyen${tag}`);
    expect(lines[1]).toMatch(/,IN_PROGRESS,50,2030-01-02T18:00:00.000Z,,40,1$/);
    expect(lines[2]).toMatch(/,COMPLETED,100,2030-01-01T18:00:00.000Z,2030-01-05T18:00:00.000Z,100,2$/);
    expect((await get(`/admin/courses/${c.id}/enrollments.csv?status=NOPE`, as(admin))).status).toBe(422);
  });

  it("answers 404 for a course that does not exist", async () => {
    expect((await get(`/admin/courses/${newId()}/enrollments`, as(admin))).status).toBe(404);
  });
});
