// One member's profile as its owner allowed: contact details only when they chose to show
// them, skills with level and years, verified unexpired certifications, and the ways to reach them.
import type { Profile } from "../../src/features/directory/queries.ts";
import { badgeText } from "../../src/features/directory/rules.ts";
import { formatUsd, toCents } from "../../src/lib/money.ts";
import { formatDate } from "../../src/lib/time.ts";

export interface MemberPageProps {
  profile: Profile;
  contact: { email: string | null; phone: string | null };
  /** The member is looking at their own page. */
  own: boolean;
}

const LEVELS: Record<Profile["skillRows"][number]["level"], string> = {
  BEGINNER: "Beginner",
  INTERMEDIATE: "Intermediate",
  ADVANCED: "Advanced",
  EXPERT: "Expert",
};

const VISIBILITY_NOTE: Record<Profile["directoryVisibility"], string> = {
  HIDDEN: "Your profile is hidden: other members do not see it in the directory.",
  MEMBERS: "Members of the chapter see your profile in the directory.",
  PUBLIC: "Members see your profile, and visitors find your firm in the public “Find a contractor” listing.",
};

function expiryText(expiresOn: string | null): string {
  if (!expiresOn) return "";
  const d = new Date(`${expiresOn}T12:00:00Z`);
  return ` · valid until ${formatDate(d)}`;
}

export function MemberPage(props: MemberPageProps) {
  const p = props.profile;
  const name = `${p.firstName} ${p.lastName}`;
  const place = [p.city, p.state].filter(Boolean).join(", ");
  const website = p.website && /^https:\/\//i.test(p.website) ? p.website : null;
  const linkedin = p.linkedin && /^https:\/\/([a-z]+\.)?linkedin\.com\//i.test(p.linkedin) ? p.linkedin : null;
  return (
    <article aria-labelledby="member-name">
      <p>
        <a href="/members">← Member directory</a>
      </p>
      {props.own && (
        <p class="notice" role="status">
          This is how other members see your profile. {VISIBILITY_NOTE[p.directoryVisibility]} <a href="/account/profile">Edit your profile</a>
        </p>
      )}
      {p.profileImage && <img src={`/members/${p.id}/photo`} alt={name} width="120" height="120" />}
      <h1 id="member-name">{name}</h1>
      <p class="lede">
        {[p.title, p.company].filter(Boolean).join(", ")}
        {place && (
          <>
            <br />
            {place}
          </>
        )}
      </p>
      <p>
        {!props.own && (
          <>
            <a class="btn" href={`/messages/new?to=${p.id}`}>
              Message {p.firstName}
            </a>{" "}
          </>
        )}
        <a class="btn secondary" href={`/members/${p.id}/vcard`} download>
          Add to contacts (vCard)
        </a>
      </p>

      <h2>Contact</h2>
      {props.contact.email || props.contact.phone || website || linkedin ? (
        <ul>
          {props.contact.email && (
            <li>
              Email: <a href={`mailto:${props.contact.email}`}>{props.contact.email}</a>
            </li>
          )}
          {props.contact.phone && (
            <li>
              Phone: <a href={`tel:${props.contact.phone.replace(/[^\d+]/g, "")}`}>{props.contact.phone}</a>
            </li>
          )}
          {website && (
            <li>
              Website: <a href={website} rel="noopener noreferrer nofollow">{website}</a>
            </li>
          )}
          {linkedin && (
            <li>
              LinkedIn: <a href={linkedin} rel="noopener noreferrer nofollow">{linkedin}</a>
            </li>
          )}
        </ul>
      ) : (
        <p class="hint">{p.firstName} has not shared an email or phone number. Send a message through the portal instead.</p>
      )}

      <h2>Certifications</h2>
      {p.credentials.length > 0 ? (
        <ul>
          {p.credentials.map((c) => (
            <li>
              <strong>{badgeText(c)}</strong>
              {c.issuer ? ` · ${c.issuer}` : ""}
              {expiryText(c.expiresOn)}
            </li>
          ))}
        </ul>
      ) : (
        <p class="hint">No certifications verified by the chapter yet.</p>
      )}

      <h2>Skills</h2>
      {p.skillRows.length > 0 ? (
        <ul>
          {p.skillRows.map((s) => (
            <li>
              {s.skill} — {LEVELS[s.level]}
              {s.years !== null ? `, ${s.years} ${s.years === 1 ? "year" : "years"}` : ""}
            </li>
          ))}
        </ul>
      ) : p.skills.length > 0 ? (
        <p>{p.skills.join(" · ")}</p>
      ) : (
        <p class="hint">No skills listed yet.</p>
      )}

      <h2>About</h2>
      <dl>
        {p.yearsExperience !== null && (
          <>
            <dt>Years in the trade</dt>
            <dd>{p.yearsExperience}</dd>
          </>
        )}
        {p.bondingCapacity !== null && toCents(p.bondingCapacity) > 0 && (
          <>
            <dt>Bonding capacity (single project)</dt>
            <dd>{formatUsd(toCents(p.bondingCapacity))}</dd>
          </>
        )}
        {p.serviceRadiusMiles !== null && (
          <>
            <dt>Travels for work</dt>
            <dd>Up to {p.serviceRadiusMiles} miles</dd>
          </>
        )}
        {p.languages.length > 0 && (
          <>
            <dt>Languages</dt>
            <dd>{p.languages.join(", ")}</dd>
          </>
        )}
        <dt>Member since</dt>
        <dd>{formatDate(p.memberSince)}</dd>
      </dl>
      {p.bio && <p>{p.bio}</p>}
    </article>
  );
}
