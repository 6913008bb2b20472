import {
  getInMemoryReadModelStore,
  getRedisReadModelStore,
  type ReadModelStore,
  testing,
} from "@clientele/projections";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIndexedSegmentReader } from "./indexedReader.js";
import { parseSegmentQuery } from "./parser.js";
import { printQuery } from "./printQuery.js";
import { filterProfiles } from "./referenceEvaluator.js";
import { indexProfiles } from "./spec/indexFixture.js";
import { profileOf } from "./spec/profiles.js";

const now = new Date("2026-06-15T16:00:00Z");
const layout = { shards: 2, version: 1, timeZone: "Europe/Paris" };
const context = { timeZone: layout.timeZone, now };
const bought = (productId: string) => [{ productId, at: "2026-01-10T10:00:00Z" }];
const profiles = [
  profileOf("cus_zero"),
  profileOf("cus_100", { amountSpent: 100, numberOfOrders: 1, purchases: bought("1234") }),
  profileOf("cus_100_0001", { amountSpent: 100.0001, numberOfOrders: 1, purchases: bought("7") }),
  // Written before product ids were compared as numbers, by another writer, say.
  profileOf("cus_legacy", { amountSpent: 5, numberOfOrders: 1, purchases: bought("00042") }),
];

const redis = testing.usePrivateRedis({ beforeAll, afterAll });
const stores: Array<[string, ReadModelStore]> = [];
beforeAll(async () => {
  stores.push(
    ["in memory", getInMemoryReadModelStore()],
    ["on Redis", getRedisReadModelStore({ client: redis.client })],
  );
  for (const [, store] of stores) await indexProfiles(store, layout, profiles);
});

/** The members by the reference evaluator, then by both indexes; all three must agree. */
const membersOf = async (text: string) => {
  const query = parseSegmentQuery(text);
  const expected = filterProfiles(query, profiles, context).map((p) => p.id);
  for (const [, readModel] of stores) {
    const reader = createIndexedSegmentReader({ readModel, layout, now: () => now });
    expect([...(await reader.page(query, { limit: 10 })).ids].sort()).toEqual([...expected].sort());
    expect(await reader.count(query)).toBe(expected.length);
  }
  return expected.sort();
};

describe("numbers in queries are exact decimals, end to end", () => {
  it.each([
    "amount_spent >= 9999999999999999999999999",
    "amount_spent > 0.0000001",
    "amount_spent = 100.00000000000000001",
    "amount_spent BETWEEN 0.00001 AND 100.00005",
  ])("%s prints as typed and parses back to the same tree", (text) => {
    expect(printQuery(parseSegmentQuery(text))).toBe(text);
    expect(parseSegmentQuery(printQuery(parseSegmentQuery(text)))).toEqual(parseSegmentQuery(text));
  });

  it("keeps one spelling per value: leading and trailing zeros go", () => {
    expect(printQuery(parseSegmentQuery("amount_spent > 007.500"))).toBe("amount_spent > 7.5");
  });

  it("a literal beyond any float's precision is compared as written, not rounded", async () => {
    expect(await membersOf("amount_spent >= 9999999999999999999999999")).toEqual([]);
    expect(await membersOf("amount_spent < 9999999999999999999999999")).toHaveLength(4);
    // As a float this is 100, and cus_100 would match.
    expect(await membersOf("amount_spent = 100.00000000000000001")).toEqual([]);
    expect(await membersOf("amount_spent > 100.00000000000000001")).toEqual(["cus_100_0001"]);
    expect(await membersOf("amount_spent <= 100.00000000000000001")).toEqual([
      "cus_100",
      "cus_legacy",
      "cus_zero",
    ]);
    expect(await membersOf("amount_spent > 0.0000001")).toEqual([
      "cus_100",
      "cus_100_0001",
      "cus_legacy",
    ]);
  });
});

describe("product ids are numbers: 01234 and 1234 name one product", () => {
  it("a leading zero in the query matches the product bought", async () => {
    expect(await membersOf("products_purchased MATCHES (id = 01234)")).toEqual(["cus_100"]);
    expect(await membersOf("products_purchased MATCHES (id = 1234)")).toEqual(["cus_100"]);
    expect(await membersOf("products_purchased MATCHES (id IN ('01234', 7))")).toEqual([
      "cus_100",
      "cus_100_0001",
    ]);
    expect(await membersOf("products_purchased NOT MATCHES (id = 001234)")).toEqual([
      "cus_100_0001",
      "cus_legacy",
      "cus_zero",
    ]);
  });

  it("an order stored with leading zeros matches the plain id", async () => {
    expect(await membersOf("products_purchased MATCHES (id = 42)")).toEqual(["cus_legacy"]);
  });

  it("prints the id without its leading zeros", () => {
    expect(printQuery(parseSegmentQuery("products_purchased MATCHES (id = 01234)"))).toBe(
      "products_purchased MATCHES (id = 1234)",
    );
  });
});
