// Page renderers shared by the project admin routes, so a refused action re-renders the
// page it came from (status 422, the reason at the top, the admin's input kept).
import type { Project } from "../../db/schema/projects.ts";
import { type AdminContext, navLinks } from "../../http/admin.ts";
import { renderPage } from "../../http/render.tsx";
import { type ProjectEditPageProps, ProjectEditPage } from "../../../templates/admin-projects/ProjectEditPage.tsx";
import { type ProjectFormState, projectFormState, type ProjectRowKind } from "./forms.ts";
import { applicationCounts, invitationsOf, projectFilesOf } from "./queries.ts";
import { nextProjectStatuses, projectAdminNotices } from "./rules.ts";

export interface EditPageState {
  status?: 200 | 422;
  form?: ProjectFormState;
  addedRow?: ProjectRowKind;
  actionError?: string;
  fileError?: string;
  invite?: ProjectEditPageProps["invite"];
}

export async function renderProjectPage(c: AdminContext, project: Project, state: EditPageState = {}) {
  const db = c.var.db();
  const [counts, files, invitations] = await Promise.all([applicationCounts(db, project.id), projectFilesOf(db, project.id), invitationsOf(db, project.id)]);
  return renderPage(c, {
    title: project.title,
    status: state.status ?? 200,
    body: (
      <ProjectEditPage
        project={project}
        form={state.form ?? projectFormState(project)}
        addedRow={state.addedRow}
        counts={counts}
        files={files}
        invitations={invitations}
        next={nextProjectStatuses(project.status)}
        links={navLinks(c)}
        notice={state.status || state.addedRow || state.invite ? undefined : projectAdminNotices.read(c)}
        actionError={state.actionError}
        fileError={state.fileError}
        invite={state.invite}
      />
    ),
  });
}
