// The chapter's online courses, their modules and who is enrolled. Progress is the
// share of modules finished, so it always agrees with the status.
import type { CourseDifficulty, CourseEnrollmentStatus, CourseStatus, NewCourse } from "../../src/db/schema/index.ts";
import type { courseEnrollments, courseModules } from "../../src/db/schema/index.ts";
import type { Member } from "./members.ts";
import type { Rng } from "./random.ts";
import { Clock } from "./time.ts";

type NewModule = typeof courseModules.$inferInsert;
type NewEnrollment = typeof courseEnrollments.$inferInsert;

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
}

const COURSES: CourseTemplate[] = [
  {
    title: "Bonding & Surety Basics",
    description: "How performance and payment bonds work, what a surety underwriter looks for, and how a small contractor builds a bonding line from a first $250,000 bond to multi-million-dollar public work.",
    status: "PUBLISHED", difficulty: "BEGINNER", category: "Finance", tags: ["bonding", "surety", "access to capital"], price: 149, memberPrice: 0,
    requirements: ["None"], objectives: ["Explain bid, performance and payment bonds", "Assemble a surety submittal package", "Read a work-in-progress schedule the way an underwriter does"],
    modules: [["Why public owners require bonds", 18, "video"], ["Bid, performance and payment bonds", 24, "video"], ["The three Cs: character, capacity, capital", 22, "video"], ["Your first surety submittal", 30, "worksheet"], ["Work-in-progress schedules", 26, "video"], ["SBA surety bond guarantee program", 20, "reading"], ["Check your understanding", 15, "quiz"]],
    enrollments: [35, 55],
  },
  {
    title: "Prevailing Wage & Certified Payroll",
    description: "California prevailing wage law for public works: DIR registration, wage determinations, apprentices, fringe benefits and certified payroll records that survive an audit.",
    status: "PUBLISHED", difficulty: "INTERMEDIATE", category: "Compliance", tags: ["prevailing wage", "DIR", "certified payroll", "labor compliance"], price: 199, memberPrice: 49,
    requirements: ["DIR public works registration (or in progress)"], objectives: ["Find and apply the right wage determination", "Prepare certified payroll in eCPR format", "Meet apprenticeship ratio requirements", "Respond to a labor compliance request"],
    modules: [["Public works and DIR registration", 20, "video"], ["Reading a wage determination", 28, "video"], ["Fringe benefits and credits", 25, "video"], ["Apprentices: DAS 140 and 142", 22, "reading"], ["Certified payroll step by step", 35, "worksheet"], ["Audits and penalties", 20, "video"], ["Final assessment", 15, "quiz"]],
    enrollments: [30, 50],
  },
  {
    title: "Cal/OSHA 30 Construction Safety",
    description: "The online companion to the chapter's Cal/OSHA 30 course: the standards that cause most citations on California job sites, and the written programs every contractor needs.",
    status: "PUBLISHED", difficulty: "INTERMEDIATE", category: "Safety", tags: ["Cal/OSHA", "safety", "IIPP"], price: 299, memberPrice: 199,
    requirements: ["Field supervision experience recommended"], objectives: ["Write an Injury and Illness Prevention Program", "Run a code-of-safe-practices tailgate meeting", "Control fall, trench and silica hazards"],
    modules: [["Cal/OSHA and your IIPP", 40, "video"], ["Fall protection", 45, "video"], ["Excavation and trenching", 40, "video"], ["Silica and heat illness", 35, "video"], ["Electrical and lockout/tagout", 35, "video"], ["Scaffolds and ladders", 30, "video"], ["Recordkeeping and incident reporting", 25, "reading"], ["Final exam", 30, "quiz"]],
    enrollments: [20, 40],
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

export function buildCourses(rng: Rng, clock: Clock, members: Member[], demo: Member) {
  const courses: NewCourse[] = [];
  const modules: NewModule[] = [];
  const enrollments: NewEnrollment[] = [];
  const infos: CourseInfo[] = [];
  const learners = members.filter((m) => !m.isAdmin && m.isActive && m.isVerified);

  COURSES.forEach((c, ci) => {
    const id = rng.id();
    const publishedAt = c.status === "PUBLISHED" ? clock.pacific(-rng.int(120, 900), 9) : null;
    const createdAt = Clock.plusDays(publishedAt ?? clock.days(-rng.int(5, 30)), -rng.int(10, 40));
    const moduleRows = c.modules.map(([title, minutes, kind], i): NewModule => ({
      id: rng.id(),
      courseId: id,
      title,
      description: `${title}: ${kind === "quiz" ? "a short assessment" : kind === "worksheet" ? "a guided exercise with a downloadable worksheet" : kind === "reading" ? "a reading with checklists" : "a recorded lesson with slides"}.`,
      order: i + 1,
      duration: minutes,
      content: kind === "video"
        ? { type: "video", videoKey: `courses/${id}/module-${i + 1}.mp4`, transcript: true }
        : kind === "quiz"
          ? { type: "quiz", questions: rng.int(8, 15), passingScore: 80 }
          : { type: kind, fileKey: `courses/${id}/module-${i + 1}.pdf` },
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
      enrollments.push({
        id: rng.id(),
        courseId: id,
        userId: m.id,
        status,
        progress: Math.round((100 * done) / total),
        completedAt: status === "COMPLETED" ? Clock.min(Clock.plusDays(enrolledAt, rng.int(3, 60)), clock.at(-1, rng.int(0, 1380))) : null,
        enrolledAt,
      });
    }
  });
  return { courses, modules, enrollments, infos };
}
