// Shared by the events-*.test.ts files: members with sessions, events in a chosen state,
// and requests as a member. Every test makes its own rows; never assume empty tables.
import { and, eq } from "drizzle-orm";
import { env } from "cloudflare:workers";
import type { Db } from "../../src/db/client.ts";
import { users } from "../../src/db/schema/accounts.ts";
import { emailOutbox } from "../../src/db/schema/auth.ts";
import { eventRegistrations, type NewEvent } from "../../src/db/schema/events.ts";
import { flushSeats } from "../../src/features/events/capacity.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { makeEvent, makeUser } from "../helpers/db.ts";
import { get, postForm } from "../helpers/http.ts";

export const DAY = 86_400_000;

export interface Member {
  id: string;
  email: string;
  cookie: string;
}

export async function signedInMember(
  db: Db,
  opts: { firstName?: string; verified?: boolean; membershipExpiresAt?: Date | null } = {},
): Promise<Member> {
  const account = await createAccount(db, { firstName: opts.firstName ?? "Member", verified: opts.verified });
  if (opts.membershipExpiresAt !== undefined) {
    await db.update(users).set({ membershipExpiresAt: opts.membershipExpiresAt }).where(eq(users.id, account.id));
  }
  return { id: account.id, email: account.email, cookie: await sessionCookie(db, account.id) };
}

let ownerId: string | undefined;
async function owner(db: Db): Promise<string> {
  ownerId ??= (await makeUser(db, { firstName: "Event", lastName: "Owner" })).id;
  return ownerId;
}

/** An event open for registration a week from now, free unless priced; override anything. */
export async function openEvent(db: Db, overrides: Partial<NewEvent> = {}) {
  return makeEvent(db, await owner(db), { status: "REGISTRATION_OPEN", maxCapacity: 50, ...overrides });
}

export async function page(path: string, member?: Member, headers: Record<string, string> = {}) {
  const res = await get(path, { headers: member ? { cookie: member.cookie, ...headers } : headers });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

export async function post(path: string, member: Member) {
  const res = await postForm(path, {}, { headers: { cookie: member.cookie } });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

export async function registrationOf(db: Db, eventId: string, userId: string) {
  // The object normally writes through before answering; flushing first makes the read exact.
  await flushSeats(env, eventId);
  const [row] = await db
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.userId, userId)));
  return row ?? null;
}

export async function emailsTo(db: Db, userId: string) {
  return db.select().from(emailOutbox).where(eq(emailOutbox.userId, userId));
}

/** The text of the live seat count in a page or partial. */
export function seatText(html: string): string | null {
  const m = /<p id="seats"[^>]*>([\s\S]*?)<\/p>/.exec(html);
  return m ? m[1]!.replace(/<[^>]+>/g, "").trim() : null;
}
