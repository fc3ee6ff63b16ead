// One opportunity's admin page: where it stands, its lifecycle buttons, every field, its
// files, its invitations (invite-only) and deletion.
import type { ApplicationStatus, Project, ProjectFile, ProjectStatus } from "../../src/db/schema/projects.ts";
import type { ProjectFormState, ProjectRowKind } from "../../src/features/admin-projects/forms.ts";
import type { InvitationRow } from "../../src/features/admin-projects/queries.ts";
import { canDeleteProject, PROJECT_TRANSITION_LABEL } from "../../src/features/admin-projects/rules.ts";
import { ActionButton, AdminNav, type AdminNavLinks } from "../admin/parts.tsx";
import { AdminLifecycle } from "../components/AdminLifecycle.tsx";
import { AdminPageHeader } from "../components/AdminPageHeader.tsx";
import { FileUploadForm } from "../components/FileUploadForm.tsx";
import { When } from "../admin-events/parts.tsx";
import { Field } from "../components/Field.tsx";
import { ProjectForm } from "./ProjectForm.tsx";
import { ProjectNav, ProjectStatusBadge } from "./parts.tsx";

export interface Invitee {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  company: string | null;
}

export interface ProjectEditPageProps {
  project: Project;
  form: ProjectFormState;
  addedRow?: ProjectRowKind;
  counts: Record<ApplicationStatus, number>;
  files: ProjectFile[];
  invitations: InvitationRow[];
  next: readonly ProjectStatus[];
  links: AdminNavLinks;
  notice?: string;
  actionError?: string;
  fileError?: string;
  invite?: { who: string; error?: string; matches?: Invitee[] };
}

export function ProjectNewPage(props: { form: ProjectFormState; addedRow?: ProjectRowKind; links: AdminNavLinks }) {
  return (
    <>
      <h1>New bid opportunity</h1>
      <AdminNav current="/admin/projects" links={props.links} />
      <p class="lede">A new opportunity starts as a draft: members see it only once you publish it.</p>
      <ProjectForm action="/admin/projects" submitLabel="Create the draft opportunity" form={props.form} addedRow={props.addedRow} />
    </>
  );
}

function Summary(props: { project: Project; counts: Record<ApplicationStatus, number> }) {
  const p = props.project;
  const live = props.counts.PENDING + props.counts.REVIEWING + props.counts.APPROVED + props.counts.REJECTED;
  return (
    <div class="grid">
      <div class="card">
        <h2>Status</h2>
        <p>
          <ProjectStatusBadge status={p.status} />
          {p.publishedAt && (
            <>
              <br />
              Published <When at={p.publishedAt} />
            </>
          )}
          {p.closedAt && (
            <>
              <br />
              Closed <When at={p.closedAt} />
            </>
          )}
        </p>
      </div>
      <div class="card">
        <h2>Bids</h2>
        <p>
          <span class="stat">
            {live} / {p.maxApplications ?? "no limit"}
          </span>
          {props.counts.PENDING + props.counts.REVIEWING} to review · {props.counts.WITHDRAWN} withdrawn ·{" "}
          <a href={`/admin/projects/${p.id}/applications`}>See the bids</a>
        </p>
      </div>
      <div class="card">
        <h2>Bids due</h2>
        <p>
          <When at={p.deadlineDate} />
          <br />
          {p.latitude !== null && p.longitude !== null ? `Map position ${p.latitude.toFixed(4)}, ${p.longitude.toFixed(4)}` : "No map position"}
          {p.externalId && (
            <>
              <br />
              Imported from {p.source}: <code>{p.externalId}</code>
            </>
          )}
        </p>
      </div>
    </div>
  );
}

function Lifecycle(props: { project: Project; next: readonly ProjectStatus[] }) {
  const final = `This opportunity is ${props.project.status === "COMPLETED" ? "completed" : "cancelled"}: its status is final.`;
  return (
    <AdminLifecycle
      action={`/admin/projects/${props.project.id}/status`}
      steps={props.next.filter((s) => s !== "CANCELLED").map((status) => ({ status, label: PROJECT_TRANSITION_LABEL[status] }))}
      finalMessage={final}
      confirmed={
        props.next.includes("CANCELLED")
          ? { status: "CANCELLED", label: PROJECT_TRANSITION_LABEL.CANCELLED, acknowledge: "I understand every member with a live bid is emailed." }
          : undefined
      }
    />
  );
}

function Files(props: { project: Project; files: ProjectFile[]; error?: string }) {
  const base = `/admin/projects/${props.project.id}/files`;
  return (
    <section aria-labelledby="files">
      <h2 id="files">Plans, specifications and addenda</h2>
      {props.files.length === 0 ? (
        <p>No files yet.</p>
      ) : (
        <div class="table-wrap" tabindex={0} role="region" aria-label="Opportunity files table">
          <table>
            <caption>Files verified members can download from the opportunity</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Size</th>
                <th scope="col">Uploaded</th>
                <th scope="col">Remove</th>
              </tr>
            </thead>
            <tbody>
              {props.files.map((f) => (
                <tr>
                  <th scope="row">
                    <a href={`${base}/${f.id}`}>{f.fileName}</a>
                  </th>
                  <td>{f.fileType}</td>
                  <td>{Math.max(1, Math.round(f.fileSize / 1024))} KB</td>
                  <td>
                    <When at={f.uploadedAt} />
                  </td>
                  <td>
                    <ActionButton action={`${base}/${f.id}/delete`} label={`Delete ${f.fileName}`} secondary />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FileUploadForm action={base} error={props.error} />
    </section>
  );
}

function Invitations(props: { project: Project; invitations: InvitationRow[]; invite?: ProjectEditPageProps["invite"] }) {
  const base = `/admin/projects/${props.project.id}/invitations`;
  const matches = props.invite?.matches ?? [];
  return (
    <section aria-labelledby="invitations">
      <h2 id="invitations">Invited members</h2>
      {props.invitations.length === 0 ? (
        <p>Nobody is invited yet: only admins can see this opportunity.</p>
      ) : (
        <ul>
          {props.invitations.map((i) => (
            <li>
              {i.firstName} {i.lastName} ({i.company ?? i.email}), invited <When at={i.invitedAt} />
              <ActionButton action={`${base}/${i.userId}/delete`} label={`Remove the invitation of ${i.firstName} ${i.lastName}`} secondary />
            </li>
          ))}
        </ul>
      )}
      {matches.length > 0 && (
        <>
          <p>Several members match; choose one:</p>
          <ul>
            {matches.map((m) => (
              <li>
                <form method="post" action={base}>
                  <input type="hidden" name="who" value={m.email} />
                  <button type="submit" class="secondary">
                    Invite {m.firstName} {m.lastName} ({m.company ?? m.email})
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </>
      )}
      <form method="post" action={base}>
        <Field
          name="who"
          label="Invite a member: email, name or company"
          value={props.invite?.who}
          error={props.invite?.error}
          hint="Only verified members can be invited. They are emailed a link."
          required
        />
        <button type="submit">Invite</button>
      </form>
    </section>
  );
}

export function ProjectEditPage(props: ProjectEditPageProps) {
  const p = props.project;
  return (
    <>
      <AdminPageHeader
        title={p.title}
        section="/admin/projects"
        links={props.links}
        nav={<ProjectNav projectId={p.id} current="edit" />}
        notice={props.notice}
        actionError={props.actionError}
      />
      <Summary project={p} counts={props.counts} />
      <Lifecycle project={p} next={props.next} />
      <h2>Details</h2>
      <ProjectForm action={`/admin/projects/${p.id}`} submitLabel="Save changes" form={props.form} addedRow={props.addedRow} />
      <Files project={p} files={props.files} error={props.fileError} />
      {(p.visibility === "INVITE_ONLY" || props.invitations.length > 0 || props.invite) && <Invitations project={p} invitations={props.invitations} invite={props.invite} />}
      {canDeleteProject(p.status) && (
        <section aria-labelledby="delete">
          <h2 id="delete">Delete</h2>
          <p>Drafts and cancelled opportunities can be deleted. It disappears from every list; its history stays in the audit trail.</p>
          <ActionButton action={`/admin/projects/${p.id}/delete`} label={`Delete “${p.title}”`} secondary />
        </section>
      )}
    </>
  );
}
