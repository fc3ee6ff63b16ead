// Every admin page, full of rows: one h1, captioned tables with scoped headers,
// labelled controls, and a first response that fits one TCP window (14 KB gzip).
import { beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/db/ids.ts";
import { emailOutbox } from "../../src/db/schema/auth.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { makeUser, useTestDb } from "../helpers/db.ts";
import { get } from "../helpers/http.ts";

const db = useTestDb();
let cookie: string;
let userPath: string;
const marker = `Wmark${newId().slice(1, 10)}`;

beforeAll(async () => {
  const admin = await createAccount(db, { memberType: "admin", roles: ["admin"] });
  cookie = await sessionCookie(db, admin.id);
  // At least a full page of long-ish rows in each list.
  for (let i = 0; i < 26; i++) {
    await makeUser(db, { company: `${marker} General Engineering Contractors ${i}`, firstName: "Alejandra", lastName: `Montgomery-Castellanos ${i}` });
  }
  const target = await makeUser(db, { firstName: "Page", lastName: "Weight" });
  userPath = `/admin/users/${target.id}`;
  await db.insert(emailOutbox).values(
    Array.from({ length: 26 }, (_, i) => ({
      toAddress: `weight-${i}-${newId()}@test.example.org`,
      subject: "Confirm your email for the Chapter Member Portal",
      textBody: `Hello Alejandra,\n\nConfirm your email address to finish setting up your account:\nhttp://localhost/verify-email?token=${newId()}${newId()}\n\nThe link works once and expires in 48 hours. If you did not sign up, ignore this email.\n`,
      kind: "VERIFY_EMAIL",
      status: "DEAD" as const,
      attempts: 6,
      lastError: "email provider answered 503: upstream unavailable",
    })),
  );
});

async function gzipSize(text: string): Promise<number> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

const pages = () => [
  "/admin",
  `/admin/users?q=${marker}`,
  "/admin/users?status=all",
  userPath,
  "/admin/roles",
  "/admin/outbox",
  "/admin/outbox?status=DEAD",
  "/admin/audit",
];

describe("admin pages", () => {
  it("each fits in 14 KB gzip and has one h1, captioned tables and labelled controls", async () => {
    for (const path of pages()) {
      const res = await get(path, { headers: { cookie } });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      const html = await res.text();
      const size = await gzipSize(html);
      expect({ path, under14k: size < 14 * 1024 }, `${path}: ${size} bytes gzip`).toEqual({ path, under14k: true });
      expect({ path, h1: html.match(/<h1[ >]/g)?.length }).toEqual({ path, h1: 1 });
      const tables = html.match(/<table>/g)?.length ?? 0;
      expect({ path, captions: html.match(/<caption>/g)?.length ?? 0 }).toEqual({ path, captions: tables });
      expect({ path, unscoped: /<th>/.test(html) }).toEqual({ path, unscoped: false });
      // Every visible input or select has a label pointing at it (or sits inside one).
      for (const id of html.match(/<(?:input|select)[^>]*\bid="([^"]+)"/g)?.map((m) => /id="([^"]+)"/.exec(m)![1]) ?? []) {
        expect({ path, id, labelled: html.includes(`for="${id}"`) || id === "f-confirm" }).toEqual({ path, id, labelled: true });
      }
    }
  });

  it("puts a person's name on every destructive button", async () => {
    const html = await (await get(userPath, { headers: { cookie } })).text();
    expect(html).toContain(">Deactivate Page Weight</button>");
    expect(html).toContain(">Sign Page Weight out everywhere and email a password reset link</button>");
    expect(html).toMatch(/<input type="checkbox" id="f-confirm" name="confirm" value="yes" required=""\/>/);
  });
});
