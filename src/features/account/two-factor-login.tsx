import { Hono } from "hono";
import type { AppEnv } from "../../http/types.ts";

// The second step of sign-in for accounts with two-factor: /login/two-factor.
export const twoFactorLoginRoutes = new Hono<AppEnv>();
