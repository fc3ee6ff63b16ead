// Member import, bulk actions and the invitation landing page in the authorization matrix:
// every admin route needs users:manage (the admin, and a custom role holding only that
// permission); members, event staff and the other delegated roles get nowhere. Forms are sent
// empty, so an allowed actor gets a 422/409 after authorization and nothing is written.
// /welcome is public: its token is the credential.
import { env } from "cloudflare:workers";
import { ID, newId } from "../../src/db/ids.ts";
import { EVERYONE, type Actor, type RouteRow } from "./types.ts";

const MANAGERS: Actor[] = ["usersManager", "admin"];
const manage = "allow.to(manage, users)";

/** A stored import report for the report routes (made once, read by every actor). */
const REPORT_ID = newId();
let report: Promise<void> | undefined;
const prepareReport = () =>
  (report ??= env.FILES.put(
    `member-imports/reports/${REPORT_ID}.json`,
    JSON.stringify({ id: REPORT_ID, fileName: "matrix.csv", importedAt: new Date().toISOString(), importedBy: "matrix", counts: { created: 0, updated: 0, unchanged: 1, failed: 0 }, rows: [{ line: 2, email: "matrix@example.org", name: "Matrix Row", outcome: "unchanged", changes: [], errors: [] }] }),
  ).then(() => undefined));

/** A preview's rows with errors, uploaded by someone who is none of the actors: 404 to them all. */
const PREVIEW_ID = newId();
let preview: Promise<void> | undefined;
const preparePreview = () =>
  (preview ??= env.FILES.put(`member-imports/preview-errors/${PREVIEW_ID}.json`, "[]", { customMetadata: { fileName: "matrix.csv", uploadedBy: "matrix" } }).then(
    () => undefined,
  ));

export const adminBulkRows: RouteRow[] = [
  { method: "GET", route: "/admin/users/import", rule: manage, path: () => "/admin/users/import", allowed: MANAGERS },
  { method: "POST", route: "/admin/users/import", rule: manage, path: () => "/admin/users/import", form: () => ({}), allowed: MANAGERS },
  { method: "POST", route: "/admin/users/import/commit", rule: manage, path: () => "/admin/users/import/commit", form: () => ({ token: newId() }), allowed: MANAGERS },
  { method: "GET", route: `/admin/users/import/${ID}`, rule: manage, path: () => `/admin/users/import/${REPORT_ID}`, prepare: prepareReport, allowed: MANAGERS },
  { method: "GET", route: `/admin/users/import/${ID}/report.csv`, rule: manage, path: () => `/admin/users/import/${REPORT_ID}/report.csv`, prepare: prepareReport, allowed: MANAGERS },
  {
    method: "GET",
    route: `/admin/users/import/preview/${ID}/errors.csv`,
    rule: `${manage}; only the admin who uploaded the file (404 for anyone else)`,
    path: () => `/admin/users/import/preview/${PREVIEW_ID}/errors.csv`,
    prepare: preparePreview,
    allowed: [],
  },
  { method: "GET", route: "/admin/users/bulk", rule: manage, path: () => "/admin/users/bulk?q=Matrix%20nobody", allowed: MANAGERS },
  { method: "POST", route: "/admin/users/bulk", rule: manage, path: () => "/admin/users/bulk", form: () => ({ q: "Matrix nobody", action: "email" }), allowed: MANAGERS },
  { method: "POST", route: "/admin/users/bulk/apply", rule: manage, path: () => "/admin/users/bulk/apply", form: () => ({ q: "Matrix nobody", action: "email" }), allowed: MANAGERS },
  { method: "GET", route: "/welcome", rule: "allow.public", path: () => `/welcome?token=${newId()}`, allowed: EVERYONE },
  { method: "POST", route: "/welcome", rule: "allow.public", path: () => "/welcome", form: () => ({ token: newId(), password: "x", confirmPassword: "x" }), allowed: EVERYONE },
];

