// Which conversation rooms may have open pages, and telling them all at once that an urgent
// announcement was published (its banner then reaches open conversation pages without a reload).
// A room is "live" when a socket opened there within LIVE_WINDOW: the socket route stamps the
// conversation (at most every STAMP_EVERY, so a busy room does not write on every connect), and
// the push wakes only those rooms; a room with no open socket answers at once.
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { log } from "../../lib/log.ts";
import { chatStub } from "./chat.ts";

const STAMP_EVERY = "5 minutes";
const LIVE_WINDOW = "1 day";
/** Rooms one push wakes at most (a subrequest each), and how many at a time. */
const MAX_ROOMS = 900;
const AT_ONCE = 50;

/** The socket route: this conversation has an open page now. */
export async function stampSocketOpened(db: Db, conversationId: string): Promise<void> {
  await db.execute(sql`
    UPDATE conversations SET socket_opened_at = now()
    WHERE id = ${conversationId}
      AND (socket_opened_at IS NULL OR socket_opened_at < now() - ${STAMP_EVERY}::interval)`);
}

/** Every live room sends its open sockets an `announcement` frame; returns the rooms told. */
export async function pushAnnouncementToLiveRooms(env: Env, db: Db): Promise<number> {
  const live = await db.execute<{ id: string }>(sql`
    SELECT id FROM conversations
    WHERE socket_opened_at > now() - ${LIVE_WINDOW}::interval
    ORDER BY socket_opened_at DESC
    LIMIT ${MAX_ROOMS}`);
  const ids = live.rows.map((r) => r.id);
  let told = 0;
  for (let i = 0; i < ids.length; i += AT_ONCE) {
    const results = await Promise.allSettled(ids.slice(i, i + AT_ONCE).map((id) => chatStub(env, id).announce()));
    for (const r of results) if (r.status === "fulfilled") told += r.value;
  }
  log("info", "urgent announcement pushed to live rooms", { rooms: ids.length, sockets: told });
  return ids.length;
}
