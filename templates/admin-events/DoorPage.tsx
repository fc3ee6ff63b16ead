// Where event staff start at the door: today's events, one big link each to its check-in list.
import { When } from "./parts.tsx";

export interface DoorEvent {
  id: string;
  title: string;
  startDate: Date;
  location: string | null;
  isVirtual: boolean;
}

export function DoorPage(props: { events: DoorEvent[] }) {
  return (
    <>
      <h1>Check-in at the door</h1>
      <p>
        <a href="/admin/events/checkin.csv">Download this list (CSV)</a>
      </p>
      {props.events.length === 0 ? (
        <p>No event starts in the next day and a half. Check-in lists appear here on the day of an event.</p>
      ) : (
        <ul class="grid" role="list">
          {props.events.map((e) => (
            <li class="card">
              <h2>{e.title}</h2>
              <p>
                <When at={e.startDate} /> · {e.isVirtual ? "Online" : (e.location ?? "Place to be announced")}
              </p>
              <p>
                <a class="btn" href={`/admin/events/${e.id}/checkin`}>
                  Check in guests for {e.title}
                </a>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
