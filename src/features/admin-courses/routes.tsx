// Course administration (courses:manage): the list with enrolments and completion rates,
// the course editor and lifecycle, the module editor (text, video, file, quiz; ordering) and
// each course's enrolments with quiz results. Every route names its rule as its first
// middleware; see test/authz/admin-courses.ts.
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { navLinks } from "../../http/admin.ts";
import { renderFragment, renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { type CsvColumn, refusedCsvFilters, cappedCsvResponse, CSV_MAX_ROWS } from "../../lib/csv.ts";
import { readQuery, shownFilters } from "../../lib/forms.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { toPacificDateInput } from "../../lib/time.ts";
import { CourseResults, CoursesListPage } from "../../../templates/admin-courses/CoursesListPage.tsx";
import { NewQuestion } from "../../../templates/admin-courses/QuizEditor.tsx";
import { editorRoutes } from "./editor-routes.tsx";
import { enrollmentRoutes } from "./enrollments-routes.tsx";
import { courseFiltersSchema, MAX_QUESTIONS } from "./forms.ts";
import { lifecycleRoutes } from "./lifecycle-routes.tsx";
import { moduleRoutes } from "./module-routes.tsx";
import { type AdminCourseRow, courseCategories, exportAdminCourses, listAdminCourses } from "./queries.ts";
import { completionRate, courseAdminNotices } from "./rules.ts";

export const adminCourseRoutes = new Hono<AppEnv>();

// Learner data and CSV exports stay out of browser and proxy caches.
adminCourseRoutes.use(async (c, next) => {
  await next();
  c.header("Cache-Control", "private, no-store");
});

const PER_PAGE = 25;
const manage = allow.to("manage", "courses");
const COURSE_LIST_QUERY = courseFiltersSchema.extend({ page: pageField() });

adminCourseRoutes.get("/", manage, async (c) => {
  const query = readQuery(c, COURSE_LIST_QUERY);
  const filters = shownFilters(query, { status: "", category: "", q: "", completedSince: "" });
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const db = c.var.db();
  const [result, categories] = await Promise.all([
    query.ok ? listAdminCourses(db, query.data, { limit, offset }) : { rows: [], total: 0, completedSince: null },
    courseCategories(db),
  ]);
  const props = { filters, rows: result.rows, total: result.total, completedSince: result.completedSince, page, perPage };
  return renderPage(c, {
    title: "Courses",
    status: query.ok ? 200 : 422,
    body: <CoursesListPage {...props} categories={categories} errors={query.errors} links={navLinks(c)} notice={courseAdminNotices.read(c)} />,
    partial: <CourseResults {...props} />,
  });
});

const COURSE_COLUMNS: ReadonlyArray<CsvColumn<AdminCourseRow>> = [
  ["id", (r) => r.id],
  ["title", (r) => r.title],
  ["status", (r) => r.status],
  ["category", (r) => r.category],
  ["difficulty", (r) => r.difficulty],
  ["duration_minutes", (r) => r.duration],
  ["price", (r) => r.price],
  ["member_price", (r) => r.memberPrice],
  ["modules", (r) => r.modules],
  ["enrolled", (r) => r.enrolled],
  ["completed", (r) => r.completed],
  ["completion_rate_percent", (r) => completionRate(r.completed, r.enrolled)],
  ["published_at", (r) => r.publishedAt],
];

adminCourseRoutes.get("/export.csv", manage, async (c) => {
  const query = readQuery(c, courseFiltersSchema);
  if (!query.ok) return refusedCsvFilters(c, query.errors);
  const rows = await exportAdminCourses(c.var.db(), query.data);
  return cappedCsvResponse(c, `courses-${toPacificDateInput(new Date())}.csv`, COURSE_COLUMNS, rows, CSV_MAX_ROWS);
});

/** One more blank quiz question, for htmx's "Add another question". */
adminCourseRoutes.get("/rows/questions", manage, async (c) => {
  const index = Number.parseInt(c.req.query("index") ?? "", 10);
  if (!Number.isInteger(index) || index < 0 || index >= MAX_QUESTIONS + 10) return renderNotFound(c);
  return renderFragment(c, <NewQuestion index={index} />);
});

adminCourseRoutes.route("/", editorRoutes);
adminCourseRoutes.route("/", lifecycleRoutes);
adminCourseRoutes.route("/", moduleRoutes);
adminCourseRoutes.route("/", enrollmentRoutes);
