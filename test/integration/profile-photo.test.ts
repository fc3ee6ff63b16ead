// The profile photo: a JPEG/PNG/WebP up to 5 MB, judged by its bytes, stored in private R2
// under profiles/<userId>/; the old object deleted on replace and on removal; served to the
// owner, admins and verified members with a private cache header and an ETag (304), and to
// nobody else.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { users } from "../../src/db/schema/accounts.ts";
import { MAX_IMAGE_BYTES } from "../../src/lib/uploads.ts";
import { createAccount, sessionCookie } from "../helpers/auth.ts";
import { useTestDb } from "../helpers/db.ts";
import { get, ORIGIN, postForm } from "../helpers/http.ts";

const db = useTestDb();
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const WEBP = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x20]);

let memberId: string;
let cookie: string;
beforeEach(async () => {
  const account = await createAccount(db, { firstName: "Photo" });
  memberId = account.id;
  cookie = await sessionCookie(db, account.id);
});

function upload(bytes: Uint8Array, name: string, asCookie = cookie) {
  const form = new FormData();
  form.set("photo", new File([bytes], name, { type: "image/png" }));
  return exports.default.fetch(
    new Request(`${ORIGIN}/account/profile/photo`, { method: "POST", body: form, headers: { origin: ORIGIN, cookie: asCookie }, redirect: "manual" }),
  );
}
const keyOf = async (id = memberId) => (await db.select({ k: users.profileImage }).from(users).where(eq(users.id, id)))[0]!.k;
const objectsOf = async (id = memberId) => (await env.FILES.list({ prefix: `profiles/${id}/` })).objects.map((o) => o.key);

describe("POST /account/profile/photo", () => {
  it("stores a PNG in private R2 under the member's folder, and replacing it deletes the old object", async () => {
    const res = await upload(PNG, "me.png");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account/profile?notice=photo-saved#photo");
    const first = await keyOf();
    expect(first).toMatch(new RegExp(`^profiles/${memberId}/c[a-z2-7]{24}$`));
    const stored = await env.FILES.get(first!);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(PNG);
    expect(stored!.httpMetadata?.contentType).toBe("image/png");

    // A WebP named .jpg: the bytes decide the type.
    expect((await upload(WEBP, "photo.jpg")).status).toBe(303);
    const second = await keyOf();
    expect(second).not.toBe(first);
    expect((await env.FILES.get(second!))!.httpMetadata?.contentType).toBe("image/webp");
    expect(await objectsOf()).toEqual([second]);

    const page = await (await get("/account/profile", { headers: { cookie } })).text();
    expect(page).toContain(`src="/members/${memberId}/photo?v=${second!.split("/").pop()}"`);
  });

  const refused: Array<[string, () => Uint8Array, string, RegExp]> = [
    ["an SVG named .png", () => new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"), "logo.png", /not a JPEG, PNG or WebP/],
    ["a GIF", () => new TextEncoder().encode("GIF89a\u0001\u0000"), "anim.gif", /not a JPEG, PNG or WebP/],
    ["a PDF", () => new TextEncoder().encode("%PDF-1.7\n"), "me.jpg", /not a JPEG, PNG or WebP/],
    [
      "a JPEG over 5 MB",
      () => {
        const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
        big.set(JPEG);
        return big;
      },
      "big.jpg",
      /too large/,
    ],
    [
      "a body far over the limit, before reading it",
      () => {
        const huge = new Uint8Array(MAX_IMAGE_BYTES * 2);
        huge.set(JPEG);
        return huge;
      },
      "huge.jpg",
      /too large; the limit is 5 MB/,
    ],
  ];
  for (const [what, bytes, name, message] of refused) {
    it(`refuses ${what} with 422 beside the field and stores nothing`, async () => {
      const res = await upload(bytes(), name);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('id="f-photo-error"');
      expect(html).toMatch(message);
      expect(await keyOf()).toBeNull();
      expect(await objectsOf()).toEqual([]);
    });
  }

  it("removes the photo and its object", async () => {
    await upload(JPEG, "me.jpg");
    const key = await keyOf();
    const res = await postForm("/account/profile/photo/delete", {}, { headers: { cookie } });
    expect(res.headers.get("location")).toBe("/account/profile?notice=photo-removed#photo");
    expect(await keyOf()).toBeNull();
    expect(await env.FILES.head(key!)).toBeNull();
  });
});

describe("GET /members/:id/photo", () => {
  it("serves the photo to a verified member with a private cache header, and 304 on its ETag", async () => {
    await upload(JPEG, "me.jpg");
    const viewer = await createAccount(db, { firstName: "Viewer" });
    const viewerCookie = await sessionCookie(db, viewer.id);
    const res = await get(`/members/${memberId}/photo`, { headers: { cookie: viewerCookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect(res.headers.get("cache-control")).toBe("private, max-age=3600");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const etag = res.headers.get("etag");
    expect(etag).toBeTruthy();
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(JPEG);

    const again = await get(`/members/${memberId}/photo`, { headers: { cookie: viewerCookie, "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get("cache-control")).toBe("private, max-age=3600");
    expect(await again.text()).toBe("");
  });

  it("serves the owner even before their email is confirmed, and an admin even when hidden", async () => {
    const owner = await createAccount(db, { verified: false, firstName: "New" });
    const ownerCookie = await sessionCookie(db, owner.id);
    expect((await upload(PNG, "me.png", ownerCookie)).status).toBe(303);
    expect((await get(`/members/${owner.id}/photo`, { headers: { cookie: ownerCookie } })).status).toBe(200);

    await upload(PNG, "me.png");
    await db.update(users).set({ directoryVisibility: "HIDDEN" }).where(eq(users.id, memberId));
    const admin = await createAccount(db, { memberType: "admin", roles: ["admin"] });
    expect((await get(`/members/${memberId}/photo`, { headers: { cookie: await sessionCookie(db, admin.id) } })).status).toBe(200);
  });

  it("is a 404 for a visitor, an unverified account, and other members when the owner is hidden", async () => {
    await upload(PNG, "me.png");
    const path = `/members/${memberId}/photo`;
    const anonymous = await get(path);
    expect(anonymous.status).toBe(404);
    expect(anonymous.headers.get("content-type")).toContain("text/html");

    const unverified = await createAccount(db, { verified: false });
    expect((await get(path, { headers: { cookie: await sessionCookie(db, unverified.id) } })).status).toBe(404);

    const other = await createAccount(db, { firstName: "Other" });
    const otherCookie = await sessionCookie(db, other.id);
    expect((await get(path, { headers: { cookie: otherCookie } })).status).toBe(200);
    await db.update(users).set({ directoryVisibility: "HIDDEN" }).where(eq(users.id, memberId));
    expect((await get(path, { headers: { cookie: otherCookie } })).status).toBe(404);
  });

  it("is a 404 for a member with no photo", async () => {
    expect((await get(`/members/${memberId}/photo`, { headers: { cookie } })).status).toBe(404);
  });
});
