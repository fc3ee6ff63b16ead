// Member-facing bid opportunities: the list with search and filters, an opportunity's page
// (files, match, watch, calendar), applying and withdrawing, My bids, and applicants' files.
// Mounted at "/" (app.route("/", projectRoutes)).
import { zipCentroid } from "../profile/location.ts";
import { and, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { allow, type SignedInEnv } from "../../auth/rbac.ts";
import { ID, idParam, isId } from "../../db/ids.ts";
import { projectWatches, type Project } from "../../db/schema/projects.ts";
import type { ProjectSort } from "../../db/search.ts";
import { renderFragment, renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { parseForm, readForm, readFormStrings, readQuery, shownFilters } from "../../lib/forms.ts";
import { writeCalendar } from "../../lib/ics.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";
import { MyBidsPage } from "../../../templates/projects/MyBidsPage.tsx";
import { ProjectPage, WatchButton } from "../../../templates/projects/ProjectPage.tsx";
import { ProjectResults, ProjectsPage } from "../../../templates/projects/ProjectsPage.tsx";
import { applyToProject, checkApplicationFiles, withdrawApplication } from "./applications.ts";
import { downloadStoredFile } from "./files.ts";
import { matchScore, type MatchMember } from "./match.ts";
import {
  findApplicationFile,
  findMyApplication,
  findProjectFile,
  findVisibleProject,
  isWatching,
  listApplicationFiles,
  listMyApplications,
  listMyWatches,
  listProjectFiles,
  listProjects,
  loadMatchMember,
} from "./queries.ts";
import { savedSearchRoutes } from "./saved-search-routes.tsx";
import { viewerOf } from "./viewer.ts";
import { applySchema, EMPTY_FILTERS, projectFiltersSchema, projectNotices, type ProjectFilters } from "./view.ts";

export const projectRoutes = new Hono<AppEnv>();

const PER_PAGE = 12;
const LIST_QUERY = projectFiltersSchema.safeExtend({ page: pageField(1000) });
/** Candidates scored for "sort by match": the best this many by deadline. */
const MATCH_POOL = 300;


// ---------------------------------------------------------------- list

projectRoutes.get("/projects", allow.public, async (c) => {
  const query = readQuery(c, LIST_QUERY);
  const filters = shownFilters(query, EMPTY_FILTERS);
  const errors: Record<string, string> = { ...query.errors };
  const user = c.var.user;
  const viewer = viewerOf(user);
  const db = c.var.db();
  const now = new Date();
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const f: ProjectFilters = query.ok ? query.data : filters;

  // Where distance is measured from, and the member's profile for match scores: one round trip.
  const [zip, member] = await Promise.all([
    query.ok && f.zip ? zipCentroid(db, f.zip) : null,
    user ? loadMatchMember(db, user.id) : null,
  ]);
  if (query.ok && f.zip && !zip) errors.zip = `We do not know the ZIP code ${f.zip}. Check it, or leave it blank.`;
  const base = member && member.latitude !== null && member.longitude !== null ? { lat: member.latitude, lng: member.longitude } : null;
  const origin = zip ? { lat: zip.latitude, lng: zip.longitude } : base;
  if (query.ok && (f.miles || f.sort === "distance") && !origin) {
    errors[f.miles ? "miles" : "sort"] = user
      ? "Enter a ZIP code (or add yours to your profile) to use distance."
      : "Enter a ZIP code to use distance.";
  }
  if (query.ok && f.sort === "match" && !member) errors.sort = "Sign in to sort by your match score.";
  const ok = query.ok && Object.keys(errors).length === 0;

  let rows: Awaited<ReturnType<typeof listProjects>> = [];
  let total = 0;
  if (ok) {
    const plan = { filters: f, viewer, origin, now, limit, offset };
    if (f.sort === "match" && member) {
      const pool = await listProjects(db, { ...plan, limit: MATCH_POOL, offset: 0 }, "deadline");
      const scored = pool.map((p) => ({ p, s: matchScore(member, p, now).score })).sort((a, b) => b.s - a.s);
      rows = scored.slice(offset, offset + limit).map((x) => x.p);
      total = pool.length;
    } else {
      const sort: ProjectSort = f.sort === "" || f.sort === "match" ? (f.q ? "relevance" : "deadline") : f.sort;
      rows = await listProjects(db, plan, sort);
      total = rows[0]?.total ?? 0;
    }
  }
  const cards = rows.map((p) => ({ project: p, match: member ? matchScore(member, p, now).score : null }));
  const props = { filters, errors, cards, total, page, perPage, now, hasBase: Boolean(base), signedIn: Boolean(user) };
  return renderPage(c, {
    title: "Bid opportunities",
    status: ok ? 200 : 422,
    body: <ProjectsPage {...props} />,
    partial: <ProjectResults {...props} />,
  });
});

// ---------------------------------------------------------------- My bids

projectRoutes.get("/projects/mine", allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const db = c.var.db();
  const viewer = { ...viewerOf(user), id: user.id };
  const [bids, watches] = await Promise.all([listMyApplications(db, user.id), listMyWatches(db, viewer)]);
  c.header("Cache-Control", "private, no-cache");
  return renderPage(c, { title: "My bids", body: <MyBidsPage bids={bids} watches={watches} now={new Date()} notice={projectNotices.read(c) ?? null} /> });
});

/** An applicant's own file; someone who manages projects may read any. Anyone else: 404. */
projectRoutes.get(`/projects/applications/${ID}/files/${idParam("fileId")}`, allow.signedIn, async (c) => {
  const { id, fileId } = c.req.param();
  const file = isId(id) && isId(fileId) ? await findApplicationFile(c.var.db(), id, fileId, viewerOf(c.var.signedIn.user)) : null;
  const res = file ? await downloadStoredFile(c, file) : null;
  return res ?? renderNotFound(c);
});

// ---------------------------------------------------------------- one opportunity

async function visibleProject<E extends AppEnv>(c: Context<E>): Promise<Project | null> {
  const id = c.req.param("id") ?? "";
  return isId(id) ? findVisibleProject(c.var.db(), id, viewerOf(c.var.user)) : null;
}

interface PageState {
  status?: 200 | 403 | 409 | 422;
  error?: string;
  form?: { values: Record<string, string>; errors: Record<string, string> };
}

async function renderProjectPage<E extends AppEnv>(c: Context<E>, project: Project, state: PageState = {}) {
  const db = c.var.db();
  const user = c.var.user;
  const now = new Date();
  const [files, mine, watching, member] = await Promise.all([
    listProjectFiles(db, project.id),
    user ? findMyApplication(db, project.id, user.id) : null,
    user ? isWatching(db, project.id, user.id) : false,
    user ? loadMatchMember(db, user.id) : null,
  ]);
  const myFiles = mine ? await listApplicationFiles(db, mine.id) : [];
  return renderPage(c, {
    title: project.title,
    status: state.status ?? 200,
    body: (
      <ProjectPage
        project={project}
        now={now}
        viewer={{ signedIn: Boolean(user), verified: Boolean(user?.isVerified) }}
        files={files}
        mine={mine}
        myFiles={myFiles}
        watching={watching}
        match={member ? matchScore(member as MatchMember, project, now) : null}
        notice={state.status ? null : (projectNotices.read(c) ?? null)}
        error={state.error}
        form={state.form}
      />
    ),
  });
}

projectRoutes.get(`/projects/${ID}`, allow.public, async (c) => {
  const project = await visibleProject(c);
  if (!project) return renderNotFound(c);
  c.header("Cache-Control", "private, no-cache");
  return renderProjectPage(c, project);
});

// "/projects/<id>.ics": the bid deadline as a calendar entry.
projectRoutes.get("/projects/:file{c[a-z2-7]{24}\\.ics}", allow.public, async (c) => {
  const id = c.req.param("file").slice(0, -".ics".length);
  const project = isId(id) ? await findVisibleProject(c.var.db(), id, viewerOf(c.var.user)) : null;
  if (!project?.deadlineDate) return renderNotFound(c);
  const url = `${c.var.config.PUBLIC_URL.replace(/\/$/, "")}/projects/${project.id}`;
  const body = writeCalendar({
    prodId: "-//Chapter Member Portal//Bids//EN",
    events: [
      {
        uid: `bid-deadline-${project.id}@${new URL(c.var.config.PUBLIC_URL).host}`,
        stamp: project.updatedAt,
        // A deadline is a moment; calendars show it as a 30-minute entry ending at the deadline.
        start: new Date(project.deadlineDate.getTime() - 30 * 60_000),
        end: project.deadlineDate,
        summary: `Bid due: ${project.title}`,
        description: `Bids for ${project.title}${project.organization ? ` (${project.organization})` : ""} are due at this time.\n${url}`,
        location: project.location,
        url,
        status: project.status === "CANCELLED" ? "CANCELLED" : "CONFIRMED",
      },
    ],
  });
  return c.body(body, 200, {
    "content-type": "text/calendar; charset=utf-8",
    "content-disposition": `attachment; filename="bid-deadline-${project.id}.ics"`,
    "cache-control": "private, max-age=300",
  });
});

/** Plans, specs and addenda: for verified members who may see the project. */
projectRoutes.get(`/projects/${ID}/files/${idParam("fileId")}`, allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const { id, fileId } = c.req.param();
  if (!user.isVerified) {
    return renderPage(c, {
      title: "Confirm your email first",
      status: 403,
      body: (
        <section aria-labelledby="err-title">
          <h1 id="err-title">Confirm your email first</h1>
          <p>Bid documents are for members. Open the confirmation link we emailed you, then open this file again.</p>
        </section>
      ),
    });
  }
  const file = isId(id) && isId(fileId) ? await findProjectFile(c.var.db(), id, fileId, viewerOf(user)) : null;
  const res = file ? await downloadStoredFile(c, file) : null;
  return res ?? renderNotFound(c);
});

// ---------------------------------------------------------------- watch

projectRoutes.post(`/projects/${ID}/watch`, allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const project = await visibleProject(c);
  if (!project) return renderNotFound(c);
  const form = await readFormStrings(c);
  const watch = form.watch !== "0";
  const db = c.var.db();
  if (watch) await db.insert(projectWatches).values({ userId: user.id, projectId: project.id }).onConflictDoNothing();
  else await db.delete(projectWatches).where(and(eq(projectWatches.userId, user.id), eq(projectWatches.projectId, project.id)));
  if (c.req.header("hx-request") === "true") return renderFragment(c, <WatchButton projectId={project.id} watching={watch} />);
  return projectNotices.redirect(c, `/projects/${project.id}#watch`, watch ? "watched" : "unwatched");
});

// ---------------------------------------------------------------- apply / withdraw

projectRoutes.post(`/projects/${ID}/apply`, allow.signedIn, async (c: Context<SignedInEnv>) => {
  const { user } = c.var.signedIn;
  const viewer = { ...viewerOf(user), id: user.id };
  const project = await visibleProject(c);
  if (!project) return renderNotFound(c);
  if (!user.isVerified) return renderProjectPage(c, project, { status: 403, error: "Confirm your email address before you bid." });
  const form = await parseForm(c, applySchema);
  const raw = (await readForm(c).catch(() => null))?.raw;
  const files = await checkApplicationFiles(raw?.files);
  if (!form.ok || !files.ok) {
    const errors = { ...(form.ok ? {} : form.errors), ...(files.ok ? {} : { files: files.message }) };
    return renderProjectPage(c, project, { status: 422, form: { values: form.values, errors } });
  }
  const result = await applyToProject({ db: c.var.db(), bucket: c.env.FILES, now: new Date() }, viewer, project, form.data, files.files);
  if (!result.ok) return renderProjectPage(c, project, { status: result.status, error: result.reason, form: { values: form.values, errors: {} } });
  return projectNotices.redirect(c, "/projects/mine", "applied");
});

projectRoutes.post(`/projects/${ID}/withdraw`, allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const project = await visibleProject(c);
  if (!project) return renderNotFound(c);
  const result = await withdrawApplication(c.var.db(), project, user.id, new Date());
  if (!result.ok) return renderProjectPage(c, project, { status: 409, error: result.reason });
  return projectNotices.redirect(c, "/projects/mine", "withdrawn");
});

// ---------------------------------------------------------------- saved searches and alert settings

projectRoutes.route("/", savedSearchRoutes);
