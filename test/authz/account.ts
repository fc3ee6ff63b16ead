import type { RouteRow } from "./types.ts";

export const accountRows: RouteRow[] = [];
