// A course's enrolments: members, status, progress, dates, quiz results; filters, pages, CSV.
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { ID } from "../../db/ids.ts";
import type { CourseModule } from "../../db/schema/learning.ts";
import { navLinks } from "../../http/admin.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { type CsvColumn, refusedCsvFilters, cappedCsvResponse, CSV_MAX_ROWS } from "../../lib/csv.ts";
import { readQuery, shownFilters } from "../../lib/forms.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { toPacificDateInput } from "../../lib/time.ts";
import { EnrollmentResults, EnrollmentsPage, type QuizColumn } from "../../../templates/admin-courses/EnrollmentsPage.tsx";
import { readModuleContent } from "../learning/content.ts";
import { enrollmentFiltersSchema } from "./forms.ts";
import { type EnrollmentRow, enrollmentCounts, exportEnrollments, findCourse, listEnrollments, modulesOf } from "./queries.ts";

export const enrollmentRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "courses");
const PER_PAGE = 50;
const LIST_QUERY = enrollmentFiltersSchema.extend({ page: pageField() });

const quizColumns = (modules: CourseModule[]): QuizColumn[] =>
  modules.filter((m) => readModuleContent(m.content)?.type === "quiz").map((m) => ({ id: m.id, order: m.order, title: m.title }));

enrollmentRoutes.get(`/${ID}/enrollments`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const query = readQuery(c, LIST_QUERY);
  const filters = shownFilters(query, { status: "", q: "" });
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const [course, modules, counts, result] = await Promise.all([
    findCourse(db, id),
    modulesOf(db, id),
    enrollmentCounts(db, id),
    query.ok ? listEnrollments(db, id, query.data, { limit, offset }) : { rows: [], total: 0 },
  ]);
  if (!course) return renderNotFound(c);
  const props = { course, quizzes: quizColumns(modules), filters, rows: result.rows, total: result.total, page, perPage };
  return renderPage(c, {
    title: `Enrolments: ${course.title}`,
    status: query.ok ? 200 : 422,
    body: <EnrollmentsPage {...props} counts={counts} errors={query.errors} links={navLinks(c)} />,
    partial: <EnrollmentResults {...props} />,
  });
});

enrollmentRoutes.get(`/${ID}/enrollments.csv`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const query = readQuery(c, enrollmentFiltersSchema);
  if (!query.ok) return refusedCsvFilters(c, query.errors);
  const [course, modules, rows] = await Promise.all([findCourse(db, id), modulesOf(db, id), exportEnrollments(db, id, query.data)]);
  if (!course) return renderNotFound(c);
  const columns: Array<CsvColumn<EnrollmentRow>> = [
    ["member_id", (r) => r.userId],
    ["first_name", (r) => r.firstName],
    ["last_name", (r) => r.lastName],
    ["email", (r) => r.email],
    ["company", (r) => r.company],
    ["status", (r) => r.status],
    ["progress_percent", (r) => r.progress],
    ["enrolled_at", (r) => r.enrolledAt],
    ["completed_at", (r) => r.completedAt],
  ];
  for (const q of quizColumns(modules)) {
    columns.push([`quiz_${q.order}_best_percent`, (r) => r.quizzes[q.id]?.best ?? null]);
    columns.push([`quiz_${q.order}_attempts`, (r) => r.quizzes[q.id]?.attempts ?? 0]);
  }
  return cappedCsvResponse(c, `course-enrolments-${toPacificDateInput(new Date())}.csv`, columns, rows, CSV_MAX_ROWS);
});
