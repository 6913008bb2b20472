import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Clause, ComparisonOperator, SegmentQuery } from "./ast.js";
import { evaluate } from "./referenceEvaluator.js";
import {
  boundedQuery,
  compatibleBounds,
  dateContext,
  dateValue,
  param,
  profile,
} from "./spec/arbitraries.js";

const dateAttribute = fc.constantFrom(
  "customer_added_date",
  "first_order_date",
  "last_order_date",
  "abandoned_checkout_date",
);
const operators: ComparisonOperator[] = ["=", "!=", ">", ">=", "<", "<="];
const withSometimesMissing = fc.tuple(profile, fc.boolean()).map(([p, drop]) =>
  drop
    ? {
        ...p,
        firstOrderAt: undefined,
        lastOrderAt: undefined,
        lastAbandonedCheckoutAt: undefined,
      }
    : p,
);

describe("reference evaluator laws", () => {
  it("never throws on a well-formed query", () => {
    fc.assert(
      fc.property(boundedQuery, withSometimesMissing, dateContext, (query, p, context) => {
        expect(typeof evaluate(query, p, context)).toBe("boolean");
      }),
      { numRuns: 500 },
    );
  });

  it("NOT MATCHES is true exactly when MATCHES is false", () => {
    fc.assert(
      fc.property(fc.array(param, { maxLength: 3 }), profile, dateContext, (params, p, context) => {
        const matches: Clause = {
          kind: "matches",
          function: "products_purchased",
          negated: false,
          params,
        };
        expect(evaluate({ ...matches, negated: true }, p, context)).toBe(
          !evaluate(matches, p, context),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("a present date is before, on or after a value, exactly one; a missing one is none of them", () => {
    fc.assert(
      fc.property(
        dateAttribute,
        dateValue,
        withSometimesMissing,
        dateContext,
        (attribute, value, p, context) => {
          const holds = (operator: ComparisonOperator) =>
            evaluate({ kind: "comparison", attribute, operator, value }, p, context);
          const present = evaluate({ kind: "isNull", attribute, negated: true }, p, context);
          expect(evaluate({ kind: "isNull", attribute, negated: false }, p, context)).toBe(
            !present,
          );
          if (!present) {
            for (const operator of operators) expect(holds(operator)).toBe(false);
            return;
          }
          expect([holds("<"), holds("="), holds(">")].filter(Boolean)).toHaveLength(1);
          expect(holds("!=")).toBe(!holds("="));
          expect(holds("<=")).toBe(holds("<") || holds("="));
          expect(holds(">=")).toBe(holds(">") || holds("="));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("BETWEEN is >= low AND <= high", () => {
    fc.assert(
      fc.property(
        dateAttribute,
        compatibleBounds,
        withSometimesMissing,
        dateContext,
        (attribute, [low, high], p, context) => {
          const between: SegmentQuery = { kind: "between", attribute, low, high };
          const both: SegmentQuery = {
            kind: "and",
            operands: [
              { kind: "comparison", attribute, operator: ">=", value: low },
              { kind: "comparison", attribute, operator: "<=", value: high },
            ],
          };
          expect(evaluate(between, p, context)).toBe(evaluate(both, p, context));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("NOT CONTAINS is the complement of CONTAINS, ignoring case", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("vip", "VIP", "Vip", "wholesale", "x"),
        profile,
        dateContext,
        (value, p, context) => {
          const contains: Clause = {
            kind: "contains",
            attribute: "customer_tags",
            negated: false,
            value,
          };
          const expected = p.tags.some((tag) => tag.toLowerCase() === value.toLowerCase());
          expect(evaluate(contains, p, context)).toBe(expected);
          expect(evaluate({ ...contains, negated: true }, p, context)).toBe(!expected);
        },
      ),
    );
  });
});
