// A member's own profile at /account/profile: details and location, skills (htmx partial,
// plain forms without JS), photo, email choices and the completeness meter. Every route acts
// on the signed-in member's own row only: no member id is ever read from the request.
// Self-service, so no AdminAction rows (as in the account area): a notice confirms each change.
import { Hono, type Context } from "hono";
import { allow, type SignedInEnv } from "../../auth/rbac.ts";
import { isId, idParam } from "../../db/ids.ts";
import { isHtmx, renderFragment, renderNotFound, renderPage } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { parseForm, readForm, type FieldErrors, type FormValues } from "../../lib/forms.ts";
import { log } from "../../lib/log.ts";
import { MAX_IMAGE_BYTES, storeImageUpload } from "../../lib/uploads.ts";
import { newId } from "../../db/ids.ts";
import { ProfilePage, profileValues, SkillsPanel, type SkillFormState } from "../../../templates/profile/ProfilePage.tsx";
import { cityCentroid, zipCentroid, type Centroid } from "./location.ts";
import {
  addSkill,
  countVerifiedCredentials,
  listSkills,
  loadProfile,
  removeSkill,
  saveNotificationPreferences,
  saveProfile,
  setPhotoKey,
  updateSkill,
  type Profile,
  type SkillChange,
} from "./queries.ts";
import { completeness, MAX_SKILLS, preferencesFromForm, profileNotices, profileSchema, skillSchema } from "./rules.ts";

export const profileRoutes = new Hono<AppEnv>();

interface PageState {
  status?: 200 | 422;
  values?: FormValues;
  errors?: FieldErrors;
  photoError?: string;
  skillForm?: SkillFormState;
}

async function loadAll(c: Context<SignedInEnv>) {
  const db = c.var.db();
  const userId = c.var.signedIn.user.id;
  const [profile, skills, credentialCount] = await Promise.all([loadProfile(db, userId), listSkills(db, userId), countVerifiedCredentials(db, userId)]);
  if (!profile) throw new Error("signed-in member has no users row");
  return { profile, skills, credentialCount };
}

function meterFor(profile: Profile, skillCount: number, credentialCount: number) {
  return completeness({
    company: profile.company,
    phone: profile.phone,
    bio: profile.bio,
    zipCode: profile.zipCode,
    hasCoordinates: profile.latitude !== null,
    serviceRadiusMiles: profile.serviceRadiusMiles,
    yearsExperience: profile.yearsExperience,
    bondingCapacity: profile.bondingCapacity,
    profileImage: profile.profileImage,
    skillCount,
    credentialCount,
  });
}

async function renderProfile(c: Context<SignedInEnv>, state: PageState = {}): Promise<Response> {
  const { profile, skills, credentialCount } = await loadAll(c);
  return renderPage(c, {
    title: "Your profile",
    status: state.status ?? 200,
    body: (
      <ProfilePage
        profile={profile}
        skills={skills}
        completeness={meterFor(profile, skills.length, credentialCount)}
        notice={profileNotices.read(c) ?? null}
        values={state.values ?? profileValues(profile)}
        errors={state.errors ?? {}}
        photoError={state.photoError}
        skillForm={state.skillForm}
      />
    ),
  });
}

profileRoutes.get("/", allow.signedIn, (c) => renderProfile(c));

profileRoutes.post("/", allow.signedIn, async (c) => {
  const form = await parseForm(c, profileSchema);
  if (!form.ok) return renderProfile(c, { status: 422, values: form.values, errors: form.errors });
  const input = form.data;
  const db = c.var.db();
  const userId = c.var.signedIn.user.id;
  // One round trip: the stored row (for the address keys a form does not show) and the ZIP's centroid.
  const [before, zipPlace] = await Promise.all([loadProfile(db, userId), input.zip ? zipCentroid(db, input.zip) : null]);
  if (!before) throw new Error("signed-in member has no users row");
  let place: Centroid | null = zipPlace;
  if (input.zip) {
    if (!place) {
      return renderProfile(c, { status: 422, values: form.values, errors: { zip: `We do not know the US ZIP code ${input.zip}. Check it, or clear it and give your city and state.` } });
    }
  } else if (input.city && input.state) {
    place = await cityCentroid(db, input.city, input.state);
    if (!place) {
      return renderProfile(c, { status: 422, values: form.values, errors: { city: `We could not find ${input.city}, ${input.state}. Check the spelling, or enter your ZIP code.` } });
    }
  }
  await saveProfile(db, userId, before, input, place);
  return profileNotices.redirect(c, "/account/profile", "saved");
});

// ---------------------------------------------------------------- skills

/** htmx swaps the refreshed skills panel; without it, back to the page (422 re-renders it whole). */
async function afterSkillChange(c: Context<SignedInEnv>, result: SkillChange, target: string, values: FormValues, notice: "skill-added" | "skill-saved") {
  if (!result.ok && "missing" in result) return renderNotFound(c);
  const failed = !result.ok ? { target, values, errors: result.errors } : undefined;
  if (isHtmx(c)) {
    const skills = await listSkills(c.var.db(), c.var.signedIn.user.id);
    return renderFragment(c, <SkillsPanel skills={skills} form={failed} />, failed ? 422 : 200);
  }
  if (failed) return renderProfile(c, { status: 422, skillForm: failed });
  return profileNotices.redirect(c, "/account/profile#skills", notice);
}

profileRoutes.post("/skills", allow.signedIn, async (c) => {
  const form = await parseForm(c, skillSchema);
  const result: SkillChange = form.ok ? await addSkill(c.var.db(), c.var.signedIn.user.id, form.data, MAX_SKILLS) : { ok: false, errors: form.errors };
  return afterSkillChange(c, result, "new", form.values, "skill-added");
});

profileRoutes.post(`/skills/${idParam("skillId")}`, allow.signedIn, async (c) => {
  const skillId = c.req.param("skillId");
  const form = await parseForm(c, skillSchema);
  const result: SkillChange = form.ok ? await updateSkill(c.var.db(), c.var.signedIn.user.id, skillId, form.data) : { ok: false, errors: form.errors };
  return afterSkillChange(c, result, skillId, form.values, "skill-saved");
});

profileRoutes.post(`/skills/${idParam("skillId")}/delete`, allow.signedIn, async (c) => {
  const skillId = c.req.param("skillId");
  // Someone else's skill row is "not found", exactly like one that does not exist.
  if (!isId(skillId) || !(await removeSkill(c.var.db(), c.var.signedIn.user.id, skillId))) return renderNotFound(c);
  if (isHtmx(c)) return renderFragment(c, <SkillsPanel skills={await listSkills(c.var.db(), c.var.signedIn.user.id)} />);
  return profileNotices.redirect(c, "/account/profile#skills", "skill-removed");
});

// ---------------------------------------------------------------- photo

/** A private key no one can guess: profiles/<userId>/<random>. */
const photoKey = (userId: string) => `profiles/${userId}/${newId()}`;

profileRoutes.post("/photo", allow.signedIn, async (c) => {
  const userId = c.var.signedIn.user.id;
  // A body far over the limit is refused before it is read into memory.
  if (Number(c.req.header("content-length") ?? 0) > MAX_IMAGE_BYTES + 64 * 1024) {
    return renderProfile(c, { status: 422, photoError: `The file is too large; the limit is ${MAX_IMAGE_BYTES / 1024 / 1024} MB.` });
  }
  const { raw } = await readForm(c);
  const upload = await storeImageUpload(c.env.FILES, photoKey(userId), raw.photo);
  if (!upload.ok) return renderProfile(c, { status: 422, photoError: upload.message });
  let replaced: string | null;
  try {
    replaced = await setPhotoKey(c.var.db(), userId, upload.stored.key);
  } catch (err) {
    await c.env.FILES.delete(upload.stored.key).catch(() => {});
    throw err;
  }
  if (replaced) await deleteObject(c, replaced);
  return profileNotices.redirect(c, "/account/profile#photo", "photo-saved");
});

profileRoutes.post("/photo/delete", allow.signedIn, async (c) => {
  const replaced = await setPhotoKey(c.var.db(), c.var.signedIn.user.id, null);
  if (replaced) await deleteObject(c, replaced);
  return profileNotices.redirect(c, "/account/profile#photo", "photo-removed");
});

/** The row no longer points at it, so a failure here leaves only a harmless orphan. */
async function deleteObject(c: Context<SignedInEnv>, key: string) {
  try {
    await c.env.FILES.delete(key);
  } catch (err) {
    log("warn", "old profile photo left in R2", { key, error: String(err) });
  }
}

// ---------------------------------------------------------------- email choices

profileRoutes.post("/notifications", allow.signedIn, async (c) => {
  const { raw } = await readForm(c);
  const userId = c.var.signedIn.user.id;
  const db = c.var.db();
  const profile = await loadProfile(db, userId);
  if (!profile) throw new Error("signed-in member has no users row");
  const current = profile.notificationPreferences ?? { email: true, sms: false, push: true };
  await saveNotificationPreferences(db, userId, preferencesFromForm(current, raw));
  return profileNotices.redirect(c, "/account/profile#notifications", "notifications-saved");
});
