import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { illFormedStrings } from "../wellFormedText.js";
import { frozenJsonCopy, illFormedTextFound, plainJsonBytesBound } from "./plainJson.js";

// Strings with escapes, astral characters and lone surrogates: the ones whose JSON is longest.
const nastyString = fc.string({ unit: "binary", maxLength: 40 });
const key = fc.oneof(nastyString, fc.constantFrom("__proto__", "constructor", "toJSON"));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    nastyString,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(key, tie("value"), { maxKeys: 5, noNullPrototype: true }),
  ),
})).value;

describe("plainJsonBytesBound", () => {
  it("never under-counts the UTF-8 bytes of JSON.stringify, and flags text no store keeps", () => {
    fc.assert(
      fc.property(json, (value) => {
        const bound = plainJsonBytesBound(value);
        if (illFormedStrings(value).length > 0) {
          expect(bound).toBe(illFormedTextFound);
          return;
        }
        expect(bound).toBeDefined();
        expect(bound).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ["undefined", { a: undefined }],
    ["a function", { a: () => 1 }],
    ["a bigint", { a: 1n }],
    ["NaN", { a: [Number.NaN] }],
    ["Infinity", { a: Number.POSITIVE_INFINITY }],
    ["a Date", { a: new Date(0) }],
    ["a Map", { a: new Map() }],
    ["an object without prototype", { a: Object.create(null) }],
  ])("refuses %s, which JSON cannot round-trip", (_, value) => {
    expect(plainJsonBytesBound(value)).toBeUndefined();
  });
});

describe("frozenJsonCopy", () => {
  it("copies deeply and freezes, so neither writer nor reader can change what is stored", () => {
    fc.assert(
      fc.property(fc.dictionary(key, json, { maxKeys: 5, noNullPrototype: true }), (value) => {
        const copy = frozenJsonCopy(value);
        expect(copy).toEqual(value);
        const walk = (original: unknown, copied: unknown): void => {
          if (typeof copied !== "object" || copied === null) return;
          expect(Object.isFrozen(copied)).toBe(true);
          expect(copied).not.toBe(original);
          for (const key of Object.keys(copied)) {
            walk(
              (original as Record<string, unknown>)[key],
              (copied as Record<string, unknown>)[key],
            );
          }
        };
        walk(value, copy);
      }),
      { numRuns: 300 },
    );
  });
});
