// Saved searches and bid alert settings: the list of a member's saved searches (how often each
// is emailed, delete), saving the current /projects filters, and the alert threshold for new
// opportunities. Only the owner sees or changes a saved search: another member's id is a 404.
// Mounted by routes.tsx (projectRoutes.route("/", savedSearchRoutes)).
import { zipCentroid } from "../profile/location.ts";
import { Hono, type Context } from "hono";
import { allow, type SignedInEnv } from "../../auth/rbac.ts";
import { ID } from "../../db/ids.ts";
import { renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { parseForm } from "../../lib/forms.ts";
import { SavedSearchesPage, type SavedSearchesProps } from "../../../templates/projects/SavedSearchesPage.tsx";
import { loadMatchMember } from "./queries.ts";
import {
  alertThreshold,
  deleteSavedSearch,
  frequencySchema,
  listSavedSearches,
  readSavedQuery,
  saveSearch,
  saveSearchSchema,
  savedSearchNotices,
  setAlertThreshold,
  setFrequency,
  thresholdSchema,
} from "./saved-searches.ts";

export const savedSearchRoutes = new Hono<AppEnv>();

type PageState = Pick<SavedSearchesProps, "saveForm" | "thresholdForm"> & { status?: 200 | 422; notice?: SavedSearchesProps["notice"] };

async function renderSavedPage(c: Context<SignedInEnv>, state: PageState = {}) {
  const { user } = c.var.signedIn;
  const db = c.var.db();
  const [searches, threshold] = await Promise.all([listSavedSearches(db, user.id), alertThreshold(db, user.id)]);
  c.header("Cache-Control", "private, no-cache");
  return renderPage(c, {
    title: "Saved searches and bid alerts",
    status: state.status ?? 200,
    body: (
      <SavedSearchesPage
        searches={searches}
        threshold={threshold}
        notice={state.notice ?? (state.status ? null : (savedSearchNotices.read(c) ?? null))}
        saveForm={state.saveForm}
        thresholdForm={state.thresholdForm}
      />
    ),
  });
}

savedSearchRoutes.get("/projects/saved", allow.signedIn, (c) => renderSavedPage(c));

/** Saves the filters of the list the member is looking at (the list's form posts them as `query`). */
savedSearchRoutes.post("/projects/saved", allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const form = await parseForm(c, saveSearchSchema);
  const refuse = (errors: Record<string, string>) => renderSavedPage(c, { status: 422, saveForm: { values: form.values, errors } });
  if (!form.ok) return refuse(form.errors);
  const read = readSavedQuery(form.data.query);
  // What the list itself refuses (an unknown ZIP, distance with nowhere to measure from) is not saved either.
  if (read.ok && (read.filters.zip || read.filters.miles || read.filters.sort === "distance")) {
    const db = c.var.db();
    const [zip, member] = await Promise.all([read.filters.zip ? zipCentroid(db, read.filters.zip) : null, loadMatchMember(db, user.id)]);
    if (read.filters.zip && !zip) return refuse({ query: `This search cannot be saved: we do not know the ZIP code ${read.filters.zip}.` });
    const hasBase = member !== null && member.latitude !== null && member.longitude !== null;
    if (!zip && !hasBase) return refuse({ query: "This search cannot be saved: distance needs a ZIP code (or yours on your profile)." });
  }
  const result = await saveSearch(c.var.db(), user.id, form.data, new Date());
  if (!result.ok) return refuse(result.errors);
  return savedSearchNotices.redirect(c, "/projects/saved", "saved");
});

/** The threshold for "a new opportunity matches me" emails (0–100). */
savedSearchRoutes.post("/projects/saved/threshold", allow.signedIn, async (c) => {
  const form = await parseForm(c, thresholdSchema);
  if (!form.ok) return renderSavedPage(c, { status: 422, thresholdForm: { values: form.values, errors: form.errors } });
  await setAlertThreshold(c.var.db(), c.var.signedIn.user.id, form.data.threshold);
  return savedSearchNotices.redirect(c, "/projects/saved", "threshold");
});

savedSearchRoutes.post(`/projects/saved/${ID}`, allow.signedIn, async (c) => {
  const form = await parseForm(c, frequencySchema);
  if (!form.ok) return renderSavedPage(c, { status: 422, notice: { tone: "bad", text: form.errors.frequency ?? "Choose how often from the list." } });
  const changed = await setFrequency(c.var.db(), c.var.signedIn.user.id, c.req.param("id"), form.data.frequency);
  if (!changed) return renderNotFound(c);
  return savedSearchNotices.redirect(c, "/projects/saved", "updated");
});

savedSearchRoutes.post(`/projects/saved/${ID}/delete`, allow.signedIn, async (c) => {
  const deleted = await deleteSavedSearch(c.var.db(), c.var.signedIn.user.id, c.req.param("id"));
  if (!deleted) return renderNotFound(c);
  return savedSearchNotices.redirect(c, "/projects/saved", "deleted");
});
