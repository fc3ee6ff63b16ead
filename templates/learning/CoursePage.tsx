import type { Course, CourseEnrollment } from "../../src/db/schema/learning.ts";
import { readModuleContent } from "../../src/features/learning/content.ts";
import type { ModuleRow } from "../../src/features/learning/queries.ts";
import { formatHours, formatMinutes, type CoursePrice } from "../../src/features/learning/rules.ts";
import { DIFFICULTY_LABELS, MODULE_TYPE_LABELS, STATUS_LABELS, type LearningNotice } from "../../src/features/learning/view.ts";
import { formatDate } from "../../src/lib/time.ts";
import { LearningNoticeBox, moduleHref } from "./parts.tsx";

export interface CoursePageProps {
  course: Course;
  modules: ModuleRow[];
  enrollment: CourseEnrollment | null;
  /** Finished modules of a live (not dropped) enrolment. */
  done: ReadonlySet<string>;
  next: ModuleRow | null;
  price: CoursePrice;
  signedIn: boolean;
  verified: boolean;
  attempt: string;
  notice: LearningNotice | null;
  error?: string | undefined;
}

function Paragraphs(props: { text: string }) {
  return (
    <>
      {props.text
        .split(/\r?\n\s*\r?\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => (
          <p>{p}</p>
        ))}
    </>
  );
}

function EnrolPanel(props: CoursePageProps) {
  const e = props.enrollment;
  const id = props.course.id;
  const live = e && e.status !== "DROPPED";
  if (live) {
    return (
      <>
        <p>
          <strong>{STATUS_LABELS[e.status]}</strong>: {e.progress}% done
          {e.completedAt ? <> · completed {formatDate(e.completedAt)}</> : null}
        </p>
        <progress max={100} value={e.progress} aria-label="Course progress">
          {e.progress}%
        </progress>
        {props.next ? (
          <p>
            <a class="btn" href={moduleHref(id, props.next.id)}>
              {e.progress > 0 ? "Continue where you left off" : "Start the course"}
            </a>
          </p>
        ) : (
          <p>
            All modules are done. <a href="/account/learning">See your transcript and certificate</a>.
          </p>
        )}
        {e.status !== "COMPLETED" && (
          <details>
            <summary>Drop this course</summary>
            <form method="post" action={`/courses/${id}/drop`}>
              <p>Dropping ends your enrolment. Your finished modules are kept if you enrol again later{props.price.cents > 0 ? ", without paying again" : ""}.</p>
              <div class="field">
                <input type="checkbox" id="drop-confirm" name="confirm" value="yes" required />{" "}
                <label class="inline" for="drop-confirm">
                  Yes, drop this course
                </label>
              </div>
              <button type="submit" class="secondary">
                Drop the course
              </button>
            </form>
          </details>
        )}
      </>
    );
  }
  if (!props.signedIn) {
    return (
      <p>
        <a class="btn" href={`/login?next=${encodeURIComponent(`/courses/${id}`)}`}>
          Sign in to enrol
        </a>
      </p>
    );
  }
  if (props.course.status !== "PUBLISHED") return <p>This course no longer takes new enrolments.</p>;
  if (!props.verified) return <p>Confirm your email address to enrol: open the link we emailed you.</p>;
  const resume = e?.status === "DROPPED";
  return (
    <form method="post" action={`/courses/${id}/enrol`}>
      <input type="hidden" name="attempt" value={props.attempt} />
      {resume && <p>You dropped this course earlier; enrolling again keeps your finished modules.</p>}
      <button type="submit">{resume ? "Enrol again" : props.price.cents === 0 ? "Enrol for free" : `Enrol and pay ${props.price.label}`}</button>
    </form>
  );
}

export function CoursePage(props: CoursePageProps) {
  const c = props.course;
  const live = props.enrollment && props.enrollment.status !== "DROPPED";
  return (
    <>
      <p>
        <a href="/courses">All courses</a>
      </p>
      <h1>{c.title}</h1>
      <LearningNoticeBox notice={props.notice} error={props.error} />
      <p class="lede">
        {[c.category, c.difficulty ? DIFFICULTY_LABELS[c.difficulty] : null, `${formatHours(c.duration)} of credit`].filter(Boolean).join(" · ")}
      </p>
      <p>
        <strong>
          {props.price.label}
          {props.price.rule === "member" ? " (member price: your membership is active)" : ""}
        </strong>
      </p>
      <section id="enrolment" aria-labelledby="enrolment-title" class="card">
        <h2 id="enrolment-title">Your enrolment</h2>
        <EnrolPanel {...props} />
      </section>
      <h2>About this course</h2>
      <Paragraphs text={c.description} />
      {c.objectives.length > 0 && (
        <>
          <h2>What you will learn</h2>
          <ul>
            {c.objectives.map((o) => (
              <li>{o}</li>
            ))}
          </ul>
        </>
      )}
      {c.requirements.length > 0 && (
        <>
          <h2>Before you start</h2>
          <ul>
            {c.requirements.map((r) => (
              <li>{r}</li>
            ))}
          </ul>
        </>
      )}
      <h2>Outline</h2>
      {props.modules.length === 0 ? (
        <p>The modules are being prepared.</p>
      ) : (
        <ol>
          {props.modules.map((m) => {
            const type = readModuleContent(m.content)?.type;
            const done = props.done.has(m.id);
            return (
              <li>
                {live ? <a href={moduleHref(c.id, m.id)}>{m.title}</a> : m.title}
                {" — "}
                {[type ? MODULE_TYPE_LABELS[type] : null, formatMinutes(m.duration)].filter(Boolean).join(", ")}
                {live && <> · {done ? <strong>✓ Done</strong> : "Not done yet"}</>}
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
