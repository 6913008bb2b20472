import { and, type Bitmap, emptyBitmap, or, xor } from "./bitmaps.js";
import { defaultDigitBase, indexKeys } from "./indexEntity.js";

/** A version's keys as the comparisons read them. */
export interface DigitReader {
  key(name: string): Bitmap;
  hget(key: string, field: string): string | undefined;
}

const digitsOf = (n: number, base: number): number[] => {
  const digits: number[] = [];
  for (let rest = n; rest > 0; rest = (rest - (rest % base)) / base) digits.push(rest % base);
  return digits;
};

/**
 * `ge`, `le` and `eq` over a part's range-encoded digits in memory: the steps of
 * digitCompare.lua.ts (which explains them), without its care for Redis' BITOP speed.
 */
export const digitComparisons = ({ key, hget }: DigitReader) => {
  const layout = (part: string) => ({
    width: Number(hget(indexKeys.meta, indexKeys.width(part)) ?? "0"),
    base: Number(hget(indexKeys.meta, indexKeys.base(part)) ?? defaultDigitBase),
  });
  const level = (part: string, digit: number, j: number) => key(indexKeys.atLeast(part, digit, j));
  const exists = (part: string) => key(indexKeys.exists(part));

  const ge = (part: string, bound: number): Bitmap => {
    if (bound <= 0) return exists(part);
    const { width, base } = layout(part);
    if (bound >= base ** width) return emptyBitmap;
    const digits = digitsOf(bound, base);
    let low = 0;
    while (digits[low] === 0) low++;
    let result = level(part, low, digits[low] as number);
    for (let i = low + 1; i < width; i++) {
      const d = digits[i] ?? 0;
      if (d > 0) result = and(result, level(part, i, d));
      if (d < base - 1) result = or(result, level(part, i, d + 1));
    }
    return result;
  };
  const le = (part: string, bound: number): Bitmap =>
    bound < 0 ? emptyBitmap : xor(exists(part), ge(part, bound + 1));
  const eq = (part: string, bound: number): Bitmap => {
    const { width, base } = layout(part);
    if (bound < 0 || bound >= base ** width) return emptyBitmap;
    const digits = digitsOf(bound, base);
    const atLeast: Bitmap[] = [];
    const over: Bitmap[] = [];
    for (let i = 0; i < width; i++) {
      const d = digits[i] ?? 0;
      if (d > 0) atLeast.push(level(part, i, d));
      if (d < base - 1) over.push(level(part, i, d + 1));
    }
    const result = and(exists(part), ...atLeast);
    return xor(result, and(result, or(...over)));
  };
  return { ge, le, eq };
};
