// Learning rules with no I/O: what a course costs this member, how its length reads, and
// grading a quiz. Tested in test/unit/learning-rules.test.ts.
import type { Course } from "../../db/schema/learning.ts";
import { formatUsd, toCents } from "../../lib/money.ts";
import { isActiveMember, type PricedMember } from "../events/rules.ts";
import type { QuizQuestion } from "./content.ts";

export interface CoursePrice {
  cents: number;
  rule: "free" | "member" | "standard";
  /** "Free", or "$49.00". */
  label: string;
}

/**
 * The price this member pays: the member price for an active member (the same rule events
 * use: an enabled account whose membership has not lapsed, grace period included) when it is
 * set and not above the standard price; otherwise the standard price. Zero is "Free".
 */
export function coursePriceFor(course: Pick<Course, "price" | "memberPrice">, member: PricedMember, now: Date, graceDays: number): CoursePrice {
  const standard = toCents(course.price);
  let cents = standard;
  let rule: CoursePrice["rule"] = "standard";
  if (course.memberPrice !== null && isActiveMember(member, now, graceDays)) {
    const m = toCents(course.memberPrice);
    if (m <= standard) {
      cents = m;
      rule = "member";
    }
  }
  if (cents === 0) return { cents: 0, rule: "free", label: "Free" };
  return { cents, rule, label: formatUsd(cents) };
}

/** Hours of credit: minutes / 60, at most one decimal ("1.5 hours", "1 hour", "0.3 hours"). */
export function creditHours(minutes: number | null): number {
  return Math.round(((minutes ?? 0) / 60) * 10) / 10;
}

export function formatHours(minutes: number | null): string {
  const h = creditHours(minutes);
  return `${h} ${h === 1 ? "hour" : "hours"}`;
}

/** A length in minutes for a module line: "25 min", "1 h 10 min". */
export function formatMinutes(minutes: number | null): string {
  if (!minutes) return "";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? (m ? `${h} h ${m} min` : `${h} h`) : `${m} min`;
}

export type QuizAnswers = Record<string, number>;

export type QuizReading = { ok: true; answers: number[] } | { ok: false; errors: Record<string, string>; values: Record<string, string> };

/** The submitted form (`q0`, `q1`, …: an option index each); every question must be answered with one of its options. */
export function readQuizAnswers(questions: readonly QuizQuestion[], form: Record<string, string>): QuizReading {
  const answers: number[] = [];
  const errors: Record<string, string> = {};
  const values: Record<string, string> = {};
  questions.forEach((q, i) => {
    const raw = form[`q${i}`] ?? "";
    values[`q${i}`] = raw.slice(0, 3);
    const n = /^\d{1,2}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(n) || n < 0 || n >= q.options.length) errors[`q${i}`] = `Choose an answer to question ${i + 1}.`;
    else answers.push(n);
  });
  return Object.keys(errors).length ? { ok: false, errors, values } : { ok: true, answers };
}

export interface QuizGrade {
  score: number;
  passed: boolean;
  /** Per question: answered right. */
  right: boolean[];
}

/** Score: percent of questions right, rounded down; passed when it reaches the pass mark. */
export function gradeQuiz(questions: readonly QuizQuestion[], answers: readonly number[], passMark: number): QuizGrade {
  const right = questions.map((q, i) => answers[i] === q.answer);
  const score = questions.length ? Math.floor((100 * right.filter(Boolean).length) / questions.length) : 0;
  return { score, passed: score >= passMark, right };
}
