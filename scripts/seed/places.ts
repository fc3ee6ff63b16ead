// Bay Area and Sacramento-region places with their real city-center coordinates.
import type { Rng } from "./random.ts";

export interface City {
  name: string;
  lat: number;
  lng: number;
  zips: readonly string[];
  areaCode: string;
  county: string;
  /** Relative share of members based there. */
  weight: number;
}

export const CITIES: readonly City[] = [
  { name: "Oakland", lat: 37.8044, lng: -122.2712, zips: ["94601", "94603", "94607", "94612", "94621"], areaCode: "510", county: "Alameda", weight: 14 },
  { name: "San Francisco", lat: 37.7749, lng: -122.4194, zips: ["94103", "94107", "94110", "94124", "94134"], areaCode: "415", county: "San Francisco", weight: 10 },
  { name: "San Jose", lat: 37.3382, lng: -121.8863, zips: ["95110", "95112", "95116", "95122", "95127"], areaCode: "408", county: "Santa Clara", weight: 10 },
  { name: "Sacramento", lat: 38.5816, lng: -121.4944, zips: ["95811", "95814", "95815", "95820", "95824"], areaCode: "916", county: "Sacramento", weight: 12 },
  { name: "Richmond", lat: 37.9358, lng: -122.3477, zips: ["94801", "94804", "94806"], areaCode: "510", county: "Contra Costa", weight: 5 },
  { name: "Hayward", lat: 37.6688, lng: -122.0808, zips: ["94541", "94544", "94545"], areaCode: "510", county: "Alameda", weight: 5 },
  { name: "Fremont", lat: 37.5485, lng: -121.9886, zips: ["94536", "94538", "94555"], areaCode: "510", county: "Alameda", weight: 4 },
  { name: "Vallejo", lat: 38.1041, lng: -122.2566, zips: ["94589", "94590", "94591"], areaCode: "707", county: "Solano", weight: 4 },
  { name: "Elk Grove", lat: 38.4088, lng: -121.3716, zips: ["95624", "95757", "95758"], areaCode: "916", county: "Sacramento", weight: 4 },
  { name: "Stockton", lat: 37.9577, lng: -121.2908, zips: ["95202", "95205", "95206"], areaCode: "209", county: "San Joaquin", weight: 5 },
  { name: "Santa Rosa", lat: 38.4404, lng: -122.7141, zips: ["95401", "95404", "95407"], areaCode: "707", county: "Sonoma", weight: 3 },
  { name: "Fairfield", lat: 38.2494, lng: -122.04, zips: ["94533", "94534"], areaCode: "707", county: "Solano", weight: 2 },
  { name: "Concord", lat: 37.978, lng: -122.0311, zips: ["94518", "94519", "94520"], areaCode: "925", county: "Contra Costa", weight: 3 },
  { name: "Antioch", lat: 38.0049, lng: -121.8058, zips: ["94509", "94531"], areaCode: "925", county: "Contra Costa", weight: 3 },
  { name: "Daly City", lat: 37.6879, lng: -122.4702, zips: ["94014", "94015"], areaCode: "650", county: "San Mateo", weight: 2 },
  { name: "Berkeley", lat: 37.8715, lng: -122.273, zips: ["94702", "94703", "94710"], areaCode: "510", county: "Alameda", weight: 2 },
  { name: "San Leandro", lat: 37.7249, lng: -122.1561, zips: ["94577", "94578", "94579"], areaCode: "510", county: "Alameda", weight: 3 },
  { name: "Pittsburg", lat: 38.028, lng: -121.8847, zips: ["94565"], areaCode: "925", county: "Contra Costa", weight: 2 },
  { name: "Santa Clara", lat: 37.3541, lng: -121.9552, zips: ["95050", "95051", "95054"], areaCode: "408", county: "Santa Clara", weight: 2 },
  { name: "East Palo Alto", lat: 37.4688, lng: -122.1411, zips: ["94303"], areaCode: "650", county: "San Mateo", weight: 1 },
  { name: "Redwood City", lat: 37.4852, lng: -122.2364, zips: ["94061", "94063"], areaCode: "650", county: "San Mateo", weight: 1 },
  { name: "Milpitas", lat: 37.4323, lng: -121.8996, zips: ["95035"], areaCode: "408", county: "Santa Clara", weight: 2 },
  { name: "Union City", lat: 37.5934, lng: -122.0439, zips: ["94587"], areaCode: "510", county: "Alameda", weight: 1 },
  { name: "Livermore", lat: 37.6819, lng: -121.768, zips: ["94550", "94551"], areaCode: "925", county: "Alameda", weight: 1 },
  { name: "Roseville", lat: 38.7521, lng: -121.288, zips: ["95661", "95678"], areaCode: "916", county: "Placer", weight: 2 },
  { name: "Rancho Cordova", lat: 38.5891, lng: -121.3027, zips: ["95670", "95742"], areaCode: "916", county: "Sacramento", weight: 2 },
  { name: "West Sacramento", lat: 38.5805, lng: -121.5302, zips: ["95605", "95691"], areaCode: "916", county: "Yolo", weight: 2 },
  { name: "Citrus Heights", lat: 38.7071, lng: -121.2811, zips: ["95610", "95621"], areaCode: "916", county: "Sacramento", weight: 1 },
  { name: "Davis", lat: 38.5449, lng: -121.7405, zips: ["95616", "95618"], areaCode: "530", county: "Yolo", weight: 1 },
  { name: "Modesto", lat: 37.6391, lng: -120.9969, zips: ["95350", "95351", "95354"], areaCode: "209", county: "Stanislaus", weight: 2 },
  { name: "Napa", lat: 38.2975, lng: -122.2869, zips: ["94558", "94559"], areaCode: "707", county: "Napa", weight: 1 },
];

export const cityByName = (name: string): City => {
  const city = CITIES.find((c) => c.name === name);
  if (!city) throw new Error(`unknown city ${name}`);
  return city;
};

export const pickCity = (rng: Rng): City => rng.weighted(CITIES.map((c) => [c, c.weight] as const));

const MILES_PER_DEGREE_LAT = 69.05;

/** A point up to `miles` from (lat, lng), uniform over the disc, rounded to ~10 cm. */
export function jitter(rng: Rng, lat: number, lng: number, miles = 3): { lat: number; lng: number } {
  const r = miles * Math.sqrt(rng.next());
  const theta = rng.next() * 2 * Math.PI;
  const dLat = (r * Math.cos(theta)) / MILES_PER_DEGREE_LAT;
  const dLng = (r * Math.sin(theta)) / (MILES_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180));
  return { lat: round6(lat + dLat), lng: round6(lng + dLng) };
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

// Street names common to most Northern California cities, so none lands in the wrong town.
const STREETS = [
  "Industrial Pkwy", "Commerce Way", "Market St", "Broadway", "Main St", "Harbor Way", "Enterprise Dr", "Railroad Ave",
  "Business Park Dr", "Pacific Ave", "Lincoln Ave", "Washington Ave", "Industrial Way", "Airport Blvd", "Center St", "Front St",
  "2nd St", "3rd St", "5th St", "Oak St", "Pine St", "Park Ave", "Depot Rd", "Grant Ave", "Jefferson St", "Madison Ave",
];

export interface PostalAddress {
  street: string;
  suite?: string;
  city: string;
  state: "CA";
  zip: string;
  county: string;
}

export function streetAddress(rng: Rng, city: City): PostalAddress {
  const address: PostalAddress = {
    street: `${rng.int(100, 9899)} ${rng.pick(STREETS)}`,
    city: city.name,
    state: "CA",
    zip: rng.pick(city.zips),
    county: city.county,
  };
  if (rng.chance(0.3)) address.suite = `Suite ${rng.int(1, 4)}${rng.pick(["00", "10", "05", "20"])}`;
  return address;
}

/** 555-01xx numbers are set aside for fiction, so no real business gets a demo call. */
export function phoneNumber(rng: Rng, areaCode: string): string {
  return `(${areaCode}) 555-01${String(rng.int(0, 99)).padStart(2, "0")}`;
}

export interface Venue {
  name: string;
  street: string;
  city: string;
  zip: string;
  lat: number;
  lng: number;
}

export const VENUES = {
  oaklandMarriott: { name: "Oakland Marriott City Center", street: "1001 Broadway", city: "Oakland", zip: "94607", lat: 37.8026, lng: -122.2728 },
  oaklandMuseum: { name: "Oakland Museum of California", street: "1000 Oak St", city: "Oakland", zip: "94607", lat: 37.7986, lng: -122.2642 },
  laneyCollege: { name: "Laney College, Building G", street: "900 Fallon St", city: "Oakland", zip: "94607", lat: 37.7956, lng: -122.2637 },
  chabotCollege: { name: "Chabot College, Building 400", street: "25555 Hesperian Blvd", city: "Hayward", zip: "94545", lat: 37.6421, lng: -122.1061 },
  safeCenter: { name: "SAFE Credit Union Convention Center", street: "1400 J St", city: "Sacramento", zip: "95814", lat: 38.579, lng: -121.49 },
  crocker: { name: "Crocker Art Museum", street: "216 O St", city: "Sacramento", zip: "95814", lat: 38.5771, lng: -121.5063 },
  sacLibrary: { name: "Sacramento Central Library, Tsakopoulos Galleria", street: "828 I St", city: "Sacramento", zip: "95814", lat: 38.5823, lng: -121.4968 },
  sjConvention: { name: "San Jose McEnery Convention Center", street: "150 W San Carlos St", city: "San Jose", zip: "95113", lat: 37.3297, lng: -121.8887 },
  bayviewOpera: { name: "Bayview Opera House", street: "4705 3rd St", city: "San Francisco", zip: "94124", lat: 37.733, lng: -122.3905 },
  hiltonUnionSquare: { name: "Hilton San Francisco Union Square", street: "333 O'Farrell St", city: "San Francisco", zip: "94102", lat: 37.786, lng: -122.4102 },
  richmondAuditorium: { name: "Richmond Memorial Auditorium", street: "403 Civic Center Plaza", city: "Richmond", zip: "94804", lat: 37.937, lng: -122.3438 },
  stocktonCivic: { name: "Stockton Memorial Civic Auditorium", street: "525 N Center St", city: "Stockton", zip: "95202", lat: 37.9565, lng: -121.2925 },
  metropolitanGolf: { name: "Metropolitan Golf Links", street: "10051 Doolittle Dr", city: "Oakland", zip: "94603", lat: 37.7311, lng: -122.2025 },
} as const satisfies Record<string, Venue>;
