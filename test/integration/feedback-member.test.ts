// The member's side of feedback against real Postgres: the form behind "Help & feedback"
// (hostile input refused with the text kept, the page it came from stored only as a same-site
// path), the per-member limit, "my feedback" showing only the member's own tickets, and
// follow-ups (reopening a resolved ticket, refused on a closed one).
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { feedbackReplies, memberFeedback } from "../../src/db/schema/index.ts";
import { TICKET_RATE } from "../../src/features/feedback/routes.tsx";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

const db = useTestDb();

async function member(firstName = "Feedback") {
  const account = await createAccount(db, { firstName });
  return { id: account.id, init: { headers: { cookie: await sessionCookie(db, account.id) } } };
}

const ticketsOf = (userId: string) => db.select().from(memberFeedback).where(eq(memberFeedback.userId, userId));
const valid = { category: "BUG_REPORT", subject: "Upload fails", message: "The plan set upload stops at 90%.", priority: "HIGH", from: "/account/profile?tab=files" };

describe("GET /feedback/new", () => {
  it("shows a visitor (even on the sign-in page) how to reach the office: sign in and come back to the form, reset a password, or email", async () => {
    const login = await (await get("/login?next=%2Fevents")).text();
    expect(login).toContain(`href="/feedback/new?from=${encodeURIComponent("/login?next=%2Fevents")}"`);
    const res = await get("/feedback/new?from=%2Fevents");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`href="/login?next=${encodeURIComponent("/feedback/new?from=%2Fevents")}"`);
    expect(html).toContain('href="/forgot-password"');
    expect(html).toMatch(/href="mailto:[^"@]+@[^"]+"/);
    expect(html).not.toContain('action="/feedback"');
  });

  it("carries a same-site page into the hidden field and drops an external one", async () => {
    const m = await member();
    const ok = await (await get("/feedback/new?from=%2Fprojects%3Fq%3Droof", m.init)).text();
    expect(ok).toContain('name="from" value="/projects?q=roof"');
    const evil = await (await get(`/feedback/new?from=${encodeURIComponent("https://evil.example/x")}`, m.init)).text();
    expect(evil).toContain('name="from" value=""');
    expect(evil).not.toContain("evil.example");
  });

  it("is linked from every page's footer with the current path and query string, without a secret parameter", async () => {
    const html = await (await get("/events")).text();
    expect(html).toContain('href="/feedback/new?from=%2Fevents"');
    expect(html).toContain("Help &amp; feedback");
    const filtered = await (await get("/events?type=WORKSHOP&page=2")).text();
    expect(filtered).toContain(`href="/feedback/new?from=${encodeURIComponent("/events?type=WORKSHOP&page=2")}"`);
    const reset = await (await get("/reset-password?token=secret-token-value")).text();
    expect(reset).toContain('href="/feedback/new?from=%2Freset-password"');
    expect(reset).not.toContain("secret-token-value");
  });
});

describe("POST /feedback", () => {
  it("stores the ticket with the page it came from and shows it to the member", async () => {
    const m = await member();
    const res = await postForm("/feedback", valid, m.init);
    expect(res.status).toBe(303);
    const [ticket] = await ticketsOf(m.id);
    expect(ticket).toMatchObject({ category: "BUG_REPORT", priority: "HIGH", status: "OPEN", subject: "Upload fails", pageUrl: "/account/profile?tab=files" });
    expect(res.headers.get("location")).toBe(`/account/feedback/${ticket!.id}?notice=sent`);
    const page = await (await get(res.headers.get("location")!, m.init)).text();
    expect(page).toContain("The plan set upload stops at 90%.");
    expect(page).toContain("Your message has reached the chapter office");
  });

  it("refuses an external page, javascript: and protocol-relative links, keeping what was typed", async () => {
    const m = await member();
    for (const from of ["https://evil.example/phish", "javascript:alert(1)", "//evil.example", "/\\evil.example"]) {
      const res = await postForm("/feedback", { ...valid, subject: "Kept subject", from }, m.init);
      expect(res.status, from).toBe(422);
      const html = await res.text();
      expect(html).toContain("The page this came from must be a page of this portal");
      expect(html).toContain('value="Kept subject"');
      expect(html).toContain("The plan set upload stops at 90%.");
    }
    expect(await ticketsOf(m.id)).toHaveLength(0);
  });

  it("refuses unknown choices, blanks and hidden characters, and stores markup as text", async () => {
    const m = await member();
    const bad = await postForm("/feedback", { category: "SPAM", subject: " ", message: "", priority: "NOW", from: "" }, m.init);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("Choose what this is about");
    expect(html).toContain("Enter a subject");
    expect(html).toContain("Choose how urgent it is");
    const bidi = await postForm("/feedback", { ...valid, subject: "Invoice \u202egpj.exe" }, m.init);
    expect(bidi.status).toBe(422);
    const nul = await postForm("/feedback", { ...valid, message: "a\u0000b" }, m.init);
    expect(nul.status).toBe(422);
    expect(await ticketsOf(m.id)).toHaveLength(0);

    const script = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const res = await postForm("/feedback", { ...valid, subject: script, message: script }, m.init);
    expect(res.status).toBe(303);
    const page = await (await get(res.headers.get("location")!, m.init)).text();
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("&lt;script&gt;");
  });

  it(`accepts ${TICKET_RATE.limit} tickets an hour from one member, then answers 429 with the text kept`, async () => {
    const m = await member();
    for (let i = 0; i < TICKET_RATE.limit; i++) {
      expect((await postForm("/feedback", { ...valid, subject: `Ticket ${i}` }, m.init)).status).toBe(303);
    }
    const res = await postForm("/feedback", { ...valid, subject: "One too many" }, m.init);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const html = await res.text();
    expect(html).toContain('value="One too many"');
    expect(html).toContain("Nothing was sent");
    expect(await ticketsOf(m.id)).toHaveLength(TICKET_RATE.limit);
    // Another member is not held back by the first one's limit.
    const other = await member();
    expect((await postForm("/feedback", valid, other.init)).status).toBe(303);
  });
});

describe("/account/feedback", () => {
  it("lists only the member's own tickets, newest first, with an empty state", async () => {
    const mine = await member();
    const theirs = await member();
    expect(await (await get("/account/feedback", mine.init)).text()).toContain("You have not sent the chapter office anything yet");
    await db.insert(memberFeedback).values([
      { userId: mine.id, category: "GENERAL", subject: "Older mine", message: "m", createdAt: new Date(Date.now() - 86_400_000) },
      { userId: mine.id, category: "SUPPORT", subject: "Newer mine", message: "m" },
      { userId: theirs.id, category: "SUPPORT", subject: "Someone else's secret", message: "m" },
    ]);
    const admin = await createAccount(db, { memberType: "admin", roles: ["admin"] });
    const [older] = await db.select({ id: memberFeedback.id }).from(memberFeedback).where(and(eq(memberFeedback.userId, mine.id), eq(memberFeedback.subject, "Older mine")));
    await db.insert(feedbackReplies).values([
      { feedbackId: older!.id, authorId: admin.id, body: "Answer" },
      { feedbackId: older!.id, authorId: mine.id, body: "Thanks" },
    ]);
    const html = await (await get("/account/feedback", mine.init)).text();
    expect(html).toContain("1 answer from the chapter office. 2 replies in all.");
    expect(html).toContain("No answer yet.");
    expect(html).toContain("Newer mine");
    expect(html.indexOf("Newer mine")).toBeLessThan(html.indexOf("Older mine"));
    expect(html).not.toContain("Someone else's secret");
  });

  it("answers 404 for another member's ticket, to read or to reply, and writes nothing", async () => {
    const owner = await member();
    const stranger = await member();
    const [ticket] = await db.insert(memberFeedback).values({ userId: owner.id, category: "SUPPORT", subject: "Private", message: "m" }).returning();
    expect((await get(`/account/feedback/${ticket!.id}`, stranger.init)).status).toBe(404);
    expect((await postForm(`/account/feedback/${ticket!.id}/replies`, { body: "Sneaky" }, stranger.init)).status).toBe(404);
    expect(await db.select().from(feedbackReplies).where(eq(feedbackReplies.feedbackId, ticket!.id))).toHaveLength(0);
  });

  it("reopens a resolved ticket on a follow-up: OPEN when nobody owns it, IN_PROGRESS when an admin does", async () => {
    const m = await member();
    const admin = await createAccount(db, { memberType: "admin", roles: ["admin"] });
    const [free, owned] = await db
      .insert(memberFeedback)
      .values([
        { userId: m.id, category: "SUPPORT", subject: "Unowned", message: "m", status: "RESOLVED" },
        { userId: m.id, category: "SUPPORT", subject: "Owned", message: "m", status: "RESOLVED", assignedToId: admin.id },
      ])
      .returning();
    for (const t of [free!, owned!]) {
      const res = await postForm(`/account/feedback/${t.id}/replies`, { body: "Still broken on my phone." }, m.init);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/account/feedback/${t.id}?notice=replied`);
    }
    const status = async (id: string) => (await db.select({ s: memberFeedback.status }).from(memberFeedback).where(eq(memberFeedback.id, id)))[0]!.s;
    expect(await status(free!.id)).toBe("OPEN");
    expect(await status(owned!.id)).toBe("IN_PROGRESS");
    const [reply] = await db.select().from(feedbackReplies).where(and(eq(feedbackReplies.feedbackId, free!.id), eq(feedbackReplies.authorId, m.id)));
    expect(reply!.body).toBe("Still broken on my phone.");
  });

  it("refuses a follow-up on a closed ticket and an empty one, keeping the text", async () => {
    const m = await member();
    const [closed] = await db.insert(memberFeedback).values({ userId: m.id, category: "SUPPORT", subject: "Done", message: "m", status: "CLOSED" }).returning();
    const page = await (await get(`/account/feedback/${closed!.id}`, m.init)).text();
    expect(page).toContain("This ticket is closed");
    expect(page).not.toContain('name="body"');
    const res = await postForm(`/account/feedback/${closed!.id}/replies`, { body: "One more thing" }, m.init);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("One more thing");
    const [open] = await db.insert(memberFeedback).values({ userId: m.id, category: "SUPPORT", subject: "Open", message: "m" }).returning();
    expect((await postForm(`/account/feedback/${open!.id}/replies`, { body: "  " }, m.init)).status).toBe(422);
    expect(await db.select().from(feedbackReplies).where(eq(feedbackReplies.authorId, m.id))).toHaveLength(0);
  });
});
