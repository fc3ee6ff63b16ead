// Issues the certificate of a completed enrolment. Placeholder until the signed Verifiable
// Credential lands: it records the certificate row (name, course title and hours as they are
// now) with an unsigned credential. Idempotent per enrolment.
import { eq } from "drizzle-orm";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/accounts.ts";
import { certificates, courseEnrollments, courses } from "../../db/schema/learning.ts";

export async function issueCertificate(tx: Pick<Db, "insert" | "select">, _config: Config, enrollmentId: string, now: Date = new Date()): Promise<{ id: string }> {
  const [existing] = await tx.select({ id: certificates.id }).from(certificates).where(eq(certificates.enrollmentId, enrollmentId));
  if (existing) return existing;
  const [row] = await tx
    .select({ userId: courseEnrollments.userId, courseId: courses.id, firstName: users.firstName, lastName: users.lastName, title: courses.title, duration: courses.duration })
    .from(courseEnrollments)
    .innerJoin(courses, eq(courses.id, courseEnrollments.courseId))
    .innerJoin(users, eq(users.id, courseEnrollments.userId))
    .where(eq(courseEnrollments.id, enrollmentId));
  if (!row) throw new Error(`no enrolment ${enrollmentId} to certify`);
  const [made] = await tx
    .insert(certificates)
    .values({
      enrollmentId,
      userId: row.userId,
      courseId: row.courseId,
      recipientName: `${row.firstName} ${row.lastName}`,
      courseTitle: row.title,
      hours: ((row.duration ?? 0) / 60).toFixed(2),
      credential: "unsigned",
      issuedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: certificates.id });
  if (made) return made;
  const [again] = await tx.select({ id: certificates.id }).from(certificates).where(eq(certificates.enrollmentId, enrollmentId));
  return again!;
}
