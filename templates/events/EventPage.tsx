import type { Event } from "../../src/db/schema/events.ts";
import type { AgendaItem, PostalAddress, Speaker, Sponsor } from "../../src/features/events/content.ts";
import type { Price } from "../../src/features/events/rules.ts";
import { placeOf, TYPE_LABELS, type MyRegistration, type PriceTier, type SeatInfo } from "../../src/features/events/view.ts";
import { formatUsd } from "../../src/lib/money.ts";
import { fileSize, NoticeBox, SeatsLeft, When } from "./parts.tsx";
import { RegistrationPanel, type RegistrationPanelProps } from "./RegistrationPanel.tsx";

export interface EventFileView {
  id: string;
  fileName: string;
  fileType: string;
  fileSize: number;
}

export interface EventPageProps extends RegistrationPanelProps {
  event: Event;
  price: Price;
  reason: string;
  tiers: PriceTier[];
  seats: SeatInfo;
  liveSeats: boolean;
  files: EventFileView[];
  notice: { tone: "good" | "info" | "bad"; text: string } | null;
  content: { agenda: AgendaItem[]; speakers: Speaker[]; sponsors: Sponsor[]; address: PostalAddress | null };
  /** Only for a member whose seat is confirmed; null for everyone else. */
  joinUrl: string | null;
  /** The event's channel, for a member holding a seat; null for everyone else. */
  channelId: string | null;
  mine: MyRegistration;
}

function Description(props: { text: string }) {
  const paragraphs = props.text.split(/\r?\n\s*\r?\n/).map((p) => p.trim()).filter(Boolean);
  return (
    <>
      {paragraphs.map((p) => (
        <p>{p}</p>
      ))}
    </>
  );
}

function Where(props: Pick<EventPageProps, "event" | "joinUrl" | "content" | "viewer" | "mine">) {
  const e = props.event;
  if (e.isVirtual) {
    return (
      <>
        <p>
          <strong>Virtual</strong>: join online from a phone or computer.
        </p>
        {props.joinUrl ? (
          <p>
            <a class="btn" href={props.joinUrl} rel="noopener noreferrer">
              Join the event online
            </a>
          </p>
        ) : (
          <p class="hint">
            {props.mine.status === "HELD"
              ? "The link to join appears here once your payment is recorded."
              : "The link to join appears here for members whose registration is confirmed."}
          </p>
        )}
      </>
    );
  }
  return (
    <>
      <p>
        <strong>{placeOf(e)}</strong>
      </p>
      {props.content.address && (
        <address>
          {props.content.address.lines.map((line, i) => (
            <>
              {i > 0 && <br />}
              {line}
            </>
          ))}
        </address>
      )}
    </>
  );
}

function Prices(props: Pick<EventPageProps, "price" | "reason" | "tiers">) {
  return (
    <>
      <p>
        <strong>Your price: {formatUsd(props.price.cents)}</strong>
        <br />
        {props.reason}
      </p>
      {props.tiers.length > 1 && (
        <ul>
          {props.tiers.map((t) => (
            <li>
              {t.label}: {formatUsd(t.cents)}
              {t.note ? ` (${t.note})` : ""}
              {t.applies ? <strong> ← applies to you</strong> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function EventPage(props: EventPageProps) {
  const e = props.event;
  const { agenda, speakers, sponsors } = props.content;
  return (
    <article aria-labelledby="event-title">
      <p class="hint">
        <a href="/events">All events</a>
      </p>
      <h1 id="event-title">{e.title}</h1>
      <NoticeBox notice={props.notice} />
      {e.status === "CANCELLED" && (
        <div class="notice bad" role="alert">
          <p>This event is cancelled. Registered members were told by email.</p>
        </div>
      )}
      <p class="lede">
        <When start={e.startDate} end={e.endDate} />
        <br />
        {TYPE_LABELS[e.type]} · {placeOf(e)}
      </p>
      <div class="grid">
        <section class="card" id="registration" aria-labelledby="registration-title">
          <h2 id="registration-title">Registration</h2>
          <Prices price={props.price} reason={props.reason} tiers={props.tiers} />
          {e.status !== "CANCELLED" && <SeatsLeft eventId={e.id} seats={props.seats} live={props.liveSeats} />}
          <RegistrationPanel {...props} />
          {props.channelId && (
            <p>
              <a href={`/messages/${props.channelId}`}>Talk with the other registrants</a> in the event's channel.
            </p>
          )}
        </section>
        <section class="card" aria-labelledby="where-title">
          <h2 id="where-title">Where</h2>
          <Where {...props} />
          <p>
            <a href={`/events/${e.id}.ics`}>Add to my calendar</a> (.ics)
          </p>
        </section>
      </div>

      <h2>About this event</h2>
      <Description text={e.description} />

      {agenda.length > 0 && (
        <>
          <h2>Agenda</h2>
          <ol>
            {agenda.map((a) => (
              <li>
                {a.time && <strong>{a.time}: </strong>}
                {a.title}
                {a.detail && <span class="hint"> — {a.detail}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
      {speakers.length > 0 && (
        <>
          <h2>Speakers</h2>
          <ul>
            {speakers.map((s) => (
              <li>
                <strong>{s.name}</strong>
                {[s.title, s.organization].filter(Boolean).length > 0 && <>, {[s.title, s.organization].filter(Boolean).join(", ")}</>}
              </li>
            ))}
          </ul>
        </>
      )}
      {sponsors.length > 0 && (
        <>
          <h2>Sponsors</h2>
          <ul>
            {sponsors.map((s) => (
              <li>
                {s.url ? (
                  <a href={s.url} rel="noopener noreferrer">
                    {s.name}
                  </a>
                ) : (
                  s.name
                )}
                {s.level && ` (${s.level})`}
              </li>
            ))}
          </ul>
        </>
      )}
      {props.files.length > 0 && (
        <>
          <h2>Files</h2>
          {!props.viewer.signedIn && (
            <p class="hint">
              Event files are for members. <a href={`/login?next=${encodeURIComponent(`/events/${e.id}`)}`}>Sign in</a> to download them.
            </p>
          )}
          <ul>
            {props.files.map((f) => (
              <li>
                {props.viewer.signedIn ? <a href={`/events/${e.id}/files/${f.id}`}>{f.fileName}</a> : f.fileName} ({fileSize(f.fileSize)})
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
