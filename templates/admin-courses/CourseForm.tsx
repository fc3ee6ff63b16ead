// Every field of a course, for creating and editing. Its length is not typed: it is the sum
// of its modules' minutes, kept up to date as modules change.
import { courseDifficultyEnum } from "../../src/db/schema/learning.ts";
import type { CourseFormState } from "../../src/features/admin-courses/forms.ts";
import { DIFFICULTY_LABEL } from "../../src/features/admin-courses/rules.ts";
import { ErrorSummary, Field, SelectField, TextArea } from "../components/Field.tsx";

const DIFFICULTY_OPTIONS = [["", "Not set"] as const, ...courseDifficultyEnum.enumValues.map((d) => [d, DIFFICULTY_LABEL[d]] as const)];

export function CourseForm(props: { action: string; submitLabel: string; form: CourseFormState; duration?: string }) {
  const v = props.form.values;
  const e = props.form.errors;
  return (
    <form method="post" action={props.action} novalidate>
      <ErrorSummary errors={e} />
      <fieldset>
        <legend>About the course</legend>
        <Field name="title" label="Title" value={v.title} error={e.title} required maxlength={200} />
        <TextArea name="description" label="Description" value={v.description} error={e.description} rows={6} required maxlength={10000} />
        <div class="grid">
          <SelectField name="difficulty" label="Level" value={v.difficulty ?? ""} options={DIFFICULTY_OPTIONS} error={e.difficulty} />
          <Field name="category" label="Category" value={v.category} error={e.category} maxlength={80} hint="e.g. Certification, Safety, Business" />
        </div>
        <Field name="tags" label="Tags" value={v.tags} error={e.tags} hint="Separated by commas, e.g. DBE, certification" />
        <p class="hint">
          Length: {props.duration ?? "the sum of its modules' minutes"}. It is worked out from the modules, so it is not typed here.
        </p>
      </fieldset>
      <fieldset>
        <legend>What learners need and get</legend>
        <TextArea name="requirements" label="Requirements" value={v.requirements} error={e.requirements} rows={4} hint="One per line." />
        <TextArea name="objectives" label="What they will learn" value={v.objectives} error={e.objectives} rows={4} hint="One per line." />
      </fieldset>
      <fieldset>
        <legend>Prices, in dollars</legend>
        <div class="grid">
          <Field name="price" label="Price" inputmode="decimal" value={v.price} error={e.price} hint="Blank or 0: free." />
          <Field name="memberPrice" label="Member price (optional)" inputmode="decimal" value={v.memberPrice} error={e.memberPrice} hint="Blank: members pay the price." />
        </div>
      </fieldset>
      <p>
        <button type="submit">{props.submitLabel}</button>
      </p>
    </form>
  );
}
