import type { MyEventRow } from "../../src/features/events/queries.ts";
import { placeOf } from "../../src/features/events/view.ts";
import { When } from "./parts.tsx";
import { formatDateTime } from "../../src/lib/time.ts";

export interface MyEventsPageProps {
  rows: MyEventRow[];
  now: Date;
  hasFeed: boolean;
  /** Set only on the response that made it: the one time the secret URL is shown. */
  newFeedUrl: string | null;
}

function statusText(r: MyEventRow): string {
  if (r.eventStatus === "CANCELLED") return "Event cancelled";
  const reg = r.registration;
  switch (reg.status) {
    case "REGISTERED":
      return reg.holdExpiresAt && !reg.paid
        ? `Seat held until ${formatDateTime(reg.holdExpiresAt)}: pay by card on the event page`
        : "Registered";
    case "WAITLISTED":
      return "On the waitlist";
    case "CANCELLED":
      return "You cancelled";
    case "ATTENDED":
      return "Attended";
    case "NO_SHOW":
      return "Not checked in";
  }
}

function RegistrationTable(props: { caption: string; rows: MyEventRow[] }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label="My events table">
      <table>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">When and where</th>
            <th scope="col">Your registration</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>
                <a href={`/events/${r.eventId}`}>{r.title}</a>
              </td>
              <td>
                <When start={r.startDate} end={r.endDate} />
                <br />
                {placeOf(r)}
              </td>
              <td>{statusText(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function webcal(url: string): string {
  return url.replace(/^https?:/, "webcal:");
}

function Feed(props: Pick<MyEventsPageProps, "hasFeed" | "newFeedUrl">) {
  return (
    <section aria-labelledby="feed-title">
      <h2 id="feed-title">Your events in your own calendar</h2>
      <p>
        A private calendar feed keeps the events you registered for, or are waiting for, in Google, Apple or Outlook
        calendar, and updates itself.
      </p>
      {props.newFeedUrl ? (
        <div class="notice good" role="status">
          <p>
            <strong>Here is your feed address. Copy it now: for your privacy we show it only this once.</strong>
          </p>
          <div class="field">
            <label for="feed-url">Calendar feed address</label>
            <input id="feed-url" type="url" readonly value={props.newFeedUrl} />
          </div>
          <p>
            <a href={webcal(props.newFeedUrl)}>Subscribe on this device</a>. Anyone with the address can see your
            events, so keep it to yourself.
          </p>
        </div>
      ) : props.hasFeed ? (
        <p class="hint">
          You already have a feed address. We show it only once, when it is made. Lost it? Make a new one: the old
          address stops working at once.
        </p>
      ) : null}
      <form method="post" action="/events/my/calendar-token">
        <button type="submit" class={props.hasFeed || props.newFeedUrl ? "secondary" : undefined}>
          {props.hasFeed || props.newFeedUrl ? "Make a new feed address" : "Make my calendar feed address"}
        </button>
      </form>
    </section>
  );
}

export function MyEventsPage(props: MyEventsPageProps) {
  const now = props.now.getTime();
  const upcoming = props.rows.filter((r) => r.endDate.getTime() >= now).reverse();
  const past = props.rows.filter((r) => r.endDate.getTime() < now);
  return (
    <>
      <h1>My events</h1>
      <p class="lede">
        Events you registered for. <a href="/events">Find more events</a>
      </p>
      <h2>Coming up</h2>
      {upcoming.length ? (
        <RegistrationTable caption="Your upcoming events" rows={upcoming} />
      ) : (
        <p>
          You have no upcoming events. <a href="/events">Browse events</a> and register for one.
        </p>
      )}
      <h2>Past</h2>
      {past.length ? <RegistrationTable caption="Your past events" rows={past} /> : <p>No past events yet.</p>}
      <Feed hasFeed={props.hasFeed} newFeedUrl={props.newFeedUrl} />
    </>
  );
}
