/** Every page that exists, for the smoke walk and the page-weight and slow-3G benchmarks. */
export interface PageVisit {
  name: string;
  path: string;
  status: number;
}

/** Pages anyone can open. */
export const PUBLIC_PAGES: PageVisit[] = [
  { name: "home", path: "/", status: 200 },
  { name: "not-found", path: "/no-such-page", status: 404 },
];

/** Pages of a signed-in regular member (the walk signs in first). */
export const MEMBER_PAGES: PageVisit[] = [];

/** Admin screens (the walk signs in as an admin). */
export const ADMIN_PAGES: PageVisit[] = [];
