// Direct conversations between members (some unread) and chapter announcements.
import type { MessageStatus, NewAnnouncement, NewMessage } from "../../src/db/schema/index.ts";
import type { conversationMembers, conversations } from "../../src/db/schema/index.ts";
import type { Member } from "./members.ts";
import type { ProjectInfo } from "./projects.ts";
import type { Rng } from "./random.ts";
import { Clock } from "./time.ts";

type Line = (a: Member, b: Member, project: string) => string;

/** Scripted threads: speakers alternate a, b, a, ... */
const THREADS: Array<{ subject: (p: string) => string; lines: Line[] }> = [
  {
    subject: (p) => `Teaming on ${p}`,
    lines: [
      (a, b, p) => `Hi ${b.firstName}, are you bidding the ${p}? We're pricing it as a prime and need a ${b.trade.skills[0]!.toLowerCase()} sub to help meet the participation goal.`,
      (a, b) => `Hi ${a.firstName}, yes, we pulled the plans last week. Happy to quote. When do you need numbers?`,
      () => "Bid day is coming up fast. Could you get us a quote by Friday noon? Our estimator will level everything over the weekend.",
      () => "Friday works. I'll send the quote with our DBE certificate and insurance summary.",
      (a) => `Perfect, thank you. ${a.firstName}`,
    ],
  },
  {
    subject: () => "Bonding question",
    lines: [
      (a, b) => `${b.firstName}, you mentioned at the mixer that you just doubled your bonding line. Which surety agent did you work with?`,
      () => "We went through the chapter's surety partner. The key was getting CPA-reviewed financials and a clean WIP schedule. Happy to intro you.",
      () => "That would be great. Our single-job limit is holding us back on the school district work.",
      (a, b) => `I'll cc you on an email to them today. Mention you're a member; they fast-track chapter referrals. ${b.firstName}`,
    ],
  },
  {
    subject: () => "Equipment rental",
    lines: [
      (a, b) => `Hey ${b.firstName}, any chance you have a mini excavator free next week? Ours is down and we have a sewer lateral job in ${a.city.name}.`,
      () => "We have a 3.5-ton free Tuesday through Thursday. Operator or dry?",
      () => "Dry is fine, we have an operator. Same rate as last time?",
      () => "Same rate. I'll have it dropped Monday afternoon.",
    ],
  },
  {
    subject: () => "Certified payroll software",
    lines: [
      (a, b) => `${b.firstName}, which certified payroll software are you using? The agency on our new job requires eCPR uploads.`,
      () => "We moved to a payroll service that exports straight to the DIR format. Saves our office manager a day a week.",
      () => "Good to know. The prevailing wage course on the portal covers it too, I just enrolled.",
    ],
  },
  {
    subject: (p) => `Site walk for ${p}`,
    lines: [
      (a, b, p) => `Are you going to the site walk for the ${p}? Thinking we could carpool from ${a.city.name}.`,
      () => "I'm planning to. Leaving around 7:30?",
      () => "7:30 works. I'll drive.",
    ],
  },
  {
    subject: () => "Mentor-protégé program",
    lines: [
      (a, b) => `Hi ${b.firstName}, I saw you're a mentor this year. Would you have time for coffee to talk about growing into prime work?`,
      (a, b) => `Of course, ${a.firstName}. How about next Wednesday morning near my office in ${b.city.name}?`,
      () => "Wednesday at 8 works. See you then, and thank you.",
    ],
  },
];

type NewConversation = typeof conversations.$inferInsert;
type NewConversationMember = typeof conversationMembers.$inferInsert;
export interface SeededMessaging {
  conversations: NewConversation[];
  members: NewConversationMember[];
  messages: NewMessage[];
}

/** Chapter channels and their history: the demo member speaks in the first. */
const CHANNELS: Array<{ title: string; lines: string[] }> = [
  {
    title: "General",
    lines: [
      "Welcome to the chapter's General channel. Questions for the office or for each other go here.",
      "Does anyone have a lift free on Friday? Ours is in the shop until Monday.",
      "We have a 26-foot scissor lift free Friday. Send me a message.",
      "Reminder: the mixer is next Thursday, RSVP on the events page.",
    ],
  },
  {
    title: "Bids & teaming",
    lines: [
      "Post the bids you are pricing and the trades you still need.",
      "Pricing the BART station canopy. Looking for a DBE electrical sub.",
      "Interested. We did the Fruitvale canopy lighting last year.",
    ],
  },
];

/** The General channel's earlier weeks: enough history that its page links to older messages. */
const CHATTER: Array<(m: Member, project: string) => string> = [
  (m, p) => `Is anyone pricing the ${p}? We could use a ${m.trade.skills[0]!.toLowerCase()} partner on it.`,
  (m) => `Our crew in ${m.city.name} has a free week coming up, if anyone needs extra hands.`,
  (m, p) => `The pre-bid meeting notes for the ${p} are in the opportunity's files now.`,
  (m) => `Can anyone recommend a bonding agent who works with smaller ${m.trade.skills[0]!.toLowerCase()} shops?`,
  (m, p) => `Heads up: the latest addendum for the ${p} moves the bid date.`,
  (m) => `Thanks to everyone who came out to the safety stand-down in ${m.city.name}.`,
  (m, p) => `We are teaming as a prime on the ${p}. Message me if your certifications fit.`,
  (m) => `Looking for a used trailer in the ${m.city.name} area. Leads welcome.`,
];

function generalHistory(rng: Rng, clock: Clock, speakers: Member[], projects: string[]): NewMessage[] {
  return Array.from({ length: 56 }, (_, i) => {
    const sender = speakers[(i * 7) % speakers.length]!;
    const content = CHATTER[i % CHATTER.length]!(sender, projects[i % projects.length] ?? "county roads package");
    return { id: rng.id(), senderId: sender.id, receiverId: null, subject: null, content, status: "READ", readAt: null, sentAt: clock.at(-(60 - i), 8 * 60 + (i % 9) * 53) };
  });
}

/**
 * The seed's messages, grouped into conversations: one DIRECT conversation per pair (its id
 * keyed by the pair), sequences in time order, read positions from the messages' statuses,
 * and two chapter channels with history, the demo member among their members.
 */
export function buildMessaging(rng: Rng, clock: Clock, members: Member[], demo: Member, admin: Member, projects: ProjectInfo[]): SeededMessaging {
  const rows = buildMessages(rng, clock, members, demo, admin, projects);
  const byPair = new Map<string, NewMessage[]>();
  for (const m of rows) {
    const key = [m.senderId, m.receiverId!].sort().join(":");
    byPair.set(key, [...(byPair.get(key) ?? []), m]);
  }
  const convs: NewConversation[] = [];
  const convMembers: NewConversationMember[] = [];
  const add = (conv: NewConversation, list: NewMessage[], people: string[]) => {
    list.sort((a, b) => a.sentAt!.getTime() - b.sentAt!.getTime());
    list.forEach((m, i) => {
      m.conversationId = conv.id!;
      m.seq = i + 1;
    });
    const last = list.at(-1);
    convs.push({ ...conv, lastSeq: list.length, lastMessageAt: last?.sentAt ?? null });
    for (const person of people) {
      // Read up to their last own message or the last message they read, whichever is later.
      const lastRead = Math.max(0, ...list.filter((m) => m.senderId === person || m.status === "READ" || m.status === "ARCHIVED").map((m) => m.seq!));
      convMembers.push({ conversationId: conv.id!, userId: person, role: "MEMBER", joinedAt: list[0]?.sentAt ?? clock.at(-90, 600), lastReadSeq: lastRead, digestedSeq: list.length });
    }
  };
  for (const [key, list] of byPair) {
    add({ id: rng.id(), kind: "DIRECT", directKey: key, createdById: list[0]!.senderId, createdAt: list[0]!.sentAt }, list, key.split(":"));
  }
  const speakers = members.filter((m) => m.isActive && m.isVerified && !m.isAdmin && m !== demo).slice(0, 12);
  CHANNELS.forEach((ch, c) => {
    const id = rng.id();
    const list: NewMessage[] = ch.lines.map((content, i) => {
      const sender = i === 0 ? admin : c === 0 && i === 2 ? demo : speakers[(i * 5 + c) % speakers.length]!;
      return { id: rng.id(), senderId: sender.id, receiverId: null, subject: null, content, status: "READ", readAt: null, sentAt: clock.at(-(6 - i - c), 9 * 60 + i * 37) };
    });
    if (c === 0) list.push(...generalHistory(rng, clock, speakers, projects.filter((p) => !p.deleted).map((p) => p.template.title)));
    const people = [...new Set([admin.id, demo.id, ...speakers.map((s) => s.id)])];
    add({ id, kind: "CHANNEL", title: ch.title, createdById: admin.id, createdAt: clock.at(-30, 600) }, list, people);
    rows.push(...list);
  });
  return { conversations: convs, members: convMembers, messages: rows };
}

export function buildMessages(rng: Rng, clock: Clock, members: Member[], demo: Member, admin: Member, projects: ProjectInfo[]): NewMessage[] {
  const rows: NewMessage[] = [];
  const active = members.filter((m) => m.isActive && m.isVerified && !m.isAdmin && m !== demo);
  const openProjects = projects.filter((p) => !p.deleted && (p.status === "BIDDING_OPEN" || p.status === "PUBLISHED"));
  const pairs: Array<[Member, Member, boolean]> = [];
  // The demo member's inbox: some threads it started, some it received, two waiting unread.
  for (let i = 0; i < 5; i++) {
    const other = active[(i * 37) % active.length]!;
    pairs.push(i % 2 === 0 ? [other, demo, i < 3] : [demo, other, false]);
  }
  pairs.push([admin, demo, true]);
  for (let i = 0; i < 40; i++) {
    const [a, b] = rng.sample(active, 2);
    pairs.push([a!, b!, rng.chance(0.35)]);
  }
  const latest = clock.at(-1, 23 * 60);
  for (const [a, b, unreadTail] of pairs) {
    const project = rng.pick(openProjects).template.title;
    if (a === admin) {
      const sentAt = clock.at(-1, rng.int(600, 900));
      rows.push({ id: rng.id(), senderId: a.id, receiverId: b.id, subject: "Your renewal and profile", content: `Hi ${b.firstName}, thanks for renewing. Could you upload your updated CSLB license and DBE certificate to your profile when you have a minute? They show up on the member directory for primes looking for partners.`, status: "DELIVERED", readAt: null, sentAt });
      continue;
    }
    const thread = rng.pick(THREADS);
    const length = rng.int(Math.min(2, thread.lines.length), thread.lines.length);
    let at = clock.at(-rng.int(2, 60), rng.int(7 * 60, 19 * 60));
    for (let i = 0; i < length; i++) {
      const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
      const last = i === length - 1;
      const unread = last && unreadTail;
      const status: MessageStatus = unread ? rng.pick(["SENT", "DELIVERED"] as const) : rng.chance(0.05) ? "ARCHIVED" : "READ";
      rows.push({
        id: rng.id(),
        senderId: from.id,
        receiverId: to.id,
        subject: i === 0 ? thread.subject(project) : null,
        content: thread.lines[i]!(a, b, project),
        status,
        readAt: unread ? null : Clock.plusMinutes(at, rng.int(3, 240)),
        sentAt: at,
      });
      const next = Clock.plusMinutes(at, rng.int(20, 60 * 30));
      at = next < latest ? next : Clock.plusMinutes(at, rng.int(1, 5));
    }
  }
  return rows;
}

export function buildAnnouncements(rng: Rng, clock: Clock, admins: readonly string[], chairs: Member[], committeeRoleId: string): NewAnnouncement[] {
  const A = (days: number, title: string, content: string, extra: Partial<NewAnnouncement> = {}): NewAnnouncement => ({
    id: rng.id(),
    title,
    content,
    senderId: rng.pick(admins),
    targetAudience: "ALL",
    targetGroups: null,
    isUrgent: false,
    expiresAt: null,
    sentAt: clock.at(-days, rng.int(8 * 60, 17 * 60)),
    ...extra,
  });
  // History: their email copies (if any) went out long ago, so the cron must not send them now.
  const sent = (a: NewAnnouncement): NewAnnouncement => ({ ...a, emailedAt: a.sentAt });
  return ([
    A(2, "Membership renewals are open", "Renew online from your account page. Members who renew before the end of the month keep their directory listing and event pricing without a gap.", { targetAudience: "REGULAR", expiresAt: clock.days(28) }),
    A(1, "Portal maintenance Saturday night", "The member portal will be unavailable for up to one hour on Saturday between 10 PM and midnight while we upgrade the database.", { isUrgent: true, expiresAt: clock.days(4) }),
    A(6, "Caltrans District 4 releases its SHOPP forecast", "Caltrans District 4 has published the projects it expects to advertise over the next 18 months. Many carry DBE goals; see the Bid Opportunities page for the ones already posted."),
    A(10, "New course: Prevailing Wage & Certified Payroll", "Our labor compliance course is now in the Learning Center, at $49 for members. It covers DIR registration, wage determinations and certified payroll."),
    A(3, "Only two seats left: Estimating Public Works Bids workshop", "The hands-on estimating workshop at Chabot College is almost full. Register today if you want a seat.", { isUrgent: true, expiresAt: clock.days(20) }),
    A(40, "Fall Member Mixer recap", "Thank you to the nearly 80 members and agency partners who joined us at the Bayview Opera House. Photos are in the event page.", { expiresAt: clock.days(-10) }),
    A(95, "Board nominations closed", "Nominations for chapter officers have closed. Candidate statements will be posted ahead of the election at the general membership meeting.", { expiresAt: clock.days(-30) }),
    A(4, "Public Works Committee: bid review sessions", "Committee members: we will review the BART and VTA packages together every Tuesday at noon until bid day. Join from the link in your calendar invite.", { targetAudience: "SPECIFIC_GROUPS", targetGroups: [committeeRoleId], senderId: chairs[0]?.id ?? admins[0]! }),
    A(7, "Staff: updated refund procedure", "Refunds for cancelled event registrations are now issued from the Payments screen and logged automatically. Please stop issuing them from the processor dashboard.", { targetAudience: "ADMIN" }),
    A(14, "Scholarship applications open", "Know a student heading into the building trades or construction management? Applications for the Building Futures scholarship are open until the scholarship dinner.", { expiresAt: clock.days(90) }),
  ] as NewAnnouncement[]).map(sent);
}
