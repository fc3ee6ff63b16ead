// Member-facing bid routes in the authorization matrix. Targets: an open PUBLIC project with a
// bid document in R2, and a bid by `member` (the fixture made per row) with a file, so
// "another member's application files" is a row: only the applicant and an admin get it.
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { ID, idParam } from "../../src/db/ids.ts";
import { applicationFiles, projectApplications, projectFiles } from "../../src/db/schema/index.ts";
import { makeProject, makeUser } from "../helpers/db.ts";
import { EVERYONE, SIGNED_IN, VERIFIED, type Fixtures, type RouteRow } from "./types.ts";

const { db } = createDb(loadConfig(env as unknown as Record<string, unknown>));

async function sharedTargets() {
  const owner = await makeUser(db, { firstName: "Matrix", lastName: "Owner", isVerified: true });
  const deadlineDate = new Date(Date.now() + 30 * 86_400_000);
  const project = await makeProject(db, owner.id, { title: "Authorization matrix opportunity", status: "BIDDING_OPEN", visibility: "PUBLIC", deadlineDate });
  const filePath = `projects/${project.id}/matrix.pdf`;
  await env.FILES.put(filePath, "%PDF-1.4\n%%EOF\n", { httpMetadata: { contentType: "application/pdf" } });
  const [file] = await db.insert(projectFiles).values({ projectId: project.id, fileName: "matrix.pdf", filePath, fileType: "application/pdf", fileSize: 15, uploadedBy: owner.id }).returning({ id: projectFiles.id });
  return { projectId: project.id, fileId: file!.id };
}

const t = await sharedTargets();

/** A bid by the row's `member`, with one file: made when the path is built (the fixture is fresh per actor). */
const bids = new Map<string, { applicationId: string; fileId: string }>();
async function memberBid(f: Fixtures) {
  const known = bids.get(f.member.id);
  if (known) return known;
  const other = await makeProject(db, f.admin.id, { title: "Matrix bid target", status: "BIDDING_OPEN", visibility: "PUBLIC", deadlineDate: new Date(Date.now() + 30 * 86_400_000) });
  const [app] = await db.insert(projectApplications).values({ projectId: other.id, userId: f.member.id, coverLetter: "Matrix bid" }).returning({ id: projectApplications.id });
  const filePath = `applications/${other.id}/${app!.id}/bid.pdf`;
  await env.FILES.put(filePath, "%PDF-1.4\n%%EOF\n");
  const [file] = await db.insert(applicationFiles).values({ applicationId: app!.id, fileName: "bid.pdf", filePath, fileType: "application/pdf", fileSize: 15, uploadedBy: f.member.id }).returning({ id: applicationFiles.id });
  const made = { applicationId: app!.id, fileId: file!.id };
  bids.set(f.member.id, made);
  return made;
}

export const projectRows: RouteRow[] = [
  { method: "GET", route: "/projects", rule: "public", path: () => "/projects?q=matrix&sort=deadline", allowed: EVERYONE },
  { method: "GET", route: "/projects/mine", rule: "signedIn", path: () => "/projects/mine", allowed: SIGNED_IN },
  { method: "GET", route: `/projects/${ID}`, rule: "public (visibility decides)", path: () => `/projects/${t.projectId}`, allowed: EVERYONE },
  { method: "GET", route: "/projects/:file{c[a-z2-7]{24}\\.ics}", rule: "public (visibility decides)", path: () => `/projects/${t.projectId}.ics`, allowed: EVERYONE },
  {
    method: "GET",
    route: `/projects/${ID}/files/${idParam("fileId")}`,
    rule: "signedIn, verified in the handler, visibility decides",
    path: () => `/projects/${t.projectId}/files/${t.fileId}`,
    allowed: VERIFIED,
  },
  {
    method: "GET",
    route: `/projects/applications/${ID}/files/${idParam("fileId")}`,
    rule: "signedIn, the applicant's own or projects:manage",
    prepare: async (f) => void (await memberBid(f)),
    path: (f) => {
      const b = bids.get(f.member.id);
      return b ? `/projects/applications/${b.applicationId}/files/${b.fileId}` : "/projects/applications/not-prepared";
    },
    allowed: ["member", "projectsManager", "admin"],
  },
  // Watching is for anyone signed in who may see the project (303 back to it).
  { method: "POST", route: `/projects/${ID}/watch`, rule: "signedIn, visibility decides", path: () => `/projects/${t.projectId}/watch`, form: () => ({ watch: "1" }), allowed: SIGNED_IN },
  // An empty form: a verified member gets the form back with its errors (422); unverified 403.
  { method: "POST", route: `/projects/${ID}/apply`, rule: "signedIn, verified in the handler", path: () => `/projects/${t.projectId}/apply`, form: () => ({}), allowed: VERIFIED },
  // Only the actor's own bid; with none, "no bid" (409 on the page).
  { method: "POST", route: `/projects/${ID}/withdraw`, rule: "signedIn, own bid only", path: () => `/projects/${t.projectId}/withdraw`, form: () => ({}), allowed: SIGNED_IN },
];
