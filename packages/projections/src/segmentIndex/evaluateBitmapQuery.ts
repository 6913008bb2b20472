import {
  allValue,
  type BitmapAnswer,
  type BitmapInstruction,
  type BitmapQuery,
} from "./bitmapQuery.js";
import { and, type Bitmap, emptyBitmap as empty, or, popCount, positions, xor } from "./bitmaps.js";
import { digitComparisons } from "./digitCompare.js";
import { indexKeys, unitSeparator } from "./indexEntity.js";

const dayMs = 86_400_000;

/** What the in-memory evaluator reads from a version's keys. */
export interface IndexReader {
  /** A string key's bytes (a bitmap), `undefined` when absent. */
  bitmap(key: string): Uint8Array | undefined;
  hget(key: string, field: string): string | undefined;
  /** A string key's text, `undefined` when absent. */
  text(key: string): string | undefined;
  /** Members of a sorted set scored within [min, max]. */
  zrangeByScore(key: string, min: number, max: number): string[];
}

/**
 * A BitmapQuery over the in-memory store, with the algorithms of bitmapQuery.lua.ts so both stores
 * give the same answers.
 */
export const evaluateBitmapQuery = (reader: IndexReader, query: BitmapQuery): BitmapAnswer => {
  const key = (name: string) => reader.bitmap(name) ?? empty;
  const { ge, le, eq } = digitComparisons({ key, hget: (k, field) => reader.hget(k, field) });
  const scan = (step: Extract<BitmapInstruction, { op: "scan" }>): Bitmap => {
    const wanted = new Set(step.among);
    const ordinals: number[] = [];
    const days = reader.zrangeByScore(
      indexKeys.lineDays(step.key),
      Math.floor(step.min / dayMs),
      Math.floor(step.max / dayMs),
    );
    for (const day of days)
      for (const record of (reader.text(indexKeys.lines(step.key, day)) ?? "").split("\u001e")) {
        if (record === "") continue;
        const [ordinal = "", field = "", score = ""] = record.split(unitSeparator);
        const at = Number(day) * dayMs + Number(score);
        if (at >= step.min && at <= step.max && wanted.has(field) !== step.negated)
          ordinals.push(Number(ordinal));
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
