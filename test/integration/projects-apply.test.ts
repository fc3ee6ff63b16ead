// Applying and withdrawing: maxApplications under 200 concurrent requests (5 runs), one bid
// per member, deadline and status refusals, withdrawal freeing the place, hostile input.
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applicationFiles, projectApplications, projects } from "../../src/db/schema/index.ts";
import { makeProject, makeUser, useTestDb } from "../helpers/db.ts";
import { sessionCookie } from "../helpers/auth.ts";
import { ORIGIN } from "../helpers/http.ts";
import { applyBody, as, GOOD_BID, PDF } from "./projects-helpers.ts";

const db = useTestDb();
const post = (cookie: string, path: string, body: FormData) => exports.default.fetch(new Request(`${ORIGIN}${path}`, as(cookie, { method: "POST", body })));

async function openProject(overrides: Parameters<typeof makeProject>[2] = {}) {
  const owner = await makeUser(db, { isVerified: true });
  return makeProject(db, owner.id, { title: "Apply test", status: "BIDDING_OPEN", visibility: "PUBLIC", deadlineDate: new Date(Date.now() + 5 * 86_400_000), ...overrides });
}

async function member() {
  const u = await makeUser(db, { isVerified: true });
  return { id: u.id, cookie: await sessionCookie(db, u.id) };
}

describe("maxApplications under concurrency", () => {
  for (let run = 1; run <= 5; run++) {
    it(`run ${run}: 200 members at once for 25 places → 25 accepted, 175 told it is full`, { timeout: 180_000 }, async () => {
      const project = await openProject({ maxApplications: 25 });
      const applicants = await Promise.all(Array.from({ length: 200 }, () => member()));
      // A 503 (the local database proxy dropping a connection under 200 at once) is retried, as
      // a browser's member would; it never counts as accepted or full.
      const once = async (cookie: string) => {
        for (let attempt = 1; ; attempt++) {
          const res = await post(cookie, `/projects/${project.id}/apply`, applyBody(GOOD_BID));
          if (res.status !== 503 || attempt === 3) return res;
          await res.body?.cancel();
        }
      };
      const responses = await Promise.all(applicants.map((a) => once(a.cookie)));
      const bodies = await Promise.all(responses.map((r) => r.text()));
      const accepted = responses.filter((r) => r.status === 303).length;
      const full = responses.filter((r, i) => r.status === 409 && /This opportunity is full/.test(bodies[i]!)).length;
      expect({ accepted, full }).toEqual({ accepted: 25, full: 175 });
      const [row] = await db.select({ n: projects.applicationCount }).from(projects).where(eq(projects.id, project.id));
      const rows = await db.select({ id: projectApplications.id }).from(projectApplications).where(eq(projectApplications.projectId, project.id));
      expect({ count: row!.n, rows: rows.length }).toEqual({ count: 25, rows: 25 });
    });
  }
});

describe("applying", () => {
  it("stores the bid and its files, once per member", async () => {
    const project = await openProject();
    const a = await member();
    const res = await post(a.cookie, `/projects/${project.id}/apply`, applyBody(GOOD_BID, [["Bid Form.pdf", PDF, "application/pdf"]]));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/projects/mine?notice=applied");
    const [app] = await db.select().from(projectApplications).where(eq(projectApplications.projectId, project.id));
    expect(app).toMatchObject({ userId: a.id, status: "PENDING", bidAmount: "125000.00", estimatedDuration: 42 });
    const files = await db.select().from(applicationFiles).where(eq(applicationFiles.applicationId, app!.id));
    expect(files.map((f) => f.fileName)).toEqual(["Bid-Form.pdf"]);
    expect(await env.FILES.head(files[0]!.filePath)).not.toBeNull();
    const again = await post(a.cookie, `/projects/${project.id}/apply`, applyBody(GOOD_BID));
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(/You already bid on this opportunity/);
    const mine = await exports.default.fetch(new Request(`${ORIGIN}/projects/mine`, as(a.cookie)));
    expect(await mine.text()).toMatch(/Apply test[\s\S]*Submitted/);
  });

  it("refuses after the deadline and when bidding is not open, with the reason", async () => {
    const a = await member();
    const late = await openProject({ deadlineDate: new Date(Date.now() - 60_000) });
    const lateRes = await post(a.cookie, `/projects/${late.id}/apply`, applyBody(GOOD_BID));
    expect(lateRes.status).toBe(409);
    expect(await lateRes.text()).toMatch(/deadline has passed/);
    const announced = await openProject({ status: "PUBLISHED" });
    const annRes = await post(a.cookie, `/projects/${announced.id}/apply`, applyBody(GOOD_BID));
    expect(annRes.status).toBe(409);
    expect(await annRes.text()).toMatch(/Bidding has not opened yet/);
    const awarded = await openProject({ status: "AWARDED" });
    expect((await post(a.cookie, `/projects/${awarded.id}/apply`, applyBody(GOOD_BID))).status).toBe(409);
    for (const p of [late, announced, awarded]) {
      expect(await db.select().from(projectApplications).where(eq(projectApplications.projectId, p.id))).toEqual([]);
    }
  });

  it("withdrawing before the deadline frees the place", async () => {
    const project = await openProject({ maxApplications: 1 });
    const [a, b] = [await member(), await member()];
    expect((await post(a.cookie, `/projects/${project.id}/apply`, applyBody(GOOD_BID))).status).toBe(303);
    const full = await post(b.cookie, `/projects/${project.id}/apply`, applyBody(GOOD_BID));
    expect(full.status).toBe(409);
    await full.body?.cancel();
    const w = await exports.default.fetch(new Request(`${ORIGIN}/projects/${project.id}/withdraw`, as(a.cookie, { method: "POST", body: new URLSearchParams() })));
    expect(w.status).toBe(303);
    const [app] = await db.select().from(projectApplications).where(eq(projectApplications.userId, a.id));
    expect(app!.status).toBe("WITHDRAWN");
    expect(app!.withdrawnAt).not.toBeNull();
    const [count] = await db.select({ n: projects.applicationCount }).from(projects).where(eq(projects.id, project.id));
    expect(count!.n).toBe(0);
    expect((await post(b.cookie, `/projects/${project.id}/apply`, applyBody(GOOD_BID))).status).toBe(303);
    const twice = await exports.default.fetch(new Request(`${ORIGIN}/projects/${project.id}/withdraw`, as(a.cookie, { method: "POST", body: new URLSearchParams() })));
    expect(twice.status).toBe(409);
    await twice.body?.cancel();
  });

  it("refuses hostile input with 422 and keeps what was typed", async () => {
    const project = await openProject();
    const a = await member();
    const cases: Array<[string, FormData, RegExp]> = [
      ["a program named .pdf", applyBody(GOOD_BID, [["bid.pdf", new TextEncoder().encode("MZ\u0090\u0000 This program"), "application/pdf"]]), /not a PDF/],
      ["an HTML file", applyBody(GOOD_BID, [["x.html", new TextEncoder().encode("<script>alert(1)</script>")]]), /\.html are not accepted/],
      ["a text file (not a bid document)", applyBody(GOOD_BID, [["notes.txt", new TextEncoder().encode("hello")]]), /attach PDF/],
      ["a negative bid", applyBody({ ...GOOD_BID, bidAmount: "-5" }), /must be dollars/],
      ["a duration of 0", applyBody({ ...GOOD_BID, estimatedDuration: "0" }), /between 1 and 3650/],
      ["a NUL in the cover letter", applyBody({ ...GOOD_BID, coverLetter: "Hello\u0000 there, we bid on this work" }), /invisible character|plain text/],
      ["markup in the cover letter is kept as text", applyBody({ ...GOOD_BID, coverLetter: "<script>alert(1)</script>", estimatedDuration: "x" }), /&lt;script&gt;alert\(1\)&lt;\/script&gt;/],
    ];
    for (const [what, body, message] of cases) {
      const res = await post(a.cookie, `/projects/${project.id}/apply`, body);
      expect(res.status, what).toBe(422);
      const html = await res.text();
      expect(html, what).toMatch(message);
      expect(html, what).not.toContain("<script>alert(1)");
    }
    expect(await db.select().from(projectApplications).where(eq(projectApplications.projectId, project.id))).toEqual([]);
  });

  it("answers 422 to bad list filters and keeps them in the form", async () => {
    const bad = ["category=CASTLES", "closing=3", "zip=9410", "min=lots", "min=500&max=100", "sort=random", "miles=25"];
    for (const q of bad) {
      const res = await exports.default.fetch(new Request(`${ORIGIN}/projects?${q}`));
      expect(res.status, q).toBe(422);
      await res.body?.cancel();
    }
    expect((await exports.default.fetch(new Request(`${ORIGIN}/projects?q=%3Cscript%3E&zip=`))).status).toBe(200);
  });
});

