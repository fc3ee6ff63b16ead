// The conversation page's live behaviour beyond the exchange itself (the urgent banner pushed
// live is in messaging.test.ts), in a real browser against `wrangler dev`: older messages load
// in place and the page stays live; a member blocked mid-conversation sees why and the page stops
// reconnecting; in a group, messages from a member the viewer blocked do not appear live. axe
// and the W3C Nu checker on the pages in those states.
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

const htmlDir = path.resolve("test-results/html-messaging-live");

let worker: Worker;
let browser: Browser;
let db: pg.Client;
const contexts: BrowserContext[] = [];

async function person(): Promise<{ context: BrowserContext; userId: string; errors: string[] }> {
  const account = await createE2EAccount("member");
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, worker.url, account);
  await page.close();
  const { rows } = await db.query<{ id: string }>("select id from users where email = $1", [account.email]);
  const errors: string[] = [];
  context.on("weberror", (e) => errors.push(e.error().message));
  return { context, userId: rows[0]!.id, errors };
}

async function conversation(kind: "DIRECT" | "GROUP", owner: string, others: string[]): Promise<string> {
  const id = newId();
  const directKey = kind === "DIRECT" ? [owner, ...others].sort().join(":") : null;
  await db.query("insert into conversations (id, kind, title, direct_key, created_by_id) values ($1, $2, $3, $4, $5)", [id, kind, kind === "GROUP" ? "Crane crew" : null, directKey, owner]);
  await db.query("insert into conversation_members (conversation_id, user_id, role) values ($1, $2, 'OWNER')", [id, owner]);
  for (const o of others) await db.query("insert into conversation_members (conversation_id, user_id, role) values ($1, $2, 'MEMBER')", [id, o]);
  return id;
}

async function open(context: BrowserContext, id: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${worker.url}/messages/${id}`);
  await page.waitForSelector("[data-chat][data-live]", { timeout: 15_000 });
  await page.evaluate("window.__stillTheSamePage = true");
  return page;
}

async function keepHtml(page: Page, name: string): Promise<void> {
  await page.evaluate('document.querySelectorAll("script:not([src])").forEach((s) => s.remove())');
  writeFileSync(path.join(htmlDir, `${name}.html`), await page.content());
}

async function send(page: Page, text: string): Promise<void> {
  await page.fill("#composer-text", text);
  await page.click("#composer button[type=submit]");
}

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
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

describe("the conversation page, live", () => {
  it("loads older messages in place above the first one and stays live", async () => {
    const [a, b] = await Promise.all([person(), person()]);
    const id = await conversation("DIRECT", a.userId, [b.userId]);
    // 70 messages in Postgres before the room first opens: it loads them from there.
    for (let seq = 1; seq <= 70; seq++) {
      await db.query(
        "insert into messages (id, conversation_id, seq, sender_id, receiver_id, content, status, sent_at) values ($1, $2, $3, $4, $5, $6, 'READ', now() - make_interval(mins => $7))",
        [newId(), id, seq, seq % 2 ? a.userId : b.userId, seq % 2 ? b.userId : a.userId, `Site note ${seq}`, 100 - seq],
      );
    }
    await db.query("update conversations set last_seq = 70, last_message_at = now() where id = $1", [id]);
    const page = await open(a.context, id);
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
    const bPage = await open(b.context, id);
    await send(bPage, "After the history.");
    await page.locator("#chat-log li:last-child", { hasText: "After the history." }).waitFor({ timeout: 15_000 });
    await keepHtml(page, "conversation-older-in-place");
    await expectNoAxeViolations(page);
    expect(a.errors).toEqual([]);
  });

  it("drops a message the room showed but did not keep, once it reconnects and the room says where it stands", async () => {
    const [a, b] = await Promise.all([person(), person()]);
    const id = await conversation("DIRECT", a.userId, [b.userId]);
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
    const bPage = await open(b.context, id);
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
    const [a, b] = await Promise.all([person(), person()]);
    const id = await conversation("DIRECT", a.userId, [b.userId]);
    const aPage = await open(a.context, id);
    let attempts = 0;
    aPage.on("websocket", () => attempts++);

    const bPage = await open(b.context, id);
    await Promise.all([bPage.waitForURL(/blocked/), bPage.click("button:has-text('Block')")]);
    await aPage.locator("#chat-state", { hasText: "You can no longer write in this conversation." }).waitFor({ timeout: 15_000 });
    expect(await aPage.locator("[data-chat][data-live]").count()).toBe(0);
    await aPage.waitForTimeout(3000);
    expect(attempts).toBe(0);
    await keepHtml(aPage, "conversation-closed-live");
    await expectNoAxeViolations(aPage);
  });

  it("in a group, a message from a member the viewer blocked does not appear live; the others see it", async () => {
    const [a, b, c] = await Promise.all([person(), person(), person()]);
    const id = await conversation("GROUP", a.userId, [b.userId, c.userId]);
    await db.query("insert into member_blocks (blocker_id, blocked_id) values ($1, $2)", [a.userId, c.userId]);
    const [aPage, bPage, cPage] = await Promise.all([open(a.context, id), open(b.context, id), open(c.context, id)]);
    await send(cPage, "From the blocked member.");
    await send(bPage, "From the other member.");
    await bPage.locator("#chat-log li", { hasText: "From the blocked member." }).waitFor({ timeout: 15_000 });
    await aPage.locator("#chat-log li", { hasText: "From the other member." }).waitFor({ timeout: 15_000 });
    expect(await aPage.locator("#chat-log li", { hasText: "From the blocked member." }).count()).toBe(0);
  });

  it("every page kept above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
