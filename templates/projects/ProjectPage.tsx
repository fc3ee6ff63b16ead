import type { ApplicationStatus, Project, ProjectApplication } from "../../src/db/schema/projects.ts";
import { parseAddress } from "../../src/features/events/content.ts";
import { APPLICATION_ACCEPT, APPLICATION_FILES_TEXT } from "../../src/features/projects/applications.ts";
import { certificationLabel, readCertifications, type MatchResult } from "../../src/features/projects/match.ts";
import { canWithdraw, timeLeft } from "../../src/features/projects/rules.ts";
import { APPLICATION_LABELS, CATEGORY_LABELS, STATUS_LABELS } from "../../src/features/projects/view.ts";
import { formatUsd, toCents } from "../../src/lib/money.ts";
import { formatDate, formatDateTime } from "../../src/lib/time.ts";
import { ErrorSummary, Field, TextArea } from "../components/Field.tsx";
import { fileSize, NoticeBox } from "../events/parts.tsx";

export interface ProjectPageProps {
  project: Project;
  now: Date;
  viewer: { signedIn: boolean; verified: boolean };
  files: Array<{ id: string; fileName: string; fileType: string; fileSize: number }>;
  mine: ProjectApplication | null;
  myFiles: Array<{ id: string; fileName: string; fileSize: number }>;
  watching: boolean;
  match: MatchResult | null;
  notice: { tone: "good" | "info" | "bad"; text: string } | null;
  error?: string;
  form?: { values: Record<string, string>; errors: Record<string, string> };
}

const money = (v: string | null) => (v === null ? null : formatUsd(toCents(v)));
const VISIBILITY: Record<Project["visibility"], string> = {
  PUBLIC: "Public",
  MEMBERS_ONLY: "Members only",
  INVITE_ONLY: "By invitation",
  PRIVATE: "Private (chapter staff)",
};

function insuranceLines(value: unknown): string[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  const v = value as Record<string, unknown>;
  const usd = (n: unknown) => (typeof n === "number" ? formatUsd(n * 100) : null);
  const lines: string[] = [];
  const gl = v.generalLiability as Record<string, unknown> | undefined;
  if (gl && typeof gl === "object") {
    lines.push(`General liability: ${[usd(gl.eachOccurrence) && `${usd(gl.eachOccurrence)} each occurrence`, usd(gl.aggregate) && `${usd(gl.aggregate)} aggregate`].filter(Boolean).join(", ")}`);
  }
  if (usd(v.autoLiability)) lines.push(`Auto liability: ${usd(v.autoLiability)}`);
  if (typeof v.workersCompensation === "string") lines.push(`Workers' compensation: ${v.workersCompensation}`);
  if (usd(v.umbrella)) lines.push(`Umbrella: ${usd(v.umbrella)}`);
  if (typeof v.additionalInsured === "string") lines.push(`Additional insured: ${v.additionalInsured}`);
  const bonds = v.bonds as Record<string, unknown> | undefined;
  if (bonds && typeof bonds === "object") {
    lines.push(`Bonds: ${Object.entries(bonds).filter(([, x]) => typeof x === "string").map(([k, x]) => `${k} ${x}`).join(", ")}`);
  }
  return lines;
}

/** The watch toggle: a plain form; htmx swaps just the button. */
export function WatchButton(props: { projectId: string; watching: boolean }) {
  return (
    <form
      id="watch"
      method="post"
      action={`/projects/${props.projectId}/watch`}
      data-hx-post={`/projects/${props.projectId}/watch`}
      data-hx-target="#watch"
      data-hx-swap="outerHTML"
    >
      <input type="hidden" name="watch" value={props.watching ? "0" : "1"} />
      <button type="submit" class="secondary" aria-pressed={props.watching ? "true" : "false"}>
        {props.watching ? "Watching ✓ (stop watching)" : "Watch this opportunity"}
      </button>
    </form>
  );
}

function Row(props: { label: string; value: unknown }) {
  if (props.value === null || props.value === undefined || props.value === "" || (Array.isArray(props.value) && props.value.length === 0)) return null;
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{props.value as string}</dd>
    </>
  );
}

function Match(props: { match: MatchResult }) {
  const good = props.match.reasons.filter((r) => r.kind === "met");
  const gaps = props.match.reasons.filter((r) => r.kind !== "met");
  return (
    <section class="card" aria-labelledby="match-title">
      <h2 id="match-title">Your match: {props.match.score}/100</h2>
      {props.match.missingHard.length > 0 && (
        <p>
          <strong>Missing a requirement</strong>, so the score is capped.
        </p>
      )}
      {good.length > 0 && (
        <>
          <h3>Why you match</h3>
          <ul>
            {good.map((r) => (
              <li>{r.text}</li>
            ))}
          </ul>
        </>
      )}
      {gaps.length > 0 && (
        <>
          <h3>What you're missing</h3>
          <ul>
            {gaps.map((r) => (
              <li>
                {r.hard ? <strong>Required: </strong> : null}
                {r.text}
              </li>
            ))}
          </ul>
        </>
      )}
      <p class="hint">
        From your profile, skills and verified credentials. <a href="/account">Update your profile</a>
      </p>
    </section>
  );
}

function ApplyForm(props: { projectId: string; form?: ProjectPageProps["form"] }) {
  const v = props.form?.values ?? {};
  const e = props.form?.errors ?? {};
  return (
    <form
      method="post"
      action={`/projects/${props.projectId}/apply`}
      enctype="multipart/form-data"
      class="upload-form"
      data-upload-progress="apply-progress"
      aria-labelledby="apply-title"
    >
      <ErrorSummary errors={e} />
      <TextArea name="coverLetter" label="Cover letter" value={v.coverLetter} error={e.coverLetter} rows={6} required maxlength={5000} />
      <TextArea name="proposal" label="Proposal (scope, crew, exclusions)" value={v.proposal} error={e.proposal} rows={6} maxlength={20000} />
      <div class="grid">
        <Field name="bidAmount" label="Bid amount ($)" value={v.bidAmount} error={e.bidAmount} inputmode="decimal" required maxlength={20} />
        <Field name="estimatedDuration" label="Estimated duration (days)" value={v.estimatedDuration} error={e.estimatedDuration} inputmode="numeric" required maxlength={4} />
      </div>
      <div class="field">
        <label for="f-files">Documents</label>
        <input
          id="f-files"
          name="files"
          type="file"
          multiple
          accept={APPLICATION_ACCEPT}
          aria-invalid={e.files ? "true" : undefined}
          aria-describedby={e.files ? "f-files-hint f-files-error" : "f-files-hint"}
        />
        <p class="hint" id="f-files-hint">
          {APPLICATION_FILES_TEXT}.
        </p>
        {e.files && (
          <p class="error" id="f-files-error">
            {e.files}
          </p>
        )}
      </div>
      <p>
        <label for="apply-progress">Upload progress</label>{" "}
        <progress id="apply-progress" max="100" value="0">
          0%
        </progress>
      </p>
      <p>
        <button type="submit">Send my bid</button>
      </p>
      <script src="/js/upload-progress-3.js" defer></script>
    </form>
  );
}

function BidPanel(props: ProjectPageProps) {
  const p = props.project;
  const mine = props.mine;
  if (mine) {
    const withdrawable = canWithdraw(mine, p, props.now).ok;
    return (
      <>
        <p>
          <strong>Your bid: {APPLICATION_LABELS[mine.status as ApplicationStatus]}</strong>
          {mine.bidAmount !== null ? <> · {formatUsd(toCents(mine.bidAmount))}</> : null}
          {mine.estimatedDuration !== null ? <> · {mine.estimatedDuration} days</> : null}
          <br />
          Sent {formatDateTime(mine.submittedAt)}
        </p>
        {props.myFiles.length > 0 && (
          <ul>
            {props.myFiles.map((f) => (
              <li>
                <a href={`/projects/applications/${mine.id}/files/${f.id}`}>{f.fileName}</a> ({fileSize(f.fileSize)})
              </li>
            ))}
          </ul>
        )}
        {withdrawable && (
          <form method="post" action={`/projects/${p.id}/withdraw`}>
            <button type="submit" class="secondary">
              Withdraw my bid
            </button>
          </form>
        )}
      </>
    );
  }
  if (!props.viewer.signedIn) {
    return (
      <p>
        <a href={`/login?next=${encodeURIComponent(`/projects/${p.id}`)}`}>Sign in</a> to bid.
      </p>
    );
  }
  if (!props.viewer.verified) return <p>Confirm your email address to bid.</p>;
  if (p.status === "PUBLISHED") return <p>Bidding has not opened yet. Watch this opportunity to keep it handy.</p>;
  if (p.status !== "BIDDING_OPEN" || (p.deadlineDate && p.deadlineDate.getTime() <= props.now.getTime())) return <p>This opportunity is not taking bids.</p>;
  if (p.maxApplications !== null && p.applicationCount >= p.maxApplications) return <p>This opportunity is full: all {p.maxApplications} places are taken.</p>;
  return <ApplyForm projectId={p.id} form={props.form} />;
}

export function ProjectPage(props: ProjectPageProps) {
  const p = props.project;
  const address = parseAddress(p.address);
  const certs = readCertifications(p.certificationsRequired);
  const insurance = insuranceLines(p.insuranceRequired);
  const open = p.deadlineDate && p.deadlineDate.getTime() > props.now.getTime();
  return (
    <article aria-labelledby="project-title">
      <p class="hint">
        <a href="/projects">All opportunities</a>
        {props.viewer.signedIn ? (
          <>
            {" · "}
            <a href="/projects/mine">My bids</a>
          </>
        ) : null}
      </p>
      <h1 id="project-title">{p.title}</h1>
      <NoticeBox notice={props.notice} />
      {props.error && (
        <div class="notice bad" role="alert">
          <p>{props.error}</p>
        </div>
      )}
      <p class="lede">
        {p.organization ?? "Chapter opportunity"} · {STATUS_LABELS[p.status]}
        {p.deadlineDate ? (
          <>
            <br />
            Bids due <time datetime={p.deadlineDate.toISOString()}>{formatDateTime(p.deadlineDate)}</time>
            {open ? <strong> ({timeLeft(p.deadlineDate, props.now)})</strong> : " (closed)"}
          </>
        ) : null}
      </p>
      <div class="grid">
        <section class="card" id="bid" aria-labelledby="apply-title">
          <h2 id="apply-title">Bid</h2>
          <BidPanel {...props} />
        </section>
        <section class="card" aria-labelledby="keep-title">
          <h2 id="keep-title">Keep track</h2>
          {props.viewer.signedIn && <WatchButton projectId={p.id} watching={props.watching} />}
          {p.deadlineDate && (
            <p>
              <a href={`/projects/${p.id}.ics`}>Add the bid deadline to my calendar</a> (.ics)
            </p>
          )}
        </section>
        {props.match && <Match match={props.match} />}
      </div>

      <h2>About this opportunity</h2>
      {p.description
        .split(/\r?\n\s*\r?\n/)
        .map((x) => x.trim())
        .filter(Boolean)
        .map((x) => (
          <p>{x}</p>
        ))}

      <h2>Details</h2>
      <dl>
        <Row label="Category" value={`${CATEGORY_LABELS[p.category]}${p.subcategory ? ` — ${p.subcategory}` : ""}`} />
        <Row label="Sector" value={p.sector.join(", ")} />
        <Row label="Estimated value" value={money(p.estimatedValue)} />
        <Row label="Budget" value={p.budgetMin !== null || p.budgetMax !== null ? [money(p.budgetMin), money(p.budgetMax)].filter(Boolean).join(" – ") : null} />
        <Row label="Funding" value={p.fundingSource} />
        <Row label="Location" value={p.location} />
        <Row label="Address" value={address ? address.lines.join(", ") : null} />
        <Row label="Coordinates" value={p.latitude !== null && p.longitude !== null ? `${p.latitude.toFixed(4)}, ${p.longitude.toFixed(4)}` : null} />
        <Row label="Service area" value={p.serviceArea ? "A mapped work area (GeoJSON) is part of the bid documents" : null} />
        <Row label="Start" value={p.startDate ? formatDate(p.startDate) : null} />
        <Row label="Finish" value={p.endDate ? formatDate(p.endDate) : null} />
        <Row label="Estimated duration" value={p.estimatedDuration !== null ? `${p.estimatedDuration} days` : null} />
        <Row label="Experience required" value={p.experienceRequired > 0 ? `${p.experienceRequired} years` : null} />
        <Row label="Bonding" value={p.bondingRequired ? "Required" : "Not required"} />
        <Row label="Priority" value={p.priority[0] + p.priority.slice(1).toLowerCase()} />
        <Row label="Visibility" value={VISIBILITY[p.visibility]} />
        <Row label="Bids" value={p.maxApplications !== null ? `${p.applicationCount} of ${p.maxApplications} places taken` : `${p.applicationCount} received`} />
        <Row label="Published" value={p.publishedAt ? formatDate(p.publishedAt) : null} />
        <Row label="Source" value={p.source !== "MANUAL" ? `${p.source}${p.externalId ? ` ${p.externalId}` : ""}` : null} />
        <Row label="Keywords" value={p.keywords.join(", ")} />
        <Row label="Contact" value={[p.contactName, p.contactEmail, p.contactPhone].filter(Boolean).join(" · ")} />
      </dl>
      {p.requirements.length > 0 && (
        <>
          <h2>Requirements</h2>
          <ul>
            {p.requirements.map((r) => (
              <li>{r}</li>
            ))}
          </ul>
        </>
      )}
      {p.skillsRequired.length > 0 && (
        <>
          <h2>Skills</h2>
          <p>{p.skillsRequired.join(", ")}</p>
        </>
      )}
      {certs.length > 0 && (
        <>
          <h2>Certifications</h2>
          <ul>
            {certs.map((c) => (
              <li>
                {certificationLabel(c)}
                {c.goalPercent !== undefined ? ` — ${c.goalPercent}% participation goal` : ""}
              </li>
            ))}
          </ul>
        </>
      )}
      {insurance.length > 0 && (
        <>
          <h2>Insurance</h2>
          <ul>
            {insurance.map((l) => (
              <li>{l}</li>
            ))}
          </ul>
        </>
      )}
      {props.files.length > 0 && (
        <>
          <h2>Bid documents</h2>
          {!props.viewer.verified && (
            <p class="hint">
              Bid documents are for members.{" "}
              {props.viewer.signedIn ? "Confirm your email address to download them." : <a href={`/login?next=${encodeURIComponent(`/projects/${p.id}`)}`}>Sign in to download them.</a>}
            </p>
          )}
          <ul>
            {props.files.map((f) => (
              <li>
                {props.viewer.verified ? <a href={`/projects/${p.id}/files/${f.id}`}>{f.fileName}</a> : f.fileName} ({fileSize(f.fileSize)})
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
