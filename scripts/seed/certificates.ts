// Certificates for the demo data: one real, signed certificate for every COMPLETED course
// enrolment, signed in Node with the published development key — the key `npm run dev` gives
// the Worker, so the seeded certificates verify on their pages. Deterministic: the id comes
// from the enrolment and Ed25519 signatures are deterministic, so two runs write the same rows.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { users } from "../../src/db/schema/accounts.ts";
import { idFrom } from "../../src/db/ids.ts";
import { certificates, courseEnrollments, courses } from "../../src/db/schema/learning.ts";
import { buildCredential, hoursFromMinutes } from "../../src/features/certificates/credential.ts";
import type { SigningJwk } from "../../src/features/certificates/signing-key.ts";
import { signCredential } from "../../src/features/certificates/signing.ts";
import { DEV_CERTIFICATE_SIGNING_KEY } from "../lib/dev-certificate-key.ts";
import { insertRows, type SeedTx } from "./write.ts";

/** The URL `npm run dev` serves on: seeded credentials name it as their issuer. */
export function seedPublicUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.PUBLIC_URL ?? `http://localhost:${env.PORT ?? 8787}`;
}

/** Issues the missing certificates of COMPLETED enrolments (all, or only those named); returns how many it wrote. */
export async function seedCertificates(tx: SeedTx, opts: { publicUrl: string; key?: SigningJwk; onlyEnrollmentIds?: string[] }): Promise<number> {
  const key = opts.key ?? { ...DEV_CERTIFICATE_SIGNING_KEY };
  const completed = await tx
    .select({
      enrollmentId: courseEnrollments.id,
      completedAt: courseEnrollments.completedAt,
      enrolledAt: courseEnrollments.enrolledAt,
      userId: users.id,
      firstName: users.firstName,
      lastName: users.lastName,
      courseId: courses.id,
      title: courses.title,
      description: courses.description,
      duration: courses.duration,
      objectives: courses.objectives,
    })
    .from(courseEnrollments)
    .innerJoin(users, eq(users.id, courseEnrollments.userId))
    .innerJoin(courses, eq(courses.id, courseEnrollments.courseId))
    .leftJoin(certificates, eq(certificates.enrollmentId, courseEnrollments.id))
    .where(
      and(
        eq(courseEnrollments.status, "COMPLETED"),
        isNull(certificates.id),
        opts.onlyEnrollmentIds ? inArray(courseEnrollments.id, opts.onlyEnrollmentIds) : undefined,
      ),
    )
    .orderBy(courseEnrollments.id);

  const rows = await Promise.all(
    completed.map(async (e) => {
      const id = await idFrom(`certificate/${e.enrollmentId}`);
      const done = e.completedAt ?? e.enrolledAt;
      const issuedAt = new Date(Math.floor(done.getTime() / 1000) * 1000);
      const recipientName = `${e.firstName} ${e.lastName}`.trim();
      const hours = hoursFromMinutes(e.duration);
      const credential = buildCredential({
        publicUrl: opts.publicUrl,
        certificateId: id,
        courseId: e.courseId,
        courseTitle: e.title,
        courseDescription: e.description,
        objectives: e.objectives,
        recipientName,
        hours,
        completedAt: e.completedAt,
        issuedAt,
      });
      return {
        id,
        enrollmentId: e.enrollmentId,
        userId: e.userId,
        courseId: e.courseId,
        recipientName,
        courseTitle: e.title,
        hours,
        credential: await signCredential(credential, key),
        issuedAt,
      };
    }),
  );
  await insertRows(tx, certificates, rows);
  return rows.length;
}
