// A safe Markdown subset for admin-written text (announcements): paragraphs, line breaks,
// *emphasis* / _emphasis_, **strong**, [links](https://…) with http/https targets only, and
// "- " / "* " / "1. " lists. Everything else is text: every character of the input is HTML-
// escaped before any markup is added, and the only markup added is the fixed tags above, so
// no input can produce an attribute, a tag or a URL scheme of its own.

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

/** A link target we allow: an absolute http(s) URL, printed back normalised (and escaped). */
function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (!/^https?:\/\//i.test(raw)) return null;
    return url.href;
  } catch {
    return null;
  }
}

/** Inline markup on raw (unescaped) text; returns HTML. */
function inline(text: string): string {
  let out = "";
  let rest = text;
  // Links first, on the raw text: [label](url). The label gets emphasis, the URL is checked.
  const link = /\[([^\]\n]{1,300})\]\(([^()\s]{1,2000})\)/;
  for (;;) {
    const m = link.exec(rest);
    if (!m) break;
    out += emphasis(rest.slice(0, m.index));
    const href = safeHref(m[2]!);
    out += href ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${emphasis(m[1]!)}</a>` : emphasis(m[0]);
    rest = rest.slice(m.index + m[0].length);
  }
  return out + emphasis(rest);
}

/** **strong** and *em* / _em_ on raw text, escaping everything. */
function emphasis(text: string): string {
  const escaped = escapeHtml(text);
  return escaped
    .replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, "$1<em>$2</em>")
    .replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, "$1<em>$2</em>");
}

const BULLET = /^\s{0,3}[-*]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;

/** The whole text as HTML: blocks separated by blank lines; a block of list items is a list. */
export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const html: string[] = [];
  let para: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const endPara = () => {
    if (para.length) html.push(`<p>${para.map(inline).join("<br>")}</p>`);
    para = [];
  };
  const endList = () => {
    if (list) html.push(`<${list.ordered ? "ol" : "ul"}>${list.items.map((i) => `<li>${inline(i)}</li>`).join("")}</${list.ordered ? "ol" : "ul"}>`);
    list = null;
  };
  for (const line of lines) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      endPara();
      const ordered = Boolean(numbered);
      if (list && list.ordered !== ordered) endList();
      list ??= { ordered, items: [] };
      list.items.push((bullet ?? numbered)![1]!);
    } else if (line.trim() === "") {
      endPara();
      endList();
    } else if (list && /^\s{2,}\S/.test(line)) {
      // An indented line continues the last item.
      list.items[list.items.length - 1] += ` ${line.trim()}`;
    } else {
      endList();
      para.push(line.trim());
    }
  }
  endPara();
  endList();
  return html.join("\n");
}

/** The text a plain-text email shows: the source, without emphasis marks, links as "label (url)". */
export function markdownToText(source: string): string {
  return source
    .replace(/\r\n?/g, "\n")
    .replace(/\[([^\]\n]{1,300})\]\(([^()\s]{1,2000})\)/g, (_, label: string, url: string) => (safeHref(url) ? `${label} (${url})` : `${label}`))
    .replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, "$1");
}
