import { raw } from "hono/html";
import type { Course } from "../../src/db/schema/learning.ts";
import { embedUrl, VIDEO_HOSTS, type ModuleContent } from "../../src/features/learning/content.ts";
import type { ModuleRow } from "../../src/features/learning/queries.ts";
import { formatMinutes } from "../../src/features/learning/rules.ts";
import type { LearningNotice } from "../../src/features/learning/view.ts";
import { renderMarkdown } from "../../src/lib/markdown.ts";
import { formatDateTime } from "../../src/lib/time.ts";
import { fileSize } from "../events/parts.tsx";
import { LearningNoticeBox, moduleHref } from "./parts.tsx";

export interface AttemptView {
  id: string;
  answers: unknown;
  score: number;
  passed: boolean;
  createdAt: Date;
}

export interface ModulePageProps {
  course: Course;
  module: ModuleRow;
  content: ModuleContent | null;
  modules: ModuleRow[];
  done: ReadonlySet<string>;
  previous: ModuleRow | null;
  next: ModuleRow | null;
  /** The member asked to play the video (?play=1). */
  play: boolean;
  attempts: AttemptView[];
  notice: LearningNotice | null;
  error?: string | undefined;
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** A video URL we may frame: https on one of VIDEO_HOSTS; anything else is only linked. */
export function embeddable(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === "https:" && (VIDEO_HOSTS as readonly string[]).includes(u.hostname);
  } catch {
    return false;
  }
}

function Video(props: { url: string; caption?: string | undefined; play: boolean; href: string; title: string }) {
  if (!embeddable(props.url)) {
    return (
      <p>
        <a class="btn" href={props.url} rel="noopener noreferrer">
          Watch the video
        </a>{" "}
        <span class="hint">(opens {new URL(props.url).hostname})</span>
        {props.caption && <><br />{props.caption}</>}
      </p>
    );
  }
  if (!props.play) {
    // Nothing from the video host loads until the member asks: the page stays light on a weak signal.
    return (
      <p>
        <a class="btn" href={`${props.href}?play=1#video`}>
          Play the video
        </a>{" "}
        <span class="hint">Loads the video player from {new URL(props.url).hostname}.</span>
        {props.caption && <><br />{props.caption}</>}
      </p>
    );
  }
  return (
    <figure id="video" class="video">
      <iframe src={embedUrl(props.url)} title={`Video: ${props.title}`} allow="fullscreen; picture-in-picture" referrerpolicy="strict-origin-when-cross-origin" loading="lazy"></iframe>
      {props.caption && <figcaption>{props.caption}</figcaption>}
    </figure>
  );
}

function Quiz(props: ModulePageProps & { content: Extract<ModuleContent, { type: "quiz" }> }) {
  const action = `${moduleHref(props.course.id, props.module.id)}/quiz`;
  const latest = props.attempts[0];
  return (
    <>
      <p>
        Answer every question, then send your answers. You pass with {props.content.passMark}% or more; you may try again as often as you like.
      </p>
      {latest && (
        <section id="result" aria-labelledby="result-title" class="card">
          <h2 id="result-title">Your latest result</h2>
          <p>
            <strong>
              {latest.score}% — {latest.passed ? "passed" : "not passed"}
            </strong>{" "}
            (pass mark {props.content.passMark}%)
          </p>
        </section>
      )}
      <form method="post" action={action}>
        {props.content.questions.map((q, i) => {
          const err = props.errors[`q${i}`];
          return (
            <fieldset aria-describedby={err ? `q${i}-error` : undefined}>
              <legend>
                {i + 1}. {q.prompt}
              </legend>
              {err && (
                <p class="error" id={`q${i}-error`}>
                  {err}
                </p>
              )}
              {q.options.map((o, j) => (
                <div>
                  <input type="radio" id={`q${i}-${j}`} name={`q${i}`} value={String(j)} checked={props.values[`q${i}`] === String(j)} required />{" "}
                  <label class="inline" for={`q${i}-${j}`}>
                    {o}
                  </label>
                </div>
              ))}
            </fieldset>
          );
        })}
        <p>
          <button type="submit">Send my answers</button>
        </p>
      </form>
      {props.attempts.length > 0 && (
        <>
          <h2>Your attempts</h2>
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Your attempts at this quiz, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Score</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {props.attempts.map((a) => (
                  <tr>
                    <td>{formatDateTime(a.createdAt)}</td>
                    <td>{a.score}%</td>
                    <td>{a.passed ? "Passed" : "Not passed"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

function Body(props: ModulePageProps) {
  const c = props.content;
  const href = moduleHref(props.course.id, props.module.id);
  if (!c) return <p>This module's content is being prepared.</p>;
  switch (c.type) {
    case "text":
      return <div class="module-text">{raw(renderMarkdown(c.markdown))}</div>;
    case "video":
      return <Video url={c.url} caption={c.caption} play={props.play} href={href} title={props.module.title} />;
    case "file":
      return (
        <p>
          <a class="btn" href={`${href}/file`} download={c.fileName}>
            Download {c.fileName}
          </a>{" "}
          <span class="hint">({fileSize(c.size)})</span>
        </p>
      );
    case "quiz":
      return <Quiz {...props} content={c} />;
  }
}

export function ModulePage(props: ModulePageProps) {
  const index = props.modules.findIndex((m) => m.id === props.module.id);
  const done = props.done.has(props.module.id);
  const href = moduleHref(props.course.id, props.module.id);
  return (
    <>
      <p>
        <a href={`/courses/${props.course.id}`}>{props.course.title}</a>
      </p>
      <h1>{props.module.title}</h1>
      <p class="hint">
        Module {index + 1} of {props.modules.length}
        {props.module.duration ? ` · ${formatMinutes(props.module.duration)}` : ""}
        {done ? " · ✓ Done" : ""}
      </p>
      <LearningNoticeBox notice={props.notice} error={props.error} />
      {props.module.description && <p>{props.module.description}</p>}
      <Body {...props} />
      {props.content?.type !== "quiz" &&
        (done ? (
          <p>
            <strong>✓ You finished this module.</strong>
          </p>
        ) : (
          <form method="post" action={`${href}/complete`}>
            <button type="submit">Mark this module complete</button>
          </form>
        ))}
      <nav class="pager" aria-label="Modules">
        {props.previous ? (
          <a href={moduleHref(props.course.id, props.previous.id)} rel="prev">
            Previous: {props.previous.title}
          </a>
        ) : (
          <a href={`/courses/${props.course.id}`}>Back to the course</a>
        )}
        {props.next ? (
          <a href={moduleHref(props.course.id, props.next.id)} rel="next">
            Next: {props.next.title}
          </a>
        ) : (
          <a href={`/courses/${props.course.id}`}>Back to the course</a>
        )}
      </nav>
    </>
  );
}

export function NotEnrolledPage(props: { course: Pick<Course, "id" | "title"> }) {
  return (
    <section aria-labelledby="err-title">
      <h1 id="err-title">Enrol to open this module</h1>
      <p>The modules of “{props.course.title}” are for members enrolled in it.</p>
      <p>
        <a href={`/courses/${props.course.id}#enrolment`}>Go to the course page</a> to enrol.
      </p>
    </section>
  );
}
