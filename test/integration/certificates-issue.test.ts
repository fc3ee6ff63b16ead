// issueCertificate against real Postgres: one signed certificate per completed enrolment, the
// same one on every later call (also when calls race), none for an unfinished course.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { certificates, emailOutbox } from "../../src/db/schema/index.ts";
import { CertificateNotIssuable, issueCertificate } from "../../src/features/certificates/issue.ts";
import { verifyCredentialJwt } from "../../src/features/certificates/signing.ts";
import { issuerKeys } from "../../src/features/certificates/verify.ts";
import { useTestDb } from "../helpers/db.ts";
import { completedEnrollment, config } from "./certificates-fixtures.ts";

const db = useTestDb();
const rowsFor = (enrollmentId: string) => db.select().from(certificates).where(eq(certificates.enrollmentId, enrollmentId));
const emailsTo = (userId: string) => db.select().from(emailOutbox).where(eq(emailOutbox.userId, userId));

describe("issueCertificate", () => {
  it("stores a signed credential naming the member, the course and its hours, that verifies with the issuer's key", async () => {
    const { enrollment, user, course } = await completedEnrollment(db, { firstName: "Lupe", lastName: "Ortega", title: "Bonding 101", minutes: 150 });
    const now = new Date("2026-04-02T18:30:45.678Z");
    const { id } = await issueCertificate(db, config(), enrollment.id, now);
    const [row] = await rowsFor(enrollment.id);
    expect(row).toMatchObject({ id, userId: user.id, courseId: course.id, recipientName: "Lupe Ortega", courseTitle: "Bonding 101", hours: "2.50" });
    expect(row!.issuedAt.toISOString()).toBe("2026-04-02T18:30:45.000Z");
    const result = await verifyCredentialJwt(row!.credential, issuerKeys(config()), config().PUBLIC_URL);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.certificateId).toBe(id);
    expect(result.credential.validFrom).toBe("2026-04-02T18:30:45Z");
    expect(result.credential.credentialSubject.achievement).toMatchObject({ name: "Bonding 101", creditsAvailable: 2.5, id: `${config().PUBLIC_URL}/courses/${course.id}` });
    expect(result.credential.credentialSubject.identifier[0]!.identityHash).toBe("Lupe Ortega");
    // The member is told, with the link to the public page.
    const emails = await emailsTo(user.id);
    expect(emails.map((e) => ({ kind: e.kind, to: e.toAddress, subject: e.subject }))).toEqual([{ kind: "CERTIFICATE_ISSUED", to: user.email, subject: "Your certificate: Bonding 101" }]);
    expect(emails[0]!.textBody).toContain(`${config().PUBLIC_URL}/certificates/${id}`);
  });

  it("returns the existing certificate on a second call, and makes one row when two calls race", async () => {
    const { enrollment } = await completedEnrollment(db);
    const first = await issueCertificate(db, config(), enrollment.id);
    const again = await issueCertificate(db, config(), enrollment.id);
    expect(again.id).toBe(first.id);

    const raced = await completedEnrollment(db);
    const ids = await Promise.all([1, 2, 3].map(() => issueCertificate(db, config(), raced.enrollment.id)));
    expect(new Set(ids.map((r) => r.id)).size).toBe(1);
    expect(await rowsFor(raced.enrollment.id)).toHaveLength(1);
    // One certificate, one email: only the call that inserted it sends it.
    expect((await emailsTo(raced.user.id)).filter((e) => e.kind === "CERTIFICATE_ISSUED")).toHaveLength(1);
  });

  it("works inside the transaction that completes the enrolment", async () => {
    const { enrollment } = await completedEnrollment(db);
    const { id } = await db.transaction((tx) => issueCertificate(tx, config(), enrollment.id));
    expect((await rowsFor(enrollment.id))[0]?.id).toBe(id);
  });

  it("refuses an enrolment that is not completed, and one that does not exist", async () => {
    const { enrollment } = await completedEnrollment(db, { status: "IN_PROGRESS" });
    await expect(issueCertificate(db, config(), enrollment.id)).rejects.toBeInstanceOf(CertificateNotIssuable);
    expect(await rowsFor(enrollment.id)).toHaveLength(0);
    await expect(issueCertificate(db, config(), "cnotanenrollmentnotanenro")).rejects.toBeInstanceOf(CertificateNotIssuable);
  });
});
