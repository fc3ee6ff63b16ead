// Every field of a bid opportunity, for creating and editing. Dates are Pacific.
import { projectCategoryEnum, projectPriorityEnum, projectVisibilityEnum } from "../../src/db/schema/projects.ts";
import { PROJECT_ROW_KINDS, type ProjectFormState, type ProjectRowKind } from "../../src/features/admin-projects/forms.ts";
import { CATEGORY_LABEL, PRIORITY_LABEL, VISIBILITY_LABEL } from "../../src/features/admin-projects/rules.ts";
import { ErrorSummary, Field, SelectField, TextArea } from "../components/Field.tsx";
import { Checkbox } from "../admin-events/parts.tsx";
import { EXTRA_ROWS, RowGroup } from "./RowEditors.tsx";

export interface ProjectFormProps {
  action: string;
  submitLabel: string;
  form: ProjectFormState;
  addedRow?: ProjectRowKind;
}

const CATEGORY_OPTIONS = projectCategoryEnum.enumValues.map((c) => [c, CATEGORY_LABEL[c]] as const);
const PRIORITY_OPTIONS = projectPriorityEnum.enumValues.map((p) => [p, PRIORITY_LABEL[p]] as const);
const VISIBILITY_OPTIONS = projectVisibilityEnum.enumValues.map((v) => [v, VISIBILITY_LABEL[v]] as const);
const PACIFIC = "Pacific time (California).";

export function ProjectForm(props: ProjectFormProps) {
  const v = props.form.values;
  const e = props.form.errors;
  return (
    <form method="post" action={props.action} novalidate>
      <ErrorSummary errors={e} />
      <fieldset>
        <legend>About the work</legend>
        <Field name="title" label="Title" value={v.title} error={e.title} required maxlength={200} />
        <div class="grid">
          <SelectField name="category" label="Category" value={v.category ?? ""} options={CATEGORY_OPTIONS} error={e.category} />
          <Field name="subcategory" label="Subcategory (optional)" value={v.subcategory} error={e.subcategory} maxlength={120} />
          <SelectField name="priority" label="Priority" value={v.priority ?? "MEDIUM"} options={PRIORITY_OPTIONS} error={e.priority} />
        </div>
        <TextArea name="description" label="Description" value={v.description} error={e.description} rows={8} required maxlength={20000} />
      </fieldset>

      <fieldset>
        <legend>Who may see it and bid</legend>
        <SelectField
          name="visibility"
          label="Visible to"
          value={v.visibility ?? "MEMBERS_ONLY"}
          options={VISIBILITY_OPTIONS}
          error={e.visibility}
          hint="Invite-only: add the invited members below once saved."
        />
        <Field
          name="maxApplications"
          label="Most bids accepted (optional)"
          inputmode="numeric"
          value={v.maxApplications}
          error={e.maxApplications}
          hint="Blank for no limit."
        />
      </fieldset>

      <fieldset>
        <legend>Money, in dollars</legend>
        <div class="grid">
          <Field name="budgetMin" label="Lowest budget" inputmode="decimal" value={v.budgetMin} error={e.budgetMin} />
          <Field name="budgetMax" label="Highest budget" inputmode="decimal" value={v.budgetMax} error={e.budgetMax} />
          <Field name="estimatedValue" label="Estimated value" inputmode="decimal" value={v.estimatedValue} error={e.estimatedValue} />
          <Field name="fundingSource" label="Funding source (optional)" value={v.fundingSource} error={e.fundingSource} hint="e.g. Federal (FHWA), Measure BB" />
        </div>
      </fieldset>

      <fieldset>
        <legend>When</legend>
        <div class="grid">
          <Field name="deadlineDate" label="Bids due" type="datetime-local" value={v.deadlineDate} error={e.deadlineDate} hint={PACIFIC} />
          <Field name="startDate" label="Work starts" type="date" value={v.startDate} error={e.startDate} />
          <Field name="endDate" label="Work ends" type="date" value={v.endDate} error={e.endDate} />
          <Field name="estimatedDuration" label="Estimated duration, in days" inputmode="numeric" value={v.estimatedDuration} error={e.estimatedDuration} />
        </div>
      </fieldset>

      <fieldset>
        <legend>Where</legend>
        <Field name="location" label="Location as members see it" value={v.location} error={e.location} maxlength={200} hint="e.g. Oakland, CA" />
        <div class="grid">
          <Field name="addressStreet" label="Street" value={v.addressStreet} error={e.addressStreet} autocomplete="off" />
          <Field name="addressCity" label="City" value={v.addressCity} error={e.addressCity} autocomplete="off" />
          <Field name="addressState" label="State" value={v.addressState} error={e.addressState} maxlength={2} hint="Two letters, e.g. CA" />
          <Field name="addressZip" label="ZIP code" value={v.addressZip} error={e.addressZip} inputmode="numeric" hint="The map position comes from the ZIP." />
        </div>
        <TextArea
          name="serviceArea"
          label="Service area (optional)"
          value={v.serviceArea}
          error={e.serviceArea}
          rows={2}
          hint="A GeoJSON polygon, for work along a corridor or across an area."
        />
      </fieldset>

      <fieldset>
        <legend>What a bidder needs</legend>
        <div class="grid">
          <Field name="experienceRequired" label="Years of experience required" inputmode="numeric" value={v.experienceRequired} error={e.experienceRequired} />
        </div>
        <Checkbox name="bondingRequired" label="Bonding is required" checked={v.bondingRequired === "yes"} error={e.bondingRequired} />
      </fieldset>

      {PROJECT_ROW_KINDS.map((kind) => (
        <RowGroup kind={kind} rows={props.form.rows[kind]} errors={e} extra={EXTRA_ROWS + (props.addedRow === kind ? 1 : 0)} />
      ))}

      <fieldset>
        <legend>Contact for questions</legend>
        <div class="grid">
          <Field name="organization" label="Organization" value={v.organization} error={e.organization} />
          <Field name="contactName" label="Contact name" value={v.contactName} error={e.contactName} />
          <Field name="contactEmail" label="Contact email" type="email" value={v.contactEmail} error={e.contactEmail} />
          <Field name="contactPhone" label="Contact phone" type="tel" value={v.contactPhone} error={e.contactPhone} />
        </div>
      </fieldset>

      <p>
        <button type="submit">{props.submitLabel}</button>
      </p>
    </form>
  );
}
