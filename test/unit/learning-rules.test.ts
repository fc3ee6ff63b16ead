import { describe, expect, it } from "vitest";
import { embedUrl, readModuleContent } from "../../src/features/learning/content.ts";
import { coursePriceFor, formatHours, gradeQuiz, readQuizAnswers } from "../../src/features/learning/rules.ts";

const now = new Date("2026-12-01T20:00:00Z");
const DAY = 86_400_000;
const active = { membershipExpiresAt: new Date(now.getTime() + 30 * DAY), deletedAt: null, isActive: true };
const lapsed = { membershipExpiresAt: new Date(now.getTime() - 30 * DAY), deletedAt: null, isActive: true };
/** Dues grace days: a membership that ended 30 days ago has lapsed; one that ended yesterday has not. */
const GRACE = 14;

describe("coursePriceFor", () => {
  const course = { price: "199.00", memberPrice: "49.00" };
  it("charges an active member the member price", () => {
    expect(coursePriceFor(course, active, now, GRACE)).toEqual({ cents: 4900, rule: "member", label: "$49.00" });
    expect(coursePriceFor(course, { ...active, membershipExpiresAt: null }, now, GRACE).rule).toBe("member");
  });

  it("charges the standard price to visitors, lapsed, deactivated and deleted accounts", () => {
    for (const who of [null, lapsed, { ...active, isActive: false }, { ...active, deletedAt: now }]) {
      expect(coursePriceFor(course, who, now, GRACE)).toEqual({ cents: 19900, rule: "standard", label: "$199.00" });
    }
  });

  it("says Free when the price that applies is zero", () => {
    expect(coursePriceFor({ price: "149.00", memberPrice: "0.00" }, active, now, GRACE)).toEqual({ cents: 0, rule: "free", label: "Free" });
    expect(coursePriceFor({ price: "0.00", memberPrice: null }, null, now, GRACE).label).toBe("Free");
    expect(coursePriceFor({ price: "149.00", memberPrice: "0.00" }, null, now, GRACE).label).toBe("$149.00");
  });

  it("never charges a member more than the standard price", () => {
    expect(coursePriceFor({ price: "20.00", memberPrice: "30.00" }, active, now, GRACE)).toEqual({ cents: 2000, rule: "standard", label: "$20.00" });
  });
});

describe("formatHours", () => {
  it("shows minutes / 60 as hours with one decimal", () => {
    expect(formatHours(90)).toBe("1.5 hours");
    expect(formatHours(60)).toBe("1 hour");
    expect(formatHours(155)).toBe("2.6 hours");
    expect(formatHours(null)).toBe("0 hours");
  });
});

describe("quizzes", () => {
  const questions = [
    { prompt: "One?", options: ["a", "b"], answer: 1 },
    { prompt: "Two?", options: ["a", "b", "c"], answer: 2 },
    { prompt: "Three?", options: ["a", "b"], answer: 0 },
  ];

  it("grades on the server: percent right, rounded down, passed at the pass mark", () => {
    expect(gradeQuiz(questions, [1, 2, 0], 80)).toEqual({ score: 100, passed: true, right: [true, true, true] });
    expect(gradeQuiz(questions, [1, 2, 1], 67)).toEqual({ score: 66, passed: false, right: [true, true, false] });
    expect(gradeQuiz(questions, [1, 2, 1], 66).passed).toBe(true);
  });

  it("refuses a form with a question unanswered or an option that does not exist", () => {
    const r = readQuizAnswers(questions, { q0: "1", q1: "7", q2: "" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(["q1", "q2"]);
    expect(readQuizAnswers(questions, { q0: "1", q1: "2", q2: "0" })).toEqual({ ok: true, answers: [1, 2, 0] });
    expect(readQuizAnswers(questions, { q0: "1.0", q1: "2", q2: "0" }).ok).toBe(false);
  });

  it("reads only the module content shapes, and refuses a quiz answer outside its options", () => {
    expect(readModuleContent({ type: "quiz", passMark: 80, questions: [{ prompt: "P", options: ["a", "b"], answer: 2 }] })).toBeNull();
    expect(readModuleContent({ type: "video", videoKey: "x.mp4" })).toBeNull();
    expect(readModuleContent({ type: "text", markdown: "Hi" })).toEqual({ type: "text", markdown: "Hi" });
  });
});

describe("embedUrl", () => {
  it("tells Vimeo's player not to track the viewer (dnt=1), keeping the link's own parameters, and leaves YouTube's no-cookie host alone", () => {
    expect(embedUrl("https://player.vimeo.com/video/76979871")).toBe("https://player.vimeo.com/video/76979871?dnt=1");
    expect(embedUrl("https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=0")).toBe("https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1");
    expect(embedUrl("https://www.youtube-nocookie.com/embed/abc123")).toBe("https://www.youtube-nocookie.com/embed/abc123");
  });
});
