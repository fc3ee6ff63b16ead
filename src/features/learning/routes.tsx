// Member-facing learning: the course catalogue, a course's page (enrol, continue, drop), its
// modules (reading, video, handout, quiz) and the member's transcript with its CSV.
// Mounted at "/" (app.route("/", learningRoutes)) because /account/learning sits beside /courses.
import { Hono, type Context } from "hono";
import * as z from "zod";
import { allow, type SignedInEnv } from "../../auth/rbac.ts";
import { ID, idParam, isId, newId } from "../../db/ids.ts";
import type { Course } from "../../db/schema/learning.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { csvResponse } from "../../lib/csv.ts";
import { readFormStrings, readQuery, shownFilters } from "../../lib/forms.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { formatDate } from "../../lib/time.ts";
import { handoutResponse } from "../admin-courses/files.ts";
import { certificateUrl } from "../certificates/credential.ts";
import { loadPricedMember } from "../events/queries.ts";
import { checkoutDeps, startCourseCheckout, toCheckout } from "../payments/checkout.ts";
import { ConfirmEmailFirstPage } from "../../../templates/pages/ErrorPages.tsx";
import { CoursePage } from "../../../templates/learning/CoursePage.tsx";
import { CourseResults, CoursesPage } from "../../../templates/learning/CoursesPage.tsx";
import { ModulePage, NotEnrolledPage } from "../../../templates/learning/ModulePage.tsx";
import { TranscriptPage } from "../../../templates/learning/TranscriptPage.tsx";
import { readModuleContent } from "./content.ts";
import { completeModule, dropEnrollment, enrolFree, openEnrollment, submitQuiz } from "./enrollment.ts";
import { nextModule } from "./progress.ts";
import { findCourse, findEnrollment, listCourseFacets, listCourses, listModules, listMyEnrollments, listTranscript, myCompletedModules, myQuizAttempts, type ModuleRow, type TranscriptRow } from "./queries.ts";
import { coursePriceFor, creditHours, readQuizAnswers } from "./rules.ts";
import { courseFiltersSchema, EMPTY_COURSE_FILTERS, learningNotices, STATUS_LABELS } from "./view.ts";

export const learningRoutes = new Hono<AppEnv>();

const PER_PAGE = 12;
const COURSE_LIST_QUERY = courseFiltersSchema.extend({ page: pageField(500) });
const MODULE = `/courses/${ID}/modules/${idParam("moduleId")}`;

// ---------------------------------------------------------------- catalogue

learningRoutes.get("/courses", allow.public, async (c) => {
  const query = readQuery(c, COURSE_LIST_QUERY);
  const filters = shownFilters(query, EMPTY_COURSE_FILTERS);
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const user = c.var.user;
  const db = c.var.db();
  const [result, facets, viewer, mine] = await Promise.all([
    query.ok ? listCourses(db, query.data, { limit, offset }) : { rows: [], total: 0 },
    listCourseFacets(db),
    user ? loadPricedMember(db, user.id) : null,
    user ? listMyEnrollments(db, user.id) : [],
  ]);
  const now = new Date();
  const byCourse = new Map(mine.map((e) => [e.courseId, e]));
  const cards = result.rows.map((course) => ({ course, price: coursePriceFor(course, viewer, now, c.var.config.DUES_GRACE_DAYS), enrollment: byCourse.get(course.id) ?? null }));
  const props = { filters, errors: query.errors, cards, total: result.total, page, perPage };
  return renderPage(c, {
    title: "Courses",
    status: query.ok ? 200 : 422,
    body: <CoursesPage {...props} facets={facets} signedIn={Boolean(user)} />,
    partial: <CourseResults {...props} />,
  });
});

// ---------------------------------------------------------------- one course

interface CourseState {
  course: Course;
  modules: ModuleRow[];
  enrollment: Awaited<ReturnType<typeof findEnrollment>>;
  done: Set<string>;
  viewer: Awaited<ReturnType<typeof loadPricedMember>>;
}

/** The course in the path with its modules and the viewer's enrolment; null when a member may not see it (drafts; archived unless enrolled). */
async function loadCourse<E extends AppEnv>(c: Context<E>): Promise<CourseState | null> {
  const id = c.req.param("id") ?? "";
  if (!isId(id)) return null;
  const db = c.var.db();
  const user = c.var.user;
  // One round trip: the course, its outline and everything about the viewer.
  const [course, modules, enrollment, done, viewer] = await Promise.all([
    findCourse(db, id),
    listModules(db, id),
    user ? findEnrollment(db, id, user.id) : null,
    user ? myCompletedModules(db, id, user.id) : new Set<string>(),
    user ? loadPricedMember(db, user.id) : null,
  ]);
  if (!course) return null;
  if (course.status !== "PUBLISHED" && !enrollment) return null;
  return { course, modules, enrollment, done, viewer };
}

async function renderCoursePage<E extends AppEnv>(c: Context<E>, state: CourseState, opts: { status?: 200 | 403 | 409 | 422; error?: string } = {}) {
  const user = c.var.user;
  const live = state.enrollment && state.enrollment.status !== "DROPPED" ? state.enrollment : null;
  return renderPage(c, {
    title: state.course.title,
    status: opts.status ?? 200,
    body: (
      <CoursePage
        course={state.course}
        modules={state.modules}
        enrollment={state.enrollment}
        done={live ? state.done : new Set()}
        next={live ? nextModule(state.modules, state.done) : null}
        price={coursePriceFor(state.course, state.viewer, new Date(), c.var.config.DUES_GRACE_DAYS)}
        signedIn={Boolean(user)}
        verified={Boolean(user?.isVerified)}
        attempt={newId()}
        notice={opts.status ? null : (learningNotices.read(c) ?? null)}
        error={opts.error}
      />
    ),
  });
}

learningRoutes.get(`/courses/${ID}`, allow.public, async (c) => {
  const state = await loadCourse(c);
  if (!state) return renderNotFound(c);
  c.header("Cache-Control", "private, no-cache");
  return renderCoursePage(c, state);
});

const enrolForm = z.object({ attempt: z.string().regex(/^[a-z0-9]{10,40}$/).optional() });

learningRoutes.post(`/courses/${ID}/enrol`, allow.signedIn, async (c: Context<SignedInEnv>) => {
  const { user } = c.var.signedIn;
  const state = await loadCourse(c);
  if (!state) return renderNotFound(c);
  if (!user.isVerified) {
    return renderPage(c, { title: "Confirm your email first", status: 403, body: <ConfirmEmailFirstPage explanation="Courses are for members. Open the confirmation link we emailed you, then enrol." /> });
  }
  const form = enrolForm.safeParse(await readFormStrings(c));
  const db = c.var.db();
  const now = new Date();
  const path = `/courses/${state.course.id}`;
  // A returning member resumes whatever they paid for or started before.
  if (state.enrollment) {
    const { outcome } = await db.transaction((tx) => openEnrollment(tx, state.course.id, user.id, now));
    return learningNotices.redirect(c, path, outcome);
  }
  if (state.course.status !== "PUBLISHED") return renderCoursePage(c, state, { status: 409, error: "This course no longer takes new enrolments." });
  const price = coursePriceFor(state.course, state.viewer, now, c.var.config.DUES_GRACE_DAYS);
  if (price.cents === 0) return learningNotices.redirect(c, path, await enrolFree(db, state.course.id, user.id, now));
  const attempt = (form.success && form.data.attempt) || newId();
  return toCheckout(c, await startCourseCheckout(checkoutDeps(c), user, state.course, price.cents, attempt));
});

learningRoutes.post(`/courses/${ID}/drop`, allow.signedIn, async (c: Context<SignedInEnv>) => {
  const { user } = c.var.signedIn;
  const state = await loadCourse(c);
  if (!state) return renderNotFound(c);
  const form = await readFormStrings(c);
  const live = state.enrollment && state.enrollment.status !== "DROPPED" && state.enrollment.status !== "COMPLETED";
  if (!live) return c.redirect(`/courses/${state.course.id}`, 303);
  if (form.confirm !== "yes") return renderCoursePage(c, state, { status: 422, error: "Tick the box to confirm that you want to drop this course." });
  await dropEnrollment(c.var.db(), state.course.id, user.id);
  return learningNotices.redirect(c, `/courses/${state.course.id}`, "dropped");
});

// ---------------------------------------------------------------- modules

interface ModuleState extends CourseState {
  module: ModuleRow;
  enrollmentId: string;
}

/** The module in the path, of the course in the path, for a member enrolled (and not dropped) in it; else a Response. */
async function loadModule(c: Context<SignedInEnv>): Promise<ModuleState | Response> {
  const state = await loadCourse(c);
  const moduleId = c.req.param("moduleId") ?? "";
  const module = state?.modules.find((m) => m.id === moduleId);
  if (!state || !module) return renderNotFound(c);
  if (!state.enrollment || state.enrollment.status === "DROPPED") {
    return renderPage(c, { title: "Enrol to open this module", status: 403, body: <NotEnrolledPage course={state.course} /> });
  }
  return { ...state, module, enrollmentId: state.enrollment.id };
}

async function renderModulePage(c: Context<SignedInEnv>, state: ModuleState, opts: { status?: 200 | 409 | 422; error?: string; values?: Record<string, string>; errors?: Record<string, string> } = {}) {
  const content = readModuleContent(state.module.content);
  const attempts = content?.type === "quiz" ? await myQuizAttempts(c.var.db(), state.course.id, c.var.signedIn.user.id, state.module.id) : [];
  const index = state.modules.findIndex((m) => m.id === state.module.id);
  return renderPage(c, {
    title: `${state.module.title} · ${state.course.title}`,
    status: opts.status ?? 200,
    body: (
      <ModulePage
        course={state.course}
        module={state.module}
        content={content}
        modules={state.modules}
        done={state.done}
        previous={state.modules[index - 1] ?? null}
        next={state.modules[index + 1] ?? null}
        play={c.req.query("play") === "1"}
        attempts={attempts}
        notice={opts.status ? null : (learningNotices.read(c) ?? null)}
        error={opts.error}
        values={opts.values ?? {}}
        errors={opts.errors ?? {}}
      />
    ),
  });
}

learningRoutes.get(MODULE, allow.signedIn, async (c: Context<SignedInEnv>) => {
  const state = await loadModule(c);
  if (state instanceof Response) return state;
  c.header("Cache-Control", "private, no-cache");
  return renderModulePage(c, state);
});

/** After a module is done: on to the next one, or back to the course when it was the last. */
function afterCompletion(c: Context<SignedInEnv>, state: ModuleState, courseDone: boolean): Response {
  const index = state.modules.findIndex((m) => m.id === state.module.id);
  const next = state.modules[index + 1];
  if (courseDone) return learningNotices.redirect(c, `/courses/${state.course.id}`, "course-completed");
  return learningNotices.redirect(c, next ? `/courses/${state.course.id}/modules/${next.id}` : `/courses/${state.course.id}`, "completed");
}

learningRoutes.post(`${MODULE}/complete`, allow.signedIn, async (c: Context<SignedInEnv>) => {
  const state = await loadModule(c);
  if (state instanceof Response) return state;
  const content = readModuleContent(state.module.content);
  if (content?.type === "quiz") return renderModulePage(c, state, { status: 409, error: "A quiz is completed by passing it: answer the questions below." });
  const wasComplete = state.enrollment?.status === "COMPLETED";
  const result = await completeModule(c.var.db(), c.var.config, state.enrollmentId, state.module.id, new Date());
  if (!result) return renderNotFound(c);
  return afterCompletion(c, state, result.status === "COMPLETED" && !wasComplete);
});

learningRoutes.post(`${MODULE}/quiz`, allow.signedIn, async (c: Context<SignedInEnv>) => {
  const state = await loadModule(c);
  if (state instanceof Response) return state;
  const content = readModuleContent(state.module.content);
  if (content?.type !== "quiz") return renderNotFound(c);
  const read = readQuizAnswers(content.questions, await readFormStrings(c));
  if (!read.ok) return renderModulePage(c, state, { status: 422, values: read.values, errors: read.errors });
  const wasComplete = state.enrollment?.status === "COMPLETED";
  const result = await submitQuiz(c.var.db(), c.var.config, state.enrollmentId, state.module, read.answers, new Date());
  if (!result) return renderNotFound(c);
  if (result.completion?.status === "COMPLETED" && !wasComplete) return learningNotices.redirect(c, `/courses/${state.course.id}`, "course-completed");
  return learningNotices.redirect(c, `/courses/${state.course.id}/modules/${state.module.id}#result`, result.passed ? "quiz-passed" : "quiz-failed");
});

/** A handout, from R2, for members enrolled in its course only; always downloaded, never shown inline. */
learningRoutes.get(`${MODULE}/file`, allow.signedIn, async (c: Context<SignedInEnv>) => {
  const state = await loadModule(c);
  if (state instanceof Response) return state;
  const content = readModuleContent(state.module.content);
  if (content?.type !== "file") return renderNotFound(c);
  return (await handoutResponse(c.env.FILES, content, "private, max-age=3600")) ?? renderNotFound(c);
});

// ---------------------------------------------------------------- transcript

learningRoutes.get("/account/learning", allow.signedIn, async (c: Context<SignedInEnv>) => {
  const rows = await listTranscript(c.var.db(), c.var.signedIn.user.id);
  return renderPage(c, { title: "My learning", body: <TranscriptPage rows={rows} /> });
});

/** The transcript's columns; the certificate is its full address (a spreadsheet has no site to be relative to), or when it was revoked. */
const transcriptCsv = (publicUrl: string) =>
  [
    ["Course", (r: TranscriptRow) => r.title],
    ["Status", (r: TranscriptRow) => STATUS_LABELS[r.status]],
    ["Progress (%)", (r: TranscriptRow) => r.progress],
    ["Enrolled", (r: TranscriptRow) => formatDate(r.enrolledAt)],
    ["Completed", (r: TranscriptRow) => (r.completedAt ? formatDate(r.completedAt) : "")],
    ["Hours", (r: TranscriptRow) => creditHours(r.duration)],
    [
      "Certificate",
      (r: TranscriptRow) =>
        r.certificateRevokedAt ? `Revoked on ${formatDate(r.certificateRevokedAt)}` : r.certificateId ? certificateUrl(publicUrl, r.certificateId) : "",
    ],
  ] as const;

learningRoutes.get("/account/learning.csv", allow.signedIn, async (c: Context<SignedInEnv>) => {
  const rows = await listTranscript(c.var.db(), c.var.signedIn.user.id);
  return csvResponse(c, "learning-transcript.csv", transcriptCsv(c.var.config.PUBLIC_URL), rows);
});
