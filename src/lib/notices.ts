/**
 * The message for a `?notice=` code after a redirect. Only codes in the table
 * give text, so nothing from the URL is ever reflected into the page.
 */
export function pickNotice<T>(table: Readonly<Record<string, T>>, code: string | null | undefined): T | undefined {
  return code && Object.hasOwn(table, code) ? table[code] : undefined;
}
