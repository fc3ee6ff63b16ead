import { eq } from "drizzle-orm";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import { users } from "../../db/schema/accounts.ts";
import { certificates, courseEnrollments, courses } from "../../db/schema/learning.ts";
import { enqueueEmail } from "../outbox/outbox.ts";
import { buildCredential, hoursFromMinutes } from "./credential.ts";
import { signCredential } from "./signing.ts";

export class CertificateNotIssuable extends Error {
  override name = "CertificateNotIssuable";
}

/**
 * Issues the certificate of completion of one enrolment: loads the enrolment, its member and
 * course, builds the Open Badges 3.0 credential, signs it (CERTIFICATE_SIGNING_KEY) and inserts
 * the row, and emails the member the link to it (through the outbox, so only when the
 * transaction commits). Call it once the enrolment is COMPLETED — in the same transaction that completes it
 * is fine (`tx` may be a transaction or the request's db). Idempotent: a second call for the
 * same enrolment returns the existing certificate's id, also when two calls race.
 * Throws CertificateNotIssuable for an unknown or uncompleted enrolment.
 */
export async function issueCertificate(
  tx: Pick<Db, "insert" | "select">,
  config: Config,
  enrollmentId: string,
  now?: Date,
): Promise<{ id: string }> {
  const [row] = await tx
    .select({
      status: courseEnrollments.status,
      completedAt: courseEnrollments.completedAt,
      userId: users.id,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      courseId: courses.id,
      title: courses.title,
      description: courses.description,
      duration: courses.duration,
      objectives: courses.objectives,
      existing: certificates.id,
    })
    .from(courseEnrollments)
    .innerJoin(users, eq(users.id, courseEnrollments.userId))
    .innerJoin(courses, eq(courses.id, courseEnrollments.courseId))
    .leftJoin(certificates, eq(certificates.enrollmentId, courseEnrollments.id))
    .where(eq(courseEnrollments.id, enrollmentId))
    .limit(1);
  if (!row) throw new CertificateNotIssuable(`No enrolment ${enrollmentId}`);
  if (row.existing) return { id: row.existing };
  if (row.status !== "COMPLETED") throw new CertificateNotIssuable(`Enrolment ${enrollmentId} is ${row.status}, not COMPLETED`);

  const id = newId();
  // Whole seconds, so the row's issuedAt and the credential's validFrom are the same instant.
  const issuedAt = new Date(Math.floor((now ?? new Date()).getTime() / 1000) * 1000);
  const recipientName = `${row.firstName} ${row.lastName}`.trim();
  const hours = hoursFromMinutes(row.duration);
  const credential = buildCredential({
    publicUrl: config.PUBLIC_URL,
    certificateId: id,
    courseId: row.courseId,
    courseTitle: row.title,
    courseDescription: row.description,
    objectives: row.objectives,
    recipientName,
    hours,
    completedAt: row.completedAt,
    issuedAt,
  });
  const jwt = await signCredential(credential, config.CERTIFICATE_SIGNING_KEY);
  const inserted = await tx
    .insert(certificates)
    .values({
      id,
      enrollmentId,
      userId: row.userId,
      courseId: row.courseId,
      recipientName,
      courseTitle: row.title,
      hours,
      credential: jwt,
      issuedAt,
    })
    .onConflictDoNothing({ target: certificates.enrollmentId })
    .returning({ id: certificates.id });
  if (inserted[0]) {
    const link = new URL(`/certificates/${id}`, config.PUBLIC_URL).href;
    await enqueueEmail(tx, {
      to: row.email,
      userId: row.userId,
      kind: "CERTIFICATE_ISSUED",
      subject: `Your certificate: ${row.title}`,
      text: [
        `Hello ${row.firstName},`,
        "",
        `You completed "${row.title}" (${hours} hours). Your certificate of completion is here:`,
        link,
        "",
        "Anyone you share the link with can check that it is genuine: the page verifies the chapter's signature. You can also download the credential there and print a one-page copy.",
      ].join("\n"),
    });
    return inserted[0];
  }
  // Another call issued it between our read and our insert.
  const [other] = await tx.select({ id: certificates.id }).from(certificates).where(eq(certificates.enrollmentId, enrollmentId));
  if (!other) throw new CertificateNotIssuable(`Enrolment ${enrollmentId} disappeared while issuing`);
  return other;
}
