import { describe, expect, it } from "vitest";
import { encode } from "uqr";
import { qrSvg } from "../../../src/auth/qr.ts";

const URI = "otpauth://totp/Chapter%20Member%20Portal:ana%40example.org?issuer=Chapter+Member+Portal&algorithm=SHA1&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&period=30&digits=6";

/** Paints the path's `M x y h w v1 h -w z` runs back onto a grid. */
function modulesFromPath(d: string, size: number): boolean[][] {
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
    const [x, y, w, back] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    expect(back).toBe(w);
    for (let i = 0; i < w; i++) grid[y]![x + i] = true;
  }
  return grid;
}

describe("qrSvg", () => {
  const svg = qrSvg(URI, "QR code for your authenticator app");

  it("is one well-formed svg element with a viewBox, a fixed size and an accessible name", () => {
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg.endsWith("</svg>")).toBe(true);
    expect(svg.match(/<svg\b/g)).toHaveLength(1);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toMatch(/viewBox="0 0 (\d+) \1"/);
    expect(svg).toContain('width="200" height="200"');
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-label="QR code for your authenticator app"');
    expect(svg).toContain("<title>QR code for your authenticator app</title>");
    // Every tag is closed or self-closing, and nothing but svg/title/rect/path appears.
    const tags = [...svg.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)];
    const names = new Set(tags.map((t) => t[2]));
    expect([...names].sort()).toEqual(["path", "rect", "svg", "title"]);
    const opens = tags.filter((t) => !t[1] && !t[3]).map((t) => t[2]);
    const closes = tags.filter((t) => t[1]).map((t) => t[2]);
    expect(opens.sort()).toEqual(closes.sort());
  });

  it("has no inline style or script, which the CSP would block", () => {
    expect(svg).not.toMatch(/style\s*=/i);
    expect(svg).not.toMatch(/<script|on[a-z]+\s*=|javascript:/i);
  });

  it("draws exactly the modules of the QR code, inside a 4-module quiet zone", () => {
    const expected = encode(URI, { ecc: "M", border: 4 });
    const size = Number(/viewBox="0 0 (\d+)/.exec(svg)![1]);
    expect(size).toBe(expected.size);
    const d = /<path[^>]* d="([^"]*)"/.exec(svg)![1]!;
    const drawn = modulesFromPath(d, size);
    expect(drawn).toEqual(expected.data);
    // Quiet zone: the outer four rows and columns are empty.
    for (let i = 0; i < 4; i++) {
      expect(drawn[i]!.some(Boolean)).toBe(false);
      expect(drawn[size - 1 - i]!.some(Boolean)).toBe(false);
      expect(drawn.some((row) => row[i] || row[size - 1 - i])).toBe(false);
    }
  });

  it("escapes the label", () => {
    const out = qrSvg("x", `Ana's "code" <b>&`);
    expect(out).toContain('aria-label="Ana&#39;s &#34;code&#34; &#60;b&#62;&#38;"');
    expect(out).not.toContain("<b>");
  });
});
