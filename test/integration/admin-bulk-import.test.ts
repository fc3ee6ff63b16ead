// Importing members from a CSV: the preview shows per-row errors and what each row will do and
// writes nothing; the commit re-reads the stored file and writes exactly the good rows (new
// members invited through the outbox in the same transaction), audited with counts; a rerun
// is "unchanged"; the report page and its CSV; hostile files refused with clear messages.
import { env } from "cloudflare:workers";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { adminActions, emailOutbox, emailTokens, userRoles, users } from "../../src/db/schema/index.ts";
import { get, postForm } from "../helpers/http.ts";
import { makeUser, useTestDb } from "../helpers/db.ts";
import { adminSession, as, postMultipart, sessionWithRoles, type Staff } from "./admin-events-helpers.ts";
import { makeTier } from "./payments-fixtures.ts";
import { IMPORT_BATCH } from "../../src/features/admin-members-bulk/import.ts";

const db = useTestDb();
let admin: Staff;
beforeAll(async () => {
  admin = await adminSession(db);
});

function preview(text: string | Uint8Array, staff: Staff = admin, name = "members.csv") {
  const form = new FormData();
  form.set("file", new File([text], name, { type: "text/csv" }));
  return postMultipart("/admin/users/import", form, staff);
}
const tokenOf = (html: string) => /name="token" value="(c[a-z2-7]{24})"/.exec(html)?.[1];
const commit = (token: string, staff: Staff = admin) => postForm("/admin/users/import/commit", { token }, as(staff));
const byEmails = (emails: string[]) => db.select().from(users).where(inArray(sql`lower(${users.email})`, emails.map((e) => e.toLowerCase())));
const tag = () => newId().slice(-8);

describe("importing members from a CSV", () => {
  it("previews per-row errors without writing, commits exactly the good rows with invitations, and a rerun changes nothing", async () => {
    const t = tag();
    const tier = await makeTier(db, { name: `Import tier ${t}` });
    const existing = await makeUser(db, { email: `Keep-${t}@example.org`, firstName: "Kim", lastName: "Old", company: "Old Co", isVerified: true });
    const csv = [
      "email,first_name,last_name,company,phone,membership_tier,membership_expires",
      `new1-${t}@example.org,José,Núñez,Núñez Electric,510-555-0101,Import tier ${t},2031-06-30`,
      `NEW2-${t}@Example.org,Bo,Lee,,,,`,
      `keep-${t}@example.org,Kim,New,New Co,,,`,
      `not-an-email,X,Y,,,,`,
      `new3-${t}@example.org,,Missing,,,,`,
      `new4-${t}@example.org,Al,Tier,,,Platinum ${t},`,
      `new1-${t}@EXAMPLE.org,José,Again,,,,`,
      `new5-${t}@example.org,"=HYPERLINK(""http://evil"")",Formula,,,,`,
    ].join("\n");
    const res = await preview(csv);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<strong>2</strong> to create");
    expect(html).toContain("<strong>1</strong> to update");
    expect(html).toContain("<strong>5</strong> with errors");
    for (const message of [
      "Email is not a valid address",
      "First name is missing",
      `Unknown membership tier “Platinum ${t}”`,
      "Duplicate: the same email is on row 2",
      "starts with =, which a spreadsheet runs as a formula",
      "Changes: last name, company",
      "José Núñez",
    ]) {
      expect(html).toContain(message);
    }
    // Nothing in Postgres yet; the file waits in R2.
    const emails = [1, 2, 3, 4, 5].map((n) => `new${n}-${t}@example.org`);
    expect(await byEmails(emails)).toHaveLength(0);
    expect((await byEmails([existing.email]))[0]).toMatchObject({ lastName: "Old", company: "Old Co" });
    const token = tokenOf(html)!;
    expect(await env.FILES.head(`member-imports/files/${token}`)).not.toBeNull();

    const done = await commit(token);
    expect(done.status).toBe(303);
    const reportUrl = done.headers.get("location")!;
    expect(reportUrl).toMatch(/^\/admin\/users\/import\/c[a-z2-7]{24}$/);
    const created = await byEmails(emails);
    expect(created.map((u) => u.email).sort()).toEqual([`new1-${t}@example.org`, `new2-${t}@example.org`]);
    const jose = created.find((u) => u.email.startsWith("new1"))!;
    expect(jose).toMatchObject({ firstName: "José", lastName: "Núñez", company: "Núñez Electric", phone: "510-555-0101", membershipTierId: tier.id, isVerified: false, createdById: admin.id });
    expect(jose.membershipExpiresAt?.toISOString()).toBe("2031-06-30T07:00:00.000Z");
    expect((await byEmails([existing.email]))[0]).toMatchObject({ id: existing.id, firstName: "Kim", lastName: "New", company: "New Co", email: existing.email });
    // Each new member: one live INVITE token and one invitation email linking to /welcome.
    const invites = await db.select().from(emailOutbox).where(inArray(emailOutbox.userId, created.map((u) => u.id)));
    expect(invites.map((e) => e.kind)).toEqual(["INVITE", "INVITE"]);
    expect(invites.every((e) => /\/welcome\?token=/.test(e.textBody))).toBe(true);
    const tokens = await db.select().from(emailTokens).where(and(inArray(emailTokens.userId, created.map((u) => u.id)), eq(emailTokens.purpose, "INVITE")));
    expect(tokens).toHaveLength(2);
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.userId, existing.id))).toHaveLength(0);
    // Audited with the counts.
    const [audit] = await db.select().from(adminActions).where(and(eq(adminActions.action, "MEMBERS_IMPORTED"), sql`${adminActions.metadata}->>'importId' = ${reportUrl.split("/").pop()}`));
    expect(audit).toMatchObject({ userId: admin.id });
    expect(audit!.metadata).toMatchObject({ created: 2, updated: 1, unchanged: 0, failed: 5 });
    // The file is gone: a second click finds nothing.
    expect(await env.FILES.head(`member-imports/files/${token}`)).toBeNull();
    expect((await commit(token)).status).toBe(409);

    // The report and its CSV.
    const report = await get(reportUrl, as(admin));
    const reportHtml = await report.text();
    expect(reportHtml).toContain("2 created, 1 updated, 0 unchanged, 5 failed");
    expect(reportHtml).toContain("Created, invitation sent");
    const reportCsv = await get(`${reportUrl}/report.csv`, as(admin));
    expect(reportCsv.headers.get("content-type")).toContain("text/csv");
    const csvText = await reportCsv.text();
    expect(csvText.split("\r\n")[0]).toBe("row,email,name,outcome,changes,errors");
    expect(csvText).toContain(`2,new1-${t}@example.org,José Núñez,created,,`);
    expect(csvText).toContain("'=HYPERLINK");

    // Rerun of the fixed good rows: everything unchanged, no commit offered, nothing new queued.
    const again = await preview(
      ["email,first_name,last_name,company,phone,membership_tier,membership_expires", `new1-${t}@example.org,José,Núñez,Núñez Electric,510-555-0101,Import tier ${t},2031-06-30`, `new2-${t}@example.org,Bo,Lee,,,,`, `keep-${t}@example.org,Kim,New,New Co,,,`].join("\n"),
    );
    const againHtml = await again.text();
    expect(againHtml).toContain("<strong>3</strong> unchanged");
    expect(againHtml).toContain("<strong>0</strong> to create");
    expect(tokenOf(againHtml)).toBeUndefined();
    const after = await byEmails([...emails, existing.email]);
    expect(after.map((u) => [u.id, u.updatedAt.getTime()]).sort()).toEqual(
      [...created, (await byEmails([existing.email]))[0]!].map((u) => [u.id, u.updatedAt.getTime()]).sort(),
    );
  });

  it("refuses a hostile file with a clear message and stores nothing", async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode("email,first_name,last_name\nn@example.org,Jos"), 0xe9, 0x2c, 0x4e, 0xfa, 0xf1, 0x65, 0x7a, 0x0a]);
    const notUtf8 = await preview(latin1);
    expect(notUtf8.status).toBe(422);
    expect(await notUtf8.text()).toContain("not UTF-8 text");
    const huge = await preview(new Uint8Array(2 * 1024 * 1024 + 10).fill(0x61));
    expect(huge.status).toBe(422);
    expect(await huge.text()).toContain("larger than 2 MB");
    const pdf = await preview("%PDF-1.7\n", admin, "members.pdf");
    expect(pdf.status).toBe(422);
    expect(await pdf.text()).toContain("Choose a .csv file");
    const none = await postMultipart("/admin/users/import", new FormData(), admin);
    expect(none.status).toBe(422);
    expect(await none.text()).toContain("Choose a CSV file to import.");
  });

  it("will not commit another admin's preview", async () => {
    const t = tag();
    const res = await preview(`email,first_name,last_name\nother-${t}@example.org,Oth,Er\n`);
    const token = tokenOf(await res.text())!;
    const other = await adminSession(db);
    expect((await commit(token, other)).status).toBe(409);
    expect(await byEmails([`other-${t}@example.org`])).toHaveLength(0);
    expect((await commit(token)).status).toBe(303);
    expect(await byEmails([`other-${t}@example.org`])).toHaveLength(1);
  });

  it("lets a users:manage delegate import regular members but not touch an administrator's account or grant roles", async () => {
    const t = tag();
    const manager = await sessionWithRoles(db, ["member"]);
    const [role] = await db.execute<{ id: string }>(sql`insert into roles (id, name, description) values (${newId()}, ${`bulk users ${t}`}, 'test') returning id`).then((r) => r.rows);
    await db.execute(sql`insert into role_permissions (id, role_id, permission_id) select ${newId()}, ${role!.id}, id from permissions where name = 'users:manage'`);
    await db.insert(userRoles).values({ userId: manager.id, roleId: role!.id });
    const boss = await makeUser(db, { email: `boss-${t}@example.org`, memberType: "admin", isVerified: true });
    const res = await preview(
      `email,first_name,last_name,role\n${boss.email},Boss,Changed,\nfresh-${t}@example.org,Fresh,Member,\nchair-${t}@example.org,Chair,Member,committee chair\n`,
      manager,
    );
    const html = await res.text();
    expect(html).toContain("only an administrator can change it");
    expect(html).toContain("Granting a role needs the roles:manage permission");
    expect(html).toContain("<strong>1</strong> to create");
    expect((await commit(tokenOf(html)!, manager)).status).toBe(303);
    expect((await byEmails([boss.email]))[0]!.lastName).toBe(boss.lastName);
    expect(await byEmails([`fresh-${t}@example.org`, `chair-${t}@example.org`])).toHaveLength(1);
  });

  it("grants a role named in the file when the admin may", async () => {
    const t = tag();
    const res = await preview(`email,first_name,last_name,role\nstaff-${t}@example.org,Door,Staff,Event Staff\n`);
    const html = await res.text();
    expect(html).toContain("<strong>1</strong> to create");
    expect((await commit(tokenOf(html)!)).status).toBe(303);
    const [u] = await byEmails([`staff-${t}@example.org`]);
    const grants = await db.execute<{ name: string }>(sql`select r.name from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = ${u!.id} and ur.is_active`);
    expect(grants.rows.map((g) => g.name)).toEqual(["event staff"]);
  });

  it("commits a larger file in batches, one transaction and audit row each, and a rerun lists no unchanged rows", async () => {
    const t = tag();
    const n = IMPORT_BATCH * 2 + 50;
    const csv = ["email,first_name,last_name", ...Array.from({ length: n }, (_, i) => `batch-${i}-${t}@example.org,Batch,Member ${i}`)].join("\n");
    const html = await (await preview(csv)).text();
    expect(html).toContain(`<strong>${n}</strong> to create`);
    const done = await commit(tokenOf(html)!);
    expect(done.status).toBe(303);
    const importId = done.headers.get("location")!.split("/").pop()!;
    const audits = await db.select().from(adminActions).where(and(eq(adminActions.action, "MEMBERS_IMPORTED"), sql`${adminActions.metadata}->>'importId' = ${importId}`));
    expect(audits.map((a) => (a.metadata as { created: number }).created).sort((a, b) => a - b)).toEqual([50, IMPORT_BATCH, IMPORT_BATCH]);
    const [{ count }] = (await db.execute<{ count: number }>(sql`select count(*)::int as count from users where email like ${`batch-%-${t}@example.org`}`)).rows as [{ count: number }];
    expect(count).toBe(n);
    const again = await (await preview(csv)).text();
    expect(again).toContain(`<strong>${n}</strong> unchanged`);
    expect(again).toContain(`${n} rows are not listed here`);
    expect(again).not.toContain(`batch-0-${t}@example.org`);
  });
});
