// Certificates in the authorization matrix. A certificate is public through its own URL only
// (an unguessable id): its page, credential, status, the issuer's profile and key and the
// verifier are open to everyone, and nobody but holders of courses:manage (admins) can list
// certificates or revoke one. The revoke form is sent empty: 422 after authorization, nothing changes.
import { env } from "cloudflare:workers";
import { loadConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { ID } from "../../src/db/ids.ts";
import { courseEnrollments } from "../../src/db/schema/learning.ts";
import { issueCertificate } from "../../src/features/certificates/issue.ts";
import { makeCourse, makeUser } from "../helpers/db.ts";
import { ADMIN_ONLY, EVERYONE, type RouteRow } from "./types.ts";

/** One certificate of someone outside the fixtures, shared by every row. */
async function sharedCertificate(): Promise<string> {
  const config = loadConfig(env as unknown as Record<string, unknown>);
  const { db, pool } = createDb(config);
  try {
    const owner = await makeUser(db, { firstName: "Certificate", lastName: "Holder", isVerified: true });
    const course = await makeCourse(db, { title: "Matrix course", status: "PUBLISHED", duration: 60 });
    const [enrollment] = await db
      .insert(courseEnrollments)
      .values({ userId: owner.id, courseId: course.id, status: "COMPLETED", progress: 100, completedAt: new Date() })
      .returning();
    return (await issueCertificate(db, config, enrollment!.id)).id;
  } finally {
    await pool.end();
  }
}

const certificateId = await sharedCertificate();
const publicRule = "public (the certificate's own unguessable URL)";
const manage = "to(manage, courses)";

export const certificateRows: RouteRow[] = [
  { method: "GET", route: "/issuer", rule: "public", path: () => "/issuer", allowed: EVERYONE },
  { method: "GET", route: "/issuer/jwks.json", rule: "public", path: () => "/issuer/jwks.json", allowed: EVERYONE },
  { method: "GET", route: "/certificates/certificate.css", rule: "public", path: () => "/certificates/certificate.css", allowed: EVERYONE },
  { method: "GET", route: "/certificates/verify", rule: "public", path: () => "/certificates/verify", allowed: EVERYONE },
  { method: "POST", route: "/certificates/verify", rule: "public (an empty form is a 422)", path: () => "/certificates/verify", form: () => ({}), allowed: EVERYONE },
  { method: "GET", route: `/certificates/${ID}`, rule: publicRule, path: () => `/certificates/${certificateId}`, allowed: EVERYONE },
  { method: "GET", route: `/certificates/${ID}/credential.jwt`, rule: publicRule, path: () => `/certificates/${certificateId}/credential.jwt`, allowed: EVERYONE },
  { method: "GET", route: `/certificates/${ID}/credential.json`, rule: publicRule, path: () => `/certificates/${certificateId}/credential.json`, allowed: EVERYONE },
  { method: "GET", route: `/certificates/${ID}/status`, rule: publicRule, path: () => `/certificates/${certificateId}/status`, allowed: EVERYONE },
  { method: "GET", route: "/admin/certificates", rule: manage, path: () => "/admin/certificates", allowed: ADMIN_ONLY },
  { method: "GET", route: "/admin/certificates/export.csv", rule: manage, path: () => "/admin/certificates/export.csv", allowed: ADMIN_ONLY },
  { method: "GET", route: `/admin/certificates/${ID}`, rule: manage, path: () => `/admin/certificates/${certificateId}`, allowed: ADMIN_ONLY },
  { method: "POST", route: `/admin/certificates/${ID}/revoke`, rule: `${manage} (an empty form is a 422)`, path: () => `/admin/certificates/${certificateId}/revoke`, form: () => ({}), allowed: ADMIN_ONLY },
];
