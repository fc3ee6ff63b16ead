// A quiz's questions on the shared row editors: each question a fieldset with its prompt, up to
// eight options and a radio for the correct one. Without JavaScript one blank question is always
// offered and "Add another question" submits the form for one more; a question is removed by
// ticking its box (or clearing it) and saving.
import type { Row } from "../../src/features/admin-courses/forms.ts";
import { MAX_OPTIONS } from "../../src/features/admin-courses/forms.ts";
import { Field, TextArea } from "../components/Field.tsx";
import { NewRow, type RowEditor, RowGroup } from "../components/RowEditors.tsx";

/** Option boxes shown: at least 4, one more than the last filled, at most 8. */
function optionSlots(row: Row | undefined): number {
  let last = -1;
  for (let o = 0; o < MAX_OPTIONS; o++) if ((row?.[`option.${o}`] ?? "").trim() !== "") last = o;
  return Math.min(MAX_OPTIONS, Math.max(4, last + 2));
}

function Question(index: number, row: Row | undefined, errors: Record<string, string>) {
  const base = `questions.${index}`;
  const answerError = errors[`${base}.answer`];
  return (
    <>
      <TextArea name={`${base}.prompt`} label="Question" value={row?.prompt} error={errors[`${base}.prompt`]} rows={2} maxlength={1000} />
      <fieldset id={`f-${base}.answer`} aria-describedby={answerError ? `f-${base}.answer-error` : undefined}>
        <legend>Options: fill in 2 to 8 and mark the correct one</legend>
        {Array.from({ length: optionSlots(row) }, (_, o) => (
          <div class="grid">
            <Field name={`${base}.option.${o}`} label={`Option ${o + 1}`} value={row?.[`option.${o}`]} error={errors[`${base}.option.${o}`]} maxlength={300} />
            <div class="field">
              <label for={`f-${base}.correct.${o}`}>
                <input type="radio" id={`f-${base}.correct.${o}`} name={`${base}.answer`} value={String(o)} checked={row?.answer === String(o)} /> Option {o + 1} is
                correct
              </label>
            </div>
          </div>
        ))}
        {answerError && (
          <p class="error" id={`f-${base}.answer-error`}>
            {answerError}
          </p>
        )}
      </fieldset>
      {row && (
        <div class="field">
          <label for={`f-${base}.remove`}>
            <input type="checkbox" id={`f-${base}.remove`} name={`${base}.remove`} value="yes" /> Remove this question when I save
          </label>
        </div>
      )}
    </>
  );
}

export const QUIZ_EDITOR: RowEditor = {
  kind: "questions",
  spec: { legend: "Questions", item: "Question", fields: [] },
  rowsUrl: "/admin/courses/rows",
  render: Question,
};

/** Blank questions offered beyond the filled ones. */
export const EXTRA_QUESTIONS = 1;

export function QuizQuestions(props: { questions: Row[]; errors: Record<string, string>; extra: number }) {
  return (
    <RowGroup
      editor={QUIZ_EDITOR}
      rows={props.questions}
      errors={props.errors}
      extra={props.extra}
      hint="A blank question is ignored. Fill the last option box and save to get another (up to 8)."
    />
  );
}

/** GET /admin/courses/rows/questions?index=N: one more blank question (htmx). */
export function NewQuestion(props: { index: number }) {
  return <NewRow editor={QUIZ_EDITOR} index={props.index} />;
}
