import {
  allValue,
  type BitmapAnswer,
  type BitmapInstruction,
  type BitmapQuery,
} from "./bitmapQuery.js";
import { digitBase, indexKeys, unitSeparator } from "./indexEntity.js";

/** What the in-memory evaluator reads from a version's keys. */
export interface IndexReader {
  /** A string key's bytes (a bitmap), `undefined` when absent. */
  bitmap(key: string): Uint8Array | undefined;
  hget(key: string, field: string): string | undefined;
  /** Members of a sorted set scored within [min, max]. */
  zrangeByScore(key: string, min: number, max: number): string[];
}

type Bitmap = Uint8Array;
const empty: Bitmap = new Uint8Array(0);

/** Redis' BITOP: the result is as long as the longest operand, missing bytes read as zero. */
const combine = (operands: readonly Bitmap[], op: (a: number, b: number) => number): Bitmap => {
  const length = Math.max(0, ...operands.map((bitmap) => bitmap.length));
  const out = new Uint8Array(length);
  const [first = empty, ...rest] = operands;
  out.set(first);
  for (const bitmap of rest) {
    for (let i = 0; i < length; i++) out[i] = op(out[i] as number, bitmap[i] ?? 0) & 0xff;
  }
  return out;
};
const and = (...operands: Bitmap[]) => combine(operands, (a, b) => a & b);
const or = (...operands: Bitmap[]) => combine(operands, (a, b) => a | b);
const xor = (...operands: Bitmap[]) => combine(operands, (a, b) => a ^ b);

const digitsOf = (n: number): number[] => {
  const digits: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / digitBase)) digits.push(rest % digitBase);
  return digits;
};

const popCount = (bitmap: Bitmap): number => {
  let count = 0;
  for (const byte of bitmap) {
    let b = byte;
    while (b) {
      b &= b - 1;
      count++;
    }
  }
  return count;
};

/** Set bit positions after `after`, Redis' bit order (bit 0 is the high bit of byte 0). */
const positions = (bitmap: Bitmap, after: number, limit: number): number[] => {
  const out: number[] = [];
  for (let bit = after + 1; bit < bitmap.length * 8 && out.length < limit; bit++) {
    if (((bitmap[bit >> 3] as number) >> (7 - (bit & 7))) & 1) out.push(bit);
  }
  return out;
};

/**
 * A BitmapQuery over the in-memory store, with the algorithms of bitmapQuery.lua.ts so both stores
 * give the same answers.
 */
export const evaluateBitmapQuery = (reader: IndexReader, query: BitmapQuery): BitmapAnswer => {
  const key = (name: string) => reader.bitmap(name) ?? empty;
  const width = (part: string) => Number(reader.hget(indexKeys.meta, `w:${part}`) ?? "0");
  const level = (part: string, digit: number, j: number) => key(indexKeys.atLeast(part, digit, j));

  /** From the bound's lowest nonzero digit up, as in bitmapQuery.lua.ts. */
  const ge = (part: string, bound: number): Bitmap => {
    const exists = key(indexKeys.exists(part));
    if (bound <= 0) return exists;
    const w = width(part);
    if (bound >= digitBase ** w) return empty;
    const digits = digitsOf(bound);
    let low = 0;
    while (digits[low] === 0) low++;
    let result = level(part, low, digits[low] as number);
    let above: Bitmap[] = [];
    for (let i = low + 1; i < w; i++) {
      const d = digits[i] ?? 0;
      if (d === 0) {
        above.push(level(part, i, 1));
        continue;
      }
      if (above.length > 0) result = or(result, ...above);
      above = [];
      result = and(result, level(part, i, d));
      if (d < digitBase - 1) result = or(result, level(part, i, d + 1));
    }
    return above.length > 0 ? or(result, ...above) : result;
  };
  const le = (part: string, bound: number): Bitmap =>
    bound < 0 ? empty : xor(key(indexKeys.exists(part)), ge(part, bound + 1));
  const eq = (part: string, bound: number): Bitmap => {
    const w = width(part);
    if (bound < 0 || bound >= digitBase ** w) return empty;
    const digits = digitsOf(bound);
    let result = key(indexKeys.exists(part));
    const above: Bitmap[] = [];
    for (let i = digits.length; i < w; i++) above.push(level(part, i, 1));
    if (above.length > 0) result = xor(result, or(...above));
    for (let i = digits.length - 1; i >= 0; i--) {
      const d = digits[i] as number;
      if (d === digitBase - 1) result = and(result, level(part, i, d));
      else if (d === 0) result = xor(result, and(result, level(part, i, 1)));
      else result = and(result, xor(level(part, i, d), level(part, i, d + 1)));
    }
    return result;
  };
  const scan = (step: Extract<BitmapInstruction, { op: "scan" }>): Bitmap => {
    const wanted = new Set(step.among);
    const ordinals: number[] = [];
    for (const member of reader.zrangeByScore(step.key, step.min, step.max)) {
      const [ordinal = "", field = ""] = member.split(unitSeparator);
      if (wanted.has(field) !== step.negated) ordinals.push(Number(ordinal));
    }
    const out = new Uint8Array(ordinals.length === 0 ? 0 : (Math.max(...ordinals) >> 3) + 1);
    for (const ordinal of ordinals)
      out[ordinal >> 3] = (out[ordinal >> 3] as number) | (0x80 >> (ordinal & 7));
    return out;
  };

  const stack: Bitmap[] = [];
  const pop = (count: number) => stack.splice(stack.length - count, count);
  for (const step of query.program) {
    switch (step.op) {
      case "value":
        stack.push(key(indexKeys.value(step.value)));
        break;
      case "exists":
        stack.push(key(indexKeys.exists(step.part)));
        break;
      case "ge":
        stack.push(ge(step.part, step.bound));
        break;
      case "le":
        stack.push(le(step.part, step.bound));
        break;
      case "eq":
        stack.push(eq(step.part, step.bound));
        break;
      case "scan":
        stack.push(scan(step));
        break;
      case "and":
        stack.push(and(...pop(step.count)));
        break;
      case "or":
        stack.push(or(...pop(step.count)));
        break;
      case "not": {
        const all = key(indexKeys.value(allValue));
        stack.push(xor(all, and(all, ...pop(1))));
        break;
      }
      case "none":
        stack.push(empty);
        break;
    }
  }
  const result = stack[stack.length - 1] ?? empty;
  if (query.result === "count") return { result: "count", count: popCount(result) };
  const ordinals = positions(result, query.after, query.limit);
  const ids = ordinals.map((ordinal) => reader.hget(indexKeys.ids, String(ordinal)) ?? "");
  return { result: "page", ordinals, ids };
};
