// Shared by the certificates-*.test.ts files: a completed enrolment and its certificate.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { loadConfig, type Config } from "../../src/config.ts";
import type { Db } from "../../src/db/client.ts";
import { certificates, courseEnrollments, type Certificate } from "../../src/db/schema/index.ts";
import { issueCertificate } from "../../src/features/certificates/issue.ts";
import { makeCourse, makeUser } from "../helpers/db.ts";

export const config = (): Config => loadConfig(env as unknown as Record<string, unknown>);

/** A member who completed a course of `minutes` minutes (or is still at `status`). */
export async function completedEnrollment(
  db: Db,
  opts: { firstName?: string; lastName?: string; title?: string; minutes?: number; status?: "COMPLETED" | "IN_PROGRESS" } = {},
) {
  const user = await makeUser(db, { firstName: opts.firstName ?? "Ana", lastName: opts.lastName ?? "Certified", isVerified: true });
  const course = await makeCourse(db, {
    title: opts.title ?? "Prevailing Wage Basics",
    description: "Certified payroll on public works.",
    duration: opts.minutes ?? 90,
    status: "PUBLISHED",
    objectives: ["File certified payroll"],
  });
  const status = opts.status ?? "COMPLETED";
  const [enrollment] = await db
    .insert(courseEnrollments)
    .values({ userId: user.id, courseId: course.id, status, progress: status === "COMPLETED" ? 100 : 40, completedAt: status === "COMPLETED" ? new Date() : null })
    .returning();
  return { user, course, enrollment: enrollment! };
}

/** A certificate issued for a fresh completed enrolment. */
export async function issuedCertificate(db: Db, opts: Parameters<typeof completedEnrollment>[1] = {}): Promise<Certificate> {
  const { enrollment } = await completedEnrollment(db, opts);
  const { id } = await issueCertificate(db, config(), enrollment.id);
  const [row] = await db.select().from(certificates).where(eq(certificates.id, id));
  return row!;
}
