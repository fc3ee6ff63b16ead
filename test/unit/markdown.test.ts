import { describe, expect, it } from "vitest";
import { markdownToText, renderMarkdown } from "../../src/lib/markdown.ts";

describe("safe Markdown subset", () => {
  it("renders paragraphs, line breaks, emphasis, strong, lists and http(s) links", () => {
    const html = renderMarkdown(
      "The **bid deadline** moved to *Friday*.\nBring _two_ copies.\n\n- Plans\n- Bonds\n\n1. Sign in\n2. Upload\n\nSee [the notice](https://example.org/notice?a=1&b=2).",
    );
    expect(html).toBe(
      [
        "<p>The <strong>bid deadline</strong> moved to <em>Friday</em>.<br>Bring <em>two</em> copies.</p>",
        "<ul><li>Plans</li><li>Bonds</li></ul>",
        "<ol><li>Sign in</li><li>Upload</li></ol>",
        '<p>See <a href="https://example.org/notice?a=1&amp;b=2" rel="noopener noreferrer">the notice</a>.</p>',
      ].join("\n"),
    );
  });

  it("escapes tags, attributes and entities written in the text", () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror="alert(1)"> &amp; <a href="javascript:alert(1)">x</a>');
    expect(html).not.toMatch(/<script|<img|<a /);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("&amp;amp;");
  });

  it("refuses link targets that are not absolute http(s) URLs, keeping the text", () => {
    for (const target of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "//evil.example", "/relative", "mailto:a@b.c"]) {
      const html = renderMarkdown(`[click](${target})`);
      expect(html, target).not.toContain("<a ");
      expect(html, target).toContain("click");
    }
  });

  it("cannot break out of the href attribute or smuggle markup through a label", () => {
    const html = renderMarkdown('[x](https://a.example/"onmouseover="alert(1)) [<b>y</b>](https://a.example/)');
    expect(html).not.toMatch(/"\s*onmouseover=/);
    expect(html).not.toContain("<b>");
    expect(html).toContain('<a href="https://a.example/" rel="noopener noreferrer">&lt;b&gt;y&lt;/b&gt;</a>');
    for (const a of html.match(/<a [^>]*>/g) ?? []) expect(a).toMatch(/^<a href="https?:\/\/[^"<>]*" rel="noopener noreferrer">$/);
  });

  it("leaves headings, code, images and raw HTML blocks as escaped text", () => {
    const html = renderMarkdown("# Heading\n\n```\ncode\n```\n\n![alt](https://a.example/x.png)\n\n<div>block</div>");
    expect(html).not.toMatch(/<h1|<pre|<code|<img|<div/);
    expect(html).toContain("# Heading");
    expect(html).toContain("&lt;div&gt;block&lt;/div&gt;");
  });

  it("writes a plain-text copy with links as label (url)", () => {
    expect(markdownToText("**Now** see [this](https://a.example/) or [that](javascript:x)")).toBe("Now see this (https://a.example/) or that");
  });
});
