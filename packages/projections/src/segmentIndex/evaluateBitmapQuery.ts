import {
  allValue,
  type BitmapAnswer,
  type BitmapInstruction,
  type BitmapQuery,
} from "./bitmapQuery.js";
import { indexKeys, unitSeparator } from "./indexEntity.js";

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

const bitOf = (n: number, i: number) => Math.floor(n / 2 ** i) % 2;

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
  const slice = (part: string, i: number) => key(indexKeys.slice(part, i));

  const topBit = (n: number) => {
    let i = 0;
    while (2 ** (i + 1) <= n) i++;
    return i;
  };
  /** Slices above the bound's highest 1-bit, OR-ed (see bitmapQuery.lua.ts). */
  const aboveBound = (part: string, w: number, top: number): Bitmap | undefined => {
    if (w - 1 <= top) return undefined;
    const slices: Bitmap[] = [];
    for (let i = top + 1; i < w; i++) slices.push(slice(part, i));
    return or(...slices);
  };
  const ge = (part: string, bound: number): Bitmap => {
    const exists = key(indexKeys.exists(part));
    if (bound <= 0) return exists;
    const w = width(part);
    if (bound >= 2 ** w) return empty;
    let low = 0;
    while (bitOf(bound, low) === 0) low++;
    const top = topBit(bound);
    const above = aboveBound(part, w, top);
    const greater: Bitmap[] = above ? [above] : [];
    let equal = above ? xor(exists, above) : exists;
    for (let i = top; i >= low; i--) {
      if (bitOf(bound, i) === 1) equal = and(equal, slice(part, i));
      else {
        const ones = and(equal, slice(part, i));
        greater.push(ones);
        equal = xor(equal, ones);
      }
    }
    return greater.length === 0 ? equal : or(...greater, equal);
  };
  const le = (part: string, bound: number): Bitmap =>
    bound < 0 ? empty : xor(key(indexKeys.exists(part)), ge(part, bound + 1));
  const eq = (part: string, bound: number): Bitmap => {
    const w = width(part);
    if (bound < 0 || bound >= 2 ** w) return empty;
    const top = bound > 0 ? topBit(bound) : -1;
    const above = aboveBound(part, w, top);
    let equal = key(indexKeys.exists(part));
    if (above) equal = xor(equal, above);
    for (let i = top; i >= 0; i--) {
      equal =
        bitOf(bound, i) === 1 ? and(equal, slice(part, i)) : xor(equal, and(equal, slice(part, i)));
    }
    return equal;
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
