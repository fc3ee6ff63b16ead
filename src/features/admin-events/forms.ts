// The event editor's form: flat fields plus repeating row groups (agenda, speakers,
// sponsors, materials) named `agenda.0.title`, validated with zod into event columns.
// Times are typed as Pacific wall-clock time and stored as UTC; dollars become numeric.
import * as z from "zod";
import { isId } from "../../db/ids.ts";
import { type Event, eventStatusEnum, eventTypeEnum, type NewEvent } from "../../db/schema/events.ts";
import { toPacificInput } from "../../lib/time.ts";
import { plainText, requiredText, pacificDateTime, dollars, httpsUrl, isHttpsUrl, choices } from "../../lib/fields.ts";


export const ROW_KINDS = ["agenda", "speakers", "sponsors", "materials"] as const;
export type RowKind = (typeof ROW_KINDS)[number];
export const ROW_FIELDS: Record<RowKind, readonly string[]> = {
  agenda: ["time", "title", "speaker"],
  speakers: ["name", "title", "organization", "bio"],
  sponsors: ["name", "level", "url", "memberId"],
  materials: ["name", "link"],
};
export const MAX_ROWS = 40;
export type Row = Record<string, string>;
export type Rows = Record<RowKind, Row[]>;

export interface EventFormState {
  values: Record<string, string>;
  rows: Rows;
  errors: Record<string, string>;
}

const ROW_KEY = /^(agenda|speakers|sponsors|materials)\.(\d{1,3})\.([a-zA-Z]+)$/;

/** Row fields of a submitted form, in index order, without rows left entirely blank. */
export function readRows(body: Record<string, string>): Rows {
  const byKind: Record<RowKind, Map<number, Row>> = { agenda: new Map(), speakers: new Map(), sponsors: new Map(), materials: new Map() };
  for (const [key, value] of Object.entries(body)) {
    const m = ROW_KEY.exec(key);
    if (!m) continue;
    const kind = m[1] as RowKind;
    if (!ROW_FIELDS[kind].includes(m[3]!)) continue;
    const index = Number(m[2]);
    const row = byKind[kind].get(index) ?? {};
    row[m[3]!] = value;
    byKind[kind].set(index, row);
  }
  const rows = {} as Rows;
  for (const kind of ROW_KINDS) {
    rows[kind] = [...byKind[kind].entries()]
      .sort(([a], [b]) => a - b)
      .map(([, row]) => Object.fromEntries(ROW_FIELDS[kind].map((f) => [f, row[f] ?? ""])))
      .filter((row) => Object.entries(row).some(([f, v]) => f !== "memberId" && v.trim() !== ""));
  }
  return rows;
}

// ---------------------------------------------------------------- field schemas

const text = (label: string, max: number, oneLine = true) => plainText(label, max, { multiline: !oneLine });
const required = (label: string, max: number, oneLine = true) => requiredText(label, max, { multiline: !oneLine });
const optional = (label: string, max: number, oneLine = true) =>
  text(label, max, oneLine).transform((v) => (v === "" ? null : v));
const blankable = (schema: z.ZodType<string | null, string>) => z.string().optional().default("").pipe(schema);
const pacificTime = pacificDateTime;

const coordinate = (label: string, limit: number) =>
  z
    .string()
    .optional()
    .default("")
    .transform((v) => v.trim())
    .refine((v) => v === "" || (/^-?\d{1,3}(\.\d{1,8})?$/.test(v) && Math.abs(Number(v)) <= limit), `${label} must be a number between -${limit} and ${limit}`)
    .transform((v) => (v === "" ? null : Number(v)));

const agendaRow = z.object({ time: required("Agenda time", 40), title: required("Agenda item", 200), speaker: optional("Speaker", 120) });
const speakerRow = z.object({
  name: required("Speaker name", 120),
  title: optional("Speaker title", 120),
  organization: optional("Company", 160),
  bio: optional("Bio", 2000, false),
});
const sponsorRow = z.object({
  name: required("Sponsor name", 160),
  level: optional("Sponsor level", 40),
  url: httpsUrl("Sponsor link").transform((v) => (v === "" ? null : v)),
  memberId: z.string().refine((v) => v === "" || isId(v), "Unknown sponsor member").transform((v) => (v === "" ? null : v)),
});
const materialRow = z.object({
  name: required("Material name", 160),
  link: text("Material link", 500).refine(
    (v) => isHttpsUrl(v) || /^events\/c[a-z2-7]{24}\/[A-Za-z0-9._-]+$/.test(v),
    "Material link must be a full https:// link (or the key of an uploaded file)",
  ),
});

export const eventFormSchema = z
  .object({
    title: required("Title", 200),
    description: required("Description", 10_000, false),
    type: z.enum(eventTypeEnum.enumValues, { error: "Choose the kind of event" }),
    startDate: pacificTime("Start"),
    endDate: pacificTime("End"),
    registrationDeadline: pacificTime("Registration deadline"),
    maxCapacity: z
      .string()
      .optional()
      .default("")
      .transform((v) => v.trim())
      .refine((v) => v === "" || (/^\d{1,6}$/.test(v) && Number(v) <= 100_000), "Capacity must be a whole number of seats (blank for no limit)")
      .transform((v) => (v === "" ? null : Number(v))),
    location: blankable(optional("Location", 200)),
    addressStreet: blankable(optional("Street", 200)),
    addressCity: blankable(optional("City", 80)),
    addressState: blankable(optional("State", 2)).refine((v) => v === null || /^[A-Za-z]{2}$/.test(v), "State must be a two-letter code, e.g. CA"),
    addressZip: blankable(optional("ZIP code", 10)).refine((v) => v === null || /^\d{5}(-\d{4})?$/.test(v), "ZIP code must be 5 digits, or 5+4"),
    latitude: coordinate("Latitude", 90),
    longitude: coordinate("Longitude", 180),
    isVirtual: z.string().optional().transform((v) => v === "yes" || v === "on"),
    virtualUrl: z.string().optional().default("").pipe(httpsUrl("Online meeting link")).transform((v) => (v === "" ? null : v)),
    price: dollars("Price"),
    memberPrice: dollars("Member price"),
    earlyBirdPrice: dollars("Early-bird price"),
    earlyBirdDeadline: pacificTime("Early-bird deadline"),
    agenda: z.array(agendaRow).max(MAX_ROWS, `At most ${MAX_ROWS} agenda items`),
    speakers: z.array(speakerRow).max(MAX_ROWS, `At most ${MAX_ROWS} speakers`),
    sponsors: z.array(sponsorRow).max(MAX_ROWS, `At most ${MAX_ROWS} sponsors`),
    materials: z.array(materialRow).max(MAX_ROWS, `At most ${MAX_ROWS} materials`),
  })
  .superRefine((d, ctx) => {
    // Runs even when a field failed (its value is then still the raw text), so times are checked for Date.
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const ms = (v: unknown) => (v instanceof Date ? v.getTime() : null);
    const [start, end, deadline, earlyBird] = [ms(d.startDate), ms(d.endDate), ms(d.registrationDeadline), ms(d.earlyBirdDeadline)];
    if (d.startDate === null) issue("startDate", "Enter when the event starts");
    if (d.endDate === null) issue("endDate", "Enter when the event ends");
    if (start !== null && end !== null && end <= start) issue("endDate", "The event must end after it starts");
    if (deadline !== null && end !== null && deadline > end) issue("registrationDeadline", "The registration deadline must be before the event ends");
    if (d.earlyBirdPrice !== null && d.earlyBirdDeadline === null) issue("earlyBirdDeadline", "Set the date the early-bird price ends");
    if (d.earlyBirdPrice === null && d.earlyBirdDeadline !== null) issue("earlyBirdPrice", "Enter the early-bird price, or clear its deadline");
    if (earlyBird !== null && start !== null && earlyBird >= start) issue("earlyBirdDeadline", "The early-bird deadline must be before the event starts");
    if (d.isVirtual && !d.virtualUrl) issue("virtualUrl", "An online event needs its https:// meeting link");
    if ((d.latitude === null) !== (d.longitude === null)) issue(d.latitude === null ? "latitude" : "longitude", "Give both latitude and longitude, or neither");
  });
export type EventFormInput = z.infer<typeof eventFormSchema>;

/** The submitted form as the schema reads it: flat fields plus the row groups. */
export function formInput(values: Record<string, string>, rows: Rows): Record<string, unknown> {
  return { ...values, ...rows };
}

type Address = { street?: string; city?: string; state?: string; zip?: string; county?: string };

/** Validated input as event columns. `existing` keeps what the form does not edit (an address's county). */
export function eventColumns(d: EventFormInput, existing?: Pick<Event, "address">): Omit<NewEvent, "createdById"> {
  const addressParts = { street: d.addressStreet, city: d.addressCity, state: d.addressState?.toUpperCase() ?? null, zip: d.addressZip };
  const hasAddress = Object.values(addressParts).some((v) => v !== null);
  const old = (existing?.address ?? null) as Address | null;
  const address: Address | null = hasAddress
    ? Object.fromEntries(Object.entries(addressParts).filter(([, v]) => v !== null)) as Address
    : null;
  if (address && old?.county && old.city === address.city) address.county = old.county;
  const compact = <T extends Record<string, unknown>>(row: T) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null));
  return {
    title: d.title,
    description: d.description,
    type: d.type,
    startDate: d.startDate!,
    endDate: d.endDate!,
    registrationDeadline: d.registrationDeadline,
    maxCapacity: d.maxCapacity,
    location: d.location,
    address,
    coordinates: d.latitude !== null && d.longitude !== null ? { lat: d.latitude, lng: d.longitude } : null,
    latitude: d.latitude,
    longitude: d.longitude,
    isVirtual: d.isVirtual,
    virtualUrl: d.virtualUrl,
    price: d.price ?? "0.00",
    memberPrice: d.memberPrice,
    earlyBirdPrice: d.earlyBirdPrice,
    earlyBirdDeadline: d.earlyBirdDeadline,
    agenda: d.agenda.map(compact),
    speakers: d.speakers.map(compact),
    sponsors: d.sponsors.map(compact),
    materials: d.materials.map(({ name, link }) => (link.startsWith("events/") ? { name, filePath: link } : { name, url: link })),
  };
}

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));
const list = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) ? v.filter((x) => x && typeof x === "object") : []);

/** A stored event as the form shows it (times in Pacific, money as dollars). */
export function eventFormState(e: Event): EventFormState {
  const address = (e.address ?? {}) as Address;
  const values: Record<string, string> = {
    title: e.title,
    description: e.description,
    type: e.type,
    startDate: toPacificInput(e.startDate),
    endDate: toPacificInput(e.endDate),
    registrationDeadline: toPacificInput(e.registrationDeadline),
    maxCapacity: str(e.maxCapacity),
    location: str(e.location),
    addressStreet: str(address.street),
    addressCity: str(address.city),
    addressState: str(address.state),
    addressZip: str(address.zip),
    latitude: str(e.coordinates?.lat ?? e.latitude),
    longitude: str(e.coordinates?.lng ?? e.longitude),
    isVirtual: e.isVirtual ? "yes" : "",
    virtualUrl: str(e.virtualUrl),
    price: e.price === "0.00" || e.price === "0" ? "" : e.price,
    memberPrice: str(e.memberPrice),
    earlyBirdPrice: str(e.earlyBirdPrice),
    earlyBirdDeadline: toPacificInput(e.earlyBirdDeadline),
  };
  const rows = {} as Rows;
  for (const kind of ROW_KINDS) {
    rows[kind] = list(e[kind]).map((item) => {
      const row = Object.fromEntries(ROW_FIELDS[kind].map((f) => [f, str(item[f])]));
      if (kind === "materials") row.link = str(item.url ?? item.filePath);
      return row;
    });
  }
  return { values, rows, errors: {} };
}

export const EMPTY_EVENT_FORM: EventFormState = {
  values: { type: "NETWORKING" },
  rows: { agenda: [], speakers: [], sponsors: [], materials: [] },
  errors: {},
};

// ---------------------------------------------------------------- small forms

export const statusFormSchema = z.object({
  status: z.enum(eventStatusEnum.enumValues, { error: "Choose a status from the list" }),
  confirm: z.string().optional(),
});

export const paymentFormSchema = z.object({
  reference: required("Payment reference (check number, or cash)", 80),
});

export const moveFormSchema = z.object({
  to: z.enum(["confirmed", "waitlist"], { error: "Choose where to move the registration" }),
});

export const ATTENDEE_STATUSES = ["", "REGISTERED", "WAITLISTED", "ATTENDED", "NO_SHOW", "CANCELLED"] as const;
export const attendeeFiltersSchema = z.object({
  status: z.enum(ATTENDEE_STATUSES, { error: "Choose a status from the list" }).default(""),
  q: text("Search", 100).default(""),
});
export type AttendeeFilters = z.infer<typeof attendeeFiltersSchema>;

export const EVENT_WHEN_FILTER = choices(
  { upcoming: "Upcoming and on now", scheduled: "Published, still to start (the dashboard's upcoming events)", past: "Past", all: "All dates" },
  "Choose upcoming, past or all",
);
export const eventFiltersSchema = z.object({
  status: z.enum(["", ...eventStatusEnum.enumValues], { error: "Choose a status from the list" }).default(""),
  when: EVENT_WHEN_FILTER.schema.default("upcoming"),
});
export type EventFilters = z.infer<typeof eventFiltersSchema>;
