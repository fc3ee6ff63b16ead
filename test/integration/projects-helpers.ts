// Shared set-up of the bid tests: people in every role and projects of every visibility.
import { env } from "cloudflare:workers";
import type { Db } from "../../src/db/client.ts";
import { projectFiles, projectInvitations, type NewProject } from "../../src/db/schema/index.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { makeProject } from "../helpers/db.ts";
import { ORIGIN } from "../helpers/http.ts";

export const VISIBILITIES = ["PUBLIC", "MEMBERS_ONLY", "INVITE_ONLY", "PRIVATE"] as const;
export const PERSONAS = ["anonymous", "unverified", "member", "invited", "admin"] as const;
export type Persona = (typeof PERSONAS)[number];

export const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");

export async function people(db: Db) {
  const [owner, unverified, member, invited, admin] = await Promise.all([
    createAccount(db, { firstName: "Owner" }),
    createAccount(db, { verified: false, firstName: "Unverified" }),
    createAccount(db, { firstName: "Member" }),
    createAccount(db, { firstName: "Invited" }),
    createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Admin" }),
  ]);
  const cookies: Record<Persona, string | null> = {
    anonymous: null,
    unverified: await sessionCookie(db, unverified.id),
    member: await sessionCookie(db, member.id),
    invited: await sessionCookie(db, invited.id),
    admin: await sessionCookie(db, admin.id),
  };
  return { owner, unverified, member, invited, admin, cookies };
}

/** One open project per visibility, each with a file in R2; `invited` is invited to the INVITE_ONLY one. */
export async function projectsByVisibility(db: Db, ownerId: string, invitedId: string, title: string, overrides: Partial<NewProject> = {}) {
  const out = {} as Record<(typeof VISIBILITIES)[number], { id: string; fileId: string }>;
  for (const visibility of VISIBILITIES) {
    const p = await makeProject(db, ownerId, {
      title: `${title} ${visibility.toLowerCase()}`,
      status: "BIDDING_OPEN",
      visibility,
      deadlineDate: new Date(Date.now() + 10 * 86_400_000),
      ...overrides,
    });
    const filePath = `projects/${p.id}/plans.pdf`;
    await env.FILES.put(filePath, PDF, { httpMetadata: { contentType: "application/pdf" } });
    const [file] = await db.insert(projectFiles).values({ projectId: p.id, fileName: "plans.pdf", filePath, fileType: "application/pdf", fileSize: PDF.length, uploadedBy: ownerId }).returning();
    out[visibility] = { id: p.id, fileId: file!.id };
  }
  await db.insert(projectInvitations).values({ projectId: out.INVITE_ONLY.id, userId: invitedId });
  return out;
}

export function as(cookie: string | null, init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  if (cookie) headers.set("cookie", cookie);
  headers.set("origin", ORIGIN);
  return { redirect: "manual", ...init, headers };
}

export function applyBody(fields: Record<string, string>, files: Array<[string, Uint8Array, string?]> = []): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const [name, bytes, type] of files) form.append("files", new File([bytes], name, { type: type ?? "application/octet-stream" }));
  return form;
}

export const GOOD_BID = { coverLetter: "We self-perform this scope and are bonded for it.", proposal: "Crew of 8, six weeks.", bidAmount: "125,000", estimatedDuration: "42" };
