// Shared by the credentials-*.test.ts and admin-credentials-*.test.ts files: sessions,
// documents with real magic bytes, and the multipart form a browser sends.
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { newId } from "../../src/db/ids.ts";
import { permissions, rolePermissions, roles, userRoles } from "../../src/db/schema/index.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { ORIGIN } from "../helpers/http.ts";

export interface Session {
  id: string;
  cookie: string;
}

export async function memberSession(db: Db, opts: { verified?: boolean; memberType?: "REGULAR" | "admin"; roles?: string[] } = {}): Promise<Session> {
  const account = await createAccount(db, { firstName: "Vault", ...opts });
  return { id: account.id, cookie: await sessionCookie(db, account.id) };
}

export const adminSession = (db: Db) => memberSession(db, { memberType: "admin", roles: ["admin"] });

/** A verified member whose only extra right is credentials:review, through a custom role. */
export async function reviewerSession(db: Db): Promise<Session> {
  const session = await memberSession(db);
  const [role] = await db.insert(roles).values({ name: `credential reviewer ${newId()}`, description: "Reviews credentials" }).returning({ id: roles.id });
  const [p] = await db.select({ id: permissions.id }).from(permissions).where(eq(permissions.name, "credentials:review"));
  await db.insert(rolePermissions).values({ roleId: role!.id, permissionId: p!.id });
  await db.insert(userRoles).values({ userId: session.id, roleId: role!.id });
  return session;
}

export const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
export const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);

export const validFields = (overrides: Record<string, string> = {}): Record<string, string> => ({
  type: "GENERAL_LIABILITY",
  issuer: "The Hartford",
  number: "57 SBA RT4421",
  classification: "",
  issuedOn: "2026-01-15",
  expiresOn: "2027-01-15",
  ...overrides,
});

/** The credential form as a browser sends it: multipart, with the document when given. */
export function postCredential(
  path: string,
  fields: Record<string, string>,
  file: { name: string; bytes: Uint8Array; type?: string } | null,
  session: Session | null,
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.set("document", new File([file.bytes], file.name, { type: file.type ?? "application/pdf" }));
  else form.set("document", new File([], "", { type: "application/octet-stream" }));
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      body: form,
      redirect: "manual",
      headers: { origin: ORIGIN, ...(session ? { cookie: session.cookie } : {}), ...headers },
    }),
  );
}

export const r2Keys = async (userId: string) => (await env.FILES.list({ prefix: `credentials/${userId}/` })).objects.map((o) => o.key);
