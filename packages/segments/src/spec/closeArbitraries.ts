import fc from "fast-check";
import type { Clause, DateValue, SegmentQuery, Value } from "../ast.js";
import { decimalOfNumber } from "../decimal.js";
import { maxClauses } from "../parser.js";
import type { SegmentProfile } from "../profile.js";
import { clause as anyClause, comparison, dateContext, profile } from "./arbitraries.js";

/**
 * Profiles and queries drawn from the same few values (amounts, counts, days around the 2024 DST
 * changes in Toronto, product ids), so comparisons land exactly on stored values often: boundary
 * mistakes (`>` vs `>=`, day edges, instants within a day) show up in a few hundred runs. Some
 * sit on either side of a step of the index's base-16 digits (amounts in ten-thousandths, counts,
 * days since 1900-01-01: 2024-03-10 is 0xB12F, 2024-01-23 0xB100, 2023-05-12 0xB000).
 */
const days = [
  "2024-03-09",
  "2024-03-10",
  "2024-03-11",
  "2024-11-02",
  "2024-11-03",
  "2024-01-22",
  "2024-01-23",
  "2023-05-11",
  "2023-05-12",
];
const times = ["00:00:00", "01:30:00", "03:59:59", "04:00:00", "12:00:00", "23:59:59"];
const instant = fc
  .tuple(fc.constantFrom(...days), fc.constantFrom(...times), fc.constantFrom("Z", ".500Z"))
  .map(([day, time, suffix]) => `${day}T${time}${suffix}`);
const amounts = [
  0, 10.99, 100, 250.5, 999.99, 1000.99, 0.0015, 0.0016, 0.0017, 104.8575, 104.8576, 1677.7215,
  1677.7216, 429496.7296, 1759218604.4416,
];
const orderCounts = [0, 1, 2, 10, 15, 16, 17, 256];

export const closeProfile: fc.Arbitrary<SegmentProfile> = fc
  .record({
    base: profile,
    amount: fc.constantFrom(...amounts),
    orders: fc.constantFrom(...orderCounts),
    added: instant,
    first: fc.option(instant, { nil: undefined }),
    last: fc.option(instant, { nil: undefined }),
    abandoned: fc.option(instant, { nil: undefined }),
    purchases: fc.array(
      fc.record({ productId: fc.constantFrom("1", "42", "2012162031638"), at: instant }),
      {
        maxLength: 3,
      },
    ),
  })
  .map(({ base, amount, orders, added, first, last, abandoned, purchases }) => {
    const { firstOrderAt: _f, lastOrderAt: _l, lastAbandonedCheckoutAt: _a, ...rest } = base;
    return {
      ...rest,
      amountSpent: amount,
      numberOfOrders: orders,
      customerAddedAt: added,
      ...(first ? { firstOrderAt: first } : {}),
      ...(last ? { lastOrderAt: last } : {}),
      ...(abandoned ? { lastAbandonedCheckoutAt: abandoned } : {}),
      purchases,
    };
  });

const dateValue: fc.Arbitrary<DateValue> = fc.oneof(
  fc.constantFrom(...days).map((value) => ({ type: "date" as const, value })),
  fc
    .tuple(fc.constantFrom(...days), fc.constantFrom(...times))
    .map(([day, time]) => ({ type: "dateTime" as const, value: `${day}T${time}` })),
  fc.record({
    type: fc.constant("offset" as const),
    amount: fc.integer({ min: -3, max: 1 }),
    unit: fc.constantFrom("d" as const, "w" as const),
  }),
  fc
    .constantFrom("today" as const, "yesterday" as const)
    .map((name) => ({ type: "named" as const, name })),
);
const dateAttribute = fc.constantFrom(
  "customer_added_date",
  "first_order_date",
  "last_order_date",
  "abandoned_checkout_date",
);
const number = (values: number[]): fc.Arbitrary<Value> =>
  fc
    .constantFrom(...values)
    .map((value) => ({ type: "number" as const, value: decimalOfNumber(value) }));

const closeClause: fc.Arbitrary<Clause> = fc.oneof(
  fc.record({
    kind: fc.constant("comparison" as const),
    attribute: fc.constant("amount_spent"),
    operator: comparison,
    value: number(amounts),
  }),
  fc.record({
    kind: fc.constant("comparison" as const),
    attribute: fc.constant("number_of_orders"),
    operator: comparison,
    value: number(orderCounts),
  }),
  fc.record({
    kind: fc.constant("comparison" as const),
    attribute: dateAttribute,
    operator: comparison,
    value: dateValue,
  }),
  fc
    .tuple(dateAttribute, dateValue, dateValue)
    .filter(
      ([, a, b]) =>
        !(new Set([a.type, b.type]).has("dateTime") && new Set([a.type, b.type]).has("offset")),
    )
    .map(([attribute, low, high]) => ({ kind: "between" as const, attribute, low, high })),
  fc.record({
    kind: fc.constant("matches" as const),
    function: fc.constant("products_purchased" as const),
    negated: fc.boolean(),
    params: fc.array(
      fc.oneof(
        fc.record({
          kind: fc.constant("comparison" as const),
          name: fc.constant("date" as const),
          operator: comparison,
          value: dateValue,
        }),
        fc.constantFrom("1", "42", "7").map((value) => ({
          kind: "comparison" as const,
          name: "id" as const,
          operator: "=" as const,
          value: { type: "productId" as const, value },
        })),
        fc.record({
          kind: fc.constant("in" as const),
          name: fc.constant("id" as const),
          negated: fc.boolean(),
          values: fc.array(
            fc.constantFrom("1", "42", "7").map((value) => ({ type: "productId" as const, value })),
            { minLength: 1, maxLength: 2 },
          ),
        }),
      ),
      { maxLength: 3 },
    ),
  }),
  anyClause,
);

const clauseCount = (q: SegmentQuery): number =>
  q.kind === "and" || q.kind === "or" ? q.operands.reduce((n, o) => n + clauseCount(o), 0) : 1;

export const { closeQuery } = fc.letrec<{ closeQuery: SegmentQuery; group: SegmentQuery }>(
  (tie) => ({
    closeQuery: fc.oneof({ depthSize: "small", withCrossShrink: true }, closeClause, tie("group")),
    group: fc.record({
      kind: fc.constantFrom("and" as const, "or" as const),
      operands: fc.array(tie("closeQuery"), { minLength: 2, maxLength: 3 }),
    }),
  }),
);
export const boundedCloseQuery = closeQuery.filter((q) => clauseCount(q) <= maxClauses);

/** Now is on one of the days above, in a zone with DST or in UTC. */
export const closeContext = fc
  .tuple(dateContext, fc.constantFrom(...days), fc.constantFrom(...times))
  .map(([{ timeZone }, day, time]) => ({ timeZone, now: new Date(`${day}T${time}Z`) }));
