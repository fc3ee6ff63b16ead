// The course admin's pure rules and form parsing: the lifecycle and what publishing needs, the
// outline and length kept from the modules, the swap partner of a move, completion rates, how
// a video link is shown, and the module editor's reading of quiz rows.
import { describe, expect, it } from "vitest";
import { courseFormSchema, parseModuleForm, readQuestions } from "../../src/features/admin-courses/forms.ts";
import {
  changeCourseStatus,
  completionRate,
  formatMinutes,
  outlineOf,
  publishProblems,
  swapPartner,
  totalDuration,
  videoIsEmbedded,
} from "../../src/features/admin-courses/rules.ts";

const text = (order: number, title = `M${order}`) => ({ id: `m${order}`, order, title, duration: 10, content: { type: "text", markdown: "Hello" } });

describe("publishing a course", () => {
  it("refuses a course with no modules, saying why", () => {
    expect(publishProblems([])).toEqual(["It has no modules yet: add at least one module first."]);
    const r = changeCourseStatus({ status: "DRAFT", publishedAt: null }, "PUBLISHED", [], new Date());
    expect(r).toEqual({ ok: false, message: expect.stringContaining("It has no modules yet") });
  });

  it("names every module whose content is not one of the four kinds (the seed's old shapes included)", () => {
    const problems = publishProblems([
      text(1),
      { order: 2, title: "Old video", duration: 5, content: { type: "video", videoKey: "courses/x/1.mp4" } },
      { order: 3, title: "Bad quiz", duration: 5, content: { type: "quiz", passMark: 80, questions: [{ prompt: "Q", options: ["a", "b"], answer: 5 }] } },
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("Module 2 “Old video”");
    expect(problems[1]).toContain("Module 3 “Bad quiz”");
  });

  it("refuses a course whose modules have no length in minutes (its certificates would say 0 hours), listing them", () => {
    const untimed = [
      { ...text(1, "Intro"), duration: null },
      { ...text(2, "Hazards"), duration: 0 },
    ];
    expect(publishProblems(untimed)).toEqual(["No module has a length in minutes, so its certificates would say 0 hours: give minutes to modules 1 “Intro”, 2 “Hazards”."]);
    const r = changeCourseStatus({ status: "DRAFT", publishedAt: null }, "PUBLISHED", untimed, new Date());
    expect(r).toEqual({ ok: false, message: expect.stringContaining("its certificates would say 0 hours") });
    // One timed module is enough: the others weigh the average in progress and add nothing to the hours.
    expect(publishProblems([untimed[0]!, text(2)])).toEqual([]);
  });

  it("sets publishedAt on the first publish and keeps it after archiving and publishing again", () => {
    const first = new Date("2030-01-01T00:00:00Z");
    const r1 = changeCourseStatus({ status: "DRAFT", publishedAt: null }, "PUBLISHED", [text(1)], first);
    expect(r1).toEqual({ ok: true, publishedAt: first });
    const r2 = changeCourseStatus({ status: "PUBLISHED", publishedAt: first }, "ARCHIVED", [text(1)], new Date());
    expect(r2).toEqual({ ok: true, publishedAt: first });
    const r3 = changeCourseStatus({ status: "ARCHIVED", publishedAt: first }, "PUBLISHED", [text(1)], new Date("2031-01-01"));
    expect(r3).toEqual({ ok: true, publishedAt: first });
  });

  it("refuses a step the lifecycle does not have", () => {
    expect(changeCourseStatus({ status: "PUBLISHED", publishedAt: new Date() }, "DRAFT", [text(1)], new Date())).toEqual({
      ok: false,
      message: "From published it can go to: Archived.",
    });
  });
});

describe("outline, length and order", () => {
  it("builds the seed's outline in order and sums the minutes", () => {
    const mods = [{ ...text(2), duration: null }, text(1)];
    expect(outlineOf(mods)).toEqual([
      { id: "m1", order: 1, title: "M1", duration: 10 },
      { id: "m2", order: 2, title: "M2", duration: null },
    ]);
    expect(totalDuration(mods)).toBe(10);
    expect(totalDuration([{ duration: null }])).toBeNull();
    expect(formatMinutes(135)).toBe("2 h 15 min");
  });

  it("swaps with the neighbour, and not past either end", () => {
    const mods = [text(3), text(1), text(2)];
    expect(swapPartner(mods, "m2", "up")!.map((m) => m.id)).toEqual(["m2", "m1"]);
    expect(swapPartner(mods, "m2", "down")!.map((m) => m.id)).toEqual(["m2", "m3"]);
    expect(swapPartner(mods, "m1", "up")).toBeNull();
    expect(swapPartner(mods, "m3", "down")).toBeNull();
  });

  it("gives a completion rate only when someone enrolled", () => {
    expect(completionRate(1, 3)).toBe(33);
    expect(completionRate(0, 0)).toBeNull();
  });

  it("embeds only the listed video hosts", () => {
    expect(videoIsEmbedded("https://www.youtube-nocookie.com/embed/abc")).toBe(true);
    expect(videoIsEmbedded("https://player.vimeo.com/video/1")).toBe(true);
    expect(videoIsEmbedded("https://www.youtube.com/watch?v=abc")).toBe(false);
    expect(videoIsEmbedded("https://evil.example/player.vimeo.com")).toBe(false);
  });
});

describe("the course form", () => {
  it("reads lists one per line (tags by comma), dollars as numeric text, and refuses a member price above the price", () => {
    const ok = courseFormSchema.safeParse({
      title: " DBE basics ",
      description: "Line one\nLine two",
      difficulty: "BEGINNER",
      category: "",
      tags: "DBE, certification,,DBE",
      requirements: "A CSLB licence\n\n  Two years in business ",
      objectives: "File the UCP",
      price: "$1,250.5",
      memberPrice: "",
    });
    expect(ok.success && ok.data).toMatchObject({
      title: "DBE basics",
      category: null,
      tags: ["DBE", "certification"],
      requirements: ["A CSLB licence", "Two years in business"],
      price: "1250.50",
      memberPrice: null,
    });
    const bad = courseFormSchema.safeParse({ title: "x", description: "y", price: "10", memberPrice: "20", difficulty: "EXPERT" });
    expect(bad.success).toBe(false);
    const paths = bad.success ? [] : bad.error.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["difficulty"]));
  });
});

describe("the quiz editor", () => {
  it("drops blank and removed questions, compacts options and maps the chosen radio onto them", () => {
    const values = {
      title: "Check",
      passMark: "75",
      "questions.0.prompt": "Which form?",
      "questions.0.option.0": "UCP",
      "questions.0.option.1": "",
      "questions.0.option.2": "W-9",
      "questions.0.answer": "2",
      "questions.1.prompt": "",
      "questions.1.option.0": "",
      "questions.2.prompt": "Gone",
      "questions.2.option.0": "a",
      "questions.2.remove": "yes",
    };
    const rows = readQuestions(values);
    expect(rows).toHaveLength(1);
    const parsed = parseModuleForm("quiz", values, rows);
    expect(parsed).toEqual({
      ok: true,
      fields: { title: "Check", description: null, duration: null },
      content: { type: "quiz", passMark: 75, questions: [{ prompt: "Which form?", options: ["UCP", "W-9"], answer: 1 }] },
    });
  });

  it("says which question lacks options, a correct answer, or a prompt, and refuses a pass mark out of range", () => {
    const values = {
      title: "Check",
      passMark: "0",
      "questions.0.prompt": "Only one option",
      "questions.0.option.0": "a",
      "questions.0.answer": "0",
      "questions.1.prompt": "",
      "questions.1.option.0": "a",
      "questions.1.option.1": "b",
      "questions.1.answer": "1",
      "questions.2.prompt": "Blank answer chosen",
      "questions.2.option.0": "a",
      "questions.2.option.1": "b",
      "questions.2.answer": "5",
    };
    const parsed = parseModuleForm("quiz", values, readQuestions(values));
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? {} : parsed.errors;
    expect(errors.passMark).toBe("Pass mark must be a whole percent from 1 to 100");
    expect(errors["questions.0.option.0"]).toBe("Question 1 needs at least 2 options");
    expect(errors["questions.1.prompt"]).toBe("Question 2: enter the question");
    expect(errors["questions.2.answer"]).toContain("Question 3: choose which option is correct");
  });

  it("refuses a video link that is not https and text that is empty", () => {
    const video = parseModuleForm("video", { title: "V", url: "javascript:alert(1)" }, []);
    expect(video.ok ? {} : video.errors).toEqual({ url: "Video link must be a full https:// link" });
    const txt = parseModuleForm("text", { title: "T", markdown: "   " }, []);
    expect(txt.ok ? {} : txt.errors).toEqual({ markdown: "Enter the module's text" });
  });
});
