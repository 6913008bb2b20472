import { isClienteleError } from "@clientele/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSegmentQuery } from "./parser.js";
import { printQuery } from "./printQuery.js";
import { boundedQuery } from "./spec/arbitraries.js";

/** Parses or fails with SEGMENT_QUERY_INVALID; anything else (a TypeError, a RangeError) is a bug. */
const parsesOrRejects = (text: string): void => {
  const started = performance.now();
  try {
    parseSegmentQuery(text);
  } catch (error) {
    if (!isClienteleError(error, "SEGMENT_QUERY_INVALID")) throw error;
    const { line, column, excerpt } = error.details;
    if (typeof line !== "number" || typeof column !== "number" || !String(excerpt).includes("^")) {
      throw new Error(`error without a position: ${JSON.stringify(error.details)}`);
    }
  }
  const elapsed = performance.now() - started;
  if (elapsed > 250) throw new Error(`took ${elapsed} ms`);
};

const vocabulary = [
  "AND",
  "OR",
  "NOT",
  "BETWEEN",
  "CONTAINS",
  "IS",
  "NULL",
  "MATCHES",
  "IN",
  "and",
  "(",
  ")",
  ",",
  "=",
  "!=",
  ">",
  ">=",
  "<",
  "<=",
  "!",
  "customer_tags",
  "amount_spent",
  "number_of_orders",
  "last_order_date",
  "email_subscription_status",
  "customer_cities",
  "products_purchased",
  "id",
  "date",
  "rfm_group",
  "'vip'",
  "'SUBSCRIBED'",
  "'it\\'s'",
  "'open",
  "10",
  "10.99",
  "-5",
  "1,000",
  "2020-05-30",
  "2021-02-29",
  "2020-05-30T04:00:00",
  "2020-05-30T25:00:00",
  "-7d",
  "+30d",
  "-1m",
  "today",
  "yesterday",
  "7_days_ago",
  "12_months_ago",
  "1pm",
  "2012162031638",
  "@",
  "\n",
  "é",
  "😀",
];

describe("the parser never crashes and never hangs", () => {
  it("on random strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), parsesOrRejects), {
      numRuns: 2000,
    });
  });

  it("on random soups of the language's own tokens", () => {
    const soup = fc
      .tuple(fc.array(fc.constantFrom(...vocabulary), { maxLength: 40 }), fc.constantFrom(" ", ""))
      .map(([tokens, separator]) => tokens.join(separator));
    fc.assert(fc.property(soup, parsesOrRejects), { numRuns: 3000 });
  });

  it("in linear time on very long input", () => {
    const long = `${"customer_tags CONTAINS 'a' AND ".repeat(20_000)}x`;
    const started = performance.now();
    expect(() => parseSegmentQuery(long)).toThrow(/at most 10 clauses/);
    expect(() => parseSegmentQuery(`'${"\\'".repeat(200_000)}`)).toThrow(/closing quote/);
    expect(() => parseSegmentQuery("1".repeat(500_000))).toThrow(/an attribute/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("printQuery", () => {
  it("prints any well-formed tree as text that parses back to the same tree", () => {
    fc.assert(
      fc.property(boundedQuery, (tree) => {
        expect(parseSegmentQuery(printQuery(tree))).toEqual(tree);
      }),
      { numRuns: 1000 },
    );
  });

  it("normalises spacing and redundant parentheses", () => {
    expect(
      printQuery(parseSegmentQuery("amount_spent>10  AND(customer_tags CONTAINS 'vip')")),
    ).toBe("amount_spent > 10 AND customer_tags CONTAINS 'vip'");
  });
});
