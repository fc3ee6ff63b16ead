import type { Profile, SkillRow } from "../../src/features/profile/queries.ts";
import { SKILL_LEVELS, US_STATES, VISIBILITY_CHOICES, type Completeness } from "../../src/features/profile/rules.ts";
import { OPTIONAL_EMAIL_KINDS, OPTIONAL_EMAIL_KIND_NAMES, wantsEmail } from "../../src/lib/email-preferences.ts";
import type { FieldErrors, FormValues } from "../../src/lib/forms.ts";
import { ALLOWED_IMAGES_TEXT, IMAGE_ACCEPT } from "../../src/lib/uploads.ts";
import { Notice } from "../account/Notice.tsx";
import { ErrorSummary, Field, SelectField, TextArea } from "../components/Field.tsx";

/** Where the photo is served; the key's last part in the query makes a replaced photo a new URL for caches. */
export function photoUrl(userId: string, key: string): string {
  return `/members/${userId}/photo?v=${encodeURIComponent(key.split("/").pop() ?? "")}`;
}

export const PHOTO_SCRIPT = "/js/upload-progress-3.js";

export interface ProfilePageProps {
  profile: Profile;
  skills: SkillRow[];
  completeness: Completeness;
  notice: string | null;
  /** The details form: what was typed (after a refusal) or what is stored. */
  values: FormValues;
  errors: FieldErrors;
  photoError?: string;
  skillForm?: SkillFormState;
}

export interface SkillFormState {
  /** "new" for the add form, else the row id being edited. */
  target: string;
  values: FormValues;
  errors: FieldErrors;
}

/** The stored profile as the form's text values. */
export function profileValues(p: Profile): FormValues {
  const address = (p.address && typeof p.address === "object" ? p.address : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    company: p.company ?? "",
    title: p.title ?? "",
    phone: p.phone ?? "",
    street: text(address.street),
    city: p.city ?? text(address.city),
    state: p.state ?? text(address.state),
    zip: p.zipCode ?? text(address.zip),
    website: p.website ?? "",
    linkedin: p.linkedin ?? "",
    bio: p.bio ?? "",
    yearsExperience: p.yearsExperience === null ? "" : String(p.yearsExperience),
    bondingCapacity: p.bondingCapacity === null ? "" : p.bondingCapacity.replace(/\.00$/, ""),
    languages: p.languages.join(", "),
    serviceRadiusMiles: p.serviceRadiusMiles === null ? "" : String(p.serviceRadiusMiles),
    directoryVisibility: p.directoryVisibility,
    showEmail: p.showEmail ? "on" : "",
    showPhone: p.showPhone ? "on" : "",
  };
}

/** /account/profile: everything a member says about their business, and which emails they get. */
export function ProfilePage(props: ProfilePageProps) {
  const p = props.profile;
  return (
    <>
      <h1>Your profile</h1>
      <p>
        <a href="/account">Back to your account</a>
      </p>
      <Notice message={props.notice} />
      <CompletenessPanel completeness={props.completeness} />
      <PhotoPanel profile={p} error={props.photoError} />
      <section aria-labelledby="h-details" id="details">
        <h2 id="h-details">Your details</h2>
        <DetailsForm values={props.values} errors={props.errors} email={p.email} />
      </section>
      <SkillsPanel skills={props.skills} form={props.skillForm} />
      <NotificationsPanel profile={p} />
      <script src={PHOTO_SCRIPT} defer></script>
    </>
  );
}

function CompletenessPanel(props: { completeness: Completeness }) {
  const { percent, missing } = props.completeness;
  return (
    <section aria-labelledby="h-completeness" id="completeness" class="card">
      <h2 id="h-completeness">Profile completeness</h2>
      <p>
        <label for="completeness-meter">Your profile is {percent}% complete</label>
        <meter id="completeness-meter" min={0} max={100} low={50} high={80} optimum={100} value={String(percent)}>
          {percent}%
        </meter>
      </p>
      {missing.length === 0 ? (
        <p>Everything bid matching uses is filled in.</p>
      ) : (
        <>
          <p>Bid matching and the directory use these. Still missing:</p>
          <ul>
            {missing.map((m) => (
              <li>
                <a href={m.anchor}>{m.label}</a> ({m.weight}%): {m.why}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function PhotoPanel(props: { profile: Profile; error?: string }) {
  const p = props.profile;
  return (
    <section aria-labelledby="h-photo" id="photo">
      <h2 id="h-photo">Photo or logo</h2>
      {p.profileImage ? (
        <p>
          <img src={photoUrl(p.id, p.profileImage)} alt={`${p.firstName} ${p.lastName}`} width={160} height={160} class="profile-photo" />
        </p>
      ) : (
        <p>No photo yet.</p>
      )}
      <form method="post" action="/account/profile/photo" enctype="multipart/form-data" data-upload-progress="photo-progress">
        <div class="field">
          <label for="f-photo">{p.profileImage ? "Replace the photo" : "Choose a photo"}</label>
          <input
            id="f-photo"
            name="photo"
            type="file"
            accept={IMAGE_ACCEPT}
            required
            aria-invalid={props.error ? "true" : undefined}
            aria-describedby={props.error ? "f-photo-hint f-photo-error" : "f-photo-hint"}
          />
          <p class="hint" id="f-photo-hint">
            {ALLOWED_IMAGES_TEXT}. Members see it in the directory.
          </p>
          {props.error && (
            <p class="error" id="f-photo-error">
              {props.error}
            </p>
          )}
        </div>
        <p>
          <label for="photo-progress">Upload progress</label>
          <progress id="photo-progress" max={100} value="0">
            0%
          </progress>
        </p>
        <button type="submit">Upload photo</button>
      </form>
      {p.profileImage && (
        <form method="post" action="/account/profile/photo/delete">
          <button type="submit" class="secondary">
            Remove photo
          </button>
        </form>
      )}
    </section>
  );
}

function Checkbox(props: { name: string; label: string; checked: boolean; hint?: string }) {
  const id = `f-${props.name}`;
  return (
    <div class="field">
      <input type="checkbox" id={id} name={props.name} value="on" checked={props.checked} aria-describedby={props.hint ? `${id}-hint` : undefined} />{" "}
      <label for={id} class="inline">
        {props.label}
      </label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

function DetailsForm(props: { values: FormValues; errors: FieldErrors; email: string }) {
  const v = props.values;
  const e = props.errors;
  const states: Array<readonly [string, string]> = [["", "Choose a state"], ...US_STATES.map((s) => [s, s] as const)];
  return (
    <form method="post" action="/account/profile">
      <ErrorSummary errors={e} />
      <fieldset>
        <legend>About you</legend>
        <Field name="firstName" label="First name" value={v.firstName} error={e.firstName} required maxlength={100} autocomplete="given-name" />
        <Field name="lastName" label="Last name" value={v.lastName} error={e.lastName} required maxlength={100} autocomplete="family-name" />
        <Field name="company" label="Company" value={v.company} error={e.company} maxlength={200} autocomplete="organization" />
        <Field name="title" label="Your title" value={v.title} error={e.title} maxlength={100} autocomplete="organization-title" />
        <TextArea name="bio" label="About your business" value={v.bio} error={e.bio} maxlength={2000} rows={5} hint="The work you do, where, and for whom. At most 2,000 characters." />
      </fieldset>
      <fieldset>
        <legend>Contact</legend>
        <Field name="phone" label="Phone" type="tel" value={v.phone} error={e.phone} maxlength={40} autocomplete="tel" hint="A US number, e.g. (415) 555-0100." />
        <Field name="website" label="Website" type="url" value={v.website} error={e.website} maxlength={500} autocomplete="url" hint="A full link, e.g. https://www.example.com" />
        <Field name="linkedin" label="LinkedIn" type="url" value={v.linkedin} error={e.linkedin} maxlength={500} hint="e.g. https://www.linkedin.com/in/your-name" />
      </fieldset>
      <fieldset>
        <legend>Where you work</legend>
        <Field name="street" label="Street address" value={v.street} error={e.street} maxlength={200} autocomplete="address-line1" />
        <Field name="city" label="City" value={v.city} error={e.city} maxlength={100} autocomplete="address-level2" />
        <SelectField name="state" label="State" value={v.state ?? ""} options={states} error={e.state} />
        <Field
          name="zip"
          label="ZIP code"
          value={v.zip}
          error={e.zip}
          maxlength={5}
          inputmode="numeric"
          pattern="[0-9]{5}"
          autocomplete="postal-code"
          hint="Five digits. Distances to job sites are measured from it; without a ZIP, your city and state are used."
        />
        <Field
          name="serviceRadiusMiles"
          label="Service radius (miles)"
          type="number"
          value={v.serviceRadiusMiles}
          error={e.serviceRadiusMiles}
          inputmode="numeric"
          hint="How far from your ZIP you take work, 0 to 500 miles."
        />
      </fieldset>
      <fieldset>
        <legend>Experience</legend>
        <Field name="yearsExperience" label="Years of experience" type="number" value={v.yearsExperience} error={e.yearsExperience} inputmode="numeric" hint="0 to 80." />
        <Field
          name="bondingCapacity"
          label="Bonding capacity (dollars)"
          value={v.bondingCapacity}
          error={e.bondingCapacity}
          inputmode="decimal"
          maxlength={20}
          hint="Your single-project bonding limit, e.g. 2,500,000."
        />
        <Field name="languages" label="Languages" value={v.languages} error={e.languages} maxlength={400} hint="Separate them with commas, e.g. English, Spanish." />
      </fieldset>
      <fieldset id="f-directoryVisibility" aria-describedby={e.directoryVisibility ? "f-directoryVisibility-error" : undefined}>
        <legend>Who can see your profile</legend>
        {VISIBILITY_CHOICES.map((choice) => (
          <div class="field">
            <input
              type="radio"
              id={`f-visibility-${choice.value}`}
              name="directoryVisibility"
              value={choice.value}
              checked={(v.directoryVisibility || "MEMBERS") === choice.value}
              aria-describedby={`f-visibility-${choice.value}-hint`}
            />{" "}
            <label for={`f-visibility-${choice.value}`} class="inline">
              {choice.label}
            </label>
            <p class="hint" id={`f-visibility-${choice.value}-hint`}>
              {choice.explain}
            </p>
          </div>
        ))}
        {e.directoryVisibility && (
          <p class="error" id="f-directoryVisibility-error">
            {e.directoryVisibility}
          </p>
        )}
        <Checkbox name="showEmail" label={`Show my email address (${props.email})`} checked={v.showEmail === "on"} hint="Off: people who find you use the portal's messages instead." />
        <Checkbox name="showPhone" label="Show my phone number" checked={v.showPhone === "on"} />
      </fieldset>
      <button type="submit">Save profile</button>
    </form>
  );
}

const LEVEL_OPTIONS = SKILL_LEVELS;

/** The skills list and its forms: the fragment htmx swaps after an add, edit or removal. */
export function SkillsPanel(props: { skills: SkillRow[]; form?: SkillFormState }) {
  const form = props.form;
  const addValues = form?.target === "new" ? form.values : {};
  const addErrors = form?.target === "new" ? form.errors : {};
  const hx = (action: string) => ({ "data-hx-post": action, "data-hx-target": "#skills", "data-hx-swap": "outerHTML" });
  return (
    <section aria-labelledby="h-skills" id="skills">
      <h2 id="h-skills">Skills</h2>
      <p class="hint">Bid matching compares these with the trades each opportunity needs.</p>
      {props.skills.length === 0 ? (
        <p>No skills listed yet.</p>
      ) : (
        <ul class="skill-list">
          {props.skills.map((s) => {
            const editing = form?.target === s.id;
            const values = editing ? form.values : { skill: s.skill, level: s.level, years: s.years === null ? "" : String(s.years) };
            const errors = editing ? form.errors : {};
            const id = `skill-${s.id}`;
            return (
              <li id={id} class="card">
                <form method="post" action={`/account/profile/skills/${s.id}`} {...hx(`/account/profile/skills/${s.id}`)}>
                  <SkillInputs prefix={id} values={values} errors={errors} />
                  <button type="submit" class="secondary">
                    Save {s.skill}
                  </button>
                </form>
                <form method="post" action={`/account/profile/skills/${s.id}/delete`} {...hx(`/account/profile/skills/${s.id}/delete`)}>
                  <button type="submit" class="link">
                    Remove {s.skill}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
      )}
      <form method="post" action="/account/profile/skills" {...hx("/account/profile/skills")}>
        <h3>Add a skill</h3>
        <SkillInputs prefix="skill-new" values={addValues} errors={addErrors} />
        <button type="submit">Add skill</button>
      </form>
    </section>
  );
}

function SkillInputs(props: { prefix: string; values: FormValues; errors: FieldErrors }) {
  const { prefix, values: v, errors: e } = props;
  const described = (name: string) => (e[name] ? `${prefix}-${name}-error` : undefined);
  const error = (name: string) =>
    e[name] && (
      <p class="error" id={`${prefix}-${name}-error`}>
        {e[name]}
      </p>
    );
  return (
    <div class="skill-inputs">
      <div class="field">
        <label for={`${prefix}-skill`}>Skill</label>
        <input id={`${prefix}-skill`} name="skill" value={v.skill ?? ""} required maxlength={60} aria-invalid={e.skill ? "true" : undefined} aria-describedby={described("skill")} />
        {error("skill")}
      </div>
      <div class="field">
        <label for={`${prefix}-level`}>Level</label>
        <select id={`${prefix}-level`} name="level" aria-invalid={e.level ? "true" : undefined} aria-describedby={described("level")}>
          {LEVEL_OPTIONS.map(([value, label]) => (
            <option value={value} selected={(v.level || "INTERMEDIATE") === value}>
              {label}
            </option>
          ))}
        </select>
        {error("level")}
      </div>
      <div class="field">
        <label for={`${prefix}-years`}>Years</label>
        <input id={`${prefix}-years`} name="years" type="number" min={0} max={80} inputmode="numeric" value={v.years ?? ""} aria-invalid={e.years ? "true" : undefined} aria-describedby={described("years")} />
        {error("years")}
      </div>
    </div>
  );
}

function NotificationsPanel(props: { profile: Profile }) {
  const prefs = props.profile.notificationPreferences;
  return (
    <section aria-labelledby="h-notifications" id="notifications">
      <h2 id="h-notifications">Emails you get</h2>
      <p class="hint">Account and security emails, receipts and registration confirmations are always sent.</p>
      <form method="post" action="/account/profile/notifications">
        <fieldset>
          <legend>Send me</legend>
          {OPTIONAL_EMAIL_KIND_NAMES.map((kind) => (
            <Checkbox name={kind} label={OPTIONAL_EMAIL_KINDS[kind].label} checked={wantsEmail(prefs ? { ...prefs, email: true } : null, kind)} hint={OPTIONAL_EMAIL_KINDS[kind].hint} />
          ))}
        </fieldset>
        {prefs?.email === false && <p class="hint">All optional email is off for your account; saving here turns on the ones you tick.</p>}
        <button type="submit">Save email choices</button>
      </form>
    </section>
  );
}
