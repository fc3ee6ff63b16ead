// The messaging pages that need data (MESSAGING_PAGES in pages.ts), walked in a real browser
// against `wrangler dev`: a conversation of 60 messages paged with ?before=, the report form, a
// new conversation, a group its owner manages, the inbox with an invitation, the archived view
// with a conversation in it, and the admin's report queue with one report. Each loads without
// console errors, passes axe, and is valid HTML to the W3C Nu checker.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "../../scripts/lib/stack.ts";
import { newId } from "../../src/db/ids.ts";
import { createE2EAccount } from "./accounts.ts";
import { expectNoAxeViolations, nuCheckerErrors, phoneContext, signIn } from "./browse.ts";
import { fillPath, MESSAGING_PAGES } from "./pages.ts";
import { launchChromium, startTestWorker } from "./stack.ts";

const htmlDir = path.resolve("test-results/html-messaging-pages");
const shots = path.resolve("test-results/screenshots");

let worker: Worker;
let browser: Browser;
let db: pg.Client;
const contexts: Partial<Record<"member" | "admin", BrowserContext>> = {};
const values: Record<string, string> = {};

async function signedIn(kind: "member" | "admin"): Promise<{ context: BrowserContext; userId: string }> {
  const account = await createE2EAccount(kind);
  const context = await phoneContext(browser);
  const page = await context.newPage();
  await signIn(page, worker.url, account);
  await page.close();
  contexts[kind] = context;
  const { rows } = await db.query<{ id: string }>("select id from users where email = $1", [account.email]);
  return { context, userId: rows[0]!.id };
}

async function otherMember(firstName: string): Promise<string> {
  const id = newId();
  await db.query("insert into users (id, email, password, first_name, last_name, is_verified) values ($1, $2, 'x', $3, 'Walker', true)", [
    id,
    `e2e-${firstName.toLowerCase()}-${id}@example.test`,
    firstName,
  ]);
  return id;
}

async function conversation(kind: "DIRECT" | "GROUP", members: Array<{ id: string; role?: "OWNER"; state?: "INVITED"; archived?: boolean }>, title?: string) {
  const id = newId();
  const directKey = kind === "DIRECT" ? members.map((m) => m.id).sort().join(":") : null;
  await db.query("insert into conversations (id, kind, title, direct_key, created_by_id) values ($1, $2, $3, $4, $5)", [id, kind, title ?? null, directKey, members[0]!.id]);
  for (const m of members) {
    await db.query("insert into conversation_members (conversation_id, user_id, role, state, archived) values ($1, $2, $3, $4, $5)", [
      id,
      m.id,
      m.role ?? "MEMBER",
      m.state ?? "JOINED",
      m.archived ?? false,
    ]);
  }
  return id;
}

/** `count` messages in Postgres, alternately from a and b, as the room writes them through. */
async function history(conversationId: string, a: string, b: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  const start = Date.now() - count * 60_000;
  for (let i = 0; i < count; i++) {
    const id = newId();
    ids.push(id);
    await db.query("insert into messages (id, conversation_id, seq, sender_id, content, status, sent_at) values ($1, $2, $3, $4, $5, 'READ', $6)", [
      id,
      conversationId,
      i + 1,
      i % 2 === 0 ? a : b,
      `Line ${i + 1} about the crane schedule on the Hayward job.`,
      new Date(start + i * 60_000),
    ]);
  }
  await db.query("update conversations set last_seq = $2, last_message_at = now() where id = $1", [conversationId, count]);
  return ids;
}

beforeAll(async () => {
  rmSync(htmlDir, { recursive: true, force: true });
  mkdirSync(htmlDir, { recursive: true });
  mkdirSync(shots, { recursive: true });
  db = new pg.Client({ connectionString: process.env.PORTAL_TEST_DATABASE_URL });
  await db.connect();
  [worker, browser] = await Promise.all([startTestWorker(), launchChromium()]);
  const me = (await signedIn("member")).userId;
  await signedIn("admin");
  const [peer, colleague, stranger, owner] = [await otherMember("Pat"), await otherMember("Cleo"), await otherMember("Stan"), await otherMember("Omar")];

  const long = await conversation("DIRECT", [{ id: me }, { id: peer }]);
  const lines = await history(long, me, peer, 60);
  const archived = await conversation("DIRECT", [{ id: me, archived: true }, { id: colleague }]);
  await history(archived, colleague, me, 2);
  const group = await conversation("GROUP", [{ id: me, role: "OWNER" }, { id: peer }, { id: colleague, state: "INVITED" }], "Crane share");
  await history(group, me, peer, 3);
  await conversation("GROUP", [{ id: owner, role: "OWNER" }, { id: me, state: "INVITED" }], "Bid day carpool");
  // The member reports one of the peer's lines: the admin's queue has one report.
  await db.query("insert into message_reports (id, message_id, reporter_id, reason) values ($1, $2, $3, 'Off topic for this thread.')", [newId(), lines[1]!, me]);
  Object.assign(values, { conversation: long, before: "11", message: lines[1]!, person: stranger, group });
});

afterAll(async () => {
  for (const context of Object.values(contexts)) await context?.close();
  await browser?.close();
  await worker?.stop();
  await db?.end();
});

describe("messaging pages with data", () => {
  for (const visit of MESSAGING_PAGES) {
    it(`${visit.as}: ${visit.name} (${visit.path})`, async () => {
      const page = await contexts[visit.as]!.newPage();
      const problems: string[] = [];
      page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
      page.on("pageerror", (e) => problems.push(e.message));
      const res = await page.goto(`${worker.url}${fillPath(visit.path, values)}`, { waitUntil: "load" });
      const html = await res!.text();
      expect(res?.status(), html.slice(0, 2000)).toBe(visit.status);
      writeFileSync(path.join(htmlDir, `${visit.name}.html`), html);
      await page.screenshot({ path: path.join(shots, `messaging-${visit.name}.png`), fullPage: true });
      await expectNoAxeViolations(page);
      expect(problems).toEqual([]);
      // What each page is there to show.
      const main = await page.locator("main").innerText();
      if (visit.name === "messages-with-invitation") expect(main).toContain("Bid day carpool");
      if (visit.name === "messages-archived-one") expect(main).toContain("Cleo Walker");
      if (visit.name === "conversation-older") expect(main).toContain("Line 10 about");
      if (visit.name === "admin-message-reports-one") expect(main).toContain("Off topic for this thread.");
      await page.close();
    });
  }

  it("every page walked above is valid HTML to the W3C Nu checker", () => {
    expect(nuCheckerErrors(htmlDir)).toBe("");
  });
});
