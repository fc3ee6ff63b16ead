// Working through a course: enrolling in a free course, the module pages (safe Markdown, video
// only on request, handouts for enrolled members, server-graded quizzes), progress weighted by
// duration written with each completion, the certificate on completion, dropping and resuming,
// and the transcript with its CSV.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { certificates, quizAttempts } from "../../src/db/schema/learning.ts";
import { ORIGIN } from "../helpers/http.ts";
import { useTestDb } from "../helpers/db.ts";
import { page, signedInMember } from "./events-fixtures.ts";
import { certificateOf, completionsOf, courseWithModules, enrollmentOf, HANDOUT, send } from "./learning-fixtures.ts";

const db = useTestDb();

async function enrolled() {
  const { course, modules } = await courseWithModules(db);
  const member = await signedInMember(db, { firstName: "Learner" });
  const res = await send(`/courses/${course.id}/enrol`, member);
  expect(res.status).toBe(303);
  expect(res.location).toBe(`/courses/${course.id}?notice=enrolled`);
  const url = (i: number) => `/courses/${course.id}/modules/${modules[i]!.id}`;
  return { course, modules, member, url };
}

describe("enrolling in a free course", () => {
  it("enrols at once, once, and the course page links to the first module", async () => {
    const { course, modules, member } = await enrolled();
    const again = await send(`/courses/${course.id}/enrol`, member);
    expect(again.location).toBe(`/courses/${course.id}?notice=already`);
    expect(await enrollmentOf(db, course.id, member.id)).toMatchObject({ status: "ENROLLED", progress: 0 });
    const res = await page(`/courses/${course.id}?notice=enrolled`, member);
    expect(res.html).toContain("You are enrolled.");
    expect(res.html).toContain(`href="/courses/${course.id}/modules/${modules[0]!.id}"`);
    expect(res.html).toContain("Start the course");
  });

  it("asks an unconfirmed account to confirm its email first (403) and enrols nobody", async () => {
    const { course } = await courseWithModules(db);
    const member = await signedInMember(db, { verified: false });
    expect((await send(`/courses/${course.id}/enrol`, member)).status).toBe(403);
    expect(await enrollmentOf(db, course.id, member.id)).toBeNull();
  });
});

describe("module pages", () => {
  it("are for enrolled members only: others get 403 and the handout is refused", async () => {
    const { url } = await enrolled();
    const stranger = await signedInMember(db);
    expect((await page(url(0), stranger)).status).toBe(403);
    expect((await page(`${url(2)}/file`, stranger)).status).toBe(403);
    expect((await send(`${url(0)}/complete`, stranger)).status).toBe(403);
    expect((await send(`${url(3)}/quiz`, stranger, { q0: "1", q1: "1" })).status).toBe(403);
    expect((await page(url(0))).status).toBe(303);
  });

  it("render Markdown safely, with previous and next links", async () => {
    const { url, member } = await enrolled();
    const res = await page(url(0), member);
    expect(res.status).toBe(200);
    expect(res.html).toContain("<strong>require</strong>");
    expect(res.html).toContain("<li>Bid</li>");
    expect(res.html).not.toContain("<script>alert(1)</script>");
    expect(res.html).toContain("&lt;script&gt;");
    expect(res.html).toContain(`href="${url(1)}" rel="next"`);
    expect((await page(url(1), member)).html).toContain(`href="${url(0)}" rel="prev"`);
  });

  it("load no video player until the member asks, then frame only the allowed host (CSP allows it)", async () => {
    const { url, member } = await enrolled();
    const light = await page(url(1), member);
    expect(light.html).not.toContain("<iframe");
    expect(light.html).toContain(`href="${url(1)}?play=1#video"`);
    const play = await page(`${url(1)}?play=1`, member);
    expect(play.html).toContain('<iframe src="https://www.youtube-nocookie.com/embed/abc123"');
    expect(play.headers.get("content-security-policy")).toContain("frame-src 'self' https://youtube-nocookie.com https://www.youtube-nocookie.com https://player.vimeo.com");
  });

  it("serve the handout from R2 as an attachment of its type to an enrolled member", async () => {
    const { url, member } = await enrolled();
    expect((await page(url(2), member)).html).toContain(`href="${url(2)}/file"`);
    const res = await (await import("../helpers/http.ts")).get(`${url(2)}/file`, { headers: { cookie: member.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="Surety submittal.pdf"/);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(HANDOUT);
  });

  it("never send a quiz's correct answers before it is submitted", async () => {
    const { url, member } = await enrolled();
    const res = await page(url(3), member);
    expect(res.html).toContain("<legend>1. Which bond guarantees the contractor will finish the work?</legend>");
    expect(res.html).toContain('type="radio"');
    expect(res.html).not.toMatch(/data-answer|"answer"|correct/i);
    expect(res.html).not.toMatch(/checked/);
  });
});

describe("completing modules", () => {
  it("writes progress weighted by duration with each completion, ENROLLED → IN_PROGRESS → COMPLETED with a certificate", async () => {
    const { course, member, url } = await enrolled();
    const done = await send(`${url(0)}/complete`, member);
    expect(done.location).toBe(`${url(1)}?notice=completed`);
    // Weights: 10, 20, handout without a duration = average of the timed ones (20), quiz 30 → 10/80.
    let e = (await enrollmentOf(db, course.id, member.id))!;
    expect(e).toMatchObject({ status: "IN_PROGRESS", progress: 12 });
    await send(`${url(0)}/complete`, member);
    expect((await completionsOf(db, e.id)).length).toBe(1);
    await send(`${url(2)}/complete`, member);
    e = (await enrollmentOf(db, course.id, member.id))!;
    expect(e.progress).toBe(37);
    // "Continue where you left off" is the first module not yet done: the video.
    expect((await page(`/courses/${course.id}`, member)).html).toContain(`<a class="btn" href="${url(1)}">Continue where you left off</a>`);
    expect((await page("/account/learning", member)).html).toContain(`href="${url(1)}">Continue where you left off`);
    expect((await page(`/courses?category=Finance`, member)).html).toContain(`href="${url(1)}">Continue where you left off`);

    await send(`${url(1)}/complete`, member);
    expect((await send(`${url(3)}/complete`, member)).status).toBe(409);
    const pass = await send(`${url(3)}/quiz`, member, { q0: "1", q1: "1" });
    expect(pass.location).toBe(`/courses/${course.id}?notice=course-completed`);
    e = (await enrollmentOf(db, course.id, member.id))!;
    expect(e.status).toBe("COMPLETED");
    expect(e.progress).toBe(100);
    expect(e.completedAt).toBeInstanceOf(Date);
    const cert = await certificateOf(db, e.id);
    expect(cert).toMatchObject({ userId: member.id, courseId: course.id, hours: "1.50" });
    const transcript = await page("/account/learning", member);
    expect(transcript.html).toContain(`href="/certificates/${cert!.id}"`);
    expect(transcript.html).toContain("Completed");
    expect(transcript.html).toContain("1.5 hours");
  });

  it("grades a quiz on the server, keeps every attempt with its answers, and completes the module only on a pass", async () => {
    const { course, member, url } = await enrolled();
    const fail = await send(`${url(3)}/quiz`, member, { q0: "0", q1: "1" });
    expect(fail.location).toBe(`${url(3)}?notice=quiz-failed#result`);
    let e = (await enrollmentOf(db, course.id, member.id))!;
    expect(e).toMatchObject({ status: "ENROLLED", progress: 0 });
    const pass = await send(`${url(3)}/quiz`, member, { q0: "1", q1: "1" });
    expect(pass.location).toBe(`${url(3)}?notice=quiz-passed#result`);
    e = (await enrollmentOf(db, course.id, member.id))!;
    expect(e).toMatchObject({ status: "IN_PROGRESS", progress: 37 });
    const attempts = await db.select().from(quizAttempts).where(eq(quizAttempts.enrollmentId, e.id));
    expect(attempts.map((a) => [a.score, a.passed]).sort()).toEqual([[100, true], [50, false]]);
    expect(attempts.find((a) => !a.passed)!.answers).toEqual({ "0": 0, "1": 1 });
    const res = await page(`${url(3)}?notice=quiz-passed`, member);
    expect(res.html).toContain("You passed the quiz.");
    expect(res.html).toContain("100% — passed");
    expect(res.html).toContain("<td>50%</td>");
  });

  it("keeps the answers and says which question is missing (422) when the quiz form is incomplete", async () => {
    const { course, member, url } = await enrolled();
    const res = await send(`${url(3)}/quiz`, member, { q0: "2" });
    expect(res.status).toBe(422);
    expect(res.html).toContain("Choose an answer to question 2.");
    expect(res.html).toMatch(/id="q0-2"[^>]*checked/);
    const e = (await enrollmentOf(db, course.id, member.id))!;
    expect(await db.select().from(quizAttempts).where(eq(quizAttempts.enrollmentId, e.id))).toEqual([]);
  });

  it("shows a member only their own attempts", async () => {
    const a = await enrolled();
    await send(`${a.url(3)}/quiz`, a.member, { q0: "0", q1: "0" });
    const b = await signedInMember(db);
    await send(`/courses/${a.course.id}/enrol`, b);
    const res = await page(a.url(3), b);
    expect(res.status).toBe(200);
    expect(res.html).not.toContain("Your attempts");
  });
});

describe("dropping a course", () => {
  it("needs the confirmation, keeps completions, and enrolling again resumes where the member left off", async () => {
    const { course, member, url } = await enrolled();
    await send(`${url(0)}/complete`, member);
    const unconfirmed = await send(`/courses/${course.id}/drop`, member);
    expect(unconfirmed.status).toBe(422);
    expect((await enrollmentOf(db, course.id, member.id))!.status).toBe("IN_PROGRESS");
    const drop = await send(`/courses/${course.id}/drop`, member, { confirm: "yes" });
    expect(drop.location).toBe(`/courses/${course.id}?notice=dropped`);
    expect((await enrollmentOf(db, course.id, member.id))!.status).toBe("DROPPED");
    expect((await page(url(1), member)).status).toBe(403);
    expect((await page(`/courses/${course.id}`, member)).html).toContain("Enrol again");

    const back = await send(`/courses/${course.id}/enrol`, member);
    expect(back.location).toBe(`/courses/${course.id}?notice=resumed`);
    expect(await enrollmentOf(db, course.id, member.id)).toMatchObject({ status: "IN_PROGRESS", progress: 12 });
  });
});

describe("the transcript", () => {
  it("lists the member's courses and downloads them as CSV", async () => {
    const { course, member, url } = await enrolled();
    await send(`${url(0)}/complete`, member);
    const res = await page("/account/learning", member);
    expect(res.html).toContain(course.title);
    expect(res.html).toContain("In progress");
    const csv = await (await import("../helpers/http.ts")).get("/account/learning.csv", { headers: { cookie: member.cookie } });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toContain("attachment");
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toBe("Course,Status,Progress (%),Enrolled,Completed,Hours,Certificate");
    expect(text).toContain(`${course.title},In progress,12,`);
    expect((await page("/account/learning", await signedInMember(db))).html).toContain("You have not enrolled in a course yet.");
  });

  it("links a valid certificate by its full address in the CSV, and says a revoked one is revoked, with the date, on the page and in the CSV", async () => {
    const { course, member, url } = await enrolled();
    for (const i of [0, 1, 2]) await send(`${url(i)}/complete`, member);
    await send(`${url(3)}/quiz`, member, { q0: "1", q1: "1" });
    const e = (await enrollmentOf(db, course.id, member.id))!;
    const cert = (await certificateOf(db, e.id))!;
    const csv = async () => (await (await import("../helpers/http.ts")).get("/account/learning.csv", { headers: { cookie: member.cookie } })).text();
    expect(await csv()).toContain(`,${ORIGIN}/certificates/${cert.id}`);

    await db.update(certificates).set({ revokedAt: new Date("2026-05-04T20:00:00Z"), revokedReason: "issued in error" }).where(eq(certificates.id, cert.id));
    const html = (await page("/account/learning", member)).html;
    expect(html).toContain("Certificate revoked on May 4, 2026");
    expect(html).not.toContain("Certificate on its way");
    expect(html).not.toContain(`href="/certificates/${cert.id}"`);
    const text = await csv();
    expect(text).toContain(`,"Revoked on May 4, 2026"`);
    expect(text).not.toContain(`/certificates/${cert.id}`);
  });
});
