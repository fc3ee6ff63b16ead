import { EVERYONE, SIGNED_IN, type RouteRow } from "./types.ts";

// Empty forms are enough here: they get past the rule and fail validation (422),
// which the matrix counts as allowed. The behaviour itself is proved in
// test/integration/account-*.test.ts and two-factor*.test.ts.
const signedIn = (method: "GET" | "POST", route: string): RouteRow => ({
  method,
  route,
  rule: "signedIn",
  path: () => route,
  form: method === "POST" ? () => ({}) : undefined,
  allowed: SIGNED_IN,
});

export const accountRows: RouteRow[] = [
  signedIn("GET", "/account"),
  signedIn("GET", "/account/security"),
  signedIn("POST", "/account/security/password"),
  signedIn("POST", "/account/security/email"),
  {
    method: "POST",
    route: "/account/sessions/:id/revoke",
    rule: "signedIn, own session only (another member's is 404)",
    path: (f) => `/account/sessions/${f.memberOtherSessionId}/revoke`,
    form: () => ({}),
    allowed: ["member"],
  },
  signedIn("POST", "/account/sessions/revoke-others"),
  signedIn("GET", "/account/two-factor"),
  signedIn("POST", "/account/two-factor"),
  signedIn("POST", "/account/two-factor/disable"),
  signedIn("POST", "/account/two-factor/recovery-codes"),
  {
    method: "GET",
    route: "/account/confirm-email",
    rule: "public (the emailed token decides)",
    path: () => "/account/confirm-email?token=not-a-token",
    allowed: EVERYONE,
  },
  {
    method: "POST",
    route: "/account/confirm-email",
    rule: "public (the emailed token decides)",
    path: () => "/account/confirm-email",
    form: () => ({ token: "not-a-token" }),
    allowed: EVERYONE,
  },
  // Public routes whose handler wants a session that still owes the second factor:
  // anonymous is sent to /login, a fully signed-in member on to /account.
  {
    method: "GET",
    route: "/login/two-factor",
    rule: "public, handler requires pendingTwoFactor",
    path: () => "/login/two-factor",
    allowed: SIGNED_IN,
  },
  {
    method: "POST",
    route: "/login/two-factor",
    rule: "public, handler requires pendingTwoFactor",
    path: () => "/login/two-factor",
    form: () => ({ code: "123456" }),
    allowed: SIGNED_IN,
  },
];
