import type { RouteRow } from "./types.ts";

export const authRows: RouteRow[] = [];
