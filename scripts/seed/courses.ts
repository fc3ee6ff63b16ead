// The chapter's online courses, their modules and who is enrolled. Module content has the one
// shape of src/features/learning/content.ts: short Markdown readings, videos (youtube-nocookie,
// played only when a member asks), handouts in R2 (put there by putDemoFiles) and quizzes with
// real questions. Each enrolment's completion rows are its first modules in order, and its
// progress is computed from them the way the portal does (progress.ts), so the two agree.
import type { CourseDifficulty, CourseEnrollmentStatus, CourseStatus, NewCourse } from "../../src/db/schema/index.ts";
import type { courseEnrollments, courseModuleCompletions, courseModules, quizAttempts } from "../../src/db/schema/index.ts";
import type { ModuleContent, QuizQuestion } from "../../src/features/learning/content.ts";
import { progressPercent } from "../../src/features/learning/progress.ts";
import { demoCourseFileBody } from "./files.ts";
import type { Member } from "./members.ts";
import type { Rng } from "./random.ts";
import { Clock } from "./time.ts";

type NewModule = typeof courseModules.$inferInsert;
type NewEnrollment = typeof courseEnrollments.$inferInsert;
type NewCompletion = typeof courseModuleCompletions.$inferInsert;
type NewAttempt = typeof quizAttempts.$inferInsert;

interface CourseTemplate {
  title: string;
  description: string;
  status: CourseStatus;
  difficulty: CourseDifficulty;
  category: string;
  tags: string[];
  price: number;
  memberPrice: number;
  requirements: string[];
  objectives: string[];
  /** [title, minutes, kind] */
  modules: Array<[string, number, "video" | "reading" | "quiz" | "worksheet"]>;
  enrollments: [number, number];
  /** The questions of the course's quiz module, if it has one. */
  quiz?: QuizQuestion[];
}

/** Demo videos: youtube-nocookie embeds (placeholders for the chapter's own recordings). */
const VIDEO_URL = (n: number) => `https://www.youtube-nocookie.com/embed/${["M7lc1UVf-VE", "aqz-KE-bpKQ", "ScMzIvxBSi4", "LXb3EKWsInQ"][n % 4]}`;

/** The reading modules' text (the safe Markdown subset: paragraphs, emphasis, links, lists). */
const READINGS: Record<string, string> = {
  "SBA surety bond guarantee program": `The U.S. Small Business Administration **guarantees** bid, performance and payment bonds that a surety writes for a small contractor, so the surety can say yes to a firm it would otherwise turn down.

- The guarantee covers most of the surety's loss if it has to pay a claim, which makes a first bond far easier to get.
- Contract limits are set by SBA and change from time to time: check the current figures before you rely on them.
- You apply through a participating surety or agent, not through SBA directly.

Read more at [sba.gov](https://www.sba.gov/funding-programs/surety-bonds).`,
  "Apprentices: DAS 140 and 142": `On California public works over $30,000, contractors in apprenticeable crafts must **notify** the apprenticeship committees and **employ** apprentices.

- *DAS 140*: tell the apprenticeship committees in the area about the contract award, within 10 days of signing the contract and before work starts.
- *DAS 142*: ask a committee to dispatch apprentices when you need them.
- The ratio is one apprentice hour for every five journeyman hours in the craft.

Forms and guidance: [DIR Division of Apprenticeship Standards](https://www.dir.ca.gov/das/).`,
  "Recordkeeping and incident reporting": `Cal/OSHA expects three records from most employers:

1. the *Log 300* of work-related injuries and illnesses,
2. the *300A* annual summary, posted from February 1 to April 30,
3. a *301* incident report for each recordable case, within 7 days.

A **serious** injury, illness or death must be reported to Cal/OSHA immediately, and in any case within 8 hours.`,
  "Bid day": `Bid day is about control, not speed.

- Freeze your take-off the day before; on bid day you only add prices.
- Level every subcontractor quote against the same scope sheet.
- List every subcontractor whose work is more than one half of one percent of your bid, as the Subletting and Subcontracting Fair Practices Act requires.
- Attach the bid bond (usually **10%** of the bid) and the good-faith-effort forms the owner asks for.

Deliver early: a bid that arrives one minute late is not opened.`,
  "Keeping your certification current": `A DBE certification lasts as long as you keep it current.

- File the annual *Declaration of Continued Eligibility* on the anniversary of your certification, with your latest tax returns.
- Report changes in ownership, control or size within 30 days.
- Keep your personal net worth under the federal limit in 49 CFR Part 26.

Certifying agencies: [California Unified Certification Program](https://dot.ca.gov/programs/civil-rights/dbe-certification-information).`,
};

const BONDING_QUIZ: QuizQuestion[] = [
  { prompt: "Which bond promises the owner that the work will be finished as the contract says?", options: ["Bid bond", "Performance bond", "Payment bond"], answer: 1 },
  { prompt: "Whom does a payment bond protect?", options: ["The owner, against defects", "Subcontractors and suppliers who are not paid", "The surety"], answer: 1 },
  { prompt: "If the surety pays a claim on your bond, who must pay it back?", options: ["Nobody: a bond works like insurance", "You and the other indemnitors, under the indemnity agreement", "The project owner"], answer: 1 },
  { prompt: "What are the three Cs an underwriter looks at?", options: ["Character, capacity and capital", "Cost, code and contract", "Crew, crane and concrete"], answer: 0 },
];

const WAGE_QUIZ: QuizQuestion[] = [
  { prompt: "What must a contractor do before bidding on California public works?", options: ["Register with DIR as a public works contractor", "Join a union", "Become DBE certified"], answer: 0 },
  { prompt: "Where do most public works contractors submit certified payroll records?", options: ["To DIR, through its electronic certified payroll (eCPR) system", "To the IRS", "To the city's building department"], answer: 0 },
  { prompt: "What is the usual apprentice ratio on public works?", options: ["One apprentice hour for every five journeyman hours", "One apprentice for every journeyman", "There is no ratio"], answer: 0 },
  { prompt: "Fringe benefits not paid into a bona fide plan must be…", options: ["paid to the worker in cash, on top of the basic rate", "kept by the contractor", "paid to DIR"], answer: 0 },
];

const SAFETY_QUIZ: QuizQuestion[] = [
  { prompt: "What written program must every California employer have?", options: ["An Injury and Illness Prevention Program (IIPP)", "An OSHA 30 card for every worker", "A union safety agreement"], answer: 0 },
  { prompt: "How soon must a serious injury be reported to Cal/OSHA?", options: ["Within 8 hours", "Within 7 days", "Within 30 days"], answer: 0 },
  { prompt: "From what depth does a trench need a protective system (shoring, sloping or a shield)?", options: ["5 feet", "10 feet", "20 feet"], answer: 0 },
  { prompt: "In Cal/OSHA's construction orders, fall protection is generally required above…", options: ["6 feet", "7.5 feet", "15 feet"], answer: 1 },
];

const COURSES: CourseTemplate[] = [
  {
    title: "Bonding & Surety Basics",
    description: "How performance and payment bonds work, what a surety underwriter looks for, and how a small contractor builds a bonding line from a first $250,000 bond to multi-million-dollar public work.",
    status: "PUBLISHED", difficulty: "BEGINNER", category: "Finance", tags: ["bonding", "surety", "access to capital"], price: 149, memberPrice: 0,
    requirements: ["None"], objectives: ["Explain bid, performance and payment bonds", "Assemble a surety submittal package", "Read a work-in-progress schedule the way an underwriter does"],
    modules: [["Why public owners require bonds", 18, "video"], ["Bid, performance and payment bonds", 24, "video"], ["The three Cs: character, capacity, capital", 22, "video"], ["Your first surety submittal", 30, "worksheet"], ["Work-in-progress schedules", 26, "video"], ["SBA surety bond guarantee program", 20, "reading"], ["Check your understanding", 15, "quiz"]],
    enrollments: [35, 55],
    quiz: BONDING_QUIZ,
  },
  {
    title: "Prevailing Wage & Certified Payroll",
    description: "California prevailing wage law for public works: DIR registration, wage determinations, apprentices, fringe benefits and certified payroll records that survive an audit.",
    status: "PUBLISHED", difficulty: "INTERMEDIATE", category: "Compliance", tags: ["prevailing wage", "DIR", "certified payroll", "labor compliance"], price: 199, memberPrice: 49,
    requirements: ["DIR public works registration (or in progress)"], objectives: ["Find and apply the right wage determination", "Prepare certified payroll in eCPR format", "Meet apprenticeship ratio requirements", "Respond to a labor compliance request"],
    modules: [["Public works and DIR registration", 20, "video"], ["Reading a wage determination", 28, "video"], ["Fringe benefits and credits", 25, "video"], ["Apprentices: DAS 140 and 142", 22, "reading"], ["Certified payroll step by step", 35, "worksheet"], ["Audits and penalties", 20, "video"], ["Final assessment", 15, "quiz"]],
    enrollments: [30, 50],
    quiz: WAGE_QUIZ,
  },
  {
    title: "Cal/OSHA 30 Construction Safety",
    description: "The online companion to the chapter's Cal/OSHA 30 course: the standards that cause most citations on California job sites, and the written programs every contractor needs.",
    status: "PUBLISHED", difficulty: "INTERMEDIATE", category: "Safety", tags: ["Cal/OSHA", "safety", "IIPP"], price: 299, memberPrice: 199,
    requirements: ["Field supervision experience recommended"], objectives: ["Write an Injury and Illness Prevention Program", "Run a code-of-safe-practices tailgate meeting", "Control fall, trench and silica hazards"],
    modules: [["Cal/OSHA and your IIPP", 40, "video"], ["Fall protection", 45, "video"], ["Excavation and trenching", 40, "video"], ["Silica and heat illness", 35, "video"], ["Electrical and lockout/tagout", 35, "video"], ["Scaffolds and ladders", 30, "video"], ["Recordkeeping and incident reporting", 25, "reading"], ["Final exam", 30, "quiz"]],
    enrollments: [20, 40],
    quiz: SAFETY_QUIZ,
  },
  {
    title: "Estimating Public Works Bids",
    description: "From plans and specifications to a responsive bid: quantity take-off, unit pricing, subcontractor quotes, bid forms and the good-faith-effort paperwork that public owners check first.",
    status: "PUBLISHED", difficulty: "ADVANCED", category: "Estimating", tags: ["estimating", "bidding", "public works"], price: 249, memberPrice: 99,
    requirements: ["Bonding & Surety Basics or equivalent experience"], objectives: ["Build a unit-price estimate from Caltrans plans", "Level subcontractor quotes", "Submit a responsive bid with DBE forms"],
    modules: [["Reading the bid package", 30, "video"], ["Quantity take-off", 45, "worksheet"], ["Labor, equipment and material pricing", 40, "video"], ["Subcontractor and supplier quotes", 30, "video"], ["Markups, bonds and insurance", 25, "video"], ["Bid day", 20, "reading"]],
    enrollments: [18, 35],
  },
  {
    title: "DBE Certification Walkthrough",
    description: "A step-by-step walk through the California Unified Certification Program application for Disadvantaged Business Enterprise certification, plus SBE, MBE and LBE programs in the region.",
    status: "PUBLISHED", difficulty: "BEGINNER", category: "Certification", tags: ["DBE", "SBE", "certification", "CUCP"], price: 0, memberPrice: 0,
    requirements: ["None"], objectives: ["Decide which certifications fit your firm", "Gather the documents for a CUCP application", "Prepare for the on-site interview"],
    modules: [["Which certifications matter", 15, "video"], ["Eligibility: ownership, control and size", 20, "video"], ["Personal net worth statement", 18, "worksheet"], ["The application and on-site interview", 22, "video"], ["Keeping your certification current", 12, "reading"]],
    enrollments: [40, 60],
  },
  {
    title: "QuickBooks for Contractors",
    description: "Set up QuickBooks Online for a construction company: jobs, cost codes, progress billing, retention and the reports your bonding agent and banker will ask for.",
    status: "DRAFT", difficulty: "BEGINNER", category: "Business Operations", tags: ["QuickBooks", "accounting", "job costing"], price: 99, memberPrice: 29,
    requirements: ["A QuickBooks Online subscription"], objectives: ["Set up jobs and cost codes", "Invoice progress payments with retention", "Produce a job profitability report"],
    modules: [["Company and chart of accounts setup", 25, "video"], ["Jobs and cost codes", 25, "video"], ["Progress invoicing and retention", 30, "video"], ["Job costing reports", 20, "worksheet"]],
    enrollments: [0, 0],
  },
];

export interface CourseInfo {
  id: string;
  title: string;
  memberPrice: number;
}

const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** The module's content, in the one shape the portal reads. */
function contentFor(c: CourseTemplate, courseId: string, i: number, title: string, kind: CourseTemplate["modules"][number][2]): ModuleContent {
  switch (kind) {
    case "video":
      return { type: "video", url: VIDEO_URL(i), caption: `${title}: a recorded lesson from the chapter's ${c.title} course.` };
    case "reading":
      return { type: "text", markdown: READINGS[title] ?? `${title}.\n\nNotes for this lesson are on their way.` };
    case "worksheet": {
      const fileName = `${slug(title)}.pdf`;
      return { type: "file", key: `courses/${courseId}/module-${i + 1}.pdf`, fileName, contentType: "application/pdf", size: demoCourseFileBody(c.title, title).byteLength };
    }
    case "quiz":
      return { type: "quiz", passMark: 75, questions: c.quiz ?? BONDING_QUIZ };
  }
}

export function buildCourses(rng: Rng, clock: Clock, members: Member[], demo: Member) {
  const courses: NewCourse[] = [];
  const modules: NewModule[] = [];
  const enrollments: NewEnrollment[] = [];
  const completions: NewCompletion[] = [];
  const attempts: NewAttempt[] = [];
  const infos: CourseInfo[] = [];
  const learners = members.filter((m) => !m.isAdmin && m.isActive && m.isVerified);

  COURSES.forEach((c, ci) => {
    const id = rng.id();
    const publishedAt = c.status === "PUBLISHED" ? clock.pacific(-rng.int(120, 900), 9) : null;
    const createdAt = Clock.plusDays(publishedAt ?? clock.days(-rng.int(5, 30)), -rng.int(10, 40));
    const moduleRows = c.modules.map(([title, minutes, kind], i) => ({
      id: rng.id(),
      courseId: id,
      title,
      description: `${title}: ${kind === "quiz" ? "a short assessment" : kind === "worksheet" ? "a guided exercise with a downloadable worksheet" : kind === "reading" ? "a reading with checklists" : "a recorded lesson with slides"}.`,
      order: i + 1,
      duration: minutes,
      content: contentFor(c, id, i, title, kind),
    }));
    modules.push(...moduleRows);
    courses.push({
      id,
      title: c.title,
      description: c.description,
      status: c.status,
      duration: c.modules.reduce((sum, [, m]) => sum + m, 0),
      difficulty: c.difficulty,
      category: c.category,
      tags: c.tags,
      modules: moduleRows.map((m) => ({ id: m.id, order: m.order, title: m.title, duration: m.duration })),
      requirements: c.requirements,
      objectives: c.objectives,
      price: c.price.toFixed(2),
      memberPrice: c.memberPrice.toFixed(2),
      createdAt,
      updatedAt: Clock.max(createdAt, clock.at(-rng.int(1, 60), rng.int(0, 1400))),
      publishedAt,
    });
    infos.push({ id, title: c.title, memberPrice: c.memberPrice });

    const n = rng.int(c.enrollments[0], c.enrollments[1]);
    const demoTakes = ci === 0 || ci === 1 || ci === 4;
    const who = rng.sample(learners.filter((m) => m !== demo), n - (demoTakes ? 1 : 0));
    if (demoTakes && n > 0) who.unshift(demo);
    const total = c.modules.length;
    for (const m of who) {
      // The demo member finished the DBE course, is halfway through prevailing wage, and just started bonding.
      const status: CourseEnrollmentStatus = m === demo
        ? (ci === 4 ? "COMPLETED" : ci === 1 ? "IN_PROGRESS" : "ENROLLED")
        : rng.weighted([["ENROLLED", 2], ["IN_PROGRESS", 4], ["COMPLETED", 4], ["DROPPED", 1]]);
      const done = status === "COMPLETED" ? total : status === "ENROLLED" ? 0 : status === "IN_PROGRESS" ? (m === demo ? Math.floor(total / 2) : rng.int(1, total - 1)) : rng.int(0, total - 2);
      const start = Clock.max(publishedAt ?? createdAt, m.memberSince);
      const enrolledAt = new Date(start.getTime() + rng.next() * Math.max(0, clock.days(-2).getTime() - start.getTime()));
      const completedAt = status === "COMPLETED" ? Clock.min(Clock.plusDays(enrolledAt, rng.int(3, 60)), clock.at(-1, rng.int(0, 1380))) : null;
      const enrollmentId = rng.id();
      const finished = moduleRows.slice(0, done);
      // Completions spread from enrolment to completion (or to a day ago for unfinished courses), the last one at completedAt.
      const end = completedAt ?? Clock.min(Clock.plusDays(enrolledAt, 20), clock.days(-1));
      finished.forEach((mod, k) => {
        const at = new Date(enrolledAt.getTime() + ((end.getTime() - enrolledAt.getTime()) * (k + 1)) / finished.length);
        completions.push({ id: rng.id(), enrollmentId, moduleId: mod.id, completedAt: at });
        if (mod.content.type === "quiz") {
          const answers = Object.fromEntries(mod.content.questions.map((q, qi) => [String(qi), q.answer]));
          attempts.push({ id: rng.id(), enrollmentId, moduleId: mod.id, answers, score: 100, passed: true, createdAt: at });
        }
      });
      enrollments.push({
        id: enrollmentId,
        courseId: id,
        userId: m.id,
        status,
        progress: progressPercent(moduleRows, new Set(finished.map((f) => f.id))),
        completedAt,
        enrolledAt,
      });
    }
  });
  return { courses, modules, enrollments, completions, attempts, infos };
}
