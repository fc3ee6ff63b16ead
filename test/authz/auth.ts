import { EVERYONE, SIGNED_IN, type RouteRow } from "./types.ts";

// Guest pages send a signed-in member to /account, which the matrix counts as
// allowed (only a bounce to /login, 401, 403 or 404 is a refusal). Empty forms
// get as far as validation (422) or the invalid-link page (400): past the gate.
export const authRows: RouteRow[] = [
  { method: "GET", route: "/register", rule: "guest", path: () => "/register", allowed: EVERYONE },
  { method: "POST", route: "/register", rule: "guest", path: () => "/register", form: () => ({}), allowed: EVERYONE },
  { method: "GET", route: "/login", rule: "guest", path: () => "/login", allowed: EVERYONE },
  { method: "POST", route: "/login", rule: "guest", path: () => "/login", form: () => ({}), allowed: EVERYONE },
  { method: "POST", route: "/logout", rule: "public", path: () => "/logout", allowed: EVERYONE },
  { method: "GET", route: "/verify-email", rule: "public", path: () => "/verify-email", allowed: EVERYONE },
  { method: "POST", route: "/verify-email", rule: "public", path: () => "/verify-email", form: () => ({ token: "x" }), allowed: EVERYONE },
  { method: "POST", route: "/verify-email/resend", rule: "signedIn", path: () => "/verify-email/resend", allowed: SIGNED_IN },
  { method: "GET", route: "/forgot-password", rule: "public", path: () => "/forgot-password", allowed: EVERYONE },
  { method: "POST", route: "/forgot-password", rule: "public", path: () => "/forgot-password", form: () => ({}), allowed: EVERYONE },
  { method: "GET", route: "/reset-password", rule: "public", path: () => "/reset-password", allowed: EVERYONE },
  { method: "POST", route: "/reset-password", rule: "public", path: () => "/reset-password", form: () => ({}), allowed: EVERYONE },
];
