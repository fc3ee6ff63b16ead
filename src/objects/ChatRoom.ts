import { DurableObject } from "cloudflare:workers";

/**
 * Live sockets and recent history of one conversation (one object per
 * conversation). Declared with its binding and SQLite storage now; messaging
 * is implemented with the messaging work.
 */
export class ChatRoom extends DurableObject<Env> {}
