// Events in a real browser against `wrangler dev` (real EventCapacity object and Postgres):
// member A registers and member B, with the page already open, sees the seat count drop
// without reloading; C joins the waitlist; A cancels and C is promoted. axe and the W3C Nu
// checker on the event pages in each state (the smoke walk's database has no events).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { newId } from "../../src/db/ids.ts";
import { createE2EAccount } from "./accounts.ts";
import { expectNoAxeViolations, nuCheckerErrors, phoneContext, signIn } from "./browse.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

const htmlDir = path.resolve("test-results/html-events");
const shots = path.resolve("test-results/screenshots");

let worker: Worker;
let browser: Browser;
let db: pg.Client;
const contexts: BrowserContext[] = [];
let eventId: string;

async function memberContext(): Promise<{ context: BrowserContext; userId: string }> {
  const account = await createE2EAccount("member");
  const context = await phoneContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, worker.url, account);
  await page.close();
  const { rows } = await db.query<{ id: string }>("select id from users where email = $1", [account.email]);
  return { context, userId: rows[0]!.id };
}

/** Opens a page, checks its status, keeps its HTML for the Nu checker and runs axe on it. */
async function visit(context: BrowserContext, urlPath: string, name: string, status = 200): Promise<Page> {
  const page = await context.newPage();
  const res = await page.goto(`${worker.url}${urlPath}`, { waitUntil: "load" });
  expect(res?.status()).toBe(status);
  writeFileSync(path.join(htmlDir, `${name}.html`), await res!.text());
  await page.screenshot({ path: path.join(shots, `events-${name}.png`), fullPage: true });
  await expectNoAxeViolations(page);
  return page;
}

const seats = (page: Page) => page.locator("#seats").innerText();

async function registrationStatus(userId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ status: string }>("select status from event_registrations where event_id = $1 and user_id = $2", [eventId, userId]);
  return rows[0]?.status;
}

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(shots, { recursive: true });
  db = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await db.connect();
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);

  const { rows } = await db.query<{ id: string }>(
    `insert into users (id, email, password, first_name, last_name) values ($1, $2, 'not-a-hash', 'Event', 'Owner') returning id`,
    [newId(), `e2e-owner-${newId()}@example.test`],
  );
  eventId = newId();
  const start = new Date(Date.now() + 10 * 86_400_000);
  await db.query(
    `insert into events (id, title, description, type, status, start_date, end_date, max_capacity, location, address,
       agenda, speakers, sponsors, price, created_by_id, published_at)
     values ($1, 'Estimating Public Works Bids', $2, 'WORKSHOP', 'REGISTRATION_OPEN', $3, $4, 1, 'Chabot College, Hayward', $5,
       $6, $7, $8, 0, $9, now())`,
    [
      eventId,
      "Bring a laptop: quantity take-off to a complete bid.\n\nOne seat only, so the waitlist gets a workout.",
      start,
      new Date(start.getTime() + 3 * 3_600_000),
      JSON.stringify({ street: "25555 Hesperian Blvd", city: "Hayward", state: "CA", zip: "94545" }),
      JSON.stringify([{ time: "9:00 AM", title: "Take-off" }, { time: "11:00 AM", title: "Pricing" }]),
      JSON.stringify([{ name: "Rosa Estimator", title: "Chief estimator", organization: "Bay Civil" }]),
      JSON.stringify([{ name: "Okafor General Builders", level: "Gold" }]),
      rows[0]!.id,
    ],
  );
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await worker?.stop();
  await db?.end();
});

describe("events in the browser", () => {
  it("shows a seat taken live, waitlists when full, and promotes the waiter when a seat is given back", async () => {
    const a = await memberContext();
    const b = await memberContext();
    const c = await memberContext();

    // B opens the event first and keeps it open; a marker on window proves the page never reloads.
    const bPage = await visit(b.context, `/events/${eventId}`, "event-open-member");
    expect(await seats(bPage)).toBe("1 seat left of 1");
    await bPage.evaluate("window.__stillTheSamePage = true");

    const aPage = await a.context.newPage();
    await aPage.goto(`${worker.url}/events/${eventId}`);
    await Promise.all([aPage.waitForURL(/notice=registered/), aPage.click('form[action$="/register"] button')]);
    expect(await aPage.locator("#my-registration").innerText()).toContain("You are registered.");
    expect(await registrationStatus(a.userId)).toBe("REGISTERED");

    // htmx polls every 10 s: the count changes on B's screen within about 12 s, without a reload.
    await bPage.waitForFunction('document.querySelector("#seats")?.textContent?.includes("Full")', undefined, {
      timeout: 12_500,
      polling: 250,
    });
    expect(await seats(bPage)).toBe("Full: registering puts you on the waitlist");
    expect(await bPage.evaluate("window.__stillTheSamePage")).toBe(true);
    await expectNoAxeViolations(bPage); // after the swap too

    const cPage = await c.context.newPage();
    await cPage.goto(`${worker.url}/events/${eventId}`);
    expect(await cPage.locator('form[action$="/register"] button').innerText()).toBe("Join waitlist");
    await Promise.all([cPage.waitForURL(/notice=waitlisted/), cPage.click('form[action$="/register"] button')]);
    expect(await cPage.locator("#my-registration").innerText()).toContain("number 1 in line");
    expect(await registrationStatus(c.userId)).toBe("WAITLISTED");
    writeFileSync(path.join(htmlDir, "event-waitlisted.html"), await cPage.content());
    await expectNoAxeViolations(cPage);

    await Promise.all([aPage.waitForURL(/notice=cancelled/), aPage.click('form[action$="/cancel"] button')]);
    expect(await registrationStatus(a.userId)).toBe("CANCELLED");
    expect(await registrationStatus(c.userId)).toBe("REGISTERED");
    const { rows } = await db.query("select 1 from email_outbox where user_id = $1 and kind = 'EVENT_SEAT_PROMOTED'", [c.userId]);
    expect(rows).toHaveLength(1);

    await cPage.goto(`${worker.url}/events/${eventId}`);
    expect(await cPage.locator("#my-registration").innerText()).toContain("You are registered.");
    expect(await cPage.locator('form[action$="/cancel"] button').innerText()).toBe("Cancel registration");
  });

  it("has no axe violations on the event pages as a visitor and as a member", async () => {
    const visitor = await phoneContext(browser);
    contexts.push(visitor);
    await (await visit(visitor, `/events/${eventId}`, "event-visitor")).close();
    await (await visit(visitor, "/events", "events-list")).close();
    await (await visit(visitor, "/events?month=2026-13", "events-invalid-filter", 422)).close();

    const member = await memberContext();
    await (await visit(member.context, "/events/my", "my-events")).close();
    const withFeed = await member.context.newPage();
    await withFeed.goto(`${worker.url}/events/my`);
    await withFeed.click('form[action="/events/my/calendar-token"] button');
    await withFeed.waitForSelector("#feed-url");
    writeFileSync(path.join(htmlDir, "my-events-feed.html"), await withFeed.content());
    await expectNoAxeViolations(withFeed);
    const feedUrl = await withFeed.inputValue("#feed-url");
    const feed = await fetch(feedUrl);
    expect(feed.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(await feed.text()).toContain("BEGIN:VCALENDAR");
  });

  it("filters the list with htmx without leaving the page", async () => {
    const visitor = await phoneContext(browser);
    contexts.push(visitor);
    const page = await visitor.newPage();
    await page.goto(`${worker.url}/events`);
    await page.evaluate("window.__stillTheSamePage = true");
    await page.click("summary"); // the filters are folded away on a phone until asked for
    await page.selectOption("#f-type", "AWARDS");
    await page.click('form[role="search"] button[type="submit"]');
    await page.waitForURL(/type=AWARDS/);
    await page.waitForFunction('document.querySelector("#event-results")?.textContent?.includes("No upcoming events match")');
    expect(await page.evaluate("window.__stillTheSamePage")).toBe(true);
  });

  it("every events page walked above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
