import { EVERYONE, type RouteRow } from "./types.ts";

export const homeRows: RouteRow[] = [
  { method: "GET", route: "/", rule: "public", path: () => "/", allowed: EVERYONE },
  { method: "GET", route: "/healthz", rule: "public", path: () => "/healthz", allowed: EVERYONE },
];
