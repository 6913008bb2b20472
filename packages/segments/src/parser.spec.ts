import { ClienteleError, isClienteleError } from "@clientele/core";
import { describe, expect, it } from "vitest";
import { parseSegmentQuery } from "./parser.js";

const rejection = (query: string): ClienteleError => {
  try {
    parseSegmentQuery(query);
  } catch (error) {
    if (isClienteleError(error, "SEGMENT_QUERY_INVALID")) return error;
    throw error;
  }
  throw new Error(`expected ${query} to be rejected`);
};

const clauses = (n: number): string =>
  Array.from({ length: n }, (_, i) => `number_of_orders > ${i}`).join(" AND ");

describe("parseSegmentQuery: the tree", () => {
  it("parses a comparison", () => {
    expect(parseSegmentQuery("amount_spent >= 10.99")).toEqual({
      kind: "comparison",
      attribute: "amount_spent",
      operator: ">=",
      value: { type: "number", value: "10.99" },
    });
  });

  it("binds AND tighter than OR, and parentheses override it", () => {
    const a = "customer_tags CONTAINS 'a'";
    const b = "customer_tags CONTAINS 'b'";
    const c = "customer_tags CONTAINS 'c'";
    const clause = (value: string) => ({
      kind: "contains",
      attribute: "customer_tags",
      negated: false,
      value,
    });
    expect(parseSegmentQuery(`${a} AND ${b} OR ${c}`)).toEqual({
      kind: "or",
      operands: [{ kind: "and", operands: [clause("a"), clause("b")] }, clause("c")],
    });
    expect(parseSegmentQuery(`${a} AND (${b} OR ${c})`)).toEqual({
      kind: "and",
      operands: [clause("a"), { kind: "or", operands: [clause("b"), clause("c")] }],
    });
    expect(parseSegmentQuery(`((${a}))`)).toEqual(clause("a"));
  });

  it("reads every kind of date value", () => {
    const query = parseSegmentQuery(
      "last_order_date BETWEEN -1m AND +30d OR first_order_date > 7_days_ago OR customer_added_date = yesterday OR abandoned_checkout_date < 2020-05-30T04:00:00",
    );
    expect(query).toMatchObject({
      kind: "or",
      operands: [
        { low: { type: "offset", amount: -1, unit: "m" }, high: { type: "offset", amount: 30 } },
        { value: { type: "named", name: "7_days_ago" } },
        { value: { type: "named", name: "yesterday" } },
        { value: { type: "dateTime", value: "2020-05-30T04:00:00" } },
      ],
    });
  });

  it("unescapes \\' in strings and keeps product ids exact", () => {
    expect(parseSegmentQuery("customer_tags CONTAINS 'it\\'s'")).toMatchObject({ value: "it's" });
    expect(parseSegmentQuery("products_purchased MATCHES (id = 90071992547409931)")).toMatchObject({
      params: [{ value: { type: "productId", value: "90071992547409931" } }],
    });
  });

  it("accepts queries across lines", () => {
    expect(
      parseSegmentQuery("amount_spent > 10\n  AND customer_tags CONTAINS 'vip'"),
    ).toMatchObject({
      kind: "and",
    });
  });

  it("accepts 10 clauses, products_purchased counting as one", () => {
    expect(() => parseSegmentQuery(clauses(10))).not.toThrow();
  });
});

describe("parseSegmentQuery: errors say where and what was expected", () => {
  it("rejects times of day where a date belongs (the segments.md invalid example)", () => {
    const error = rejection("last_order_date BETWEEN 1pm AND 3pm");
    expect(error.details).toMatchObject({
      line: 1,
      column: 25,
      found: "`1pm`",
      excerpt: "last_order_date BETWEEN 1pm AND 3pm\n                        ^",
    });
    expect(error.details.expected).toContain("a date (2020-05-30), an offset (-7d");
    expect(error.details.expected).toContain("a date-time (2020-05-30T04:00:00)");
    expect(error.message).toBe(
      "Invalid segment query at line 1, column 25: expected a date (2020-05-30), an offset (-7d, -2w, -1m, -1y, +30d), a named date (today, yesterday) or a date-time (2020-05-30T04:00:00) for last_order_date, found `1pm`.\nlast_order_date BETWEEN 1pm AND 3pm\n                        ^",
    );
  });

  it("points at the right line and column in a multi-line query", () => {
    const error = rejection("amount_spent > 10\nAND customer_tags CONTAINS vip");
    expect(error.details).toMatchObject({ line: 2, column: 28, found: "`vip`" });
    expect(error.details.excerpt).toBe(
      "AND customer_tags CONTAINS vip\n                           ^",
    );
  });

  it("refuses a lone surrogate or a NUL at its line and column, with a printable excerpt", () => {
    const error = rejection("amount_spent > 10\nAND customer_tags CONTAINS 'x\ud800'");
    expect(error.details).toMatchObject({
      line: 2,
      column: 30,
      found: "a lone surrogate (\\ud800)",
    });
    expect(error.message).toContain("well-formed Unicode");
    expect(error.details.excerpt).toBe(
      "AND customer_tags CONTAINS 'x\ufffd'\n                             ^",
    );
    expect(rejection("customer_tags CONTAINS '\u0000'").details).toMatchObject({
      line: 1,
      column: 25,
      found: "a NUL character (\\u0000)",
    });
    // A well-formed astral character or RTL mark is text like any other.
    expect(() => parseSegmentQuery("customer_tags CONTAINS '😀\u200f'")).not.toThrow();
  });

  it.each([undefined, null, 42, {}, ["amount_spent > 1"]])(
    "refuses input that is not text (%s) with SEGMENT_QUERY_INVALID, never a TypeError",
    (input) => {
      const error = rejection(input as unknown as string);
      expect(error.details).toMatchObject({ line: 1, column: 1, expected: "the query as text" });
    },
  );

  it.each(["rfm_group = 'A'", "shopify_email.opened = 1", "amount_spent > 1 OR rfm_group = 'A'"])(
    "names an unsupported attribute: %s",
    (query) => {
      const error = rejection(query);
      const name = query.includes("shopify") ? "shopify_email.opened" : "rfm_group";
      expect(error.message).toContain(`attribute \`${name}\` is not supported`);
      expect(error.details.found).toBe(`\`${name}\``);
    },
  );

  it("rejects more than 10 clauses at the eleventh", () => {
    const query = clauses(11);
    const error = rejection(query);
    expect(error.message).toContain("at most 10 clauses; this is clause 11");
    expect(error.details.column).toBe(query.lastIndexOf("number_of_orders") + 1);
  });

  it.each([
    ["customer_tags = 'vip'", "=", "CONTAINS, NOT CONTAINS"],
    ["email_subscription_status > 'SUBSCRIBED'", ">", "=, !="],
    ["customer_countries IS NULL", "IS NULL", "CONTAINS, NOT CONTAINS"],
    ["amount_spent CONTAINS '1'", "CONTAINS", "=, !=, >, >=, <, <=, BETWEEN"],
    ["amount_spent IS NOT NULL", "IS NOT NULL", "BETWEEN"],
    ["customer_language BETWEEN 'a' AND 'b'", "BETWEEN", "=, !="],
    ["amount_spent NOT MATCHES ()", "NOT MATCHES", "BETWEEN"],
  ])("rejects an operator the attribute does not allow: %s", (query, operator, allowed) => {
    const error = rejection(query);
    expect(error.message).toContain(`operator ${operator} is not allowed`);
    expect(error.details.expected).toContain(allowed);
  });

  it.each([
    ["email_subscription_status = 'subscribed'", "'SUBSCRIBED'"],
    ["customer_account_status = 'ACTIVE'", "'DISABLED', 'INVITED', 'ENABLED', 'DECLINED'"],
    ["number_of_orders = 1.5", "a whole number"],
    ["amount_spent > '10'", "a number"],
    ["amount_spent > 1,000", "no thousands separators"],
    ["last_order_date = 2021-02-29", "a real calendar day"],
    ["last_order_date > 2021-02-01T24:00:00", "a real date-time"],
    ["last_order_date > 7d", "an offset (-7d"],
    ["customer_tags CONTAINS 42", "a quoted string"],
    ["products_purchased MATCHES (sku = 'x')", "id or date"],
    ["products_purchased = 1", "MATCHES or NOT MATCHES"],
    ["amount_spent > 10 and number_of_orders > 1", "keywords are upper case: write AND"],
    ["(amount_spent > 10", "`)` to close"],
    ["amount_spent > 10)", "closes nothing"],
    ["", "an attribute"],
  ])("checks values and structure: %s", (query, expected) => {
    expect(rejection(query).details.expected).toContain(expected);
  });

  it("rejects BETWEEN mixing a date-time with an offset, either way round", () => {
    for (const query of [
      "last_order_date BETWEEN 2020-05-30T04:00:00 AND -7d",
      "last_order_date BETWEEN -7d AND 2020-05-30T04:00:00",
      "products_purchased MATCHES (date BETWEEN -1y AND 2024-01-01T00:00:00)",
    ]) {
      expect(rejection(query).message).toContain("BETWEEN cannot mix a date-time with an offset");
    }
    expect(() =>
      parseSegmentQuery("last_order_date BETWEEN 2020-05-30T04:00:00 AND today"),
    ).not.toThrow();
  });

  it("reports an unterminated string where it opens", () => {
    expect(rejection("customer_tags CONTAINS 'vip").details).toMatchObject({
      column: 24,
      found: "end of query",
    });
  });

  it("refuses absurd nesting with a typed error instead of overflowing the stack", () => {
    const error = rejection(`${"(".repeat(100_000)}amount_spent > 1${")".repeat(100_000)}`);
    expect(error).toBeInstanceOf(ClienteleError);
    expect(error.message).toContain("parentheses nest deeper than 20 levels");
  });
});
