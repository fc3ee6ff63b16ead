// Shared by the admin-events-*.test.ts files: an admin session, a valid event form, the
// AdminAction rows of one event, and registrations made through the capacity object.
import { env, exports } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../src/db/client.ts";
import { adminActions, eventRegistrations, events } from "../../src/db/schema/index.ts";
import { reserveSeat } from "../../src/features/events/capacity.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { makeEvent, makeUser } from "../helpers/db.ts";
import { ORIGIN } from "../helpers/http.ts";

export interface Staff {
  id: string;
  cookie: string;
}

export async function adminSession(db: Db): Promise<Staff> {
  const admin = await createAccount(db, { memberType: "admin", roles: ["admin"], firstName: "Ada" });
  return { id: admin.id, cookie: await sessionCookie(db, admin.id) };
}

export async function sessionWithRoles(db: Db, roles: string[]): Promise<Staff> {
  const account = await createAccount(db, { roles });
  return { id: account.id, cookie: await sessionCookie(db, account.id) };
}

export const as = (s: Staff) => ({ headers: { cookie: s.cookie } });

/** Every field of a valid event, as the browser sends the editor. */
export function validEventForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: "Spring Safety Stand-Down",
    type: "TRAINING",
    description: "Toolbox talks on fall protection.\nBring your crew.",
    startDate: "2030-03-20T08:00",
    endDate: "2030-03-20T12:30",
    registrationDeadline: "2030-03-18T17:00",
    maxCapacity: "40",
    location: "Laney College, Oakland",
    addressStreet: "900 Fallon St",
    addressCity: "Oakland",
    addressState: "ca",
    addressZip: "94607",
    latitude: "37.7966",
    longitude: "-122.2653",
    isVirtual: "",
    virtualUrl: "",
    price: "$45",
    memberPrice: "25.50",
    earlyBirdPrice: "20",
    earlyBirdDeadline: "2030-03-01T23:59",
    "agenda.0.time": "8:00 AM",
    "agenda.0.title": "Check-in and coffee",
    "agenda.0.speaker": "",
    "agenda.1.time": "",
    "agenda.1.title": "",
    "agenda.1.speaker": "",
    "agenda.2.time": "9:00 AM",
    "agenda.2.title": "Fall protection",
    "agenda.2.speaker": "Terrence Booker",
    "speakers.0.name": "Terrence Booker",
    "speakers.0.title": "Cal/OSHA Authorized Trainer",
    "speakers.0.organization": "Bay Safety Training Institute",
    "speakers.0.bio": "Twenty years on job sites.\nNow teaches.",
    "sponsors.0.name": "Coleman Construction",
    "sponsors.0.level": "Gold",
    "sponsors.0.url": "https://coleman.example.com",
    "materials.0.name": "Slides",
    "materials.0.link": "https://files.example.com/slides.pdf",
    ...overrides,
  };
}

/** The AdminAction rows that name this event. */
export function auditsOf(db: Db, eventId: string) {
  return db
    .select()
    .from(adminActions)
    .where(sql`${adminActions.metadata}->>'eventId' = ${eventId}`)
    .orderBy(adminActions.createdAt);
}

export async function eventRow(db: Db, id: string) {
  const [row] = await db.select().from(events).where(eq(events.id, id));
  return row!;
}

export async function registrationOf(db: Db, eventId: string, userId: string) {
  const [row] = await db
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.userId, userId)));
  return row!;
}

export async function openEvent(db: Db, creatorId: string, maxCapacity: number | null, overrides: Parameters<typeof makeEvent>[2] = {}) {
  return makeEvent(db, creatorId, { status: "REGISTRATION_OPEN", maxCapacity, title: "Admin test event", ...overrides });
}

/** A member registered through the capacity object (free: confirmed or waitlisted; paid: held). */
export async function registered(db: Db, eventId: string, opts: { firstName?: string; lastName?: string; company?: string; amountCents?: number } = {}) {
  const user = await makeUser(db, { firstName: opts.firstName ?? "Reg", lastName: opts.lastName ?? "Member", company: opts.company ?? "Reg Builders", isVerified: true });
  const cents = opts.amountCents ?? 0;
  const seat = await reserveSeat(env, eventId, { userId: user.id, paid: cents > 0, amountCents: cents, holdMs: 3_600_000 });
  return { user, seat };
}

/** A multipart POST from our own origin (uploads). */
export function postMultipart(path: string, form: FormData, staff: Staff): Promise<Response> {
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, { method: "POST", body: form, redirect: "manual", headers: { origin: ORIGIN, cookie: staff.cookie } }),
  );
}
