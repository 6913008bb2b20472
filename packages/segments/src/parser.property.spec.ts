import { isClienteleError } from "@clientele/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Clause, DateValue, Param, SegmentQuery, Value } from "./ast.js";
import { namedDates } from "./ast.js";
import { accountStatuses, consentStates } from "./attributes.js";
import { maxClauses, parseSegmentQuery } from "./parser.js";
import { printQuery } from "./printQuery.js";

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

const day = fc
  .date({
    min: new Date("1970-01-01T00:00:00Z"),
    max: new Date("2099-12-31T23:59:59Z"),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());
const dateValue: fc.Arbitrary<DateValue> = fc.oneof(
  day.map((iso) => ({ type: "date" as const, value: iso.slice(0, 10) })),
  day.map((iso) => ({ type: "dateTime" as const, value: iso.slice(0, 19) })),
  fc.record({
    type: fc.constant("offset" as const),
    amount: fc.integer({ min: -100, max: 100 }),
    unit: fc.constantFrom("d" as const, "w" as const, "m" as const, "y" as const),
  }),
  fc.constantFrom(...namedDates).map((name) => ({ type: "named" as const, name })),
);
const compatibleBounds = fc
  .tuple(dateValue, dateValue)
  .filter(
    ([a, b]) =>
      !(new Set([a.type, b.type]).has("dateTime") && new Set([a.type, b.type]).has("offset")),
  );
const comparison = fc.constantFrom(
  "=" as const,
  "!=" as const,
  ">" as const,
  ">=" as const,
  "<" as const,
  "<=" as const,
);
const decimal: fc.Arbitrary<Value> = fc
  .integer({ min: -10_000_000, max: 10_000_000 })
  .map((cents) => ({ type: "number", value: cents / 100 + 0 }));
const whole: fc.Arbitrary<Value> = fc
  .nat({ max: 1_000_000 })
  .map((value) => ({ type: "number", value }));
const text = fc.string({ maxLength: 12 });
const productId: fc.Arbitrary<Value> = fc.oneof(
  fc
    .bigInt({ min: 0n, max: 10n ** 16n })
    .map((n) => ({ type: "productId" as const, value: String(n) })),
  fc.string({ minLength: 1, maxLength: 8 }).map((value) => ({ type: "productId" as const, value })),
);

const dateAttribute = fc.constantFrom(
  "customer_added_date",
  "first_order_date",
  "last_order_date",
  "abandoned_checkout_date",
);
const listAttribute = fc.constantFrom(
  "customer_tags",
  "customer_countries",
  "customer_regions",
  "customer_cities",
);

const param: fc.Arbitrary<Param> = fc.oneof(
  productId.map((value) => ({
    kind: "comparison" as const,
    name: "id" as const,
    operator: "=" as const,
    value,
  })),
  fc.record({
    kind: fc.constant("in" as const),
    name: fc.constant("id" as const),
    negated: fc.boolean(),
    values: fc.array(productId, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant("comparison" as const),
    name: fc.constant("date" as const),
    operator: comparison,
    value: dateValue,
  }),
  compatibleBounds.map(([low, high]) => ({
    kind: "between" as const,
    name: "date" as const,
    low,
    high,
  })),
);

const clause: fc.Arbitrary<Clause> = fc.oneof(
  fc.record({
    kind: fc.constant("comparison" as const),
    attribute: fc.constant("amount_spent"),
    operator: comparison,
    value: decimal,
  }),
  fc.record({
    kind: fc.constant("between" as const),
    attribute: fc.constant("number_of_orders"),
    low: whole,
    high: whole,
  }),
  fc.record({
    kind: fc.constant("comparison" as const),
    attribute: dateAttribute,
    operator: comparison,
    value: dateValue,
  }),
  fc
    .tuple(dateAttribute, compatibleBounds)
    .map(([attribute, [low, high]]) => ({ kind: "between" as const, attribute, low, high })),
  fc.record({
    kind: fc.constant("isNull" as const),
    attribute: dateAttribute,
    negated: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("contains" as const),
    attribute: listAttribute,
    negated: fc.boolean(),
    value: text,
  }),
  fc.record({
    kind: fc.constant("comparison" as const),
    attribute: fc.constantFrom("email_subscription_status", "sms_subscription_status"),
    operator: fc.constantFrom("=" as const, "!=" as const),
    value: fc.constantFrom(...consentStates).map((value) => ({ type: "string" as const, value })),
  }),
  fc.record({
    kind: fc.constant("comparison" as const),
    attribute: fc.constant("customer_account_status"),
    operator: fc.constantFrom("=" as const, "!=" as const),
    value: fc.constantFrom(...accountStatuses).map((value) => ({ type: "string" as const, value })),
  }),
  fc.record({
    kind: fc.constant("comparison" as const),
    attribute: fc.constantFrom("customer_email_domain", "customer_language"),
    operator: fc.constantFrom("=" as const, "!=" as const),
    value: text.map((value) => ({ type: "string" as const, value })),
  }),
  fc.record({
    kind: fc.constant("matches" as const),
    function: fc.constant("products_purchased" as const),
    negated: fc.boolean(),
    params: fc.array(param, { maxLength: 3 }),
  }),
);

const { query } = fc.letrec<{ query: SegmentQuery; group: SegmentQuery }>((tie) => ({
  query: fc.oneof({ depthSize: "small", withCrossShrink: true }, clause, tie("group")),
  group: fc.record({
    kind: fc.constantFrom("and" as const, "or" as const),
    operands: fc.array(tie("query"), { minLength: 2, maxLength: 3 }),
  }),
}));

const clauseCount = (q: SegmentQuery): number =>
  q.kind === "and" || q.kind === "or" ? q.operands.reduce((n, o) => n + clauseCount(o), 0) : 1;

describe("printQuery", () => {
  it("prints any well-formed tree as text that parses back to the same tree", () => {
    fc.assert(
      fc.property(
        query.filter((q) => clauseCount(q) <= maxClauses),
        (tree) => {
          expect(parseSegmentQuery(printQuery(tree))).toEqual(tree);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("normalises spacing and redundant parentheses", () => {
    expect(
      printQuery(parseSegmentQuery("amount_spent>10  AND(customer_tags CONTAINS 'vip')")),
    ).toBe("amount_spent > 10 AND customer_tags CONTAINS 'vip'");
  });
});
