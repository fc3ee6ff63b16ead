// Money is integer cents in code and numeric(12,2) in Postgres, which the driver
// hands over as a string ("12.50"). Converting through strings, never floats,
// keeps every cent: parseFloat("0.29") * 100 is 28.999999999999996.

const MONEY_PATTERN = /^(\d+)(?:\.(\d{1,2}))?$/;

/** "12.50" → 1250. Throws on anything that is not a non-negative amount with at most 2 decimals. */
export function toCents(value: string): number {
  const match = MONEY_PATTERN.exec(value.trim());
  if (!match) throw new RangeError(`not a money amount: ${JSON.stringify(value)}`);
  const cents = Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
  if (!Number.isSafeInteger(cents)) throw new RangeError(`money amount too large: ${value}`);
  return cents;
}

/** 1250 → "12.50", the form Postgres numeric accepts. */
export function fromCents(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`not a number of cents: ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** 1250 → "$12.50", 0 → "Free"; for pages and emails. */
export function formatUsd(cents: number): string {
  if (cents === 0) return "Free";
  const dollars = Math.floor(cents / 100).toLocaleString("en-US");
  return `$${dollars}.${String(cents % 100).padStart(2, "0")}`;
}
