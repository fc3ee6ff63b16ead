/** Every page that exists, for the smoke walk and the page-weight and slow-3G benchmarks. */
export interface PageVisit {
  name: string;
  path: string;
  status: number;
}

export const PUBLIC_PAGES: PageVisit[] = [
  { name: "home", path: "/", status: 200 },
  { name: "not-found", path: "/no-such-page", status: 404 },
];
