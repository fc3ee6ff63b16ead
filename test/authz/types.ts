import type { Account } from "../helpers/auth.ts";

/**
 * Who asks. Besides a visitor, two members and an admin: delegated roles (a custom role holding
 * only roles:manage, one holding only users:manage, one holding only projects:manage, one holding
 * only credentials:review, the system "event staff" role) and an account
 * whose email is not confirmed yet (it holds no permission, whatever its roles).
 */
export type Actor =
  | "anonymous"
  | "member"
  | "otherMember"
  | "admin"
  | "rolesManager"
  | "usersManager"
  | "eventStaff"
  | "unverified"
  | "projectsManager"
  | "credentialsReviewer";
export const ACTORS: Actor[] = ["anonymous", "unverified", "otherMember", "member", "eventStaff", "usersManager", "rolesManager", "projectsManager", "credentialsReviewer", "admin"];
/** The personas made per request (the three accounts of Fixtures are made for every actor). */
export const PERSONAS = ["rolesManager", "usersManager", "eventStaff", "unverified", "projectsManager", "credentialsReviewer"] as const satisfies readonly Actor[];

/** Accounts made fresh for every row; `member` owns the resources a row's path points at. */
export interface Fixtures {
  member: Account;
  otherMember: Account;
  admin: Account;
  /** A second session of `member` (another device), for routes that act on a session. */
  memberOtherSessionId: string;
  /** A credential of `member`, with a document in R2. */
  memberCredentialId: string;
}

export interface RouteRow {
  method: "GET" | "POST";
  /** The route as registered in Hono, e.g. "/admin/users/:id". */
  route: string;
  /** The rule in words, as declared at the route. */
  rule: string;
  path: (f: Fixtures) => string;
  form?: (f: Fixtures) => Record<string, string>;
  /** Makes what the path points at for this row's fresh fixtures (rows whose targets belong to `member`). */
  prepare?: (f: Fixtures) => Promise<void>;
  allowed: Actor[];
}

export const EVERYONE: Actor[] = [...ACTORS];
export const SIGNED_IN: Actor[] = ACTORS.filter((a) => a !== "anonymous");
/** Signed in with a confirmed email: what member-only things (registering, event files) need. */
export const VERIFIED: Actor[] = SIGNED_IN.filter((a) => a !== "unverified");
export const ADMIN_ONLY: Actor[] = ["admin"];
