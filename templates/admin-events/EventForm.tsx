// Every field of an event, for creating and editing. Times are Pacific wall-clock time.
import { eventTypeEnum } from "../../src/db/schema/events.ts";
import { type EventFormState, ROW_KINDS, type RowKind } from "../../src/features/admin-events/forms.ts";
import { TYPE_LABELS } from "../../src/features/events/view.ts";
import { ErrorSummary, Field, SelectField, TextArea } from "../components/Field.tsx";
import { Checkbox } from "./parts.tsx";
import { EXTRA_ROWS, RowGroup } from "./RowEditors.tsx";

export interface EventFormProps {
  action: string;
  submitLabel: string;
  form: EventFormState;
  /** One more blank row in this group (the no-JS "Add another"). */
  addedRow?: RowKind;
}

const TYPE_OPTIONS = eventTypeEnum.enumValues.map((t) => [t, TYPE_LABELS[t]] as const);
const PACIFIC = "Pacific time (California).";

export function EventForm(props: EventFormProps) {
  const v = props.form.values;
  const e = props.form.errors;
  return (
    <form method="post" action={props.action} novalidate>
      <ErrorSummary errors={e} />
      <fieldset>
        <legend>About the event</legend>
        <Field name="title" label="Title" value={v.title} error={e.title} required maxlength={200} />
        <SelectField name="type" label="Kind of event" value={v.type ?? ""} options={TYPE_OPTIONS} error={e.type} />
        <TextArea name="description" label="Description" value={v.description} error={e.description} rows={6} required maxlength={10000} />
      </fieldset>

      <fieldset>
        <legend>When</legend>
        <div class="grid">
          <Field name="startDate" label="Starts" type="datetime-local" value={v.startDate} error={e.startDate} hint={PACIFIC} required />
          <Field name="endDate" label="Ends" type="datetime-local" value={v.endDate} error={e.endDate} hint={PACIFIC} required />
          <Field
            name="registrationDeadline"
            label="Registration deadline (optional)"
            type="datetime-local"
            value={v.registrationDeadline}
            error={e.registrationDeadline}
            hint={PACIFIC}
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>Seats</legend>
        <Field
          name="maxCapacity"
          label="Seats available"
          inputmode="numeric"
          value={v.maxCapacity}
          error={e.maxCapacity}
          hint="Leave blank for no limit. Raising it seats people from the waitlist, in order."
        />
      </fieldset>

      <fieldset>
        <legend>Where</legend>
        <Checkbox name="isVirtual" label="This event is online" checked={v.isVirtual === "yes"} error={e.isVirtual} />
        <Field
          name="virtualUrl"
          label="Online meeting link"
          type="url"
          value={v.virtualUrl}
          error={e.virtualUrl}
          hint="https:// only. Shown only to registrants."
        />
        <Field name="location" label="Venue name" value={v.location} error={e.location} maxlength={200} />
        <div class="grid">
          <Field name="addressStreet" label="Street" value={v.addressStreet} error={e.addressStreet} autocomplete="off" />
          <Field name="addressCity" label="City" value={v.addressCity} error={e.addressCity} autocomplete="off" />
          <Field name="addressState" label="State" value={v.addressState} error={e.addressState} maxlength={2} hint="Two letters, e.g. CA" />
          <Field name="addressZip" label="ZIP code" value={v.addressZip} error={e.addressZip} inputmode="numeric" />
          <Field name="latitude" label="Latitude (optional)" inputmode="decimal" value={v.latitude} error={e.latitude} />
          <Field name="longitude" label="Longitude (optional)" inputmode="decimal" value={v.longitude} error={e.longitude} />
        </div>
      </fieldset>

      <fieldset>
        <legend>Prices, in dollars</legend>
        <div class="grid">
          <Field name="price" label="Price" inputmode="decimal" value={v.price} error={e.price} hint="Blank or 0: free." />
          <Field name="memberPrice" label="Member price (optional)" inputmode="decimal" value={v.memberPrice} error={e.memberPrice} />
          <Field name="earlyBirdPrice" label="Early-bird price (optional)" inputmode="decimal" value={v.earlyBirdPrice} error={e.earlyBirdPrice} />
          <Field
            name="earlyBirdDeadline"
            label="Early-bird price ends"
            type="datetime-local"
            value={v.earlyBirdDeadline}
            error={e.earlyBirdDeadline}
            hint={PACIFIC}
          />
        </div>
      </fieldset>

      {ROW_KINDS.map((kind) => (
        <RowGroup kind={kind} rows={props.form.rows[kind]} errors={e} extra={EXTRA_ROWS + (props.addedRow === kind ? 1 : 0)} />
      ))}

      <p>
        <button type="submit">{props.submitLabel}</button>
      </p>
    </form>
  );
}
