import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { log } from "../../src/lib/log.ts";

const env = (APP_ENV: string) => ({
  APP_ENV,
  PUBLIC_URL: "https://portal.example.org",
  DATABASE_URL: "postgres://u:p@db.example.org/portal",
  PASSWORD_PEPPER: "test-pepper-0123456789abcdef0123456789abcdef",
  TOTP_ENCRYPTION_KEY: "0f".repeat(32),
  STRIPE_SECRET_KEY: "sk_test_unit",
  STRIPE_WEBHOOK_SECRET: "whsec_unit",
  CERTIFICATE_SIGNING_KEY: JSON.stringify({ kty: "OKP", crv: "Ed25519", x: "u".repeat(43), d: "u".repeat(43), kid: "unit" }),
});

afterEach(() => vi.restoreAllMocks());

describe("log levels by environment", () => {
  it("under APP_ENV=test keeps warnings and errors and drops request lines", () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    loadConfig(env("test"));
    log("info", "request", { status: 200 });
    log("warn", "csrf refused");
    log("error", "request", { status: 500 });
    expect(out).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledOnce();
    expect(error).toHaveBeenCalledOnce();
  });

  it("in development logs every request", () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    loadConfig(env("development"));
    log("info", "request", { status: 200 });
    expect(out).toHaveBeenCalledOnce();
    expect(JSON.parse(String(out.mock.calls[0]![0]))).toMatchObject({ level: "info", msg: "request", status: 200 });
  });
});
