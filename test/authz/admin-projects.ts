// Bid-opportunity admin routes in the authorization matrix: only holders of projects:manage
// (the admin, and a custom role holding only that permission) get past the rule. Rows whose
// action would remove their target take a fresh target on every request (a counter over a
// list made here), so the second allowed actor still finds something to act on; forms that
// would do something drastic are sent empty or invalid (422 after authorization).
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { ID, idParam } from "../../src/db/ids.ts";
import { applicationFiles, projectApplications, projectFiles, projectInvitations } from "../../src/db/schema/index.ts";
import { makeProject, makeUser } from "../helpers/db.ts";
import { ACTORS, type Actor, type RouteRow } from "./types.ts";

const MANAGERS: Actor[] = ["projectsManager", "admin"];

async function sharedTargets() {
  const { db, pool } = createDb(loadConfig(env as unknown as Record<string, unknown>));
  try {
    const owner = await makeUser(db, { firstName: "Matrix", lastName: "Estimator", isVerified: true });
    const bidder = await makeUser(db, { firstName: "Matrix", lastName: "Bidder", isVerified: true });
    const project = async (title: string, status: "DRAFT" | "BIDDING_OPEN" = "BIDDING_OPEN") =>
      (await makeProject(db, owner.id, { title: `Matrix: ${title}`, status, visibility: "INVITE_ONLY" })).id;
    const [view, edit, publish, files, bids] = await Promise.all([
      project("view"),
      project("edit"),
      project("publish", "DRAFT"),
      project("files"),
      project("bids"),
    ]);
    const drafts = await Promise.all(ACTORS.map((a) => project(`delete ${a}`, "DRAFT")));
    const fileKey = `projects/${files}/matrix.pdf`;
    await env.FILES.put(fileKey, "%PDF-1.7\nmatrix");
    const fileRows = await db
      .insert(projectFiles)
      .values(ACTORS.map((a) => ({ projectId: files!, fileName: `${a}.pdf`, filePath: fileKey, fileType: "application/pdf", fileSize: 15, uploadedBy: owner.id })))
      .returning({ id: projectFiles.id });
    const invitees = await Promise.all(ACTORS.map((a) => makeUser(db, { firstName: "Invited", lastName: a, isVerified: true })));
    await db.insert(projectInvitations).values(invitees.map((u) => ({ projectId: view!, userId: u.id, invitedById: owner.id })));
    const [app] = await db.insert(projectApplications).values({ projectId: bids!, userId: bidder.id, bidAmount: "1000.00" }).returning({ id: projectApplications.id });
    const second = await makeUser(db, { firstName: "Matrix", lastName: "Second", isVerified: true });
    const [app2] = await db.insert(projectApplications).values({ projectId: bids!, userId: second.id, bidAmount: "2000.00" }).returning({ id: projectApplications.id });
    const appKey = `applications/${app!.id}/matrix.pdf`;
    await env.FILES.put(appKey, "%PDF-1.7\nbid");
    const [appFile] = await db
      .insert(applicationFiles)
      .values({ applicationId: app!.id, fileName: "bid.pdf", filePath: appKey, fileType: "application/pdf", fileSize: 12, uploadedBy: bidder.id })
      .returning({ id: applicationFiles.id });
    return {
      view: view!,
      edit: edit!,
      publish: publish!,
      drafts,
      files: files!,
      fileIds: fileRows.map((r) => r.id),
      invitees: invitees.map((u) => u.id),
      bids: bids!,
      appId: app!.id,
      app2Id: app2!.id,
      appFileId: appFile!.id,
    };
  } finally {
    await pool.end();
  }
}

const t = await sharedTargets();
const manage = "allow.to(manage, projects)";
/** Each call hands out the next target, one per request of the row. */
const next = (list: string[]) => {
  let i = 0;
  return () => list[i++ % list.length]!;
};
const nextDraft = next(t.drafts);
const nextFile = next(t.fileIds);
const nextInvitee = next(t.invitees);

export const adminProjectRows: RouteRow[] = [
  { method: "GET", route: "/admin/projects", rule: manage, path: () => "/admin/projects?deadline=month", allowed: MANAGERS },
  { method: "GET", route: "/admin/projects/export.csv", rule: manage, path: () => "/admin/projects/export.csv?status=BIDDING_OPEN", allowed: MANAGERS },
  { method: "GET", route: "/admin/projects/rows/:kind", rule: manage, path: () => "/admin/projects/rows/skills?index=3", allowed: MANAGERS },
  { method: "GET", route: "/admin/projects/import", rule: manage, path: () => "/admin/projects/import", allowed: MANAGERS },
  // No file: 422, nothing stored.
  { method: "POST", route: "/admin/projects/import", rule: manage, path: () => "/admin/projects/import", form: () => ({ newStatus: "DRAFT" }), allowed: MANAGERS },
  // No preview token: 422, nothing written.
  { method: "POST", route: "/admin/projects/import/commit", rule: manage, path: () => "/admin/projects/import/commit", form: () => ({}), allowed: MANAGERS },
  { method: "GET", route: "/admin/projects/new", rule: manage, path: () => "/admin/projects/new", allowed: MANAGERS },
  // Empty form: 422, nothing created.
  { method: "POST", route: "/admin/projects", rule: manage, path: () => "/admin/projects", form: () => ({}), allowed: MANAGERS },
  { method: "GET", route: `/admin/projects/${ID}`, rule: manage, path: () => `/admin/projects/${t.view}`, allowed: MANAGERS },
  { method: "POST", route: `/admin/projects/${ID}`, rule: manage, path: () => `/admin/projects/${t.edit}`, form: () => ({}), allowed: MANAGERS },
  // Draft → published (303), then refused (422) for the second manager.
  { method: "POST", route: `/admin/projects/${ID}/status`, rule: manage, path: () => `/admin/projects/${t.publish}/status`, form: () => ({ status: "PUBLISHED" }), allowed: MANAGERS },
  { method: "POST", route: `/admin/projects/${ID}/delete`, rule: manage, path: () => `/admin/projects/${nextDraft()}/delete`, allowed: MANAGERS },
  // No file in the form: 422.
  { method: "POST", route: `/admin/projects/${ID}/files`, rule: manage, path: () => `/admin/projects/${t.files}/files`, form: () => ({}), allowed: MANAGERS },
  {
    method: "GET",
    route: `/admin/projects/${ID}/files/${idParam("fileId")}`,
    rule: manage,
    path: () => `/admin/projects/${t.files}/files/${t.fileIds[0]}`,
    allowed: MANAGERS,
  },
  {
    method: "POST",
    route: `/admin/projects/${ID}/files/${idParam("fileId")}/delete`,
    rule: manage,
    path: () => `/admin/projects/${t.files}/files/${nextFile()}/delete`,
    allowed: MANAGERS,
  },
  // Nobody named: 422.
  { method: "POST", route: `/admin/projects/${ID}/invitations`, rule: manage, path: () => `/admin/projects/${t.view}/invitations`, form: () => ({}), allowed: MANAGERS },
  {
    method: "POST",
    route: `/admin/projects/${ID}/invitations/${idParam("userId")}/delete`,
    rule: manage,
    path: () => `/admin/projects/${t.view}/invitations/${nextInvitee()}/delete`,
    allowed: MANAGERS,
  },
  { method: "GET", route: `/admin/projects/${ID}/applications`, rule: manage, path: () => `/admin/projects/${t.bids}/applications?sort=bid`, allowed: MANAGERS },
  { method: "GET", route: `/admin/projects/${ID}/applications.csv`, rule: manage, path: () => `/admin/projects/${t.bids}/applications.csv`, allowed: MANAGERS },
  { method: "GET", route: `/admin/projects/${ID}/compare`, rule: manage, path: () => `/admin/projects/${t.bids}/compare?a=${t.appId}&a=${t.app2Id}`, allowed: MANAGERS },
  {
    method: "GET",
    route: `/admin/projects/${ID}/applications/${idParam("applicationId")}`,
    rule: manage,
    path: () => `/admin/projects/${t.bids}/applications/${t.appId}`,
    allowed: MANAGERS,
  },
  // Pending → under review (303), then "already under review" (422) for the second manager.
  {
    method: "POST",
    route: `/admin/projects/${ID}/applications/${idParam("applicationId")}/review`,
    rule: manage,
    path: () => `/admin/projects/${t.bids}/applications/${t.appId}/review`,
    form: () => ({ status: "REVIEWING" }),
    allowed: MANAGERS,
  },
  {
    method: "GET",
    route: `/admin/projects/${ID}/applications/${idParam("applicationId")}/files/${idParam("fileId")}`,
    rule: manage,
    path: () => `/admin/projects/${t.bids}/applications/${t.appId}/files/${t.appFileId}`,
    allowed: MANAGERS,
  },
];
