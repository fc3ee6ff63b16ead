// A member's photo, from private R2, for the people who may see the member: the owner,
// admins, and verified members when the member is listed in the directory (not HIDDEN).
// Anyone else gets the 404 an unknown member gets, so the route tells nothing about who has a photo.
import { Hono } from "hono";
import { allow, can } from "../../auth/rbac.ts";
import { ID } from "../../db/ids.ts";
import { renderNotFound } from "../../http/render.tsx";
import type { AppEnv } from "../../http/types.ts";
import { findPhotoOwner } from "./queries.ts";
import { maySeePhoto } from "./rules.ts";

export const memberPhotoRoutes = new Hono<AppEnv>();

/** A replaced photo gets a new key and a new ?v= in its URL, so an hour's caching never shows a stale one. */
export const PHOTO_CACHE_CONTROL = "private, max-age=3600";

memberPhotoRoutes.get(`/members/${ID}/photo`, allow.public, async (c) => {
  const viewer = c.var.user;
  const id = c.req.param("id");
  // No database work for a visitor: photos are for members.
  if (!viewer) return renderNotFound(c);
  const owner = await findPhotoOwner(c.var.db(), id);
  if (!owner?.profileImage || !maySeePhoto({ viewerId: viewer.id, viewerVerified: viewer.isVerified, isAdmin: can(viewer, "read", "users") }, owner)) {
    return renderNotFound(c);
  }
  const conditional = new Headers();
  const ifNoneMatch = c.req.header("if-none-match");
  if (ifNoneMatch) conditional.set("if-none-match", ifNoneMatch);
  const object = await c.env.FILES.get(owner.profileImage, { onlyIf: conditional });
  if (!object) return renderNotFound(c);
  const headers = new Headers({
    "content-type": object.httpMetadata?.contentType ?? "application/octet-stream",
    "cache-control": PHOTO_CACHE_CONTROL,
    etag: object.httpEtag,
    "last-modified": object.uploaded.toUTCString(),
    "content-disposition": "inline",
  });
  if (!("body" in object) || !object.body) return new Response(null, { status: 304, headers });
  headers.set("content-length", String(object.size));
  return new Response(object.body, { status: 200, headers });
});
