import type { Account } from "../helpers/auth.ts";

export type Actor = "anonymous" | "member" | "otherMember" | "admin";
export const ACTORS: Actor[] = ["anonymous", "otherMember", "member", "admin"];

/** Accounts made fresh for every row; `member` owns the resources a row's path points at. */
export interface Fixtures {
  member: Account;
  otherMember: Account;
  admin: Account;
  /** A second session of `member` (another device), for routes that act on a session. */
  memberOtherSessionId: string;
}

export interface RouteRow {
  method: "GET" | "POST";
  /** The route as registered in Hono, e.g. "/admin/users/:id". */
  route: string;
  /** The rule in words, as declared at the route. */
  rule: string;
  path: (f: Fixtures) => string;
  form?: (f: Fixtures) => Record<string, string>;
  allowed: Actor[];
}

export const EVERYONE: Actor[] = ["anonymous", "otherMember", "member", "admin"];
export const SIGNED_IN: Actor[] = ["otherMember", "member", "admin"];
export const ADMIN_ONLY: Actor[] = ["admin"];
