import {
  getInMemoryReadModelStore,
  getRedisReadModelStore,
  type ReadModelStore,
  testing,
} from "@clientele/projections";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIndexedSegmentReader } from "./indexedReader.js";
import { parseSegmentQuery } from "./parser.js";
import { filterProfiles } from "./referenceEvaluator.js";
import { customerHistories } from "./spec/customerHistories.js";
import { allMembers, projectEvents } from "./spec/indexFixture.js";

/** The example queries of the segments domain rules (shared/domain/segments.md), verbatim. */
const examples = [
  "email_subscription_status = 'SUBSCRIBED'",
  "last_order_date = 2020-05-30",
  "last_order_date >= 2020-05-30T04:00:00 AND last_order_date < 2020-05-31T04:00:00",
  "last_order_date > 2020-05-30",
  "last_order_date > -7d",
  "last_order_date >= -2w",
  "last_order_date BETWEEN 2021-01-01 AND today",
  "last_order_date = today",
  "customer_account_status = 'DISABLED'",
  "amount_spent = 10.99",
  "amount_spent BETWEEN 100 AND 1000.99",
  "number_of_orders = 10",
  "number_of_orders BETWEEN 100 AND 1000",
  "customer_tags CONTAINS 'vip'",
  "customer_tags NOT CONTAINS 'vip'",
  "customer_cities CONTAINS 'US-CA-LosAngeles'",
  "customer_email_domain = 'example.com'",
  "email_subscription_status = 'SUBSCRIBED' AND customer_countries CONTAINS 'CA'",
  "email_subscription_status = 'SUBSCRIBED' OR customer_countries CONTAINS 'CA'",
  "email_subscription_status = 'SUBSCRIBED' AND customer_countries CONTAINS 'CA' OR amount_spent > 999.99",
  "email_subscription_status = 'SUBSCRIBED' AND (customer_countries CONTAINS 'CA' OR amount_spent > 999.99)",
  "abandoned_checkout_date IS NOT NULL",
  "products_purchased MATCHES (id = 2012162031638)",
  "products_purchased MATCHES (id IN (2012162031638, 1012132033639))",
  "products_purchased NOT MATCHES (date > -3m)",
];

/** A few more that take the planner's other paths (scans, date-times, missing values). */
const pathQueries = [
  "products_purchased MATCHES (id = 42, date BETWEEN 2022-01-01 AND 2023-06-30)",
  "products_purchased MATCHES (id NOT IN (42, 7), date != 2020-05-30)",
  "products_purchased MATCHES (date < 2021-03-01T12:00:00)",
  "customer_language != 'fr' AND customer_email_domain != 'example.com'",
  "first_order_date IS NULL OR customer_cities IS NULL",
  "customer_added_date <= 2022-02-02T10:11:12 AND amount_spent < 250.5",
];

const now = new Date("2026-06-15T16:00:00Z");
const layout = { shards: 3, version: 1, timeZone: "America/Toronto" };
const { events, profiles } = customerHistories(10_000, now);
const context = { timeZone: layout.timeZone, now };
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const redis = testing.usePrivateRedis({ beforeAll, afterAll });
const stores: Array<[string, ReadModelStore]> = [];
beforeAll(async () => {
  stores.push(
    ["in memory", getInMemoryReadModelStore()],
    ["on Redis", getRedisReadModelStore({ client: redis.client })],
  );
  for (const [, store] of stores) await projectEvents(store, layout, events);
}, 120_000);

describe("the indexed segment reader over 10,000 customers built from their events", () => {
  it("every example query of the domain rules parses, and most match someone here", () => {
    const matching = examples.filter(
      (query) => filterProfiles(parseSegmentQuery(query), profiles, context).length > 0,
    );
    expect(matching.length).toBeGreaterThanOrEqual(examples.length - 3);
  });

  it.each([...examples, ...pathQueries])(
    "%s: same count and members as the reference",
    async (text) => {
      const query = parseSegmentQuery(text);
      const expected = filterProfiles(query, profiles, context)
        .map((p) => p.id)
        .sort(byId);
      for (const [, readModel] of stores) {
        const reader = createIndexedSegmentReader({ readModel, layout, now: () => now });
        expect(await reader.count(query)).toBe(expected.length);
        expect((await allMembers(reader, query, 1500)).sort(byId)).toEqual(expected);
      }
    },
  );

  it("pages are disjoint, stable, and the last one has no cursor", async () => {
    const [, readModel] = stores[1] as [string, ReadModelStore];
    const reader = createIndexedSegmentReader({ readModel, layout, now: () => now });
    const query = parseSegmentQuery("customer_tags CONTAINS 'vip'");
    const first = await reader.page(query, { limit: 7 });
    expect(first.ids).toHaveLength(7);
    expect(await reader.page(query, { limit: 7 })).toEqual(first);
    const everyone = await allMembers(reader, query, 7);
    expect(new Set(everyone).size).toBe(everyone.length);
    expect(everyone.slice(0, 7)).toEqual(first.ids);
    const total = await reader.count(query);
    expect(everyone).toHaveLength(total);
    const last = await reader.page(query, { limit: total });
    expect(last.cursor).toBeUndefined();
  });

  it("refuses a page size out of range and a cursor it did not issue, saying what to do", async () => {
    const reader = createIndexedSegmentReader({
      readModel: (stores[0] as [string, ReadModelStore])[1],
      layout,
    });
    const query = parseSegmentQuery("customer_tags CONTAINS 'vip'");
    await expect(reader.page(query, { limit: 0 })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    await expect(reader.page(query, { limit: 10, cursor: "9.1" })).rejects.toThrow(/previous page/);
  });
});
