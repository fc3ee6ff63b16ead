// The credentials vault in the authorization matrix. `member` owns the credential each path
// names (Fixtures.memberCredentialId, with its own document in R2): only they
// reach it through /account/credentials (anyone else's id reads as missing, 404); the review
// screens and the documents behind them are for holders of credentials:review — admins and
// the delegated reviewer. Forms are sent empty: 422 after authorization, nothing written
// (delete is the exception, and acts on the owner's own fresh credential only).
import { ID } from "../../src/db/ids.ts";
import { type Actor, type RouteRow, VERIFIED } from "./types.ts";

/** The document of the fixtures' credential: the owner's delete row removes it, so each fixture gets its own. */
export const MATRIX_DOCUMENT = new TextEncoder().encode("%PDF-1.7\n%%EOF\n");

const OWNER: Actor[] = ["member"];
const REVIEWERS: Actor[] = ["credentialsReviewer", "admin"];
const mine = "signedIn, verified, own credential only (others: 404)";
const review = "to(review, credentials)";

export const credentialRows: RouteRow[] = [
  { method: "GET", route: "/account/credentials", rule: "signedIn, verified (403 page otherwise)", path: () => "/account/credentials", allowed: VERIFIED },
  { method: "GET", route: "/account/credentials/new", rule: "signedIn, verified", path: () => "/account/credentials/new", allowed: VERIFIED },
  { method: "POST", route: "/account/credentials", rule: "signedIn, verified (an empty form is a 422)", path: () => "/account/credentials", form: () => ({}), allowed: VERIFIED },
  { method: "GET", route: `/account/credentials/${ID}/edit`, rule: mine, path: (f) => `/account/credentials/${f.memberCredentialId}/edit`, allowed: OWNER },
  { method: "POST", route: `/account/credentials/${ID}`, rule: mine, path: (f) => `/account/credentials/${f.memberCredentialId}`, form: () => ({}), allowed: OWNER },
  { method: "POST", route: `/account/credentials/${ID}/delete`, rule: mine, path: (f) => `/account/credentials/${f.memberCredentialId}/delete`, form: () => ({}), allowed: OWNER },
  { method: "GET", route: `/account/credentials/${ID}/document`, rule: mine, path: (f) => `/account/credentials/${f.memberCredentialId}/document`, allowed: OWNER },
  { method: "GET", route: "/admin/credentials", rule: review, path: () => "/admin/credentials?tab=all", allowed: REVIEWERS },
  { method: "GET", route: "/admin/credentials/export.csv", rule: review, path: () => "/admin/credentials/export.csv?tab=pending", allowed: REVIEWERS },
  { method: "GET", route: `/admin/credentials/${ID}`, rule: review, path: (f) => `/admin/credentials/${f.memberCredentialId}`, allowed: REVIEWERS },
  { method: "POST", route: `/admin/credentials/${ID}/review`, rule: review, path: (f) => `/admin/credentials/${f.memberCredentialId}/review`, form: () => ({}), allowed: REVIEWERS },
  { method: "GET", route: `/admin/credentials/${ID}/document`, rule: review, path: (f) => `/admin/credentials/${f.memberCredentialId}/document`, allowed: REVIEWERS },
  { method: "GET", route: `/admin/credentials/${ID}/preview`, rule: review, path: (f) => `/admin/credentials/${f.memberCredentialId}/preview`, allowed: REVIEWERS },
];
