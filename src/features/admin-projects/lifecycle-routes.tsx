// An opportunity's lifecycle (status changes through workflows.ts, soft delete), its files
// in R2 and its invitations.
// Files: R2 first, then the row and its audit in one transaction (the object is removed if
// that fails); deleting: row and audit first, then R2 (an orphan object is harmless).
import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { allow } from "../../auth/rbac.ts";
import { ID, idParam, isId, newId } from "../../db/ids.ts";
import { projectFiles, projects } from "../../db/schema/projects.ts";
import { renderNotFound } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { auditActor, recordAdminAction } from "../../lib/audit.ts";
import { parseForm, readForm } from "../../lib/forms.ts";
import { log } from "../../lib/log.ts";
import { checkUpload, MAX_UPLOAD_BYTES } from "../../lib/uploads.ts";
import { deliverSoon } from "../outbox/outbox.ts";
import { inviteFormSchema, projectStatusFormSchema } from "./forms.ts";
import { renderProjectPage } from "./pages.tsx";
import { findInvitees, findProject, lockProject } from "./queries.ts";
import { canDeleteProject, PROJECT_STATUS_LABEL, projectAdminNotices } from "./rules.ts";
import { changeProjectStatus, inviteMember, uninviteMember } from "./workflows.ts";

export const lifecycleRoutes = new Hono<AppEnv>();
const manage = allow.to("manage", "projects");

lifecycleRoutes.post(`/${ID}/status`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const project = await findProject(db, id);
  if (!project) return renderNotFound(c);
  const form = await parseForm(c, projectStatusFormSchema);
  if (!form.ok) return renderProjectPage(c, project, { status: 422, actionError: Object.values(form.errors).join(" ") });
  const to = form.data.status;
  if (to === "CANCELLED" && form.data.confirm !== "yes") {
    return renderProjectPage(c, project, { status: 422, actionError: "Tick the box to confirm the cancellation: every member with a live bid is emailed." });
  }
  const outcome = await changeProjectStatus(db, auditActor(c), { projectId: id, to, publicUrl: c.var.config.PUBLIC_URL });
  if (outcome.kind === "missing") return renderNotFound(c);
  if (outcome.kind === "refused") return renderProjectPage(c, project, { status: 422, actionError: outcome.message });
  if (to === "CANCELLED") {
    if (outcome.notified > 0) deliverSoon(c);
    return projectAdminNotices.redirect(c, `/admin/projects/${id}`, "cancelled");
  }
  return projectAdminNotices.redirect(c, `/admin/projects/${id}`, "status");
});

lifecycleRoutes.post(`/${ID}/delete`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const project = await findProject(db, id);
  if (!project) return renderNotFound(c);
  const outcome = await db.transaction(async (tx) => {
    const before = await lockProject(tx, id);
    if (!before) return { kind: "missing" as const };
    if (!canDeleteProject(before.status)) return { kind: "refused" as const, status: before.status };
    const deletedAt = new Date();
    await tx.update(projects).set({ deletedAt, updatedById: c.var.signedIn.user.id }).where(eq(projects.id, id));
    await recordAdminAction(tx, auditActor(c), {
      action: "PROJECT_DELETED",
      details: `Opportunity deleted: ${before.title}`,
      before: { deletedAt: null, status: before.status },
      after: { deletedAt },
      extra: { projectId: id },
    });
    return { kind: "deleted" as const };
  });
  if (outcome.kind === "missing") return renderNotFound(c);
  if (outcome.kind === "refused") {
    return renderProjectPage(c, project, {
      status: 422,
      actionError: `Only drafts and cancelled opportunities can be deleted; this one is ${PROJECT_STATUS_LABEL[outcome.status].toLowerCase()}. Cancel it first.`,
    });
  }
  return projectAdminNotices.redirect(c, "/admin/projects", "deleted");
});

// ---------------------------------------------------------------- files

lifecycleRoutes.post(`/${ID}/files`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const project = await findProject(db, id);
  if (!project) return renderNotFound(c);
  const { raw } = await readForm(c);
  const file = raw.file;
  if (!(file instanceof File) || file.name === "") return renderProjectPage(c, project, { status: 422, fileError: "Choose a file to upload." });
  if (file.size > MAX_UPLOAD_BYTES) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return renderProjectPage(c, project, { status: 422, fileError: `The file is too large: ${mb(file.size)}; the limit is ${mb(MAX_UPLOAD_BYTES)}.` });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const check = checkUpload(file.name, bytes);
  if (!check.ok) return renderProjectPage(c, project, { status: 422, fileError: check.message });
  const key = `projects/${id}/${newId()}-${check.fileName}`;
  await c.env.FILES.put(key, bytes, {
    httpMetadata: { contentType: check.contentType, contentDisposition: `attachment; filename="${check.fileName}"` },
    customMetadata: { originalName: file.name.slice(0, 200) },
  });
  const me = c.var.signedIn.user;
  try {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(projectFiles)
        .values({ projectId: id, fileName: check.fileName, filePath: key, fileType: check.contentType.split(";")[0]!, fileSize: check.size, uploadedBy: me.id })
        .returning({ id: projectFiles.id });
      await recordAdminAction(tx, auditActor(c), {
        action: "PROJECT_UPDATED",
        details: `File uploaded to ${project.title}: ${check.fileName}`,
        after: { file: check.fileName },
        extra: { projectId: id, fileId: row!.id, key, size: check.size, contentType: check.contentType },
      });
    });
  } catch (err) {
    await c.env.FILES.delete(key).catch(() => {});
    throw err;
  }
  return projectAdminNotices.redirect(c, `/admin/projects/${id}`, "file_added");
});

lifecycleRoutes.get(`/${ID}/files/${idParam("fileId")}`, manage, async (c) => {
  const id = c.req.param("id");
  const fileId = c.req.param("fileId");
  const [file] = await c.var
    .db()
    .select()
    .from(projectFiles)
    .where(and(eq(projectFiles.id, fileId), eq(projectFiles.projectId, id)));
  if (!file) return renderNotFound(c);
  const object = await c.env.FILES.get(file.filePath);
  if (!object) return renderNotFound(c);
  return new Response(object.body, {
    headers: {
      "content-type": file.fileType,
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
});

lifecycleRoutes.post(`/${ID}/files/${idParam("fileId")}/delete`, manage, async (c) => {
  const id = c.req.param("id");
  const fileId = c.req.param("fileId");
  const db = c.var.db();
  const project = await findProject(db, id);
  if (!project || !isId(fileId)) return renderNotFound(c);
  const deleted = await db.transaction(async (tx) => {
    const [file] = await tx
      .delete(projectFiles)
      .where(and(eq(projectFiles.id, fileId), eq(projectFiles.projectId, id)))
      .returning();
    if (!file) return null;
    await recordAdminAction(tx, auditActor(c), {
      action: "PROJECT_UPDATED",
      details: `File deleted from ${project.title}: ${file.fileName}`,
      before: { file: file.fileName },
      extra: { projectId: id, fileId, key: file.filePath },
    });
    return file;
  });
  if (!deleted) return renderNotFound(c);
  try {
    await c.env.FILES.delete(deleted.filePath);
  } catch (err) {
    log("warn", "project file left in R2 after its row was deleted", { key: deleted.filePath, error: String(err) });
  }
  return projectAdminNotices.redirect(c, `/admin/projects/${id}`, "file_deleted");
});

// ---------------------------------------------------------------- invitations

lifecycleRoutes.post(`/${ID}/invitations`, manage, async (c) => {
  const id = c.req.param("id");
  const db = c.var.db();
  const project = await findProject(db, id);
  if (!project) return renderNotFound(c);
  const form = await parseForm(c, inviteFormSchema);
  const who = form.values.who ?? "";
  if (!form.ok) return renderProjectPage(c, project, { status: 422, invite: { who, error: form.errors.who ?? Object.values(form.errors).join(" ") } });
  const found = await findInvitees(db, form.data.who);
  if (found.length === 0) {
    return renderProjectPage(c, project, { status: 422, invite: { who, error: "No verified member matches. Check the email, or search by name or company." } });
  }
  if (found.length > 1) return renderProjectPage(c, project, { status: 422, invite: { who, error: "Several members match: choose one below.", matches: found } });
  const outcome = await inviteMember(db, auditActor(c), { projectId: id, userId: found[0]!.id, publicUrl: c.var.config.PUBLIC_URL });
  if (outcome.kind === "missing") return renderNotFound(c);
  if (outcome.kind === "refused") return renderProjectPage(c, project, { status: 422, invite: { who, error: outcome.message } });
  deliverSoon(c);
  return projectAdminNotices.redirect(c, `/admin/projects/${id}#invitations`, "invited");
});

lifecycleRoutes.post(`/${ID}/invitations/${idParam("userId")}/delete`, manage, async (c) => {
  const id = c.req.param("id");
  const outcome = await uninviteMember(c.var.db(), auditActor(c), id, c.req.param("userId"));
  if (outcome.kind !== "done") return renderNotFound(c);
  return projectAdminNotices.redirect(c, `/admin/projects/${id}#invitations`, "uninvited");
});
