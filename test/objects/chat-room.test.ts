// The ChatRoom Durable Object through the Worker's socket route, against real Postgres:
// live exchange, statuses, catch-up after reconnect, eviction, a Postgres outage, limits.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { conversationMembers, conversations, messages } from "../../src/db/schema/index.ts";
import { chatStub } from "../../src/features/messaging/chat.ts";
import { pushAnnouncementToLiveRooms } from "../../src/features/messaging/live-rooms.ts";
import { ensureDirect } from "../../src/features/messaging/queries.ts";
import type { ChatRoom } from "../../src/objects/ChatRoom.ts";
import { createAccount, sessionCookie, type Account } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { ORIGIN } from "../helpers/http.ts";

const db = useTestDb();
let alice: Account;
let bob: Account;
let aliceCookie: string;
let bobCookie: string;

beforeAll(async () => {
  alice = await createAccount(db, { firstName: "Alice" });
  bob = await createAccount(db, { firstName: "Bob" });
  aliceCookie = await sessionCookie(db, alice.id);
  bobCookie = await sessionCookie(db, bob.id);
});

type Frame = { type: string; [k: string]: unknown };

/** A client socket: every frame it received, and a way to wait for one. */
class Client {
  frames: Frame[] = [];
  private waiters: Array<() => void> = [];
  closed = false;
  constructor(readonly ws: WebSocket) {
    ws.accept();
    ws.addEventListener("message", (ev) => {
      this.frames.push(JSON.parse(ev.data as string));
      for (const w of this.waiters.splice(0)) w();
    });
    ws.addEventListener("close", () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
  }
  send(frame: object) {
    this.ws.send(JSON.stringify(frame));
  }
  async until(pred: (frames: Frame[]) => boolean, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred(this.frames)) {
      if (Date.now() > deadline) throw new Error(`timed out; frames: ${JSON.stringify(this.frames).slice(0, 800)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }
  messages() {
    return this.frames.filter((f) => f.type === "message") as Array<Frame & { seq: number; text: string; clientId: string | null; senderId: string }>;
  }
  close() {
    this.ws.close(1000, "done");
  }
}

async function upgrade(conversationId: string, cookie: string | null, opts: { origin?: string | null; after?: number } = {}): Promise<Response> {
  const headers = new Headers({ upgrade: "websocket" });
  if (cookie) headers.set("cookie", cookie);
  const origin = opts.origin === undefined ? ORIGIN : opts.origin;
  if (origin) headers.set("origin", origin);
  return exports.default.fetch(new Request(`${ORIGIN}/messages/${conversationId}/socket?after=${opts.after ?? 0}`, { headers }));
}

async function connect(conversationId: string, cookie: string, after = 0): Promise<Client> {
  const res = await upgrade(conversationId, cookie, { after });
  expect(res.status).toBe(101);
  const client = new Client(res.webSocket!);
  await client.until((f) => f.some((x) => x.type === "joined"));
  return client;
}

async function pgMessages(conversationId: string) {
  return db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.seq));
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freshDirect(): Promise<string> {
  // A new pair each test, so every test has its own room.
  const a = await createAccount(db, { firstName: "Pair" });
  const id = await ensureDirect(db, alice.id, a.id);
  await db.insert(conversationMembers).values({ conversationId: id, userId: bob.id }).onConflictDoNothing();
  return id;
}

async function freshGroup(): Promise<string> {
  const [conv] = await db.insert(conversations).values({ kind: "GROUP", title: "Test group", createdById: alice.id }).returning();
  await db.insert(conversationMembers).values([
    { conversationId: conv!.id, userId: alice.id, role: "OWNER" },
    { conversationId: conv!.id, userId: bob.id },
  ]);
  return conv!.id;
}

describe("ChatRoom", () => {
  it("two sockets exchange messages in order; each gets the message with its sequence", async () => {
    const id = await freshGroup();
    const a = await connect(id, aliceCookie);
    const b = await connect(id, bobCookie);
    a.send({ type: "send", text: "hello from alice", clientId: "a1" });
    await b.until((f) => f.some((x) => x.type === "message" && x.text === "hello from alice"));
    b.send({ type: "send", text: "hi alice", clientId: "b1" });
    await a.until((f) => f.filter((x) => x.type === "message").length === 2);
    expect(a.messages().map((m) => [m.seq, m.text])).toEqual([[1, "hello from alice"], [2, "hi alice"]]);
    // The sender's own copy (its acknowledgement) comes once the message is stored.
    await b.until((f) => f.filter((x) => x.type === "message").length === 2);
    expect(b.messages().map((m) => m.seq)).toEqual([1, 2]);
    expect(a.messages()[0]!.clientId).toBe("a1");
    expect(await chatStub(env, id).flush()).toBe(true);
    const rows = await pgMessages(id);
    expect(rows.map((r) => [r.seq, r.content, r.senderId, r.receiverId])).toEqual([
      [1, "hello from alice", alice.id, null],
      [2, "hi alice", bob.id, null],
    ]);
    a.close();
    b.close();
  });

  it("every socket gets a message exactly once, the sender's two open pages included (theirs after it is stored)", async () => {
    const id = await freshGroup();
    const a1 = await connect(id, aliceCookie);
    const a2 = await connect(id, aliceCookie);
    const b = await connect(id, bobCookie);
    for (let i = 1; i <= 3; i++) a1.send({ type: "send", text: `note ${i}`, clientId: `n${i}` });
    for (const c of [a1, a2, b]) await c.until((f) => f.filter((x) => x.type === "message").length === 3);
    await sleep(100);
    for (const c of [a1, a2, b]) expect(c.messages().map((m) => m.seq)).toEqual([1, 2, 3]);
    // Each acknowledgement was sent once the message was in the room's storage.
    const stored = await runInDurableObject(chatStub(env, id), (_: ChatRoom, state) => state.storage.sql.exec("SELECT seq FROM messages ORDER BY seq").toArray());
    expect(stored.map((r) => r.seq)).toEqual([1, 2, 3]);
    for (const c of [a1, a2, b]) c.close();
  });

  it("marks a message DELIVERED when another member's client is open and READ when they read it, telling the sender", async () => {
    const id = await freshGroup();
    const a = await connect(id, aliceCookie);
    a.send({ type: "send", text: "anyone?", clientId: "x1" });
    await a.until((f) => f.some((x) => x.type === "message"));
    expect(a.messages()[0]).toMatchObject({ status: "SENT" });
    const b = await connect(id, bobCookie);
    await a.until((f) => f.some((x) => x.type === "status" && x.status === "DELIVERED"));
    b.send({ type: "read", seq: 1 });
    await a.until((f) => f.some((x) => x.type === "status" && x.status === "READ"));
    expect(a.frames.filter((x) => x.type === "status").map((x) => [x.status, x.seqs])).toEqual([["DELIVERED", [1]], ["READ", [1]]]);
    await chatStub(env, id).flush();
    const [row] = await pgMessages(id);
    expect(row).toMatchObject({ status: "READ" });
    expect(row!.readAt).toBeInstanceOf(Date);
    const [bobMember] = await db.select().from(conversationMembers).where(and(eq(conversationMembers.conversationId, id), eq(conversationMembers.userId, bob.id)));
    expect(bobMember!.lastReadSeq).toBe(1);
    a.close();
    b.close();
  });

  it("a DIRECT message names the other member as its receiver", async () => {
    const id = await freshDirect();
    const [pair] = await db.select().from(conversations).where(eq(conversations.id, id));
    const other = pair!.directKey!.split(":").find((x) => x !== alice.id)!;
    const a = await connect(id, aliceCookie);
    a.send({ type: "send", text: "direct", clientId: "d1" });
    await a.until((f) => f.some((x) => x.type === "message"));
    await chatStub(env, id).flush();
    expect((await pgMessages(id))[0]).toMatchObject({ senderId: alice.id, receiverId: other });
    a.close();
  });

  it("a reconnect with ?after catches up in order without duplicates, and a resent clientId is stored once", async () => {
    const id = await freshGroup();
    const a = await connect(id, aliceCookie);
    const b = await connect(id, bobCookie);
    for (let i = 1; i <= 3; i++) a.send({ type: "send", text: `m${i}`, clientId: `c${i}` });
    await b.until((f) => f.filter((x) => x.type === "message").length === 3);
    b.close();
    for (let i = 4; i <= 6; i++) a.send({ type: "send", text: `m${i}`, clientId: `c${i}` });
    a.send({ type: "send", text: "m6", clientId: "c6" }); // resent after a lost ack: answered, not stored again
    await a.until((f) => f.filter((x) => x.type === "message").length === 7);
    const again = await connect(id, bobCookie, 3);
    expect(again.messages().map((m) => m.text)).toEqual(["m4", "m5", "m6"]);
    const joined = again.frames.findIndex((x) => x.type === "joined");
    expect(joined).toBe(3); // catch-up first, then "joined"
    expect(again.frames[joined]).toMatchObject({ lastSeq: 6, userId: bob.id });
    await chatStub(env, id).flush();
    expect((await pgMessages(id)).map((m) => m.content)).toEqual(["m1", "m2", "m3", "m4", "m5", "m6"]);
    a.close();
    again.close();
  });

  it("an evicted object loses nothing: clients reconnect, catch up, and the conversation continues", async () => {
    const id = await freshGroup();
    const stub = chatStub(env, id);
    const a = await connect(id, aliceCookie);
    const b = await connect(id, bobCookie);
    a.send({ type: "send", text: "before eviction", clientId: "e1" });
    await b.until((f) => f.some((x) => x.type === "message"));
    await evictDurableObject(stub);
    // The sockets are hibernatable: they outlive the object's memory, and the next frame wakes
    // a new instance that reads everything from storage.
    a.send({ type: "send", text: "after eviction", clientId: "e2" });
    await b.until((f) => f.some((x) => x.type === "message" && x.text === "after eviction"));
    expect(b.messages().map((m) => [m.seq, m.text])).toEqual([[1, "before eviction"], [2, "after eviction"]]);
    // A client that dropped meanwhile reconnects from what it has and catches up.
    b.close();
    await evictDurableObject(stub);
    const b2 = await connect(id, bobCookie, 1);
    expect(b2.messages().map((m) => [m.seq, m.text])).toEqual([[2, "after eviction"]]);
    const a2 = a;
    expect(await stub.flush()).toBe(true);
    expect((await pgMessages(id)).map((m) => [m.seq, m.content])).toEqual([[1, "before eviction"], [2, "after eviction"]]);
    a2.close();
    b2.close();
  });

  it("keeps messages while Postgres is unreachable and writes each exactly once when it is back", async () => {
    const id = await freshGroup();
    const stub = chatStub(env, id);
    const a = await connect(id, aliceCookie);
    // No hook in the product: the test swaps the instance's env for one whose database proxy is dead.
    const realEnv = await runInDurableObject(stub, (instance: ChatRoom) => {
      const holder = instance as unknown as { env: Env };
      const saved = holder.env;
      holder.env = { ...saved, DB_WS_PROXY: "127.0.0.1:1" };
      return saved;
    });
    for (let i = 1; i <= 5; i++) a.send({ type: "send", text: `outage ${i}`, clientId: `o${i}` });
    await a.until((f) => f.filter((x) => x.type === "message").length === 5);
    expect(await stub.flush()).toBe(false);
    expect(await stub.pendingWrites()).toBe(5);
    expect(await pgMessages(id)).toEqual([]);
    // Evicted during the outage: the outbox is in storage, not memory.
    await evictDurableObject(stub);
    expect(await stub.pendingWrites()).toBe(5);
    const b = await connect(id, bobCookie);
    expect(b.messages()).toHaveLength(5);
    b.close();
    await runInDurableObject(stub, (instance: ChatRoom) => {
      (instance as unknown as { env: Env }).env = realEnv;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await sleep(100);
    expect(await stub.pendingWrites()).toBe(0);
    expect(await stub.flush()).toBe(true);
    const rows = await pgMessages(id);
    expect(rows.map((r) => r.content)).toEqual(["outage 1", "outage 2", "outage 3", "outage 4", "outage 5"]);
    const [conv] = await db.select().from(conversations).where(eq(conversations.id, id));
    expect(conv!.lastSeq).toBe(5);
  });

  it("refuses a message over 4 KB and an 11th message within 10 seconds, with a clear frame", async () => {
    const id = await freshGroup();
    const a = await connect(id, aliceCookie);
    a.send({ type: "send", text: "x".repeat(4097), clientId: "big" });
    await a.until((f) => f.some((x) => x.type === "error"));
    expect(a.frames.find((x) => x.type === "error")).toMatchObject({ code: "too_large", clientId: "big" });
    for (let i = 0; i < 11; i++) a.send({ type: "send", text: `r${i}`, clientId: `r${i}` });
    await a.until((f) => f.filter((x) => x.type === "error").length === 2);
    expect(a.messages()).toHaveLength(10);
    expect(a.frames.filter((x) => x.type === "error")[1]).toMatchObject({ code: "rate_limited", clientId: "r10" });
    a.send({ type: "nonsense" });
    await a.until((f) => f.filter((x) => x.type === "error").length === 3);
    expect(a.frames.at(-1)).toMatchObject({ code: "bad_frame" });
    a.close();
  });

  it("refuses a sixth socket for one member with a too_many_sockets frame and a final 1008 close", async () => {
    const id = await freshGroup();
    const open: Client[] = [];
    for (let i = 0; i < 5; i++) open.push(await connect(id, aliceCookie));
    const res = await upgrade(id, aliceCookie);
    expect(res.status).toBe(101);
    const sixth = res.webSocket!;
    const closed = new Promise<CloseEvent>((resolve) => sixth.addEventListener("close", resolve));
    const client = new Client(sixth);
    const close = await closed;
    expect(close.code).toBe(1008);
    expect(close.reason).toMatch(/open in 5 places already/);
    expect(client.frames).toEqual([{ type: "error", code: "too_many_sockets", error: close.reason }]);
    // The other member is not affected.
    const bobClient = await connect(id, bobCookie);
    bobClient.close();
    for (const c of open) c.close();
  });

  it("an urgent announcement reaches every open socket of a live room, and nothing else is sent", async () => {
    const id = await freshGroup();
    const a = await connect(id, aliceCookie);
    const b = await connect(id, bobCookie);
    const told = await chatStub(env, id).announce();
    expect(told).toBe(2);
    await a.until((f) => f.some((x) => x.type === "announcement"));
    await b.until((f) => f.some((x) => x.type === "announcement"));
    expect(a.frames.filter((f) => f.type === "announcement")).toEqual([{ type: "announcement" }]);
    a.close();
    b.close();
  });

  it("answers a ping with pong without a JSON frame", async () => {
    const id = await freshGroup();
    const res = await upgrade(id, aliceCookie);
    const ws = res.webSocket!;
    ws.accept();
    const got: string[] = [];
    ws.addEventListener("message", (ev) => got.push(ev.data as string));
    await sleep(50);
    ws.send("ping");
    const deadline = Date.now() + 3000;
    while (!got.includes("pong") && Date.now() < deadline) await sleep(20);
    expect(got).toContain("pong");
    ws.close();
  });
});

describe("the socket route", () => {
  it("refuses another site's Origin, a missing Origin, a signed-out visitor and a non-member", async () => {
    const id = await freshGroup();
    expect((await upgrade(id, aliceCookie, { origin: "https://evil.example" })).status).toBe(403);
    expect((await upgrade(id, aliceCookie, { origin: null })).status).toBe(403);
    expect((await upgrade(id, null)).status).toBe(401);
    const stranger = await createAccount(db, { firstName: "Stranger" });
    expect((await upgrade(id, await sessionCookie(db, stranger.id))).status).toBe(404);
    const unverified = await createAccount(db, { verified: false });
    expect((await upgrade(id, await sessionCookie(db, unverified.id))).status).toBe(403);
  });

  it("answers the same URL without Upgrade with why an upgrade would be refused (a browser cannot read the upgrade's status)", async () => {
    const id = await freshGroup();
    const ask = (cookie: string | null) =>
      exports.default.fetch(new Request(`${ORIGIN}/messages/${id}/socket`, { headers: cookie ? { cookie } : {} }));
    const signedOut = await ask(null);
    expect(signedOut.status).toBe(401);
    expect(await signedOut.text()).toMatch(/Sign in again/);
    const stranger = await createAccount(db, { firstName: "Outsider" });
    const notMember = await ask(await sessionCookie(db, stranger.id));
    expect(notMember.status).toBe(404);
    expect(await notMember.text()).toMatch(/not open to you/);
    expect((await ask(aliceCookie)).status).toBe(426);
  });

  it("stamps the conversation when a socket opens; an urgent announcement is pushed to rooms opened within a day, not older ones", async () => {
    const live = await freshGroup();
    const stale = await freshGroup();
    const [before] = await db.select({ at: conversations.socketOpenedAt }).from(conversations).where(eq(conversations.id, live));
    expect(before!.at).toBeNull();
    const a = await connect(live, aliceCookie);
    const b = await connect(stale, bobCookie);
    const liveAt = await stampOf(live);
    expect(Math.abs(liveAt.getTime() - Date.now())).toBeLessThan(60_000);
    await stampOf(stale);
    await db.update(conversations).set({ socketOpenedAt: new Date(Date.now() - 2 * 86_400_000) }).where(eq(conversations.id, stale));
    await pushAnnouncementToLiveRooms(env, db);
    await a.until((f) => f.some((x) => x.type === "announcement"));
    await sleep(300);
    expect(b.frames.some((x) => x.type === "announcement")).toBe(false);
    a.close();
    b.close();
  });
});

/** The conversation's socket stamp, once the socket route's background write has landed. */
async function stampOf(id: string): Promise<Date> {
  for (let i = 0; i < 100; i++) {
    const [row] = await db.select({ at: conversations.socketOpenedAt }).from(conversations).where(eq(conversations.id, id));
    if (row?.at) return row.at;
    await sleep(20);
  }
  throw new Error(`conversation ${id} was never stamped`);
}
