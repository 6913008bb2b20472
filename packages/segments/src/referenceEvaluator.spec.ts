import { describe, expect, it } from "vitest";
import { parseSegmentQuery } from "./parser.js";
import type { SegmentProfile } from "./profile.js";
import { evaluate, filterProfiles } from "./referenceEvaluator.js";
import { profileOf } from "./spec/profiles.js";

// Toronto is UTC-4 in June and on 2020-05-30; noon local on 2024-06-15, so:
// today = 2024-06-15, -7d = 2024-06-08, -2w = 2024-06-01, -3m = 2024-03-15.
const context = { timeZone: "America/Toronto", now: new Date("2024-06-15T16:00:00Z") };

const base = profileOf("", { customerAddedAt: "2020-01-01T12:00:00Z" });

const profiles: SegmentProfile[] = [
  {
    ...base,
    id: "A",
    emailSubscriptionStatus: "SUBSCRIBED",
    tags: ["VIP", "newsletter"],
    countries: ["CA"],
    regions: ["CA-ON"],
    cities: ["CA-ON-Toronto"],
    amountSpent: 10.99,
    numberOfOrders: 1,
    // 11:00 in Toronto on 2020-05-30
    firstOrderAt: "2020-05-30T15:00:00Z",
    lastOrderAt: "2020-05-30T15:00:00Z",
    emailDomain: "example.com",
    purchases: [{ productId: "2012162031638", at: "2020-05-30T15:00:00Z" }],
  },
  {
    ...base,
    id: "B",
    emailSubscriptionStatus: "SUBSCRIBED",
    accountStatus: "DISABLED",
    countries: ["US"],
    regions: ["US-CA"],
    cities: ["us-ca-losangeles"],
    amountSpent: 1500,
    numberOfOrders: 12,
    firstOrderAt: "2019-01-01T12:00:00Z",
    // 23:30 on 2020-05-30 in Toronto, already 2020-05-31 in UTC
    lastOrderAt: "2020-05-31T03:30:00Z",
    lastAbandonedCheckoutAt: "2024-06-10T12:00:00Z",
    emailDomain: "Example.com",
    purchases: [{ productId: "1012132033639", at: "2024-05-01T12:00:00Z" }],
  },
  {
    ...base,
    id: "C",
    emailSubscriptionStatus: "UNSUBSCRIBED",
    tags: ["vip"],
    countries: ["ca", "US"],
  },
  {
    ...base,
    id: "D",
    accountStatus: "INVITED",
    tags: ["wholesale"],
    countries: ["FR"],
    cities: ["US-CA-LosAngeles"],
    amountSpent: 1000.99,
    numberOfOrders: 100,
    firstOrderAt: "2021-01-01T05:00:00Z",
    lastOrderAt: "2024-06-15T14:00:00Z",
    emailDomain: "example.com",
    language: "fr",
    purchases: [
      { productId: "2012162031638", at: "2024-06-15T14:00:00Z" },
      { productId: "555", at: "2023-01-01T12:00:00Z" },
    ],
  },
  {
    ...base,
    id: "E",
    emailSubscriptionStatus: "SUBSCRIBED",
    tags: ["VIP"],
    countries: ["GB"],
    amountSpent: 999.99,
    numberOfOrders: 10,
    firstOrderAt: "2024-06-09T12:00:00Z",
    lastOrderAt: "2024-06-09T12:00:00Z",
    lastAbandonedCheckoutAt: "2024-06-14T12:00:00Z",
    emailDomain: "shop.example.com",
    purchases: [{ productId: "777", at: "2024-06-09T12:00:00Z" }],
  },
  {
    ...base,
    id: "F",
    emailSubscriptionStatus: "PENDING",
    accountStatus: "DECLINED",
    amountSpent: 100,
    numberOfOrders: 1000,
    firstOrderAt: "2024-01-01T12:00:00Z",
    // 23:30 on 2024-05-31 in Toronto, 2024-06-01 in UTC: one day short of -2w
    lastOrderAt: "2024-06-01T03:30:00Z",
    purchases: [{ productId: "2012162031638", at: "2024-01-01T12:00:00Z" }],
  },
  {
    ...base,
    id: "G",
    emailSubscriptionStatus: "SUBSCRIBED",
    countries: ["CA"],
    amountSpent: 1000,
    numberOfOrders: 1,
    // 00:30 on 2020-05-30 in Toronto: that day, but before 04:00 local
    firstOrderAt: "2020-05-30T04:30:00Z",
    lastOrderAt: "2020-05-30T04:30:00Z",
    purchases: [{ productId: "999", at: "2020-05-30T04:30:00Z" }],
  },
];

const ids = (query: string): string[] =>
  filterProfiles(parseSegmentQuery(query), profiles, context).map((p) => p.id);

describe("every example query of segments.md, over hand-made customers", () => {
  // Expected ids reasoned by hand from the profiles above (see their comments for the day boundaries).
  it.each([
    ["email_subscription_status = 'SUBSCRIBED'", ["A", "B", "E", "G"]],
    ["last_order_date = 2020-05-30", ["A", "B", "G"]],
    [
      "last_order_date >= 2020-05-30T04:00:00 AND last_order_date < 2020-05-31T04:00:00",
      ["A", "B"],
    ],
    ["last_order_date > 2020-05-30", ["D", "E", "F"]],
    ["last_order_date > -7d", ["D", "E"]],
    ["last_order_date >= -2w", ["D", "E"]],
    ["last_order_date BETWEEN 2021-01-01 AND today", ["D", "E", "F"]],
    ["last_order_date = today", ["D"]],
    ["customer_account_status = 'DISABLED'", ["B"]],
    ["amount_spent = 10.99", ["A"]],
    ["amount_spent BETWEEN 100 AND 1000.99", ["D", "E", "F", "G"]],
    ["number_of_orders = 10", ["E"]],
    ["number_of_orders BETWEEN 100 AND 1000", ["D", "F"]],
    ["customer_tags CONTAINS 'vip'", ["A", "C", "E"]],
    ["customer_tags NOT CONTAINS 'vip'", ["B", "D", "F", "G"]],
    ["customer_cities CONTAINS 'US-CA-LosAngeles'", ["B", "D"]],
    ["customer_email_domain = 'example.com'", ["A", "D"]],
    ["email_subscription_status = 'SUBSCRIBED' AND customer_countries CONTAINS 'CA'", ["A", "G"]],
    [
      "email_subscription_status = 'SUBSCRIBED' OR customer_countries CONTAINS 'CA'",
      ["A", "B", "C", "E", "G"],
    ],
    [
      "email_subscription_status = 'SUBSCRIBED' AND customer_countries CONTAINS 'CA' OR amount_spent > 999.99",
      ["A", "B", "D", "G"],
    ],
    [
      "email_subscription_status = 'SUBSCRIBED' AND (customer_countries CONTAINS 'CA' OR amount_spent > 999.99)",
      ["A", "B", "G"],
    ],
    ["abandoned_checkout_date IS NOT NULL", ["B", "E"]],
    ["products_purchased MATCHES (id = 2012162031638)", ["A", "D", "F"]],
    ["products_purchased MATCHES (id IN (2012162031638, 1012132033639))", ["A", "B", "D", "F"]],
    ["products_purchased NOT MATCHES (date > -3m)", ["A", "C", "F", "G"]],
  ])("%s", (query, expected) => {
    expect(ids(query)).toEqual(expected);
  });
});

describe("missing values, lists and functions", () => {
  it("a comparison with a missing value is false whatever the operator, != included", () => {
    expect(ids("first_order_date != 2020-01-01")).not.toContain("C");
    expect(ids("customer_email_domain != 'example.com'")).toEqual(["B", "E"]);
    expect(ids("customer_language != 'en'")).toEqual(["D"]);
  });

  it("IS NULL finds the missing values", () => {
    expect(ids("last_order_date IS NULL")).toEqual(["C"]);
    expect(ids("abandoned_checkout_date IS NULL")).toEqual(["A", "C", "D", "F", "G"]);
    expect(ids("customer_cities IS NULL")).toEqual(["C", "E", "F", "G"]);
    expect(ids("customer_cities IS NOT NULL")).toEqual(["A", "B", "D"]);
  });

  it("a customer with no orders has amount_spent and number_of_orders 0", () => {
    expect(ids("amount_spent = 0 AND number_of_orders = 0")).toEqual(["C"]);
  });

  it("NOT CONTAINS is true for an empty list", () => {
    expect(ids("customer_countries NOT CONTAINS 'CA'")).toEqual(["B", "D", "E", "F"]);
  });

  it("enum and string comparisons are case-sensitive", () => {
    expect(ids("customer_email_domain = 'Example.com'")).toEqual(["B"]);
  });

  it("products_purchased needs one order line that satisfies every parameter", () => {
    expect(ids("products_purchased MATCHES (id = 2012162031638, date > -3m)")).toEqual(["D"]);
    // D bought 555 (in 2023) and something else today: no single line matches both.
    expect(ids("products_purchased MATCHES (id = 555, date > -3m)")).toEqual([]);
    expect(ids("products_purchased MATCHES (id NOT IN (2012162031638, 999))")).toEqual([
      "B",
      "D",
      "E",
    ]);
    expect(ids("products_purchased MATCHES (date BETWEEN 2024-06-01 AND today)")).toEqual([
      "D",
      "E",
    ]);
  });

  it("MATCHES () means any purchase and NOT MATCHES is its complement", () => {
    expect(ids("products_purchased MATCHES ()")).toEqual(["A", "B", "D", "E", "F", "G"]);
    expect(ids("products_purchased NOT MATCHES ()")).toEqual(["C"]);
    const query = parseSegmentQuery("products_purchased MATCHES (id IN (777, 999))");
    const negated = parseSegmentQuery("products_purchased NOT MATCHES (id IN (777, 999))");
    for (const profile of profiles) {
      expect(evaluate(negated, profile, context)).toBe(!evaluate(query, profile, context));
    }
  });

  it("the time zone decides the day", () => {
    const utc = { ...context, timeZone: "UTC" };
    const query = parseSegmentQuery("last_order_date = 2020-05-30");
    expect(filterProfiles(query, profiles, utc).map((p) => p.id)).toEqual(["A", "G"]);
  });
});
