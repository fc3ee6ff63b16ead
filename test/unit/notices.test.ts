// Post/redirect/get notices: the URL picks one of the area's fixed messages, never supplies one.
import { type Context, Hono } from "hono";
import { describe, expect, it } from "vitest";
import { accountNotices } from "../../src/features/account/rules.ts";
import { adminNotices } from "../../src/features/admin/rules.ts";
import { eventAdminNotices } from "../../src/features/admin-events/rules.ts";
import { eventNotices } from "../../src/features/events/view.ts";
import { noticeTable } from "../../src/lib/notices.ts";

const table = noticeTable({ saved: "Saved.", gone: "Deleted." });

/** What table.read gives for a request to this URL. */
async function readAt(url: string, notices: { read: (c: Context) => unknown } = table): Promise<unknown> {
  const app = new Hono();
  app.get("*", (c) => c.json({ notice: notices.read(c) ?? null }));
  return ((await (await app.request(url)).json()) as { notice: unknown }).notice;
}

async function redirectOf(path: string, code: "saved" | "gone", keep?: Record<string, string>): Promise<string | null> {
  const app = new Hono();
  app.post("*", (c) => table.redirect(c, path, code, keep));
  const res = await app.request("/x", { method: "POST" });
  expect(res.status).toBe(303);
  return res.headers.get("location");
}

describe("noticeTable", () => {
  it("reads a known code's fixed message", async () => {
    expect(await readAt("/page?notice=saved")).toBe("Saved.");
    expect(await readAt("/page?x=1&notice=gone")).toBe("Deleted.");
  });

  it("shows nothing for unknown codes, inherited object keys or no code", async () => {
    for (const code of ["", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "__proto__", "constructor", "toString", "hasOwnProperty", "Saved."]) {
      expect(await readAt(`/page?notice=${code}`)).toBeNull();
    }
    expect(await readAt("/page")).toBeNull();
  });

  it("redirects with the code, keeps the query asked for (skipping empty values), and puts a #fragment last", async () => {
    expect(await redirectOf("/admin/users/c1", "saved")).toBe("/admin/users/c1?notice=saved");
    expect(await redirectOf("/account/security#devices", "gone")).toBe("/account/security?notice=gone#devices");
    expect(await redirectOf("/checkin", "saved", { q: "ana lee", status: "" })).toBe("/checkin?q=ana+lee&notice=saved");
  });

  it("gives every area's codes a message, and reads them from a URL", async () => {
    expect(await readAt("/?notice=password-changed", accountNotices)).toMatch(/password is changed/);
    expect(await readAt("/?notice=unlocked", adminNotices)).toMatch(/unlocked/);
    expect(await readAt("/?notice=paid", eventAdminNotices)).toMatch(/Payment recorded/);
    expect(await readAt("/?notice=registered", eventNotices)).toEqual({ tone: "good", text: expect.stringMatching(/registered/) });
    for (const messages of [accountNotices.messages, adminNotices.messages, eventAdminNotices.messages]) {
      for (const text of Object.values(messages)) expect(String(text).length).toBeGreaterThan(5);
    }
  });
});
