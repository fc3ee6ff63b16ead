import { Hono } from "hono";
import type { AppEnv } from "../../http/types.ts";

// The signed-in member's own account: overview, security (password, email, sessions, two-factor).
export const accountRoutes = new Hono<AppEnv>();
