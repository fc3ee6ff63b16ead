// The bids on one opportunity: the sortable table, one bid's page with its review form,
// the side-by-side comparison of 2–5 bids, the applicants' files and the CSV.
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { ID, idParam } from "../../db/ids.ts";
import type { Project } from "../../db/schema/projects.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { auditActor } from "../../lib/audit.ts";
import { type CsvColumn, cappedCsvResponse, refusedCsvFilters } from "../../lib/csv.ts";
import { type FieldErrors, parseForm, readQuery, shownFilters } from "../../lib/forms.ts";
import { toPacificDateInput } from "../../lib/time.ts";
import { ApplicationPage, ApplicationsPage, ComparePage, credentialText, type ScoredApplication } from "../../../templates/admin-projects/ApplicationsPage.tsx";
import { deliverSoon } from "../outbox/outbox.ts";
import { type ApplicationFilters, applicationFiltersSchema, reviewFormSchema } from "./forms.ts";
import { type ApplicationRow, applicationsById, findApplicationFile, findProject, listApplications, MAX_BIDS_LISTED } from "./queries.ts";
import { APPLICATION_STATUS_LABEL, COMPARE_MAX, COMPARE_MIN, projectAdminNotices } from "./rules.ts";
import { reviewApplication } from "./workflows.ts";
import { matchScore } from "../projects/match.ts";
import { loadMatchMembers } from "../projects/queries.ts";

export const applicationRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "projects");

/** Each bid with its applicant's match score for this project (the score members see on it). */
async function scored(c: AdminContext, project: Project, rows: ApplicationRow[]): Promise<ScoredApplication[]> {
  const members = await loadMatchMembers(c.var.db(), rows.map((a) => a.userId));
  const now = new Date();
  return rows.map((a) => {
    const member = members.get(a.userId);
    return { ...a, matchScore: member ? matchScore(member, project, now).score : null };
  });
}

/** "match" sorts by the score, highest first (unscored last, in the query's order). */
function sortByMatch(rows: ScoredApplication[], sort: ApplicationFilters["sort"]): ScoredApplication[] {
  if (sort !== "match") return rows;
  return [...rows].sort((a, b) => (b.matchScore ?? -1) - (a.matchScore ?? -1));
}

async function renderApplications(c: AdminContext, project: Project, compareError?: string) {
  const query = readQuery(c, applicationFiltersSchema);
  const filters = shownFilters(query, { status: "", sort: "submitted" }) as ApplicationFilters;
  const rows = query.ok ? sortByMatch(await scored(c, project, await listApplications(c.var.db(), project.id, query.data)), query.data.sort) : [];
  return renderPage(c, {
    title: `Bids: ${project.title}`,
    status: compareError || !query.ok ? 422 : 200,
    body: (
      <ApplicationsPage
        project={project}
        rows={rows}
        filters={filters}
        errors={query.errors}
        links={navLinks(c)}
        notice={projectAdminNotices.read(c)}
        compareError={compareError}
      />
    ),
  });
}

applicationRoutes.get(`/${ID}/applications`, manage, async (c) => {
  const project = await findProject(c.var.db(), c.req.param("id"));
  return project ? renderApplications(c, project) : renderNotFound(c);
});

const APPLICATION_COLUMNS: ReadonlyArray<CsvColumn<ScoredApplication>> = [
  ["application_id", (a) => a.id],
  ["first_name", (a) => a.firstName],
  ["last_name", (a) => a.lastName],
  ["email", (a) => a.email],
  ["company", (a) => a.company],
  ["status", (a) => APPLICATION_STATUS_LABEL[a.status]],
  ["bid_amount", (a) => a.bidAmount],
  ["estimated_duration_days", (a) => a.estimatedDuration],
  ["match_score", (a) => a.matchScore],
  ["verified_credentials", (a) => a.credentials.map(credentialText).join("; ")],
  ["years_experience", (a) => a.yearsExperience],
  ["files", (a) => a.files.length],
  ["submitted_at", (a) => a.submittedAt],
  ["reviewed_at", (a) => a.reviewedAt],
  ["notes", (a) => a.notes],
];

applicationRoutes.get(`/${ID}/applications.csv`, manage, async (c) => {
  const project = await findProject(c.var.db(), c.req.param("id"));
  if (!project) return renderNotFound(c);
  const query = readQuery(c, applicationFiltersSchema);
  if (!query.ok) return refusedCsvFilters(c, query.errors);
  const rows = sortByMatch(await scored(c, project, await listApplications(c.var.db(), project.id, query.data)), query.data.sort);
  return cappedCsvResponse(c, `bids-${project.id}-${toPacificDateInput(new Date())}.csv`, APPLICATION_COLUMNS, rows, MAX_BIDS_LISTED);
});

applicationRoutes.get(`/${ID}/compare`, manage, async (c) => {
  const project = await findProject(c.var.db(), c.req.param("id"));
  if (!project) return renderNotFound(c);
  const ids = [...new Set(c.req.queries("a") ?? [])];
  if (ids.length < COMPARE_MIN || ids.length > COMPARE_MAX) {
    return renderApplications(c, project, `Tick between ${COMPARE_MIN} and ${COMPARE_MAX} bids to compare; you ticked ${ids.length}.`);
  }
  const rows = await applicationsById(c.var.db(), project.id, ids);
  if (rows.length !== ids.length) return renderNotFound(c);
  return renderPage(c, { title: `Compare bids: ${project.title}`, body: <ComparePage project={project} rows={await scored(c, project, rows)} links={navLinks(c)} /> });
});

async function renderApplication(
  c: AdminContext,
  project: Project,
  applicationId: string,
  state: { status?: 422; actionError?: string; values?: Record<string, string>; errors?: FieldErrors } = {},
) {
  const [row] = await applicationsById(c.var.db(), project.id, [applicationId]);
  if (!row) return renderNotFound(c);
  const [app] = await scored(c, project, [row]);
  return renderPage(c, {
    title: `Bid of ${row.firstName} ${row.lastName}`,
    status: state.status ?? 200,
    body: (
      <ApplicationPage
        project={project}
        app={app!}
        links={navLinks(c)}
        notice={state.status ? undefined : projectAdminNotices.read(c)}
        actionError={state.actionError}
        values={state.values}
        errors={state.errors}
      />
    ),
  });
}

applicationRoutes.get(`/${ID}/applications/${idParam("applicationId")}`, manage, async (c) => {
  const project = await findProject(c.var.db(), c.req.param("id"));
  return project ? renderApplication(c, project, c.req.param("applicationId")) : renderNotFound(c);
});

applicationRoutes.post(`/${ID}/applications/${idParam("applicationId")}/review`, manage, async (c) => {
  const db = c.var.db();
  const project = await findProject(db, c.req.param("id"));
  if (!project) return renderNotFound(c);
  const applicationId = c.req.param("applicationId");
  const form = await parseForm(c, reviewFormSchema);
  if (!form.ok) return renderApplication(c, project, applicationId, { status: 422, values: form.values, errors: form.errors });
  const outcome = await reviewApplication(db, auditActor(c), {
    projectId: project.id,
    applicationId,
    to: form.data.status,
    notes: form.data.notes,
    publicUrl: c.var.config.PUBLIC_URL,
  });
  if (outcome.kind === "missing") return renderNotFound(c);
  if (outcome.kind === "refused") return renderApplication(c, project, applicationId, { status: 422, actionError: outcome.message, values: form.values });
  deliverSoon(c);
  return projectAdminNotices.redirect(c, `/admin/projects/${project.id}/applications/${applicationId}`, "reviewed");
});

applicationRoutes.get(`/${ID}/applications/${idParam("applicationId")}/files/${idParam("fileId")}`, manage, async (c) => {
  const file = await findApplicationFile(c.var.db(), c.req.param("id"), c.req.param("applicationId"), c.req.param("fileId"));
  if (!file) return renderNotFound(c);
  const object = await c.env.FILES.get(file.filePath);
  if (!object) return renderNotFound(c);
  return new Response(object.body, {
    headers: {
      "content-type": file.fileType,
      "content-disposition": `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, "-")}"`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
});

