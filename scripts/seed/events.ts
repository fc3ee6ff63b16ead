// Chapter events, past and upcoming, and who registered. current_capacity is always the
// number of seats taken as the EventCapacity object counts them (src/objects/event-capacity-sync.ts):
// REGISTERED, ATTENDED and NO_SHOW registrations (a no-show still held a seat).
import type { EventStatus, EventType, NewEvent, RegistrationStatus } from "../../src/db/schema/index.ts";
import type { eventFiles, eventRegistrations } from "../../src/db/schema/index.ts";
import { demoFileBody } from "./files.ts";
import type { Member } from "./members.ts";
import { cityByName, VENUES, type Venue } from "./places.ts";
import type { Rng } from "./random.ts";
import { Clock } from "./time.ts";

export type NewRegistration = typeof eventRegistrations.$inferInsert;
export type NewEventFile = typeof eventFiles.$inferInsert;

interface EventTemplate {
  title: string;
  type: EventType;
  status: EventStatus;
  /** Days from the anchor, start and end hour (Pacific). */
  day: number;
  hours: [number, number];
  /** Multi-day events end this many days after they start. */
  spanDays?: number;
  venue: Venue | null;
  capacity: number | null;
  /** Registrations to create (before cancellations). */
  registrants: number;
  /** [price, memberPrice, earlyBirdPrice] in dollars; omitted = free. */
  prices?: [number, number, number | null];
  description: string;
  speakers?: Array<{ name: string; title: string; organization: string }>;
  sponsored?: boolean;
}

const SPEAKERS = {
  caltrans: { name: "Denise Okonkwo", title: "Small Business Liaison", organization: "Caltrans District 4 Office of Civil Rights" },
  surety: { name: "Hector Salazar", title: "Surety Account Executive", organization: "Golden Gate Surety Partners" },
  cpa: { name: "Grace Lam, CPA", title: "Construction Accounting Partner", organization: "Lam & Okafor CPAs" },
  safety: { name: "Terrence Booker", title: "Cal/OSHA Authorized Trainer", organization: "Bay Safety Training Institute" },
  estimator: { name: "Rafael Mendoza", title: "Chief Estimator", organization: "Mendoza Engineering" },
  bart: { name: "Linh Tran", title: "Manager, Small Business Programs", organization: "BART Office of Civil Rights" },
  vta: { name: "Kwame Mensah", title: "Diversity Programs Manager", organization: "VTA BART Silicon Valley Program" },
  labor: { name: "Marisol Ortiz", title: "Labor Compliance Consultant", organization: "Prevailing Wage Partners" },
  president: { name: "Reginald Coleman", title: "Chapter President", organization: "Coleman Construction Group" },
};

const virtual = null;

function templates(): EventTemplate[] {
  return [
    // Past
    { title: "Fall Member Mixer at the Bayview Opera House", type: "NETWORKING", status: "COMPLETED", day: -40, hours: [17, 20], venue: VENUES.bayviewOpera, capacity: 150, registrants: 96, description: "An evening of networking with chapter members, prime contractors and agency small-business staff in the Bayview. Light food and drinks provided." },
    { title: "Cal/OSHA Silica Rule Refresher", type: "TRAINING", status: "COMPLETED", day: -25, hours: [9, 11], venue: virtual, capacity: 300, registrants: 64, description: "Two-hour live online refresher on the respirable crystalline silica standard: exposure control plans, Table 1 tasks and recordkeeping.", speakers: [SPEAKERS.safety] },
    { title: "Caltrans District 4 Small Business Outreach Day", type: "CONFERENCE", status: "COMPLETED", day: -60, hours: [8, 15], venue: VENUES.oaklandMarriott, capacity: 350, registrants: 128, description: "Meet Caltrans District 4 project managers and prime contractors bidding the coming year's SHOPP projects. Matchmaking sessions, DBE certification help desk and a bidders' panel.", speakers: [SPEAKERS.caltrans, SPEAKERS.president], sponsored: true },
    { title: "Board of Directors Meeting (Q3)", type: "MEETING", status: "COMPLETED", day: -70, hours: [18, 20], venue: virtual, capacity: null, registrants: 14, description: "Quarterly meeting of the chapter board. Members are welcome to observe; the agenda is posted a week ahead." },
    { title: "Bonding Readiness Workshop", type: "WORKSHOP", status: "COMPLETED", day: -15, hours: [9, 13], venue: VENUES.laneyCollege, capacity: 60, registrants: 52, prices: [45, 25, null], description: "What sureties look at, how to prepare a work-in-progress schedule and CPA-reviewed financials, and how to grow your bonding line step by step.", speakers: [SPEAKERS.surety, SPEAKERS.cpa], sponsored: true },
    { title: "Building Futures Scholarship Golf Tournament", type: "FUNDRAISER", status: "COMPLETED", day: -120, hours: [8, 16], venue: VENUES.metropolitanGolf, capacity: 144, registrants: 110, prices: [250, 200, 175], description: "Our annual scramble raising scholarships for students entering the building trades and construction management programs. Includes lunch, dinner and awards.", sponsored: true },
    { title: "Sacramento Site Walk: Fire Station 15", type: "MEETING", status: "CANCELLED", day: -8, hours: [10, 12], venue: VENUES.sacLibrary, capacity: 40, registrants: 18, description: "Pre-bid orientation for the Fire Station 15 replacement project. Cancelled: the city postponed the bid and will reschedule the site walk." },
    // Happening now
    { title: "Northern California Contractor Summit", type: "CONFERENCE", status: "IN_PROGRESS", day: -1, spanDays: 2, hours: [8, 17], venue: VENUES.safeCenter, capacity: 400, registrants: 230, prices: [295, 195, 165], description: "Three days of sessions on public works contracting, access to capital, and agency forecasts, with the region's largest small-business matchmaking floor.", speakers: [SPEAKERS.caltrans, SPEAKERS.vta, SPEAKERS.surety, SPEAKERS.president], sponsored: true },
    // Upcoming
    { title: "Winter Member Mixer in Oakland", type: "NETWORKING", status: "REGISTRATION_OPEN", day: 9, hours: [17, 20], venue: VENUES.oaklandMuseum, capacity: 120, registrants: 71, description: "Celebrate the season with fellow members and our agency partners in the museum's garden hall. Members and one guest free." },
    { title: "Prevailing Wage and Certified Payroll Clinic", type: "TRAINING", status: "REGISTRATION_OPEN", day: 14, hours: [10, 12], venue: virtual, capacity: 250, registrants: 88, description: "Live online clinic: DIR registration, LCP Tracker and eCPR submissions, fringe benefit credits and how to answer a labor compliance audit.", speakers: [SPEAKERS.labor] },
    { title: "Estimating Public Works Bids: Hands-on Workshop", type: "WORKSHOP", status: "REGISTRATION_OPEN", day: 20, hours: [9, 16], venue: VENUES.chabotCollege, capacity: 40, registrants: 40, prices: [95, 65, 55], description: "Bring a laptop: we take a real set of Caltrans plans from quantity take-off to a complete bid, including subcontractor quotes and DBE paperwork. Limited to 40 seats.", speakers: [SPEAKERS.estimator] },
    { title: "BART Silicon Valley Phase II: Meet the Primes", type: "NETWORKING", status: "REGISTRATION_OPEN", day: 30, hours: [13, 17], venue: VENUES.sjConvention, capacity: 250, registrants: 104, description: "Speed-networking with the prime contractors and VTA's small-business team for the coming subcontracting packages on BART Silicon Valley Phase II.", speakers: [SPEAKERS.vta, SPEAKERS.bart], sponsored: true },
    { title: "General Membership Meeting and Officer Elections", type: "MEETING", status: "REGISTRATION_OPEN", day: 35, hours: [18, 20], venue: VENUES.richmondAuditorium, capacity: 200, registrants: 45, description: "Annual general meeting: the year in review, the treasurer's report and election of chapter officers. Members in good standing may vote." },
    { title: "Women in Construction Breakfast", type: "NETWORKING", status: "REGISTRATION_OPEN", day: 45, hours: [7, 9], venue: VENUES.hiltonUnionSquare, capacity: 180, registrants: 63, prices: [60, 40, 35], description: "Breakfast and a panel of women owners of construction firms on winning public work, growing a team and access to capital." },
    { title: "Cal/OSHA 30 Construction Safety (two days)", type: "TRAINING", status: "REGISTRATION_OPEN", day: 50, spanDays: 1, hours: [8, 16], venue: VENUES.stocktonCivic, capacity: 35, registrants: 21, prices: [450, 325, 295], description: "The full Cal/OSHA 30-hour construction outreach course over two days, taught by an authorized trainer. Cards issued on completion.", speakers: [SPEAKERS.safety] },
    { title: "QuickBooks Job Costing for Contractors", type: "WORKSHOP", status: "REGISTRATION_OPEN", day: 60, hours: [10, 12], venue: virtual, capacity: 100, registrants: 27, prices: [35, 0, null], description: "Set up jobs, cost codes and progress invoicing in QuickBooks Online so you know which projects make money. Free for members.", speakers: [SPEAKERS.cpa] },
    { title: "Annual Awards Gala", type: "AWARDS", status: "REGISTRATION_OPEN", day: 75, hours: [18, 22], venue: VENUES.oaklandMarriott, capacity: 500, registrants: 142, prices: [175, 125, 110], description: "Honoring the Contractor of the Year, the Prime Partner of the Year and our scholarship recipients. Black tie optional.", sponsored: true },
    { title: "Sacramento Regional Networking Night", type: "NETWORKING", status: "REGISTRATION_CLOSED", day: 5, hours: [17, 19], venue: VENUES.sacLibrary, capacity: 90, registrants: 82, description: "Sacramento-region members meet SMUD, SacRT and Sacramento County small-business staff. Registration has closed; walk-ins welcome if space allows." },
    { title: "Building Futures Scholarship Dinner", type: "FUNDRAISER", status: "PUBLISHED", day: 100, hours: [18, 21], venue: VENUES.crocker, capacity: 220, registrants: 0, prices: [150, 120, 100], description: "An evening at the Crocker supporting scholarships for the next generation of builders. Registration opens soon.", sponsored: true },
    { title: "Board of Directors Meeting (Q1)", type: "MEETING", status: "DRAFT", day: 80, hours: [18, 20], venue: virtual, capacity: null, registrants: 0, description: "Quarterly meeting of the chapter board. Agenda to follow." },
  ];
}

function agenda(rng: Rng, t: EventTemplate): Array<{ time: string; title: string }> {
  const [start, end] = t.hours;
  const fmt = (h: number, m = 0) => `${((h + 11) % 12) + 1}:${String(m).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
  const items: Record<EventType, string[]> = {
    NETWORKING: ["Check-in and welcome", "Remarks from the chapter president", "Agency and prime contractor introductions", "Open networking"],
    TRAINING: ["Welcome and objectives", "Module 1", "Break", "Module 2", "Questions and certificates"],
    CONFERENCE: ["Registration and breakfast", "Opening keynote", "Agency forecast panel", "Lunch", "Matchmaking sessions", "Closing remarks"],
    WORKSHOP: ["Introductions", "Worked example", "Hands-on exercise", "Review and questions"],
    MEETING: ["Call to order", "Approval of minutes", "Reports", "New business", "Adjourn"],
    AWARDS: ["Reception", "Dinner", "Awards presentation", "Dancing"],
    FUNDRAISER: ["Check-in", "Program", "Dinner and auction", "Closing"],
  };
  const list = items[t.type];
  const step = ((end - start) * 60) / list.length;
  return list.map((title, i) => {
    const minutes = start * 60 + Math.round((i * step) / 15) * 15;
    return { time: fmt(Math.floor(minutes / 60), minutes % 60), title: title === "Module 1" || title === "Module 2" ? `${title}: ${rng.pick(["requirements", "worked examples", "common mistakes", "recordkeeping"])}` : title };
  });
}

export interface EventInfo {
  id: string;
  title: string;
  status: EventStatus;
  start: Date;
  memberPrice: number;
  createdById: string;
}

export function buildEvents(rng: Rng, clock: Clock, members: Member[], admins: readonly string[], demo: Member) {
  const eventRows: NewEvent[] = [];
  const registrations: NewRegistration[] = [];
  const files: NewEventFile[] = [];
  const infos: EventInfo[] = [];
  const sponsorsPool = members.filter((m) => !m.isAdmin && m.isActive && (m.tier === "Corporate" || m.tier === "Lifetime"));
  const attendees = members.filter((m) => !m.isAdmin && m.isActive && m.isVerified);

  for (const t of templates()) {
    const id = rng.id();
    const start = clock.pacific(t.day, t.hours[0]);
    const end = clock.pacific(t.day + (t.spanDays ?? 0), t.hours[1]);
    const [price, memberPrice, earlyBird] = t.prices ?? [0, 0, null];
    // Announced 30-60 days ahead, and never later than last week.
    const publishedAt = t.status === "DRAFT" ? null : Clock.min(clock.pacific(t.day - rng.int(30, 60), 10), clock.pacific(-rng.int(7, 20), 10));
    const createdAt = Clock.plusDays(publishedAt ?? clock.days(-rng.int(2, 10)), -rng.int(1, 7));
    const creator = rng.pick(admins);
    const earlyBirdDeadline = earlyBird === null ? null : clock.pacific(t.day - 21, 23, 59);
    const registrationDeadline = clock.pacific(t.day - (t.status === "REGISTRATION_CLOSED" ? 7 : rng.int(1, 3)), 17);
    const v = t.venue;
    eventRows.push({
      id,
      title: t.title,
      description: t.description,
      type: t.type,
      status: t.status,
      startDate: start,
      endDate: end,
      registrationDeadline,
      maxCapacity: t.capacity,
      currentCapacity: 0, // counted below
      location: v ? `${v.name}, ${v.city}` : "Online",
      address: v ? { street: v.street, city: v.city, state: "CA", zip: v.zip, county: cityByName(v.city).county } : null,
      latitude: v?.lat ?? null,
      longitude: v?.lng ?? null,
      coordinates: v ? { lat: v.lat, lng: v.lng } : null,
      isVirtual: !v,
      virtualUrl: v ? null : `https://meet.example.com/namc-${id.slice(1, 11)}`,
      price: price.toFixed(2),
      memberPrice: t.prices ? memberPrice.toFixed(2) : null,
      earlyBirdPrice: earlyBird === null ? null : earlyBird.toFixed(2),
      earlyBirdDeadline,
      agenda: agenda(rng, t),
      speakers: t.speakers ?? [],
      sponsors: t.sponsored ? rng.sample(sponsorsPool, rng.int(2, 5)).map((m, i) => ({ name: m.company, level: ["Platinum", "Gold", "Gold", "Silver", "Silver"][i], memberId: m.id })) : [],
      materials: t.status === "COMPLETED" ? [{ name: "Slides", filePath: `events/${id}/slides.pdf` }] : null,
      createdAt,
      updatedAt: Clock.max(createdAt, clock.at(-rng.int(1, 5), rng.int(0, 1400))),
      publishedAt,
      deletedAt: null,
      createdById: creator,
      updatedById: creator,
    });

    // Registrations: the demo member is at a few events so its dashboard has something on it.
    const pool = rng.shuffle(attendees.filter((m) => m !== demo));
    const demoGoes = ["Fall Member Mixer at the Bayview Opera House", "Bonding Readiness Workshop", "Northern California Contractor Summit", "Winter Member Mixer in Oakland", "Estimating Public Works Bids: Hands-on Workshop", "Annual Awards Gala"].includes(t.title);
    const people = (demoGoes ? [demo, ...pool] : pool).slice(0, Math.min(t.registrants, attendees.length));
    const opens = publishedAt ?? createdAt;
    const closes = Clock.min(Clock.min(clock.at(-1, 1380), Clock.plusDays(start, -1)), registrationDeadline);
    let counted = 0;
    people.forEach((m, i) => {
      let status: RegistrationStatus;
      if (t.status === "CANCELLED") status = "CANCELLED";
      else if (t.status === "COMPLETED") status = m === demo ? "ATTENDED" : rng.weighted([["ATTENDED", 80], ["NO_SHOW", 14], ["CANCELLED", 6]]);
      else if (t.status === "IN_PROGRESS") status = m === demo || rng.chance(0.7) ? "ATTENDED" : rng.weighted([["REGISTERED", 8], ["CANCELLED", 1]]);
      // The nearly-full workshop: 38 of 40 seats taken, two people cancelled.
      else if (t.capacity === 40 && t.registrants === 40) status = i >= 38 ? "CANCELLED" : "REGISTERED";
      else status = m !== demo && rng.chance(0.06) ? "CANCELLED" : "REGISTERED";
      if (status === "REGISTERED" || status === "ATTENDED" || status === "NO_SHOW") counted++;
      const registeredAt = new Date(opens.getTime() + rng.next() ** 0.7 * Math.max(0, closes.getTime() - opens.getTime()));
      const owes = memberPrice > 0 ? (earlyBird !== null && earlyBirdDeadline && registeredAt < earlyBirdDeadline ? earlyBird : memberPrice) : 0;
      // Paid at registration, except a few upcoming seats waiting on an invoice; half the cancellations had paid (refunded).
      const paid = owes > 0 && (status === "CANCELLED" ? rng.chance(0.5) : !(status === "REGISTERED" && rng.chance(0.08)));
      registrations.push({
        id: rng.id(),
        eventId: id,
        userId: m.id,
        status,
        paid,
        paidAt: paid ? Clock.plusMinutes(registeredAt, rng.int(1, 5)) : null,
        amount: owes > 0 ? owes.toFixed(2) : null,
        notes: rng.chance(0.05) ? rng.pick(["Vegetarian meal", "Wheelchair access needed", "Bringing a foreman as guest", "Needs an invoice for the company"]) : null,
        registeredAt,
      });
    });
    if (t.capacity !== null && counted > t.capacity) throw new Error(`${t.title}: ${counted} registrations exceed capacity ${t.capacity}`);
    eventRows[eventRows.length - 1]!.currentCapacity = counted;

    if (t.status === "COMPLETED") {
      for (const [name, type, ext] of [["Slides", "application/pdf", "pdf"], ["Attendee list", "text/csv", "csv"]] as const) {
        const fileName = `${name}.${ext}`;
        // The size of the small real file `npm run dev` puts into local R2 (./files.ts).
        const fileSize = demoFileBody({ fileName, fileType: type }, t.title).byteLength;
        files.push({ id: rng.id(), eventId: id, fileName, filePath: `events/${id}/${name.toLowerCase().replace(/ /g, "-")}.${ext}`, fileType: type, fileSize, uploadedAt: Clock.plusDays(end, 1), uploadedBy: creator });
      }
    }
    infos.push({ id, title: t.title, status: t.status, start, memberPrice, createdById: creator });
  }
  return { events: eventRows, registrations, files, infos };
}
