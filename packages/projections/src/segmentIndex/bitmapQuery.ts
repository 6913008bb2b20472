/**
 * A query over a bitmap index as a small stack program, run by one script per shard in Redis and
 * by the same steps in memory. Every result is a set of ordinals of live entities.
 *
 * - `value`: entities holding the value (bitmap `v:<value>`); `all` is the value every live
 *   entity holds when the projection sets it (the segment index does);
 * - `exists`: entities with a number in `part`;
 * - `ge` / `le` / `eq`: entities whose number in `part` compares so with `bound` (over the
 *   range-encoded digits: about two BITOPs per base-16 digit of the bound);
 * - `scan`: entities with a member of sorted set `key` scored in [min, max] whose second field
 *   is (or, `negated`, is not) one of `among` — the slow path for order-line filters;
 * - `and` / `or` pop `count` results; `not` complements within `all`; `none` is the empty set.
 */
export type BitmapInstruction =
  | { op: "value"; value: string }
  | { op: "exists"; part: string }
  | { op: "ge" | "le" | "eq"; part: string; bound: number }
  | { op: "scan"; key: string; min: number; max: number; among: string[]; negated: boolean }
  | { op: "and" | "or"; count: number }
  | { op: "not" }
  | { op: "none" };

export type BitmapQuery =
  | { program: readonly BitmapInstruction[]; result: "count" }
  | { program: readonly BitmapInstruction[]; result: "page"; after: number; limit: number };

export type BitmapAnswer =
  | { result: "count"; count: number }
  | { result: "page"; ordinals: number[]; ids: string[] };

/** The value every live entity of a segment index holds. */
export const allValue = "all";

/** Instructions as the Lua script reads them (positional arrays, smaller JSON). */
export const toWireProgram = (program: readonly BitmapInstruction[]): unknown[] =>
  program.map((step): unknown => {
    switch (step.op) {
      case "value":
        return ["V", step.value];
      case "exists":
        return ["X", step.part];
      case "ge":
      case "le":
      case "eq":
        return [step.op.toUpperCase(), step.part, step.bound];
      case "scan":
        return ["Z", step.key, step.min, step.max, step.negated, step.among];
      case "and":
      case "or":
        return [step.op.toUpperCase(), step.count];
      case "not":
        return ["NOT"];
      default:
        return ["NONE"];
    }
  });
