// The member directory (/members, verified members), a member's profile and vCard, and the
// public "Find a contractor" listing: one search (searchMembers with listedIn) for both lists.
// Mounted at "/" because /members and /find-a-contractor sit side by side.
import { Hono, type Context } from "hono";
import { allow, can } from "../../auth/rbac.ts";
import type { CurrentUser } from "../../auth/session.ts";
import { ID } from "../../db/ids.ts";
import type { DirectoryAudience } from "../../db/search.ts";
import { isHtmx, renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import type { FieldErrors } from "../../lib/forms.ts";
import { readQuery, shownFilters } from "../../lib/forms.ts";
import { pageWindow } from "../../lib/pagination.ts";
import { DirectoryPage, DirectoryResults } from "../../../templates/directory/DirectoryPage.tsx";
import { MemberPage } from "../../../templates/directory/MemberPage.tsx";
import { ConfirmEmailFirstPage } from "../../../templates/pages/ErrorPages.tsx";
import { filterChoices, findMemberPoint, runDirectorySearch, loadProfile, type FilterChoices, type Point } from "./queries.ts";
import { zipCentroid } from "../profile/location.ts";
import { canSeeProfile, shownContact, type Viewer } from "./rules.ts";
import { toVCard, vCardFileName } from "./vcard.ts";
import { DIRECTORY_QUERY, EMPTY_FILTERS, toSearch } from "./view.ts";

export const directoryRoutes = new Hono<AppEnv>();

const PER_PAGE = 20;
const NO_CHOICES: FilterChoices = { skills: [], languages: [] };

function viewerOf(user: CurrentUser): Viewer {
  return { kind: "member", id: user.id, isVerified: user.isVerified, admin: can(user, "read", "users") };
}

function confirmFirst<E extends AppEnv>(c: Context<E>) {
  return renderPage(c, {
    title: "Confirm your email first",
    status: 403,
    body: <ConfirmEmailFirstPage explanation="The member directory is for members. Open the confirmation link we emailed you, then come back to this page." />,
  });
}

/** The list page of either audience: validate, find where distances are measured from, search, render. */
async function directoryList<E extends AppEnv>(c: Context<E>, audience: DirectoryAudience, viewerId: string | null) {
  const query = readQuery(c, DIRECTORY_QUERY);
  const filters = shownFilters(query, EMPTY_FILTERS);
  const errors: FieldErrors = { ...query.errors };
  const db = c.var.db();
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  // The form's choices only matter to a whole page; an htmx update swaps the results alone.
  const choices = isHtmx(c) ? Promise.resolve(NO_CHOICES) : filterChoices(db, audience);

  let origin: Point | null = null;
  if (query.ok && query.data.from === "me") {
    if (!viewerId) errors.form = "Sign in to measure distances from your own business address, or enter a ZIP code.";
    else {
      origin = await findMemberPoint(db, viewerId);
      if (!origin) errors.from = "Your profile has no location yet: add your ZIP code to your profile, or measure from a ZIP code here.";
    }
  } else if (query.ok && query.data.zip) {
    const place = await zipCentroid(db, query.data.zip);
    origin = place && { lat: place.latitude, lng: place.longitude };
    if (!origin) errors.zip = `We do not know the ZIP code ${query.data.zip}. Check it, or try a nearby ZIP code.`;
  }

  const valid = query.ok && Object.keys(errors).length === 0;
  const [rows, formChoices] = await Promise.all([
    valid ? runDirectorySearch(db, { ...toSearch(query.data, origin, { limit, offset }), listedIn: audience }) : Promise.resolve([]),
    choices,
  ]);
  const props = { audience, filters, errors, rows, total: rows[0]?.total ?? 0, page, perPage };
  return renderPage(c, {
    title: audience === "public" ? "Find a contractor" : "Member directory",
    status: valid ? 200 : 422,
    body: <DirectoryPage {...props} choices={formChoices} />,
    partial: <DirectoryResults {...props} />,
  });
}

directoryRoutes.get("/members", allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  if (!user.isVerified) return confirmFirst(c);
  // Personal (distance from me) and for members only: never in a shared cache.
  c.header("Cache-Control", "private, no-cache");
  return directoryList(c, "members", user.id);
});

directoryRoutes.get("/find-a-contractor", allow.public, (c) => directoryList(c, "public", null));

/** The profile if this member may see it; null answers 404, as for an id that names nothing. */
async function visibleProfile<E extends AppEnv>(c: Context<E>, user: CurrentUser) {
  const profile = await loadProfile(c.var.db(), c.req.param("id") ?? "");
  return profile && canSeeProfile(profile, viewerOf(user)) ? profile : null;
}

directoryRoutes.get(`/members/${ID}`, allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  if (!user.isVerified) return confirmFirst(c);
  const profile = await visibleProfile(c, user);
  if (!profile) return renderNotFound(c);
  c.header("Cache-Control", "private, no-cache");
  return renderPage(c, {
    title: `${profile.firstName} ${profile.lastName}`,
    body: <MemberPage profile={profile} contact={shownContact(profile)} own={profile.id === user.id} />,
  });
});

directoryRoutes.get(`/members/${ID}/vcard`, allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  if (!user.isVerified) return confirmFirst(c);
  const profile = await visibleProfile(c, user);
  if (!profile) return renderNotFound(c);
  const contact = shownContact(profile);
  const card = toVCard({ ...profile, ...contact });
  return c.body(card, 200, {
    "content-type": "text/vcard; charset=utf-8",
    "content-disposition": `attachment; filename="${vCardFileName(profile.firstName, profile.lastName)}"`,
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
  });
});
