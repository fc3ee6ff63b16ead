// Member-facing events: the list, an event's page with its live seat count, files, and
// registering / cancelling. Calendars and "My events" are in calendar-routes.tsx.
// Mounted at "/" (app.route("/", eventRoutes)) because /events.ics and /calendar/... sit beside /events.
import { Hono, type Context } from "hono";
import { allow } from "../../auth/rbac.ts";
import type { CurrentUser } from "../../auth/session.ts";
import { isId, ID, idParam } from "../../db/ids.ts";
import type { Event } from "../../db/schema/events.ts";
import { renderPage, renderNotFound } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { readQuery, shownFilters } from "../../lib/forms.ts";
import { consumeRate } from "../../objects/RateLimiter.ts";
import { deliverSoon } from "../outbox/outbox.ts";
import { log } from "../../lib/log.ts";
import { seatCheckoutDeps, startSeatCheckout, toCheckout } from "../payments/checkout.ts";
import { EventPage } from "../../../templates/events/EventPage.tsx";
import { EventResults, EventsPage } from "../../../templates/events/EventsPage.tsx";
import { SeatsGone, SeatsLeft } from "../../../templates/events/parts.tsx";
import { ConfirmEmailFirstPage } from "../../../templates/pages/ErrorPages.tsx";
import { calendarRoutes } from "./calendar-routes.tsx";
import { parseAddress, parseAgenda, parseSpeakers, parseSponsors } from "./content.ts";
import { downloadEventFile } from "./files.ts";
import { findVisibleEvent, findVisibleSeatEvent, listEventFiles, listEvents, loadPricedMember } from "./queries.ts";
import { cancel, register, type RegistrationDeps } from "./registration.ts";
import { canCancel, canRegister, priceFor } from "./rules.ts";
import { isLive, myRegistration, seatsFor, seatsFromPostgres } from "./seats.ts";
import { EMPTY_FILTERS, eventFiltersSchema, holdsSeat, priceReason, priceTiers, seesJoinLink, eventNotices } from "./view.ts";
import { findEventChannel } from "../messaging/queries.ts";
import { toCents } from "../../lib/money.ts";
import { latestSeatPayment } from "../payments/queries.ts";
import { seatPaymentNotice } from "../payments/rules.ts";
import { pageField, pageWindow } from "../../lib/pagination.ts";

export const eventRoutes = new Hono<AppEnv>();

const PER_PAGE = 12;
const EVENT_LIST_QUERY = eventFiltersSchema.extend({ page: pageField(1000) });
/** Registrations and cancellations per member per minute: plenty for a person, a wall for a script. */
const REGISTRATION_RATE = { limit: 20, windowSeconds: 60 };


async function visibleEvent<E extends AppEnv>(c: Context<E>): Promise<Event | null> {
  const id = c.req.param("id") ?? "";
  return isId(id) ? findVisibleEvent(c.var.db(), id) : null;
}

// ---------------------------------------------------------------- list

eventRoutes.get("/events", allow.public, async (c) => {
  const query = readQuery(c, EVENT_LIST_QUERY);
  const filters = shownFilters(query, EMPTY_FILTERS);
  const errors = query.errors;
  const { page, perPage, limit, offset } = pageWindow(query.ok ? query.data.page : 1, PER_PAGE);
  const now = new Date();
  const user = c.var.user;
  const db = c.var.db();
  const [result, viewer] = await Promise.all([
    query.ok ? listEvents(db, query.data, { limit, offset }, now) : { rows: [], total: 0 },
    user ? loadPricedMember(db, user.id) : null,
  ]);
  // Card seat counts come from Postgres (the object writes current_capacity through): one
  // query for the page instead of one object call per card. The event page is exact and live.
  const cards = result.rows.map((event) => ({ event, price: priceFor(event, viewer, now, c.var.config.DUES_GRACE_DAYS), seats: seatsFromPostgres(event) }));
  const props = { filters, errors, cards, total: result.total, page, perPage };
  return renderPage(c, {
    title: filters.when === "past" ? "Past events" : "Events",
    status: query.ok ? 200 : 422,
    body: <EventsPage {...props} signedIn={Boolean(user)} />,
    partial: <EventResults {...props} />,
  });
});

// Calendars and "My events" before /events/:id so their static paths are plain to read.
eventRoutes.route("/", calendarRoutes);

// ---------------------------------------------------------------- one event

interface PageState {
  status?: 200 | 403 | 409 | 429;
  error?: string;
}

async function renderEventPage<E extends AppEnv>(c: Context<E>, event: Event, state: PageState = {}) {
  const db = c.var.db();
  const user = c.var.user;
  const now = new Date();
  const [files, viewer, seats, mine, channel, seatPayment] = await Promise.all([
    listEventFiles(db, event.id),
    user ? loadPricedMember(db, user.id) : null,
    seatsFor(c.env, event, now),
    user ? myRegistration(c.env, db, event, user.id, now) : ({ status: "none" } as const),
    user?.isVerified ? findEventChannel(db, event.id) : null,
    // Back from Checkout: how the seat's payment turned out.
    user && c.req.query("paid") === "1" ? latestSeatPayment(db, user.id, event.id) : null,
  ]);
  const price = priceFor(event, viewer, now, c.var.config.DUES_GRACE_DAYS);
  const memberPrice = event.memberPrice === null ? null : toCents(event.memberPrice);
  const registration = canRegister(event, now);
  const joinUrl = event.isVirtual && seesJoinLink(mine) && /^https?:\/\//i.test(event.virtualUrl ?? "") ? event.virtualUrl : null;
  const live = isLive(event, now) && event.status === "REGISTRATION_OPEN" && seats.capacity !== null;
  return renderPage(c, {
    title: event.title,
    status: state.status ?? 200,
    body: (
      <EventPage
        event={event}
        viewer={{ signedIn: Boolean(user), verified: Boolean(user?.isVerified) }}
        price={price}
        reason={priceReason(price, viewer, Boolean(user), memberPrice, now)}
        tiers={priceTiers(event, price, now)}
        seats={seats}
        liveSeats={live}
        full={seats.left === 0 || seats.waitlisted > 0}
        mine={mine}
        registration={registration}
        cancellable={canCancel(event, now).ok}
        files={files}
        notice={state.status ? null : (eventNotices.read(c) ?? seatPaymentNotice(seatPayment))}
        error={state.error}
        joinUrl={joinUrl}
        channelId={holdsSeat(mine) ? channel : null}
        content={{
          agenda: parseAgenda(event.agenda),
          speakers: parseSpeakers(event.speakers),
          sponsors: parseSponsors(event.sponsors),
          address: parseAddress(event.address),
        }}
      />
    ),
  });
}

eventRoutes.get(`/events/${ID}`, allow.public, async (c) => {
  const event = await visibleEvent(c);
  if (!event) return renderNotFound(c);
  // Seats and the member's own state change by the minute, and the same URL is personal once
  // signed in (join link, buttons): revalidate every time, never in a shared cache.
  c.header("Cache-Control", "private, no-cache");
  return renderEventPage(c, event);
});

/** The seat count alone, polled by the event page (same markup as there). Never cached: it is live. */
eventRoutes.get(`/events/${ID}/seats`, allow.public, async (c) => {
  c.header("Cache-Control", "no-store");
  const polled = c.req.header("hx-request") === "true";
  const id = c.req.param("id");
  try {
    const event = isId(id) ? await findVisibleSeatEvent(c.var.db(), id) : null;
    // htmx swaps any status into the page, so a poll for a vanished event gets a final fragment.
    if (!event) return polled ? c.html(<SeatsGone />) : renderNotFound(c);
    const now = new Date();
    const seats = await seatsFor(c.env, event, now);
    const live = isLive(event, now) && event.status === "REGISTRATION_OPEN" && seats.capacity !== null;
    return c.html(<SeatsLeft eventId={event.id} seats={seats} live={live} />);
  } catch (err) {
    // A poll that fails keeps the last count on screen (204: htmx swaps nothing) and tries again.
    if (polled) return c.body(null, 204);
    throw err;
  }
});

/**
 * Event files are for members (documented decision): the files are a member benefit (slides,
 * handouts, rosters), so the rule is the one for registering: a signed-in account whose email
 * is verified. An unverified account could be anyone who typed an address. The file must
 * belong to the event in the URL; another event's file id is a 404.
 */
eventRoutes.get(`/events/${ID}/files/${idParam("fileId")}`, allow.signedIn, async (c) => {
  if (!c.var.signedIn.user.isVerified) {
    return renderPage(c, { title: "Confirm your email first", status: 403, body: <ConfirmEmailFirstPage /> });
  }
  const { id, fileId } = c.req.param();
  const res = isId(id) && isId(fileId) ? await downloadEventFile(c, id, fileId) : null;
  return res ?? renderNotFound(c);
});

// ---------------------------------------------------------------- register / cancel

function deps<E extends AppEnv>(c: Context<E>): RegistrationDeps {
  return { env: c.env, db: c.var.db(), publicUrl: c.var.config.PUBLIC_URL, now: new Date(), graceDays: c.var.config.DUES_GRACE_DAYS };
}

async function rateLimited<E extends AppEnv>(c: Context<E>, user: CurrentUser, event: Event) {
  const rate = await consumeRate(c.env, `event-registration:${user.id}`, REGISTRATION_RATE.limit, REGISTRATION_RATE.windowSeconds);
  if (rate.allowed) return null;
  c.header("Retry-After", String(rate.retryAfterSeconds));
  return renderEventPage(c, event, {
    status: 429,
    error: `Too many registration changes in a minute. Wait ${rate.retryAfterSeconds} seconds, then try again.`,
  });
}

// No id of a registration in these URLs: each acts only on the signed-in member's own seat.
eventRoutes.post(`/events/${ID}/register`, allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const event = await visibleEvent(c);
  if (!event) return renderNotFound(c);
  const limited = await rateLimited(c, user, event);
  if (limited) return limited;
  const result = await register(deps(c), event, user);
  if (!result.ok) return renderEventPage(c, event, { status: result.status, error: result.message });
  if (result.emailed) deliverSoon(c);
  // A held seat goes straight to card payment (the event page's "Pay by card" does the same later).
  if (result.notice === "held") {
    // Stripe or Postgres unreachable: the seat is still held, and the event page offers "Pay by card".
    const checkout = await startSeatCheckout(seatCheckoutDeps(c), user, event).catch((err: unknown) => {
      log("warn", "card checkout for a held seat not started", { eventId: event.id, error: String(err) });
      return null;
    });
    if (checkout?.ok) return toCheckout(c, checkout.url);
  }
  return eventNotices.redirect(c, `/events/${event.id}#registration`, result.notice);
});

eventRoutes.post(`/events/${ID}/cancel`, allow.signedIn, async (c) => {
  const { user } = c.var.signedIn;
  const event = await visibleEvent(c);
  if (!event) return renderNotFound(c);
  const limited = await rateLimited(c, user, event);
  if (limited) return limited;
  const result = await cancel(deps(c), event, user);
  if (!result.ok) return renderEventPage(c, event, { status: result.status, error: result.message });
  // Also sends the promoted member's email, which the object queued with its write-through.
  if (result.emailed) deliverSoon(c);
  return eventNotices.redirect(c, `/events/${event.id}#registration`, result.notice);
});
