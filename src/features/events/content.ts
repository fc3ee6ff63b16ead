// The event's jsonb columns (agenda, speakers, sponsors, address) as the member pages read
// them. Admins edit them with structured editors and older rows came from the seed, so the
// shapes vary: each item is checked on its own, items of an unknown shape are skipped, and a
// column that is not a list at all reads as empty. Never throws: a bad row must not break a page.
import * as z from "zod";

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .transform((v) => (v.length > max ? `${v.slice(0, max - 1)}…` : v));
const optionalText = (max: number) => z.union([text(max), z.literal(""), z.null()]).optional().catch(undefined);
/** Only web links; a javascript: or data: URL typed into an editor never becomes a link. */
const webUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => /^https?:\/\/[^\s"'<>]+$/i.test(v))
  .optional()
  .catch(undefined);

export interface AgendaItem {
  time?: string;
  title: string;
  detail?: string;
}
export interface Speaker {
  name: string;
  title?: string;
  organization?: string;
}
export interface Sponsor {
  name: string;
  level?: string;
  url?: string;
}
export interface PostalAddress {
  lines: string[];
}

const agendaItem = z
  .object({
    time: optionalText(40),
    start: optionalText(40),
    title: text(200),
    description: optionalText(500),
    speaker: optionalText(120),
  })
  .transform((a): AgendaItem => ({
    time: a.time || a.start || undefined,
    title: a.title,
    detail: [a.description, a.speaker].filter(Boolean).join(" — ") || undefined,
  }));

const speaker = z
  .object({ name: text(120), title: optionalText(120), organization: optionalText(160), company: optionalText(160) })
  .transform((s): Speaker => ({ name: s.name, title: s.title || undefined, organization: s.organization || s.company || undefined }));

const sponsor = z
  .object({ name: text(160), level: optionalText(40), url: webUrl, website: webUrl })
  .transform((s): Sponsor => ({ name: s.name, level: s.level || undefined, url: s.url ?? s.website }));

function listOf<T>(value: unknown, item: z.ZodType<T>, max = 100): T[] {
  if (!Array.isArray(value)) return [];
  const out: T[] = [];
  for (const raw of value.slice(0, max)) {
    // A plain string is the simplest shape an editor might save: take it as the title/name.
    const candidate = typeof raw === "string" ? { title: raw, name: raw } : raw;
    const parsed = item.safeParse(candidate);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

export const parseAgenda = (value: unknown): AgendaItem[] => listOf(value, agendaItem);
export const parseSpeakers = (value: unknown): Speaker[] => listOf(value, speaker);
export const parseSponsors = (value: unknown): Sponsor[] => listOf(value, sponsor);

const addressObject = z.object({
  street: optionalText(200),
  line1: optionalText(200),
  suite: optionalText(100),
  line2: optionalText(100),
  city: optionalText(100),
  state: optionalText(40),
  zip: optionalText(20),
  zipCode: optionalText(20),
});

/** "1450 Industrial Pkwy, Unit B" / "Oakland, CA 94621", or null when nothing usable is there. */
export function parseAddress(value: unknown): PostalAddress | null {
  if (typeof value === "string") {
    const line = value.trim().slice(0, 300);
    return line ? { lines: [line] } : null;
  }
  const parsed = addressObject.safeParse(value);
  if (!parsed.success) return null;
  const a = parsed.data;
  const street = [a.street || a.line1, a.suite || a.line2].filter(Boolean).join(", ");
  const cityLine = [a.city, [a.state, a.zip || a.zipCode].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  const lines = [street, cityLine].filter((l) => l !== "");
  return lines.length ? { lines } : null;
}
