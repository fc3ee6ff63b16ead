import { DurableObject } from "cloudflare:workers";

/**
 * The single authority on an event's seats (one object per event). Declared
 * with its binding and SQLite storage now; reserve/confirm/release/waitlist
 * decisions are implemented with the event registration work.
 */
export class EventCapacity extends DurableObject<Env> {}
