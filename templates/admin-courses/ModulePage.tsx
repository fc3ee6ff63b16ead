// The module editor: a new module of one kind, or an existing one (and deleting it). The
// content fields are those of its kind in src/features/learning/content.ts.
import { raw } from "hono/html";
import type { Course, CourseModule } from "../../src/db/schema/learning.ts";
import { COURSE_FILE_ACCEPT, COURSE_FILES_TEXT } from "../../src/features/admin-courses/files.ts";
import type { ModuleFormState } from "../../src/features/admin-courses/forms.ts";
import { MODULE_TYPE_LABEL, videoIsEmbedded } from "../../src/features/admin-courses/rules.ts";
import { type ModuleContent, VIDEO_HOSTS } from "../../src/features/learning/content.ts";
import { renderMarkdown } from "../../src/lib/markdown.ts";
import { isHttpsUrl } from "../../src/lib/fields.ts";
import type { AdminNavLinks } from "../admin/parts.tsx";
import { AdminPageHeader } from "../components/AdminPageHeader.tsx";
import { ErrorSummary, Field, TextArea } from "../components/Field.tsx";
import { CourseNav } from "./parts.tsx";
import { EXTRA_QUESTIONS, QuizQuestions } from "./QuizEditor.tsx";

export interface ModulePageProps {
  course: Course;
  /** Absent for a new module. */
  module?: CourseModule;
  /** What is stored now (a file module's file; the text to preview). */
  stored?: ModuleContent | null;
  form: ModuleFormState;
  /** One more blank quiz question (the no-JS "Add another question"). */
  addedQuestion?: boolean;
  links: AdminNavLinks;
  notice?: string;
}

const MARKDOWN_HINT =
  "Blank lines separate paragraphs. *emphasis*, **strong**, [a link](https://example.org) (http and https only), and lists starting with - or 1. Anything else is shown as typed.";

function ContentFields(props: ModulePageProps) {
  const { type, values: v, errors: e } = props.form;
  if (type === "text") {
    return (
      <fieldset>
        <legend>Text</legend>
        <TextArea name="markdown" label="Text of the module" value={v.markdown} error={e.markdown} rows={14} hint={MARKDOWN_HINT} />
      </fieldset>
    );
  }
  if (type === "video") {
    const url = v.url ?? "";
    const shown = url && isHttpsUrl(url) ? (videoIsEmbedded(url) ? "This link will be embedded in the page." : "This link will be shown as a link (not embedded).") : "";
    return (
      <fieldset>
        <legend>Video</legend>
        <Field
          name="url"
          label="Video link"
          type="url"
          value={url}
          error={e.url}
          hint={`https:// only. Embedded in the page when it is on ${VIDEO_HOSTS.join(", ")} (use the player or no-cookie embed link); any other link is shown as a link, never framed. ${shown}`}
        />
        <Field name="caption" label="Caption (optional)" value={v.caption} error={e.caption} maxlength={300} />
      </fieldset>
    );
  }
  if (type === "file") {
    const stored = props.stored?.type === "file" ? props.stored : null;
    return (
      <fieldset>
        <legend>File</legend>
        {stored ? (
          <p>
            Now: <a href={`/admin/courses/${props.course.id}/modules/${props.module!.id}/file`}>{stored.fileName}</a> ({stored.contentType},{" "}
            {Math.max(1, Math.round(stored.size / 1024))} KB). Uploading another file replaces it, and the old one is deleted.
          </p>
        ) : (
          <p>No file yet.</p>
        )}
        <div class="field">
          <label for="f-file">{stored ? "Replace with another file (optional)" : "The file"}</label>
          <input
            type="file"
            id="f-file"
            name="file"
            accept={COURSE_FILE_ACCEPT}
            aria-invalid={e.file ? "true" : undefined}
            aria-describedby={e.file ? "f-file-hint f-file-error" : "f-file-hint"}
          />
          <p class="hint" id="f-file-hint">
            {COURSE_FILES_TEXT}. Only members enrolled in the course can download it.
          </p>
          {e.file && (
            <p class="error" id="f-file-error">
              {e.file}
            </p>
          )}
        </div>
      </fieldset>
    );
  }
  return (
    <fieldset>
      <legend>Quiz</legend>
      <Field
        name="passMark"
        label="Pass mark, in percent"
        inputmode="numeric"
        value={v.passMark}
        error={e.passMark}
        hint="The share of questions a learner must get right to pass, from 1 to 100."
      />
      <QuizQuestions questions={props.form.questions} errors={e} extra={EXTRA_QUESTIONS + (props.addedQuestion ? 1 : 0)} />
    </fieldset>
  );
}

export function ModulePage(props: ModulePageProps) {
  const c = props.course;
  const m = props.module;
  const { type, values: v, errors: e } = props.form;
  const action = m ? `/admin/courses/${c.id}/modules/${m.id}` : `/admin/courses/${c.id}/modules`;
  const title = m ? `Module ${m.order}: ${m.title}` : `New ${MODULE_TYPE_LABEL[type].toLowerCase()} module`;
  return (
    <>
      <AdminPageHeader title={title} section="/admin/courses" links={props.links} nav={<CourseNav courseId={c.id} current="module" />} notice={props.notice} />
      <p class="lede">
        Course: <a href={`/admin/courses/${c.id}#modules`}>{c.title}</a>
      </p>
      {m && props.stored === null && (
        <div class="notice bad" role="alert">
          <p>
            <strong>This module's stored content is not a text, video, file or quiz,</strong> so the course cannot be published. Choose its kind and save
            it: <a href={`${action}?type=text`}>text</a>, <a href={`${action}?type=video`}>video</a>, <a href={`${action}?type=file`}>file</a> or{" "}
            <a href={`${action}?type=quiz`}>quiz</a> (now: {MODULE_TYPE_LABEL[type].toLowerCase()}).
          </p>
        </div>
      )}
      <form method="post" action={action} enctype={type === "file" ? "multipart/form-data" : undefined} novalidate>
        <ErrorSummary errors={e} />
        <input type="hidden" name="type" value={type} />
        <fieldset>
          <legend>About the module</legend>
          <Field name="title" label="Title" value={v.title} error={e.title} required maxlength={200} />
          <TextArea name="description" label="Summary (optional)" value={v.description} error={e.description} rows={2} maxlength={2000} />
          <Field name="duration" label="Minutes it takes" inputmode="numeric" value={v.duration} error={e.duration} hint="Adds up to the course's length." />
        </fieldset>
        <ContentFields {...props} />
        <p>
          <button type="submit">{m ? "Save the module" : "Add the module"}</button>
        </p>
      </form>
      {props.stored?.type === "text" && (
        <section aria-labelledby="preview">
          <h2 id="preview">How the saved text looks</h2>
          <div class="announcement-body">{raw(renderMarkdown(props.stored.markdown))}</div>
        </section>
      )}
      {m && (
        <section aria-labelledby="delete">
          <h2 id="delete">Delete this module</h2>
          <p>Learners' completions and quiz attempts of this module are deleted with it{type === "file" ? ", and so is its file" : ""}.</p>
          <form method="post" action={`/admin/courses/${c.id}/modules/${m.id}/delete`}>
            <div class="field">
              <label for="f-confirm-delete">
                <input type="checkbox" id="f-confirm-delete" name="confirm" value="yes" required /> Yes, delete “{m.title}”
              </label>
            </div>
            <button type="submit" class="secondary">
              Delete the module
            </button>
          </form>
        </section>
      )}
    </>
  );
}
