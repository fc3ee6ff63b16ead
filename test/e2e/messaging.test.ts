// Messaging in a real browser against `wrangler dev` (real ChatRoom object and Postgres): two
// members chat live in two contexts (a message A sends appears on B's open page without a
// reload, and A sees it DELIVERED then READ); the same with JavaScript off (the composer POSTs
// and redirects back); a message typed while the socket is down is kept and sent when it
// returns; an urgent announcement arrives as a banner without a reload; older messages load in
// place; a message the room showed but did not keep is dropped on reconnect; a member blocked
// mid-conversation is told why and the page stops reconnecting; a blocked member's group
// messages stay hidden live. axe and the W3C Nu checker on the conversation pages in each state.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { newId } from "../../src/db/ids.ts";
import { createE2EAccount } from "./accounts.ts";
import { expectNoAxeViolations, nuCheckerErrors, signIn } from "./browse.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

const htmlDir = path.resolve("test-results/html-messaging");
const shots = path.resolve("test-results/screenshots");

let worker: Worker;
let browser: Browser;
let db: pg.Client;
const contexts: BrowserContext[] = [];

interface Member {
  context: BrowserContext & { javaScript?: boolean };
  userId: string;
  errors: string[];
}

async function member(opts: { javaScript?: boolean } = {}): Promise<Member> {
  const account = await createE2EAccount("member");
  const context: BrowserContext & { javaScript?: boolean } = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 }, javaScriptEnabled: opts.javaScript ?? true });
  context.javaScript = opts.javaScript ?? true;
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, worker.url, account);
  await page.close();
  const { rows } = await db.query<{ id: string }>("select id from users where email = $1", [account.email]);
  const errors: string[] = [];
  context.on("weberror", (e) => errors.push(e.error().message));
  return { context, userId: rows[0]!.id, errors };
}

/** A DIRECT conversation between the two, as /messages/new would make it. */
async function directConversation(a: string, b: string): Promise<string> {
  const id = newId();
  await db.query("insert into conversations (id, kind, direct_key, created_by_id) values ($1, 'DIRECT', $2, $3)", [id, [a, b].sort().join(":"), a]);
  await db.query("insert into conversation_members (conversation_id, user_id, role) values ($1, $2, 'OWNER'), ($1, $3, 'MEMBER')", [id, a, b]);
  return id;
}

async function groupConversation(owner: string, others: string[]): Promise<string> {
  const id = newId();
  await db.query("insert into conversations (id, kind, title, created_by_id) values ($1, 'GROUP', 'Crane crew', $2)", [id, owner]);
  await db.query("insert into conversation_members (conversation_id, user_id, role) values ($1, $2, 'OWNER')", [id, owner]);
  for (const o of others) await db.query("insert into conversation_members (conversation_id, user_id, role) values ($1, $2, 'MEMBER')", [id, o]);
  return id;
}

/** A conversation page once it is live, marked so a test can tell it was never reloaded. */
async function openLive(context: BrowserContext, id: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${worker.url}/messages/${id}`);
  await live(page);
  await page.evaluate("window.__stillTheSamePage = true");
  return page;
}

/** Opens a page, checks its status, keeps its HTML for the Nu checker and runs axe on it. */
async function visit(context: BrowserContext & { javaScript?: boolean }, urlPath: string, name: string, status = 200): Promise<Page> {
  const page = await context.newPage();
  const res = await page.goto(`${worker.url}${urlPath}`, { waitUntil: "load" });
  expect(res?.status(), (await res?.text())?.slice(0, 3000)).toBe(status);
  writeFileSync(path.join(htmlDir, `${name}.html`), await res!.text());
  await page.screenshot({ path: path.join(shots, `messaging-${name}.png`), fullPage: true });
  // axe runs in the page: the pages seen with JavaScript off are the same markup, checked with it on.
  if (context.javaScript !== false) await expectNoAxeViolations(page);
  return page;
}

/** The page as it is now (after live updates), without the axe script a check injected. */
async function keepHtml(page: Page, name: string): Promise<void> {
  await page.evaluate('document.querySelectorAll("script:not([src])").forEach((s) => s.remove())');
  writeFileSync(path.join(htmlDir, `${name}.html`), await page.content());
}

const live = (page: Page) => page.waitForSelector("[data-chat][data-live]", { timeout: 15_000 });
const statusOf = (page: Page, text: string) =>
  page.locator("#chat-log li.mine", { hasText: text }).locator("[data-status]").innerText();

async function waitForStatus(page: Page, text: string, status: string): Promise<void> {
  await page.locator("#chat-log li.mine", { hasText: text }).locator("[data-status]", { hasText: status }).waitFor({ timeout: 15_000 });
}

async function send(page: Page, text: string): Promise<void> {
  await page.fill("#composer-text", text);
  await page.click("#composer button[type=submit]");
}

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(shots, { recursive: true });
  db = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await db.connect();
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await worker?.stop();
  await db?.end();
});

describe("messaging in the browser", () => {
  it("delivers a message live to the other member's open page, and shows the sender DELIVERED then READ", async () => {
    const a = await member();
    const b = await member();
    const id = await directConversation(a.userId, b.userId);

    const aPage = await visit(a.context, `/messages/${id}`, "conversation-empty");
    await live(aPage);
    await send(aPage, "Anyone have a lift free on Friday?");
    // Stored and acknowledged: the pending item becomes the stored message, SENT (B has no open page).
    await waitForStatus(aPage, "Anyone have a lift free on Friday?", "Sent");

    // B opens the conversation: the message is there, and A hears it was delivered and read.
    const bPage = await b.context.newPage();
    await bPage.goto(`${worker.url}/messages/${id}`);
    await live(bPage);
    await bPage.evaluate("window.__stillTheSamePage = true");
    expect(await bPage.locator("#chat-log").innerText()).toContain("Anyone have a lift free on Friday?");
    await waitForStatus(aPage, "Anyone have a lift free on Friday?", "Read");

    // Now both are open: A's next message appears on B's page without a reload.
    await send(aPage, "Need it for a 40 ft boom, Hayward.");
    await bPage.locator("#chat-log li", { hasText: "Need it for a 40 ft boom, Hayward." }).waitFor({ timeout: 15_000 });
    expect(await bPage.evaluate("window.__stillTheSamePage")).toBe(true);
    await waitForStatus(aPage, "Need it for a 40 ft boom, Hayward.", "Read");

    // B answers; A sees it live too, escaped as text.
    await send(bPage, "Yes — <b>mine</b> is free.");
    await aPage.locator("#chat-log li", { hasText: "Yes — <b>mine</b> is free." }).waitFor({ timeout: 15_000 });
    expect(await aPage.locator("#chat-log b").count()).toBe(0);
    await waitForStatus(bPage, "Yes — <b>mine</b> is free.", "Read");

    const { rows } = await pollRows(id, 3);
    expect(rows.map((r) => r.content)).toEqual(["Anyone have a lift free on Friday?", "Need it for a 40 ft boom, Hayward.", "Yes — <b>mine</b> is free."]);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);

    await keepHtml(aPage, "conversation-live");
    await expectNoAxeViolations(aPage);
    await expectNoAxeViolations(bPage);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it("keeps a message written while the socket is down and sends it once the socket returns", async () => {
    const a = await member();
    const b = await member();
    const id = await directConversation(a.userId, b.userId);
    const bPage = await b.context.newPage();
    await bPage.goto(`${worker.url}/messages/${id}`);
    await live(bPage);

    // setOffline does not close an open WebSocket in Chromium: the page's socket is closed from
    // the page, and reconnecting is refused (a path with no socket) until we say so, as a
    // dropped connection would be.
    const aPage = await a.context.newPage();
    await aPage.addInitScript(`(() => {
      const Real = window.WebSocket;
      window.__blockSockets = false;
      window.WebSocket = function (url) {
        const ws = new Real(window.__blockSockets ? url.replace("/socket", "/no-such-socket") : url);
        window.__ws = ws;
        return ws;
      };
      window.WebSocket.prototype = Real.prototype;
      for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) window.WebSocket[k] = Real[k];
    })()`);
    await aPage.goto(`${worker.url}/messages/${id}`);
    await live(aPage);
    await aPage.evaluate("window.__blockSockets = true; window.__ws.close()");
    await aPage.waitForSelector("[data-chat]:not([data-live])");
    await send(aPage, "Written in the tunnel.");
    await aPage.locator("#chat-log li.pending", { hasText: "Written in the tunnel." }).waitFor();
    // Between reconnect attempts it says Offline, during one Connecting…; never Live.
    expect(await aPage.locator("#chat-state").innerText()).toMatch(/^(Offline|Connecting…)/);
    // Not sent: B has not seen it, and a reload keeps it (sessionStorage).
    await aPage.waitForTimeout(1500);
    expect(await bPage.locator("#chat-log").innerText()).not.toContain("Written in the tunnel.");
    await keepHtml(aPage, "conversation-offline");
    await expectNoAxeViolations(aPage);

    await aPage.evaluate("window.__blockSockets = false");
    await live(aPage);
    await bPage.locator("#chat-log li", { hasText: "Written in the tunnel." }).waitFor({ timeout: 20_000 });
    await waitForStatus(aPage, "Written in the tunnel.", "Read");
    expect(await aPage.locator("#chat-log li.pending").count()).toBe(0);
    const { rows } = await pollRows(id, 1);
    expect(rows.map((r) => r.content)).toEqual(["Written in the tunnel."]);
  });

  it("works with JavaScript off: the composer posts and redirects back, and the other member sees it on load", async () => {
    const a = await member({ javaScript: false });
    const b = await member({ javaScript: false });
    const id = await directConversation(a.userId, b.userId);

    const aPage = await visit(a.context, `/messages/${id}`, "conversation-no-js");
    await Promise.all([aPage.waitForURL(new RegExp(`/messages/${id}#m-1$`)), send(aPage, "Posted without a script.")]);
    expect(await statusOf(aPage, "Posted without a script.")).toBe("Sent");

    const bPage = await visit(b.context, `/messages/${id}`, "conversation-no-js-receiver");
    expect(await bPage.locator("#chat-log").innerText()).toContain("Posted without a script.");
    await Promise.all([bPage.waitForURL(new RegExp(`/messages/${id}#m-2$`)), send(bPage, "Got it, also without one.")]);

    await aPage.reload();
    expect(await aPage.locator("#chat-log").innerText()).toContain("Got it, also without one.");
    expect(await statusOf(aPage, "Posted without a script.")).toBe("Read");

    // An empty message is refused with the form kept (422), still without JavaScript.
    await aPage.evaluate("document.getElementById('composer-text').removeAttribute('required')").catch(() => {});
    const res = await aPage.request.post(`${worker.url}/messages/${id}`, { form: { text: "   " }, headers: { origin: worker.url } });
    expect(res.status()).toBe(422);
    writeFileSync(path.join(htmlDir, "conversation-refused.html"), await res.text());
  });

  it("starts a conversation from /messages/new and lists it on /messages, JavaScript off", async () => {
    const a = await member({ javaScript: false });
    const b = await member({ javaScript: false });
    const page = await visit(a.context, `/messages/new?to=${b.userId}`, "new-conversation");
    await page.fill("#new-text", "Teaming on the BART bid?");
    await Promise.all([page.waitForURL(/\/messages\/[^/]+#m-1$/), page.click('form[action="/messages/new"] button[type=submit]')]);
    const list = await visit(b.context, "/messages", "messages-list");
    expect(await list.locator("main").innerText()).toContain("Teaming on the BART bid?");
  });

  it("shows an urgent announcement published while a conversation is open, without a reload, until dismissed", async () => {
    const a = await member();
    const b = await member();
    const id = await directConversation(a.userId, b.userId);
    const page = await a.context.newPage();
    await page.goto(`${worker.url}/messages/${id}`);
    await live(page);
    await page.evaluate("window.__stillTheSamePage = true");
    expect(await page.locator("#urgent-banner").count()).toBe(0);

    // Published by an admin for an event's registrants: A is one, B is not.
    const event = newId();
    await db.query(
      `insert into events (id, title, description, type, status, start_date, end_date, location, created_by_id)
       values ($1, 'Site walk', 'x', 'WORKSHOP', 'REGISTRATION_OPEN', now() + interval '2 days', now() + interval '2 days 2 hours', 'Yard', $2)`,
      [event, a.userId],
    );
    await db.query("insert into event_registrations (id, event_id, user_id) values ($1, $2, $3)", [newId(), event, a.userId]);
    const admin = await createE2EAccount("admin");
    const adminContext = await browser.newContext();
    contexts.push(adminContext);
    const adminPage = await adminContext.newPage();
    await signIn(adminPage, worker.url, admin);
    await adminPage.goto(`${worker.url}/admin/announcements/new`);
    const published = await adminPage.evaluate(async (groups) => {
      const body = new URLSearchParams({ title: "Site walk moved to 7 AM", content: "Bring boots.", audience: "SPECIFIC_GROUPS", groups, urgent: "on", when: "now" });
      const res = await fetch("/admin/announcements", { method: "POST", body, redirect: "manual" });
      return String(res.type); // a redirect (303) is opaque to a manual fetch
    }, `event:${event}`);
    expect(published).toBe("opaqueredirect");
    // Pushed through the open socket: no reload, no poll.
    await page.locator("#urgent-banner", { hasText: "Site walk moved to 7 AM" }).waitFor({ timeout: 10_000 });
    expect(await page.evaluate("window.__stillTheSamePage")).toBe(true);
    await expectNoAxeViolations(page);
    await keepHtml(page, "conversation-with-banner");

    // B, outside the audience, never sees it.
    const bPage = await b.context.newPage();
    await bPage.goto(`${worker.url}/messages/${id}`);
    expect(await bPage.locator("#urgent-banner").count()).toBe(0);

    // Dismissed (a plain form), it is gone from every page.
    await Promise.all([page.waitForURL(new RegExp(`/messages/${id}$`)), page.click("#urgent-banner button")]);
    expect(await page.locator("#urgent-banner").count()).toBe(0);
    await page.goto(`${worker.url}/events`);
    expect(await page.locator("#urgent-banner").count()).toBe(0);
  });

  it("loads older messages in place above the first one and stays live", async () => {
    const [a, b] = await Promise.all([member(), member()]);
    const id = await directConversation(a.userId, b.userId);
    // 70 messages in Postgres before the room first opens: it loads them from there.
    for (let seq = 1; seq <= 70; seq++) {
      await db.query(
        "insert into messages (id, conversation_id, seq, sender_id, receiver_id, content, status, sent_at) values ($1, $2, $3, $4, $5, $6, 'READ', now() - make_interval(mins => $7))",
        [newId(), id, seq, seq % 2 ? a.userId : b.userId, seq % 2 ? b.userId : a.userId, `Site note ${seq}`, 100 - seq],
      );
    }
    await db.query("update conversations set last_seq = 70, last_message_at = now() where id = $1", [id]);
    const page = await openLive(a.context, id);
    expect(await page.locator("#chat-log li", { hasText: /^Site note 1$/ }).count()).toBe(0);
    await page.locator("#chat-log li[data-seq='21']").waitFor();
    const url = page.url();

    await page.click("#older-messages a");
    await page.locator("#chat-log li[data-seq='1']").waitFor({ timeout: 10_000 });
    expect(page.url()).toBe(url);
    expect(await page.evaluate("window.__stillTheSamePage")).toBe(true);
    // In order, each once, and no more link: there is nothing older.
    const seqs = await page.locator("#chat-log li[data-seq]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-seq"))));
    expect(seqs).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
    expect(await page.locator("#older-messages").count()).toBe(0);

    // Still live: B's next message appears at the end.
    const bPage = await openLive(b.context, id);
    await send(bPage, "After the history.");
    await page.locator("#chat-log li:last-child", { hasText: "After the history." }).waitFor({ timeout: 15_000 });
    await keepHtml(page, "conversation-older-in-place");
    await expectNoAxeViolations(page);
    expect(a.errors).toEqual([]);
  });

  it("drops a message the room showed but did not keep, once it reconnects and the room says where it stands", async () => {
    const [a, b] = await Promise.all([member(), member()]);
    const id = await directConversation(a.userId, b.userId);
    const page = await a.context.newPage();
    // Keeps the page's socket reachable, to stand in for a room that restarts after showing a
    // message it never stored: a frame the room did not keep, then the connection drops.
    await page.addInitScript(`(() => {
      const Real = window.WebSocket;
      window.WebSocket = function (url) { const ws = new Real(url); window.__ws = ws; return ws; };
      window.WebSocket.prototype = Real.prototype;
      for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) window.WebSocket[k] = Real[k];
    })()`);
    await page.goto(`${worker.url}/messages/${id}`);
    await page.waitForSelector("[data-chat][data-live]", { timeout: 15_000 });
    const bPage = await openLive(b.context, id);
    await send(bPage, "Kept one.");
    await page.locator("#chat-log li[data-seq='1']", { hasText: "Kept one." }).waitFor({ timeout: 15_000 });

    await page.evaluate(`window.__ws.dispatchEvent(new MessageEvent("message", { data: JSON.stringify({
      type: "message", id: "x", seq: 2, senderId: "${b.userId}", senderName: "B", text: "Never kept.", sentAt: Date.now(), clientId: null, status: "SENT" }) }))`);
    await page.locator("#chat-log li[data-seq='2']", { hasText: "Never kept." }).waitFor();
    await page.evaluate("window.__ws.close()");
    await page.locator("#chat-log li", { hasText: "Never kept." }).waitFor({ state: "detached", timeout: 15_000 });
    await page.waitForSelector("[data-chat][data-live]", { timeout: 15_000 });

    // Sequence 2 goes to the next real message, which the page shows.
    await send(bPage, "The real second one.");
    await page.locator("#chat-log li[data-seq='2']", { hasText: "The real second one." }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#chat-log li[data-seq]").allInnerTexts()).toHaveLength(2);
  });

  it("tells a member who was blocked mid-conversation why the page went quiet, and stops reconnecting", async () => {
    const [a, b] = await Promise.all([member(), member()]);
    const id = await directConversation(a.userId, b.userId);
    const aPage = await openLive(a.context, id);
    let attempts = 0;
    aPage.on("websocket", () => attempts++);

    const bPage = await openLive(b.context, id);
    await Promise.all([bPage.waitForURL(/blocked/), bPage.click("button:has-text('Block')")]);
    await aPage.locator("#chat-state", { hasText: "You can no longer write in this conversation." }).waitFor({ timeout: 15_000 });
    expect(await aPage.locator("[data-chat][data-live]").count()).toBe(0);
    await aPage.waitForTimeout(3000);
    expect(attempts).toBe(0);
    await keepHtml(aPage, "conversation-closed-live");
    await expectNoAxeViolations(aPage);
  });

  it("in a group, a message from a member the viewer blocked does not appear live; the others see it", async () => {
    const [a, b, c] = await Promise.all([member(), member(), member()]);
    const id = await groupConversation(a.userId, [b.userId, c.userId]);
    await db.query("insert into member_blocks (blocker_id, blocked_id) values ($1, $2)", [a.userId, c.userId]);
    const [aPage, bPage, cPage] = await Promise.all([openLive(a.context, id), openLive(b.context, id), openLive(c.context, id)]);
    await send(cPage, "From the blocked member.");
    await send(bPage, "From the other member.");
    await bPage.locator("#chat-log li", { hasText: "From the blocked member." }).waitFor({ timeout: 15_000 });
    await aPage.locator("#chat-log li", { hasText: "From the other member." }).waitFor({ timeout: 15_000 });
    expect(await aPage.locator("#chat-log li", { hasText: "From the blocked member." }).count()).toBe(0);
  });

  it("every messaging page walked above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});

/** The write-through to Postgres is coalesced: wait until the rows are there. */
async function pollRows(conversationId: string, count: number): Promise<{ rows: Array<{ content: string; seq: number }> }> {
  const until = Date.now() + 15_000;
  for (;;) {
    const res = await db.query<{ content: string; seq: number }>("select content, seq from messages where conversation_id = $1 order by seq", [conversationId]);
    if (res.rows.length >= count || Date.now() > until) return res;
    await new Promise((r) => setTimeout(r, 250));
  }
}
