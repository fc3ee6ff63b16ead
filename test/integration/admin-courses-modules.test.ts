// The module editor against Postgres: text, video and quiz modules added and edited with the
// outline (courses.modules) and the course's length kept in step, hostile input refused with
// the input kept, moving up and down without JavaScript (303 back) and with htmx (the list
// fragment), deleting with a confirmation and the orders closed up again, and every change
// bringing the enrolments' progress and status up to date (a member finished by a deletion gets
// the certificate).
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { certificates, courseEnrollments, courseModuleCompletions, courseModules, emailOutbox } from "../../src/db/schema/index.ts";
import { makeCourse, makeUser, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { adminSession, as, courseAudits, courseRow, modulesIn, quizModule, type Staff, textModule } from "./admin-courses-helpers.ts";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
});

async function courseWith(titles: string[]) {
  const c = await makeCourse(db, { title: `Modules ${newId()}` });
  for (const title of titles) {
    const res = await postForm(`/admin/courses/${c.id}/modules`, textModule({ title }), as(admin));
    expect(res.status, title).toBe(303);
  }
  return c;
}

describe("adding and editing modules", () => {
  it("adds a text module after the last, and keeps the outline and the length in step", async () => {
    const c = await courseWith(["One", "Two"]);
    const mods = await modulesIn(db, c.id);
    expect(mods.map((m) => [m.order, m.title])).toEqual([
      [1, "One"],
      [2, "Two"],
    ]);
    expect(mods[0]!.content).toEqual({ type: "text", markdown: "A **DBE** is a *disadvantaged* business." });
    const row = await courseRow(db, c.id);
    expect(row.modules).toEqual(mods.map((m) => ({ id: m.id, order: m.order, title: m.title, duration: 15 })));
    expect(row.duration).toBe(30);
    const audits = await courseAudits(db, c.id);
    expect(audits.map((a) => a.details)).toEqual([`Module added to ${c.title}: 1. One`, `Module added to ${c.title}: 2. Two`]);
  });

  it("adds a quiz, and re-renders a broken quiz with 422, each message beside its question and the input kept", async () => {
    const c = await courseWith([]);
    const bad = await postForm(
      `/admin/courses/${c.id}/modules`,
      quizModule({ passMark: "150", "questions.0.answer": "", "questions.1.option.1": "", "questions.1.prompt": "<img src=x onerror=alert(1)>" }),
      as(admin),
    );
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("Pass mark must be a whole percent from 1 to 100");
    expect(html).toContain("Question 1: choose which option is correct");
    expect(html).toContain("Question 2 needs at least 2 options");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain('value="The CUCP"');
    expect(await modulesIn(db, c.id)).toHaveLength(0);

    const ok = await postForm(`/admin/courses/${c.id}/modules`, quizModule(), as(admin));
    expect(ok.status).toBe(303);
    const [quiz] = await modulesIn(db, c.id);
    expect(quiz!.content).toEqual({
      type: "quiz",
      passMark: 50,
      questions: [
        { prompt: "Who certifies DBEs in California?", options: ["The CUCP", "The IRS"], answer: 0 },
        { prompt: "Is a personal net worth cap part of the test?", options: ["No", "Yes"], answer: 1 },
      ],
    });
    const page = await (await get(`/admin/courses/${c.id}/modules/${quiz!.id}`, as(admin))).text();
    expect(page).toMatch(/name="questions\.1\.answer" value="1" checked/);
  });

  it("adds a question row without JavaScript (the form comes back with one more, nothing saved) and with htmx (the row alone)", async () => {
    const c = await courseWith([]);
    const res = await postForm(`/admin/courses/${c.id}/modules`, quizModule({ addRow: "questions" }), as(admin));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="questions-row-3"');
    expect(html).not.toContain('id="questions-row-4"');
    expect(await modulesIn(db, c.id)).toHaveLength(0);
    const row = await get("/admin/courses/rows/questions?index=5", { headers: { ...as(admin).headers, "hx-request": "true" } });
    const fragment = await row.text();
    expect(fragment).toContain('id="questions-row-5"');
    expect(fragment).toContain('data-hx-get="/admin/courses/rows/questions?index=6"');
    expect(fragment).not.toContain("<html");
  });

  it("refuses a video link that is not https, and says whether an https one is embedded or linked", async () => {
    const c = await courseWith([]);
    const bad = await postForm(`/admin/courses/${c.id}/modules`, { type: "video", title: "Clip", url: "http://vimeo.com/1" }, as(admin));
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Video link must be a full https:// link");
    const linked = await postForm(`/admin/courses/${c.id}/modules`, { type: "video", title: "Clip", url: "https://www.youtube.com/watch?v=x" }, as(admin));
    expect(linked.status).toBe(303);
    const embedded = await postForm(`/admin/courses/${c.id}/modules`, { type: "video", title: "Clip 2", url: "https://player.vimeo.com/video/1", caption: "Hi" }, as(admin));
    expect(embedded.status).toBe(303);
    const page = await (await get(`/admin/courses/${c.id}`, as(admin))).text();
    expect(page).toContain("Video, shown as a link (www.youtube.com)");
    expect(page).toContain("Video, embedded (player.vimeo.com)");
  });

  it("edits a module with before/after in the audit, and says so when nothing changed", async () => {
    const c = await courseWith(["Intro"]);
    const [m] = await modulesIn(db, c.id);
    const res = await postForm(`/admin/courses/${c.id}/modules/${m!.id}`, textModule({ title: "Intro, revised", markdown: "New text", duration: "20" }), as(admin));
    expect(res.headers.get("location")).toBe(`/admin/courses/${c.id}/modules/${m!.id}?notice=module_saved`);
    const [after] = await modulesIn(db, c.id);
    expect(after).toMatchObject({ title: "Intro, revised", duration: 20, content: { type: "text", markdown: "New text" } });
    expect((await courseRow(db, c.id)).modules).toEqual([{ id: m!.id, order: 1, title: "Intro, revised", duration: 20 }]);
    const audits = await courseAudits(db, c.id);
    expect(audits.at(-1)!.metadata).toMatchObject({ before: { title: "Intro", duration: 15 }, after: { title: "Intro, revised", duration: 20 } });
    const same = await postForm(`/admin/courses/${c.id}/modules/${m!.id}`, textModule({ title: "Intro, revised", markdown: "New text", duration: "20" }), as(admin));
    expect(same.headers.get("location")).toContain("notice=module_unchanged");
  });

  it("lets a module whose stored content is an old shape be given a valid one", async () => {
    const c = await makeCourse(db, { title: `Seeded ${newId()}` });
    const [m] = await db.insert(courseModules).values({ courseId: c.id, title: "Old", order: 1, content: { type: "reading", fileKey: "x.pdf" } }).returning();
    const page = await (await get(`/admin/courses/${c.id}/modules/${m!.id}`, as(admin))).text();
    expect(page).toContain("stored content is not a text, video, file or quiz");
    const res = await postForm(`/admin/courses/${c.id}/modules/${m!.id}`, textModule({ title: "Old" }), as(admin));
    expect(res.status).toBe(303);
    const [after] = await db.select().from(courseModules).where(eq(courseModules.id, m!.id));
    expect(after!.content).toMatchObject({ type: "text" });
  });

  it("refuses an unknown kind of module and a module of another course (404)", async () => {
    const c = await courseWith(["A"]);
    const other = await courseWith(["B"]);
    const [theirs] = await modulesIn(db, other.id);
    expect((await postForm(`/admin/courses/${c.id}/modules`, textModule({ type: "script" }), as(admin))).status).toBe(422);
    expect((await get(`/admin/courses/${c.id}/modules/${theirs!.id}`, as(admin))).status).toBe(404);
    expect((await postForm(`/admin/courses/${c.id}/modules/${theirs!.id}/move`, { direction: "up" }, as(admin))).status).toBe(404);
  });
});

describe("ordering", () => {
  it("moves a module up without JavaScript: one transaction, redirected back, outline rewritten, audited", async () => {
    const c = await courseWith(["A", "B", "C"]);
    const [, b] = await modulesIn(db, c.id);
    const res = await postForm(`/admin/courses/${c.id}/modules/${b!.id}/move`, { direction: "up" }, as(admin));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/courses/${c.id}?notice=moved#module-${b!.id}`);
    const mods = await modulesIn(db, c.id);
    expect(mods.map((m) => [m.order, m.title])).toEqual([
      [1, "B"],
      [2, "A"],
      [3, "C"],
    ]);
    expect(((await courseRow(db, c.id)).modules as Array<{ title: string }>).map((m) => m.title)).toEqual(["B", "A", "C"]);
    const audit = (await courseAudits(db, c.id)).at(-1)!;
    expect(audit.metadata).toMatchObject({ before: { order: 2 }, after: { order: 1 }, moduleId: b!.id });
  });

  it("moves a module down with htmx and answers with the list fragment", async () => {
    const c = await courseWith(["A", "B", "C"]);
    const [, b] = await modulesIn(db, c.id);
    const res = await postForm(`/admin/courses/${c.id}/modules/${b!.id}/move`, { direction: "down" }, { headers: { ...as(admin).headers, "hx-request": "true" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<div id="module-list">')).toBe(true);
    expect(html.indexOf("3. B")).toBeGreaterThan(html.indexOf("2. C"));
    expect((await modulesIn(db, c.id)).map((m) => m.title)).toEqual(["A", "C", "B"]);
  });

  it("leaves the first module where it is when moved up, and refuses a direction that is neither", async () => {
    const c = await courseWith(["A", "B"]);
    const [a] = await modulesIn(db, c.id);
    const res = await postForm(`/admin/courses/${c.id}/modules/${a!.id}/move`, { direction: "up" }, as(admin));
    expect(res.status).toBe(303);
    expect((await modulesIn(db, c.id)).map((m) => m.title)).toEqual(["A", "B"]);
    expect((await postForm(`/admin/courses/${c.id}/modules/${a!.id}/move`, { direction: "sideways" }, as(admin))).status).toBe(422);
  });

  it("keeps the orders unique when two moves of one course race", async () => {
    const c = await courseWith(["A", "B", "C", "D"]);
    const mods = await modulesIn(db, c.id);
    const results = await Promise.all(mods.slice(1).map((m) => postForm(`/admin/courses/${c.id}/modules/${m.id}/move`, { direction: "up" }, as(admin))));
    expect(results.map((r) => r.status)).toEqual([303, 303, 303]);
    const after = await modulesIn(db, c.id);
    expect(after.map((m) => m.order)).toEqual([1, 2, 3, 4]);
    expect(new Set(after.map((m) => m.title)).size).toBe(4);
    expect(((await courseRow(db, c.id)).modules as Array<{ id: string }>).map((m) => m.id)).toEqual(after.map((m) => m.id));
  });
});

describe("deleting", () => {
  it("asks for the confirmation box, then deletes, closes up the orders and rewrites the outline", async () => {
    const c = await courseWith(["A", "B", "C"]);
    const [, b] = await modulesIn(db, c.id);
    const refused = await postForm(`/admin/courses/${c.id}/modules/${b!.id}/delete`, {}, as(admin));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Tick the box to confirm");
    expect(await modulesIn(db, c.id)).toHaveLength(3);
    const res = await postForm(`/admin/courses/${c.id}/modules/${b!.id}/delete`, { confirm: "yes" }, as(admin));
    expect(res.headers.get("location")).toBe(`/admin/courses/${c.id}?notice=module_deleted#modules`);
    const mods = await modulesIn(db, c.id);
    expect(mods.map((m) => [m.order, m.title])).toEqual([
      [1, "A"],
      [2, "C"],
    ]);
    const row = await courseRow(db, c.id);
    expect((row.modules as Array<{ order: number; title: string }>).map((m) => `${m.order}${m.title}`)).toEqual(["1A", "2C"]);
    expect(row.duration).toBe(30);
    expect((await courseAudits(db, c.id)).at(-1)!.details).toBe(`Module deleted from ${c.title}: 2. B`);
  });
});

describe("enrolments follow the outline", () => {
  async function enrolled(courseId: string, doneIds: string[]) {
    const user = await makeUser(db, { isVerified: true });
    const [e] = await db
      .insert(courseEnrollments)
      .values({ courseId, userId: user.id, status: doneIds.length ? "IN_PROGRESS" : "ENROLLED", progress: 0 })
      .returning();
    if (doneIds.length) await db.insert(courseModuleCompletions).values(doneIds.map((moduleId) => ({ enrollmentId: e!.id, moduleId })));
    return { user, id: e!.id };
  }
  const enrolment = async (id: string) => (await db.select().from(courseEnrollments).where(eq(courseEnrollments.id, id)))[0]!;

  it("completes, with its certificate and email, a member whose only unfinished module is deleted, and recomputes everyone else's progress", async () => {
    const c = await courseWith(["A", "B", "C"]);
    const [a, b, cMod] = await modulesIn(db, c.id);
    const almost = await enrolled(c.id, [a!.id, b!.id]);
    const started = await enrolled(c.id, [a!.id]);
    const fresh = await enrolled(c.id, []);

    const res = await postForm(`/admin/courses/${c.id}/modules/${cMod!.id}/delete`, { confirm: "yes" }, as(admin));
    expect(res.status).toBe(303);
    expect(await enrolment(almost.id)).toMatchObject({ status: "COMPLETED", progress: 100, completedAt: expect.any(Date) });
    const [cert] = await db.select().from(certificates).where(eq(certificates.enrollmentId, almost.id));
    expect(cert).toMatchObject({ userId: almost.user.id, courseTitle: c.title, hours: "0.50" });
    const emails = await db.select().from(emailOutbox).where(eq(emailOutbox.userId, almost.user.id));
    expect(emails.map((e) => e.kind)).toEqual(["CERTIFICATE_ISSUED"]);
    expect(await enrolment(started.id)).toMatchObject({ status: "IN_PROGRESS", progress: 50 });
    expect(await enrolment(fresh.id)).toMatchObject({ status: "ENROLLED", progress: 0 });

    // A module added later leaves the completed member completed and lowers the others' progress.
    await postForm(`/admin/courses/${c.id}/modules`, textModule({ title: "D", duration: "30" }), as(admin));
    expect(await enrolment(almost.id)).toMatchObject({ status: "COMPLETED", progress: 100 });
    expect(await enrolment(started.id)).toMatchObject({ status: "IN_PROGRESS", progress: 25 });
    // A module's minutes changed: progress is weighted by duration again.
    await postForm(`/admin/courses/${c.id}/modules/${a!.id}`, textModule({ title: "A", duration: "60" }), as(admin));
    expect(await enrolment(started.id)).toMatchObject({ progress: 57 });
    expect(await db.select().from(certificates).where(eq(certificates.enrollmentId, started.id))).toHaveLength(0);
  });
});
