import type { Event } from "../../src/db/schema/events.ts";
import type { Allowed, Refusal } from "../../src/features/events/rules.ts";
import type { MyRegistration } from "../../src/features/events/view.ts";
import { formatUsd } from "../../src/lib/money.ts";
import { formatDateTime } from "../../src/lib/time.ts";

export interface RegistrationPanelProps {
  event: Pick<Event, "id" | "status">;
  viewer: { signedIn: boolean; verified: boolean };
  mine: MyRegistration;
  /** canRegister(event, now) */
  registration: Allowed | Refusal;
  /** canCancel(event, now) */
  cancellable: boolean;
  /** The event is full (or people are waiting): registering joins the waitlist. */
  full: boolean;
  /** A refusal from the last POST, shown where the member looks for the button. */
  error?: string;
}

function Action(props: { eventId: string; action: "register" | "cancel" | "pay"; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={`/events/${props.eventId}/${props.action}`}>
      <button type="submit" class={props.secondary ? "secondary" : undefined}>
        {props.label}
      </button>
    </form>
  );
}

function Status(props: { mine: MyRegistration }) {
  const m = props.mine;
  switch (m.status) {
    case "CONFIRMED":
      return <p><strong>You are registered.</strong> See you there.</p>;
    case "HELD":
      return (
        <p>
          <strong>Your seat is held{m.holdExpiresAt ? ` until ${formatDateTime(m.holdExpiresAt)}` : ""}.</strong> Pay{" "}
          {formatUsd(m.amountCents)} by card to keep it. Unpaid holds go to the next person waiting.
        </p>
      );
    case "WAITLISTED":
      return (
        <p>
          <strong>You are on the waitlist{m.position ? `: number ${m.position} in line` : ""}.</strong> If a seat opens it
          goes to the next person in line, and we email you.
        </p>
      );
    case "CANCELLED":
      return <p>You cancelled your registration.</p>;
    case "ATTENDED":
      return <p><strong>You attended this event.</strong></p>;
    case "NO_SHOW":
      return <p>You were registered but not checked in.</p>;
    case "none":
      return null;
  }
}

/** The member's own state and the one button that fits it. */
export function RegistrationPanel(props: RegistrationPanelProps) {
  const { event, viewer, mine } = props;
  const open = props.registration.ok;
  const refusal = props.registration.ok ? null : props.registration;
  let action = null;
  if (!viewer.signedIn) {
    action = open ? (
      <p>
        <a class="btn" href={`/login?next=${encodeURIComponent(`/events/${event.id}`)}`}>
          Sign in to register
        </a>
      </p>
    ) : null;
  } else if (mine.status === "CONFIRMED" || mine.status === "HELD" || mine.status === "WAITLISTED") {
    const pay = mine.status === "HELD" ? <Action eventId={event.id} action="pay" label={`Pay ${formatUsd(mine.amountCents)} by card`} /> : null;
    action = props.cancellable ? (
      <>
        {pay}
        <Action eventId={event.id} action="cancel" label={mine.status === "WAITLISTED" ? "Leave waitlist" : "Cancel registration"} secondary />
      </>
    ) : pay;
  } else if ((mine.status === "none" || mine.status === "CANCELLED") && open) {
    action = viewer.verified ? (
      <Action eventId={event.id} action="register" label={props.full ? "Join waitlist" : mine.status === "CANCELLED" ? "Register again" : "Register"} />
    ) : (
      <p class="hint">
        Confirm your email address to register: open the link we emailed you, or <a href="/account">resend it from your account</a>.
      </p>
    );
  }
  return (
    <div id="my-registration">
      {props.error && (
        <div class="notice bad" role="alert">
          <p>{props.error}</p>
        </div>
      )}
      <Status mine={mine} />
      {refusal && mine.status !== "ATTENDED" && mine.status !== "NO_SHOW" && event.status !== "CANCELLED" && (
        <p class="hint">{event.status === "PUBLISHED" ? "Registration opens soon." : refusal.message}</p>
      )}
      {action}
    </div>
  );
}
