// Post/redirect/get notices: after a change the handler redirects with `?notice=code`, and
// the page it lands on shows that code's fixed message. Only codes in the area's table give
// text, so nothing from the URL is ever reflected into the page.
import type { Context } from "hono";

export interface NoticeTable<Message, Code extends string> {
  readonly messages: Readonly<Record<Code, Message>>;
  /** The message the request's `?notice=` asks for, if it is one of ours. */
  read(c: Context): Message | undefined;
  /** A 303 to `path` carrying the code (and any query to keep); a `#fragment` in path stays last. */
  redirect(c: Context, path: string, code: Code, keep?: Record<string, string>): Response;
}

export function noticeTable<const Messages extends Record<string, unknown>>(
  messages: Messages,
): NoticeTable<Messages[keyof Messages], keyof Messages & string> {
  return {
    messages,
    read(c) {
      const code = c.req.query("notice");
      return code && Object.hasOwn(messages, code) ? (messages[code] as Messages[keyof Messages]) : undefined;
    },
    redirect(c, path, code, keep = {}) {
      const [base, fragment] = path.split("#", 2);
      const kept = Object.entries(keep).filter(([, v]) => v !== "");
      const query = new URLSearchParams([...kept, ["notice", code]]).toString();
      return c.redirect(`${base}?${query}${fragment ? `#${fragment}` : ""}`, 303);
    },
  };
}
