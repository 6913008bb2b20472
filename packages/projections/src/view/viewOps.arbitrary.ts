import fc from "fast-check";
import type { ViewOp } from "./viewOps.js";

// Few keys and fields, so ops collide: type conflicts, non-integer increments, emptied keys.
// "i:a" and "i:x" are also the lookups of indexed sets under prefix "i:".
const key = fc.constantFrom("a", "b", "c", "d", "i:a", "i:x");
// "__proto__" must stay a field, never become a prototype.
const field = fc.constantFrom("f", "g", "h", "__proto__");
const value = fc.oneof(
  fc.constantFrom("0", "7", "-3", "007", "x", ""),
  fc.string({ maxLength: 4 }),
);
const members = fc.array(fc.constantFrom("m1", "m2", "m3"), { minLength: 1, maxLength: 3 });

/** Random view ops over a few keys, fields and members. */
export const viewOp: fc.Arbitrary<ViewOp> = fc.oneof(
  fc.record({ op: fc.constant("hset"), key, fields: fc.dictionary(field, value, { minKeys: 1 }) }),
  fc.record({
    op: fc.constant("hdel"),
    key,
    fields: fc.array(field, { minLength: 1, maxLength: 2 }),
  }),
  fc.record({ op: fc.constant("hincrby"), key, field, by: fc.integer({ min: -5, max: 5 }) }),
  fc.record({ op: fc.constant("set"), key, value }),
  fc.record({ op: fc.constant("del"), key }),
  fc.record({
    op: fc.constant("setbit"),
    key,
    offset: fc.integer({ min: 0, max: 40 }),
    bit: fc.constantFrom(0 as const, 1 as const),
  }),
  fc.record({
    op: fc.constant("zadd"),
    key,
    member: fc.constantFrom("m1", "m2"),
    score: fc
      .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
      .map((s) => (s === 0 ? 0 : s)),
  }),
  fc.record({ op: fc.constant("zrem"), key, members }),
  fc.record({ op: fc.constant("sadd"), key, members }),
  fc.record({ op: fc.constant("srem"), key, members }),
  // Lookups share the key pool (prefix ""), so they collide with every other op's keys.
  fc.record({
    op: fc.constant("hsetindexed"),
    key,
    field,
    value: fc.constantFrom("a", "x", "7", null),
    indexPrefix: fc.constantFrom("", "i:"),
    id: fc.constantFrom("a", "b"),
  }),
  // Members name keys of the pool (prefix "" and suffixes ""), so links reach real keys.
  fc.record({
    op: fc.constant("dellinked"),
    key,
    prefix: fc.constant(""),
    linkSuffix: fc.constant(""),
    targetSuffix: fc.constant(""),
  }),
  fc.record({
    op: fc.constant("sadd"),
    key,
    members: fc.array(key, { minLength: 1, maxLength: 3 }),
  }),
);
