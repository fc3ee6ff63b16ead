// Who the members are: owners of minority-owned construction firms, their trades,
// CSLB license classes and small-business certifications.
import type { Rng } from "./random.ts";

interface Heritage {
  first: readonly string[];
  last: readonly string[];
  languages: readonly string[];
  weight: number;
}

const HERITAGES: readonly Heritage[] = [
  {
    first: ["Carlos", "Maria", "José", "Luis", "Ana", "Miguel", "Rosa", "Javier", "Elena", "Ricardo", "Gabriela", "Alejandro", "Sofía", "Diego", "Lucía", "Rafael", "Veronica", "Arturo", "Marisol", "Hector"],
    last: ["Reyes", "Hernández", "Garcia", "Martinez", "Lopez", "Gonzalez", "Ramirez", "Flores", "Morales", "Castillo", "Vargas", "Mendoza", "Ortiz", "Gutierrez", "Delgado", "Navarro", "Salazar", "Aguilar", "Chavez", "Rojas"],
    languages: ["Spanish"],
    weight: 30,
  },
  {
    first: ["Marcus", "Darnell", "Keisha", "Andre", "Tanisha", "Jamal", "Aaliyah", "Terrence", "Monique", "DeShawn", "Jasmine", "Malik", "Cedric", "Latoya", "Reginald", "Kendra", "Brandon", "Denise", "Curtis", "Shante"],
    last: ["Washington", "Jackson", "Johnson", "Williams", "Brooks", "Coleman", "Freeman", "Harris", "Jenkins", "Robinson", "Thompson", "Booker", "Mitchell", "Carter", "Dixon", "Banks", "Greene", "Whitfield", "Mosley", "Pruitt"],
    languages: [],
    weight: 26,
  },
  {
    first: ["Minh", "Thanh", "Linh", "Tuan", "Mai", "Hung", "Lan", "Quang", "Hoa", "Duc"],
    last: ["Nguyen", "Tran", "Le", "Pham", "Huynh", "Vo", "Dang", "Bui"],
    languages: ["Vietnamese"],
    weight: 8,
  },
  {
    first: ["Wei", "Mei", "Kevin", "Jenny", "Jonathan", "Grace", "Henry", "Amy", "Kenneth", "Michelle"],
    last: ["Chen", "Wong", "Liu", "Lee", "Zhang", "Lam", "Chan", "Fong"],
    languages: ["Cantonese", "Mandarin"],
    weight: 7,
  },
  {
    first: ["Rodel", "Maricel", "Jericho", "Rowena", "Edwin", "Marites", "Arnel", "Cristina"],
    last: ["Santos", "Dela Cruz", "Bautista", "Villanueva", "Ramos", "Aquino", "Manalo", "Pascual"],
    languages: ["Tagalog"],
    weight: 6,
  },
  {
    first: ["Chidi", "Ngozi", "Emeka", "Adaeze", "Kwame", "Abena", "Oluwaseun", "Folake", "Kofi", "Chiamaka"],
    last: ["Okafor", "Adeyemi", "Okonkwo", "Nwosu", "Mensah", "Owusu", "Eze", "Abara"],
    languages: ["Yoruba", "Igbo", "Twi"],
    weight: 6,
  },
  {
    first: ["Tesfaye", "Selam", "Dawit", "Hiwot", "Yonas", "Meron"],
    last: ["Haile", "Bekele", "Gebre", "Tadesse", "Alemu"],
    languages: ["Amharic", "Tigrinya"],
    weight: 3,
  },
  {
    first: ["Gurpreet", "Harjit", "Manpreet", "Raj", "Priya", "Arjun", "Simran", "Sandeep"],
    last: ["Singh", "Sandhu", "Gill", "Patel", "Dhillon", "Sharma"],
    languages: ["Punjabi", "Hindi"],
    weight: 5,
  },
  {
    first: ["Sione", "Malia", "Keanu", "Leilani", "Tevita", "Ana"],
    last: ["Fifita", "Mahe", "Taufa", "Kealoha", "Tuilagi"],
    languages: ["Tongan", "Samoan"],
    weight: 3,
  },
  {
    first: ["Daniel", "Sarah", "Michael", "Rebecca", "Joseph", "Laura"],
    last: ["Begay", "Yazzie", "Harjo", "Locklear", "Tsosie"],
    languages: [],
    weight: 3,
  },
  {
    first: ["Ji-woo", "Min-jun", "Soo-jin", "David", "Esther"],
    last: ["Kim", "Park", "Choi", "Kang"],
    languages: ["Korean"],
    weight: 3,
  },
];

export interface Person {
  firstName: string;
  lastName: string;
  languages: string[];
  /** Only used so WBE (women-owned) certifications go to women owners. */
  woman: boolean;
}

const WOMEN = new Set([
  "Maria", "Ana", "Rosa", "Elena", "Gabriela", "Sofía", "Lucía", "Veronica", "Marisol", "Keisha", "Tanisha", "Aaliyah",
  "Monique", "Jasmine", "Latoya", "Kendra", "Denise", "Shante", "Linh", "Mai", "Lan", "Hoa", "Mei", "Jenny", "Grace", "Amy",
  "Michelle", "Maricel", "Rowena", "Marites", "Cristina", "Ngozi", "Adaeze", "Abena", "Folake", "Chiamaka", "Selam", "Hiwot",
  "Meron", "Priya", "Simran", "Malia", "Leilani", "Sarah", "Rebecca", "Laura", "Soo-jin", "Esther",
]);

export function person(rng: Rng): Person {
  const h = rng.weighted(HERITAGES.map((x) => [x, x.weight] as const));
  const languages = ["English"];
  if (h.languages.length && rng.chance(0.7)) languages.push(rng.pick(h.languages));
  if (rng.chance(0.06) && !languages.includes("Spanish")) languages.push("Spanish");
  const firstName = rng.pick(h.first);
  return { firstName, lastName: rng.pick(h.last), languages, woman: WOMEN.has(firstName) };
}

/** A contact at a public agency (not a member). */
export function contactName(rng: Rng): string {
  const p = person(rng);
  return `${p.firstName} ${p.lastName}`;
}

export interface Trade {
  key: string;
  /** CSLB classification, or null for firms that need none (construction management, trucking). */
  cslb: { code: string; title: string } | null;
  skills: readonly string[];
  /** Endings for company names: "Reyes Concrete & Paving". */
  nouns: readonly string[];
  weight: number;
}

export const TRADES: readonly Trade[] = [
  { key: "general", cslb: { code: "B", title: "General Building Contractor" }, skills: ["General Contracting", "Project Management", "Tenant Improvements", "Framing", "Drywall", "Scheduling"], nouns: ["General Builders", "Construction", "Builders", "Construction Group"], weight: 16 },
  { key: "engineering", cslb: { code: "A", title: "General Engineering Contractor" }, skills: ["Grading", "Excavation", "Underground Utilities", "Site Work", "Storm Drain", "Traffic Control"], nouns: ["Engineering", "Grading & Excavation", "Civil Constructors", "Underground"], weight: 9 },
  { key: "electrical", cslb: { code: "C-10", title: "Electrical" }, skills: ["Electrical", "Low Voltage", "Solar PV", "EV Charging", "Lighting Controls", "Fire Alarm"], nouns: ["Electric", "Electrical Services", "Electrical Contractors"], weight: 12 },
  { key: "plumbing", cslb: { code: "C-36", title: "Plumbing" }, skills: ["Plumbing", "Backflow Testing", "Water Heaters", "Medical Gas", "Sewer Lateral Replacement"], nouns: ["Plumbing", "Plumbing & Mechanical", "Plumbing Co."], weight: 8 },
  { key: "hvac", cslb: { code: "C-20", title: "Warm-Air Heating, Ventilating and Air-Conditioning" }, skills: ["HVAC", "Sheet Metal", "Building Controls", "Refrigeration", "Test & Balance"], nouns: ["Mechanical", "Heating & Air", "HVAC Services"], weight: 7 },
  { key: "concrete", cslb: { code: "C-8", title: "Concrete" }, skills: ["Concrete", "Flatwork", "ADA Curb Ramps", "Foundations", "Paving", "Rebar"], nouns: ["Concrete & Paving", "Concrete", "Concrete Construction"], weight: 9 },
  { key: "painting", cslb: { code: "C-33", title: "Painting and Decorating" }, skills: ["Painting", "Industrial Coatings", "Wallcovering", "Graffiti Abatement", "Lead Paint Abatement"], nouns: ["Painting", "Painting & Coatings", "Painting Co."], weight: 6 },
  { key: "roofing", cslb: { code: "C-39", title: "Roofing" }, skills: ["Roofing", "Waterproofing", "Sheet Metal Flashing", "Solar-Ready Roofing"], nouns: ["Roofing", "Roofing & Waterproofing"], weight: 5 },
  { key: "landscaping", cslb: { code: "C-27", title: "Landscaping" }, skills: ["Landscaping", "Irrigation", "Hardscape", "Erosion Control", "Tree Work"], nouns: ["Landscape", "Landscaping", "Landscape Construction"], weight: 6 },
  { key: "drywall", cslb: { code: "C-9", title: "Drywall" }, skills: ["Drywall", "Metal Stud Framing", "Acoustical Ceilings", "Plaster"], nouns: ["Drywall & Interiors", "Interiors"], weight: 3 },
  { key: "flooring", cslb: { code: "C-15", title: "Flooring and Floor Covering" }, skills: ["Flooring", "Resilient Flooring", "Carpet", "Tile"], nouns: ["Flooring", "Floor Covering"], weight: 2 },
  { key: "fire", cslb: { code: "C-16", title: "Fire Protection" }, skills: ["Fire Sprinklers", "Fire Protection", "Standpipes"], nouns: ["Fire Protection", "Fire Sprinkler"], weight: 2 },
  { key: "steel", cslb: { code: "C-51", title: "Structural Steel" }, skills: ["Structural Steel", "Welding", "Miscellaneous Metals", "Rigging"], nouns: ["Steel", "Steel Erectors", "Iron Works"], weight: 2 },
  { key: "masonry", cslb: { code: "C-29", title: "Masonry" }, skills: ["Masonry", "CMU Block", "Stone Veneer"], nouns: ["Masonry"], weight: 2 },
  { key: "lowvoltage", cslb: { code: "C-7", title: "Low Voltage Systems" }, skills: ["Low Voltage", "Structured Cabling", "Security Systems", "Access Control"], nouns: ["Communications", "Technologies", "Systems"], weight: 3 },
  { key: "demolition", cslb: { code: "C-21", title: "Building Moving/Demolition" }, skills: ["Demolition", "Hazardous Materials Abatement", "Hauling"], nouns: ["Demolition", "Demolition & Hauling"], weight: 2 },
  { key: "fencing", cslb: { code: "C-13", title: "Fencing" }, skills: ["Fencing", "Gates", "Guardrail"], nouns: ["Fence", "Fence Co."], weight: 1 },
  { key: "cm", cslb: null, skills: ["Construction Management", "Estimating", "Scheduling", "Labor Compliance", "Inspection"], nouns: ["Construction Management", "Project Services", "Consulting Group"], weight: 4 },
  { key: "trucking", cslb: null, skills: ["Trucking", "Hauling", "Materials Supply", "Dump Truck Services"], nouns: ["Trucking", "Trucking & Supply", "Transport"], weight: 3 },
];

export const tradeByKey = (key: string): Trade => {
  const trade = TRADES.find((t) => t.key === key);
  if (!trade) throw new Error(`unknown trade ${key}`);
  return trade;
};

export const pickTrade = (rng: Rng): Trade => rng.weighted(TRADES.map((t) => [t, t.weight] as const));

export const ALL_SKILLS: readonly string[] = [...new Set(TRADES.flatMap((t) => t.skills))];

const REGION_WORDS = ["Bay Area", "East Bay", "Golden State", "Capitol", "Delta", "Pacific", "Sierra", "Valley", "Bayview", "Mission", "Northstar", "Keystone", "Cornerstone", "Legacy", "Unity", "Horizon"];

/** A company name that is not yet in `taken` (the caller adds it). */
export function companyName(rng: Rng, owner: Person, trade: Trade, taken: Set<string>): string {
  const noun = rng.pick(trade.nouns);
  const candidates = [
    () => `${owner.lastName} ${noun}`,
    () => `${owner.lastName} ${noun}`,
    () => `${owner.lastName} & Sons ${noun}`,
    () => `${owner.lastName} Brothers ${noun}`,
    () => `${rng.pick(REGION_WORDS)} ${noun}`,
    () => `${owner.firstName[0]}${owner.lastName[0]} ${noun}`,
    () => `${owner.lastName}-${rng.pick(["Brooks", "Lee", "Santos", "Haile", "Ortiz", "Kim", "Greene", "Mensah"])} ${noun}`,
  ];
  for (let attempt = 0; attempt < 12; attempt++) {
    let name = rng.pick(candidates)();
    if (rng.chance(0.45)) name += rng.pick([", Inc.", " LLC", " Corp.", ", Inc."]);
    if (!taken.has(name.toLowerCase())) return name;
  }
  let n = 2;
  const base = `${owner.lastName} ${noun}`;
  while (taken.has(`${base} ${n}`.toLowerCase())) n++;
  return `${base} ${n}`;
}

export const slug = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** Mailbox-safe local part: "José Dela Cruz" → "jose.delacruz". */
export const emailLocal = (first: string, last: string) =>
  `${slug(first).replace(/-/g, "")}.${slug(last).replace(/-/g, "")}`;

export const OWNER_TITLES = ["Owner", "President", "CEO", "Principal", "Managing Member", "Founder & President", "Owner / Operator"];
export const STAFF_TITLES = ["Vice President", "Operations Manager", "Chief Estimator", "Project Manager", "Business Development Manager", "Office Manager"];

export type CertificationType = "DBE" | "MBE" | "SBE" | "DVBE" | "WBE" | "LBE" | "CSLB";

export interface Certification {
  type: CertificationType;
  number: string;
  agency: string;
  /** ISO date (yyyy-mm-dd). */
  expiresAt: string;
  /** CSLB only: the classification, e.g. "C-10 Electrical". */
  classification?: string;
}

export const CERT_AGENCIES: Record<Exclude<CertificationType, "CSLB">, readonly string[]> = {
  DBE: ["California Unified Certification Program (Caltrans)", "California Unified Certification Program (BART)", "California Unified Certification Program (SFPUC)"],
  MBE: ["CPUC Supplier Clearinghouse", "Western Regional Minority Supplier Development Council"],
  SBE: ["California Department of General Services", "Sacramento County Small Business Enterprise Program"],
  DVBE: ["California Department of General Services"],
  WBE: ["CPUC Supplier Clearinghouse", "Women's Business Enterprise Council – West"],
  LBE: ["City of Oakland Local Business Enterprise", "San Francisco Contract Monitoring Division", "City of San José Local Business Enterprise"],
};

export const CSLB_AGENCY = "Contractors State License Board";
