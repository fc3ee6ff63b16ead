// GET /events/:id and its pieces: what is hidden (drafts, deleted, the join link), what each
// viewer pays and why, jsonb content rendered defensively, the live seat partial, and files.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { eventFiles, events } from "../../src/db/schema/events.ts";
import { useTestDb } from "../helpers/db.ts";
import { get } from "../helpers/http.ts";
import { DAY, openEvent, page, post, seatText, signedInMember } from "./events-fixtures.ts";

const db = useTestDb();

describe("GET /events/:id", () => {
  it("is a 404 for drafts, deleted events, unknown ids and junk", async () => {
    const draft = await openEvent(db, { status: "DRAFT" });
    const deleted = await openEvent(db, { deletedAt: new Date() });
    for (const path of [`/events/${draft.id}`, `/events/${deleted.id}`, `/events/${newId()}`, "/events/nope", `/events/c${"a".repeat(3000)}`]) {
      const res = await page(path);
      expect(res.status, path).toBe(404);
      expect(res.html).not.toContain("Test event");
    }
    expect((await page(`/events/${draft.id}/seats`)).status).toBe(404);
    expect((await page(`/events/${draft.id}.ics`)).status).toBe(404);
  });

  it("shows description, agenda, speakers, sponsors and address, skipping jsonb it does not understand", async () => {
    const e = await openEvent(db, {
      title: "D2 bonding workshop",
      description: "What sureties look at.\n\nBring your WIP schedule.",
      location: "Laney College, Oakland",
      address: { street: "900 Fallon St", city: "Oakland", state: "CA", zip: "94607" },
      agenda: [{ time: "9:00 AM", title: "Introductions" }, { title: "" }, 7, null, "Hands-on exercise", { time: 900, title: "Review" }],
      speakers: [{ name: "Dana Surety", title: "Underwriter", organization: "Bay Bonding" }, { title: "No name" }],
      sponsors: [
        { name: "Good Builders", level: "Gold", url: "https://good.example.org" },
        { name: "Sneaky Co", url: "javascript:alert(1)" },
        42,
        { foo: "bar" },
      ],
    });
    const { status, html } = await page(`/events/${e.id}`);
    expect(status).toBe(200);
    expect(html).toContain("<h1 id=\"event-title\">D2 bonding workshop</h1>");
    expect(html).toContain("<p>What sureties look at.</p><p>Bring your WIP schedule.</p>");
    expect(html).toContain("<strong>9:00 AM: </strong>Introductions");
    expect(html).toContain("Hands-on exercise");
    expect(html).toContain("Review"); // a numeric time is dropped, the item kept
    expect(html).toContain("<strong>Dana Surety</strong>, Underwriter, Bay Bonding");
    expect(html).not.toContain("No name");
    expect(html).toContain('<a href="https://good.example.org" rel="noopener noreferrer">Good Builders</a> (Gold)');
    expect(html).toContain("Sneaky Co");
    expect(html).not.toContain("javascript:");
    expect(html).toContain("900 Fallon St<br/>Oakland, CA 94607");

    // Not lists at all: the sections are left out, the page still renders.
    await db.update(events).set({ agenda: { weird: true }, speakers: "Dana", sponsors: null, address: 12 }).where(eq(events.id, e.id));
    const odd = await page(`/events/${e.id}`);
    expect(odd.status).toBe(200);
    expect(odd.html).not.toContain("<h2>Agenda</h2>");
    expect(odd.html).not.toContain("<h2>Speakers</h2>");
  });

  it("shows the join link only to a member whose seat is confirmed: not to visitors, non-registrants or the waitlist", async () => {
    const join = `https://meet.example.com/d3-${newId()}`;
    const e = await openEvent(db, { isVirtual: true, virtualUrl: join, maxCapacity: 1 });
    const [confirmed, waiting, bystander] = [await signedInMember(db), await signedInMember(db), await signedInMember(db)];
    expect((await post(`/events/${e.id}/register`, confirmed)).location).toContain("notice=registered");
    expect((await post(`/events/${e.id}/register`, waiting)).location).toContain("notice=waitlisted");

    expect((await page(`/events/${e.id}`)).html).not.toContain(join);
    expect((await page(`/events/${e.id}`, bystander)).html).not.toContain(join);
    const waitlisted = await page(`/events/${e.id}`, waiting);
    expect(waitlisted.html).not.toContain(join);
    expect(waitlisted.html).toContain("number 1 in line");
    const mine = await page(`/events/${e.id}`, confirmed);
    expect(mine.html).toContain(`href="${join}"`);
    expect(mine.html).toContain("You are registered.");
    expect(mine.headers.get("cache-control")).toContain("private");
    expect((await get(`/events/${e.id}.ics`).then((r) => r.text()))).not.toContain(join);
  });

  it("says which price applies to whom, and why", async () => {
    const deadline = new Date(Date.now() + 3 * DAY);
    const e = await openEvent(db, { price: "100.00", memberPrice: "60.00", earlyBirdPrice: "80.00", earlyBirdDeadline: deadline });
    const expires = new Date(Date.now() + 200 * DAY);
    const active = await signedInMember(db, { membershipExpiresAt: expires });
    const lapsed = await signedInMember(db, { membershipExpiresAt: new Date(Date.now() - 30 * DAY) }); // past the 14-day grace

    const visitor = await page(`/events/${e.id}`);
    expect(visitor.html).toContain("Your price: $80.00");
    expect(visitor.html).toMatch(/Early-bird price until [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M P[SD]T\./);
    expect(visitor.html).toContain("Sign in to register");

    const member = await page(`/events/${e.id}`, active);
    expect(member.html).toContain("Your price: $60.00");
    expect(member.html).toMatch(/Member price — your membership is active until [A-Z][a-z]{2} \d{1,2}, \d{4}\./);
    expect(member.html).toContain("Member price: $60.00 (for members with an active membership)<strong> ← applies to you</strong>");

    await db.update(events).set({ earlyBirdDeadline: new Date(Date.now() - DAY) }).where(eq(events.id, e.id));
    const late = await page(`/events/${e.id}`, lapsed);
    expect(late.html).toContain("Your price: $100.00");
    expect(late.html).toContain("members with an active membership pay $60.00, and yours is not active");
    expect((await page(`/events/${e.id}`)).html).toContain("Standard price. Sign in: members with an active membership pay $60.00.");

    // Ended three days ago: within the dues grace period, still a member's price, and told to renew.
    const inGrace = await signedInMember(db, { membershipExpiresAt: new Date(Date.now() - 3 * DAY) });
    const graced = await page(`/events/${e.id}`, inGrace);
    expect(graced.html).toContain("Your price: $60.00");
    expect(graced.html).toMatch(/your membership ended on [A-Z][a-z]{2} \d{1,2}, \d{4} and is in its renewal grace period; renew to keep member prices\./);
  });

  it("serves the seat count as a partial that polls itself, and it drops by one after a registration", async () => {
    const e = await openEvent(db, { maxCapacity: 5 });
    const full = await page(`/events/${e.id}`);
    expect(seatText(full.html)).toBe("5 seats left of 5");
    expect(full.html).toMatch(/<p id="seats" class="seats" data-hx-get="\/events\/[a-z0-9]+\/seats" data-hx-trigger="every 10s" data-hx-swap="outerHTML">/);

    await post(`/events/${e.id}/register`, await signedInMember(db));
    const partial = await page(`/events/${e.id}/seats`, undefined, { "hx-request": "true" });
    expect(partial.status).toBe(200);
    expect(partial.html.startsWith('<p id="seats"')).toBe(true);
    expect(partial.html).not.toContain("<html");
    expect(seatText(partial.html)).toBe("4 seats left of 5");
    expect(partial.headers.get("cache-control")).toBe("no-store");

    // Unpublished while someone watches: the poll gets a last fragment without polling attributes.
    await db.update(events).set({ status: "DRAFT" }).where(eq(events.id, e.id));
    const gone = await page(`/events/${e.id}/seats`, undefined, { "hx-request": "true" });
    expect(gone.html).toContain("no longer listed");
    expect(gone.html).not.toContain("data-hx-trigger");
  });

  it("does not poll when registration is not open", async () => {
    const e = await openEvent(db, { status: "REGISTRATION_CLOSED", maxCapacity: 10 });
    const { html } = await page(`/events/${e.id}`);
    expect(seatText(html)).toBe("10 seats left of 10");
    expect(html).not.toContain("data-hx-trigger");
    expect(html).toContain("Registration is not open for this event.");
  });

  it("tells everyone a cancelled event is cancelled", async () => {
    const e = await openEvent(db, { status: "CANCELLED" });
    const { status, html } = await page(`/events/${e.id}`);
    expect(status).toBe(200);
    expect(html).toContain("This event is cancelled.");
    expect(html).not.toContain('action="/events/' + e.id + '/register"');
  });
});

describe("GET /events/:id/files/:fileId", () => {
  async function eventWithFile(name: string, body: string, type: string) {
    const e = await openEvent(db);
    const filePath = `events/${e.id}/${newId()}`;
    await env.FILES.put(filePath, body);
    const [file] = await db
      .insert(eventFiles)
      .values({ eventId: e.id, fileName: name, filePath, fileType: type, fileSize: body.length, uploadedBy: e.createdById })
      .returning();
    return { event: e, file: file! };
  }

  it("streams the file from R2 with its type to a signed-in member; visitors are sent to sign in", async () => {
    const { event, file } = await eventWithFile("Agenda and handout.pdf", "%PDF-1.4 test", "application/pdf");
    const member = await signedInMember(db);
    const listed = await page(`/events/${event.id}`, member);
    expect(listed.html).toContain(`<a href="/events/${event.id}/files/${file.id}">Agenda and handout.pdf</a>`);

    const res = await get(`/events/${event.id}/files/${file.id}`, { headers: { cookie: member.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toContain('inline; filename="Agenda and handout.pdf"');
    expect(res.headers.get("cache-control")).toBe("private, max-age=3600");
    expect(new TextDecoder().decode(await res.arrayBuffer())).toBe("%PDF-1.4 test");

    const again = await get(`/events/${event.id}/files/${file.id}`, {
      headers: { cookie: member.cookie, "if-none-match": res.headers.get("etag")! },
    });
    expect(again.status).toBe(304);

    const anonymous = await get(`/events/${event.id}/files/${file.id}`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toContain("/login?next=");
    expect((await page(`/events/${event.id}`)).html).toContain("Sign in</a> to download them.");
  });

  it("refuses a signed-in account whose email is not confirmed (403), as registering does", async () => {
    const { event, file } = await eventWithFile("Roster.pdf", "%PDF-1.4 roster", "application/pdf");
    const unverified = await signedInMember(db, { verified: false });
    const res = await get(`/events/${event.id}/files/${file.id}`, { headers: { cookie: unverified.cookie } });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain("Confirm your email first");
    expect(html).not.toContain("%PDF");
  });

  it("downloads anything a browser might run (HTML) as an attachment", async () => {
    const { event, file } = await eventWithFile("page.html", "<script>alert(1)</script>", "text/html");
    const member = await signedInMember(db);
    const res = await get(`/events/${event.id}/files/${file.id}`, { headers: { cookie: member.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment;/);
    await res.body?.cancel();
  });

  it("is a 404 for another event's file, a missing object, or a draft event's file", async () => {
    const a = await eventWithFile("a.pdf", "A", "application/pdf");
    const b = await eventWithFile("b.pdf", "B", "application/pdf");
    const member = await signedInMember(db);
    const headers = { cookie: member.cookie };
    expect((await get(`/events/${a.event.id}/files/${b.file.id}`, { headers })).status).toBe(404);
    expect((await get(`/events/${a.event.id}/files/${newId()}`, { headers })).status).toBe(404);

    await env.FILES.delete(b.file.filePath);
    expect((await get(`/events/${b.event.id}/files/${b.file.id}`, { headers })).status).toBe(404);

    await db.update(events).set({ status: "DRAFT" }).where(eq(events.id, a.event.id));
    expect((await get(`/events/${a.event.id}/files/${a.file.id}`, { headers })).status).toBe(404);
  });
});
