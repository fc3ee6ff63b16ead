import { describe, expect, it } from "vitest";
import { moduleWeights, nextModule, progressPercent, resumedStatus, statusFor } from "../../src/features/learning/progress.ts";

const m = (id: string, duration: number | null) => ({ id, duration });
const set = (...ids: string[]) => new Set(ids);

describe("progressPercent", () => {
  it("weighs each module by its duration", () => {
    const modules = [m("a", 10), m("b", 30), m("c", 60)];
    expect(progressPercent(modules, set("a"))).toBe(10);
    expect(progressPercent(modules, set("b"))).toBe(30);
    expect(progressPercent(modules, set("a", "b"))).toBe(40);
    expect(progressPercent(modules, set("c"))).toBe(60);
  });

  it("counts every module the same when none has a duration", () => {
    const modules = [m("a", null), m("b", null), m("c", null), m("d", null)];
    expect(progressPercent(modules, set("a"))).toBe(25);
    expect(progressPercent(modules, set("a", "b", "c"))).toBe(75);
  });

  it("gives a module without a duration (null or 0) the average weight of the timed ones", () => {
    const modules = [m("a", 20), m("b", 40), m("c", null), m("d", 0)];
    expect(moduleWeights(modules)).toEqual([20, 40, 30, 30]);
    expect(progressPercent(modules, set("c"))).toBe(25);
    expect(progressPercent(modules, set("a", "d"))).toBe(41);
  });

  it("is 100 only when every module is done, and at least 1 once any is", () => {
    const modules = [m("a", 1), m("b", 1000)];
    expect(progressPercent(modules, set("a"))).toBe(1);
    expect(progressPercent(modules, set("b"))).toBe(99);
    expect(progressPercent(modules, set("a", "b"))).toBe(100);
    expect(progressPercent(modules, set())).toBe(0);
  });

  it("ignores completions of modules that are not in the course, and is 0 for a course without modules", () => {
    expect(progressPercent([m("a", 10), m("b", 10)], set("zzz"))).toBe(0);
    expect(progressPercent([], set("a"))).toBe(0);
  });
});

describe("nextModule", () => {
  it("is the first module in order not yet done, even after a later one was finished", () => {
    const modules = [m("a", 5), m("b", 5), m("c", 5)];
    expect(nextModule(modules, set())?.id).toBe("a");
    expect(nextModule(modules, set("a", "c"))?.id).toBe("b");
    expect(nextModule(modules, set("a", "b", "c"))).toBeNull();
  });
});

describe("statusFor", () => {
  const modules = [m("a", 5), m("b", 5)];
  it("moves ENROLLED → IN_PROGRESS at the first completion → COMPLETED when all are done", () => {
    expect(statusFor("ENROLLED", modules, set())).toBe("ENROLLED");
    expect(statusFor("ENROLLED", modules, set("a"))).toBe("IN_PROGRESS");
    expect(statusFor("IN_PROGRESS", modules, set("a", "b"))).toBe("COMPLETED");
  });

  it("keeps a dropped enrolment dropped and a completed one completed", () => {
    expect(statusFor("DROPPED", modules, set("a", "b"))).toBe("DROPPED");
    expect(statusFor("COMPLETED", [...modules, m("new", 5)], set("a", "b"))).toBe("COMPLETED");
  });

  it("resumes a dropped enrolment where it left off", () => {
    expect(resumedStatus(modules, set())).toBe("ENROLLED");
    expect(resumedStatus(modules, set("a"))).toBe("IN_PROGRESS");
    expect(resumedStatus(modules, set("a", "b"))).toBe("COMPLETED");
  });
});
