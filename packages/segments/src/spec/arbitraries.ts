import { canonicalProductId } from "@clientele/core";
import fc from "fast-check";
import type { Clause, DateValue, Param, SegmentQuery, Value } from "../ast.js";
import { namedDates } from "../ast.js";
import { accountStatuses, consentStates } from "../attributes.js";
import { canonicalDecimal, decimalOfNumber } from "../decimal.js";
import { maxClauses } from "../parser.js";
import type { SegmentProfile } from "../profile.js";

/** Generators of well-formed queries and of profiles, shared by the property specs. */

const day = fc
  .date({
    min: new Date("1970-01-01T00:00:00Z"),
    max: new Date("2099-12-31T23:59:59Z"),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());
export const dateValue: fc.Arbitrary<DateValue> = fc.oneof(
  day.map((iso) => ({ type: "date" as const, value: iso.slice(0, 10) })),
  day.map((iso) => ({ type: "dateTime" as const, value: iso.slice(0, 19) })),
  fc.record({
    type: fc.constant("offset" as const),
    amount: fc.integer({ min: -100, max: 100 }),
    unit: fc.constantFrom("d" as const, "w" as const, "m" as const, "y" as const),
  }),
  fc.constantFrom(...namedDates).map((name) => ({ type: "named" as const, name })),
);
export const compatibleBounds = fc
  .tuple(dateValue, dateValue)
  .filter(
    ([a, b]) =>
      !(new Set([a.type, b.type]).has("dateTime") && new Set([a.type, b.type]).has("offset")),
  );
export const comparison = fc.constantFrom(
  "=" as const,
  "!=" as const,
  ">" as const,
  ">=" as const,
  "<" as const,
  "<=" as const,
);
/** Amounts like the profiles', and literals no float holds: 25 digits, 0.0000001, 100.00005. */
const decimal: fc.Arbitrary<Value> = fc.oneof(
  fc
    .nat({ max: 10_000_000 })
    .map((cents) => ({ type: "number" as const, value: decimalOfNumber(cents / 100) })),
  fc
    .tuple(fc.stringMatching(/^\d{1,26}$/), fc.stringMatching(/^\d{0,9}$/))
    .map(([whole, fraction]) => ({
      type: "number" as const,
      value: canonicalDecimal(fraction === "" ? whole : `${whole}.${fraction}`),
    })),
);
const whole: fc.Arbitrary<Value> = fc
  .nat({ max: 1_000_000 })
  .map((value) => ({ type: "number", value: String(value) }));
/** Mostly the values the profiles below hold, so clauses match some of the time. */
const text = fc.oneof(
  fc.constantFrom("vip", "VIP", "CA", "ca", "US-CA", "US-CA-LosAngeles", "example.com", "fr"),
  fc.string({ maxLength: 12 }),
);
const productId: fc.Arbitrary<Value> = fc.oneof(
  fc
    .bigInt({ min: 0n, max: 10n ** 16n })
    .map((n) => ({ type: "productId" as const, value: String(n) })),
  // Trees hold ids as the parser does: digits without leading zeros (`07` is product 7).
  fc
    .string({ minLength: 1, maxLength: 8 })
    .map((value) => ({ type: "productId" as const, value: canonicalProductId(value) })),
  fc.nat(99).map((n) => ({ type: "productId" as const, value: String(n) })),
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

export const param: fc.Arbitrary<Param> = fc.oneof(
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

export const clause: fc.Arbitrary<Clause> = fc.oneof(
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

export const { query } = fc.letrec<{ query: SegmentQuery; group: SegmentQuery }>((tie) => ({
  query: fc.oneof({ depthSize: "small", withCrossShrink: true }, clause, tie("group")),
  group: fc.record({
    kind: fc.constantFrom("and" as const, "or" as const),
    operands: fc.array(tie("query"), { minLength: 2, maxLength: 3 }),
  }),
}));

export const clauseCount = (q: SegmentQuery): number =>
  q.kind === "and" || q.kind === "or" ? q.operands.reduce((n, o) => n + clauseCount(o), 0) : 1;

/** Well-formed trees within the clause limit. */
export const boundedQuery = query.filter((q) => clauseCount(q) <= maxClauses);

const instant = fc
  .date({
    min: new Date("2019-01-01T00:00:00Z"),
    max: new Date("2025-12-31T23:59:59Z"),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());
const someOf = (values: readonly string[]) => fc.subarray([...values]);

export const profile: fc.Arbitrary<SegmentProfile> = fc.record(
  {
    id: fc.uuid(),
    tags: someOf(["vip", "VIP", "wholesale", "newsletter"]),
    amountSpent: fc.integer({ min: 0, max: 200_000 }).map((cents) => cents / 100),
    numberOfOrders: fc.nat({ max: 2_000 }),
    customerAddedAt: instant,
    firstOrderAt: instant,
    lastOrderAt: instant,
    lastAbandonedCheckoutAt: instant,
    emailSubscriptionStatus: fc.constantFrom(...consentStates),
    smsSubscriptionStatus: fc.constantFrom(...consentStates),
    accountStatus: fc.constantFrom(...accountStatuses),
    countries: someOf(["CA", "ca", "US", "FR"]),
    regions: someOf(["US-CA", "CA-ON"]),
    cities: someOf(["US-CA-LosAngeles", "us-ca-losangeles", "CA-ON-Toronto"]),
    emailDomain: fc.constantFrom("example.com", "Example.com", "shop.example.com"),
    language: fc.constantFrom("fr", "en"),
    purchases: fc.array(
      fc.record({
        productId: fc.constantFrom("1", "2012162031638", "a"),
        at: instant,
      }),
      { maxLength: 3 },
    ),
  },
  {
    requiredKeys: [
      "id",
      "tags",
      "amountSpent",
      "numberOfOrders",
      "customerAddedAt",
      "emailSubscriptionStatus",
      "smsSubscriptionStatus",
      "accountStatus",
      "countries",
      "regions",
      "cities",
      "purchases",
    ],
  },
);

/** A few zones with DST rules on both hemispheres, a half-hour one and UTC. */
export const dateContext = fc.record({
  timeZone: fc.constantFrom(
    "UTC",
    "Europe/Paris",
    "America/Toronto",
    "Australia/Sydney",
    "Asia/Kolkata",
  ),
  now: instant.map((iso) => new Date(iso)),
});
