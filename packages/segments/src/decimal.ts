/**
 * Decimal literals as exact text: a query's numbers are never rounded through a float, so
 * `amount_spent > 0.0000001` keeps its meaning and `printQuery` writes back what parses again
 * (a float prints 1e-7, which is no literal of the language).
 */

/** `"007.50"` → `"7.5"`, `"0.000"` → `"0"`: one spelling per value, so equal trees print alike. */
export const canonicalDecimal = (text: string): string => {
  const [whole = "", fraction = ""] = text.split(".");
  const integer = whole.replace(/^0+(?=\d)/, "");
  const decimals = fraction.replace(/0+$/, "");
  return decimals === "" ? integer : `${integer}.${decimals}`;
};

/** The decimal text of a finite number ≥ 0, exactly as JavaScript prints it, without exponent. */
export const decimalOfNumber = (value: number): string => {
  const text = String(value);
  const match = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return canonicalDecimal(text);
  const [, whole = "", fraction = "", exponentText = "0"] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  if (point <= 0) return canonicalDecimal(`0.${"0".repeat(-point)}${digits}`);
  if (point >= digits.length) return canonicalDecimal(digits + "0".repeat(point - digits.length));
  return canonicalDecimal(`${digits.slice(0, point)}.${digits.slice(point)}`);
};

/** -1, 0 or 1 for two canonical, non-negative decimal texts, compared exactly. */
export const compareDecimals = (a: string, b: string): -1 | 0 | 1 => {
  const [aWhole = "", aFraction = ""] = a.split(".");
  const [bWhole = "", bFraction = ""] = b.split(".");
  if (aWhole.length !== bWhole.length) return aWhole.length < bWhole.length ? -1 : 1;
  const width = Math.max(aFraction.length, bFraction.length);
  const left = aWhole + aFraction.padEnd(width, "0");
  const right = bWhole + bFraction.padEnd(width, "0");
  return left < right ? -1 : left > right ? 1 : 0;
};

/**
 * `text` in units of 10^-`digits` (amounts are indexed in ten-thousandths): the whole units,
 * and whether the literal sits exactly on one (`false` for 10.00001 at four digits).
 */
export const scaledDecimal = (text: string, digits: number): { units: bigint; exact: boolean } => {
  const [whole = "0", fraction = ""] = text.split(".");
  const units = BigInt(whole + fraction.padEnd(digits, "0").slice(0, digits));
  return { units, exact: fraction.length <= digits || /^0*$/.test(fraction.slice(digits)) };
};
