import {
  getRedisReadModelStore,
  redisKeys,
  segmentIndexName,
  testing,
} from "@clientele/projections";
import type { Cluster } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createIndexedSegmentReader } from "./indexedReader.js";
import { parseSegmentQuery } from "./parser.js";
import { filterProfiles } from "./referenceEvaluator.js";
import { customerHistories } from "./spec/customerHistories.js";
import { allMembers, projectEvents } from "./spec/indexFixture.js";

let redis: testing.RedisCluster;
let client: Cluster;
beforeAll(async () => {
  redis = await testing.startRedisCluster(3);
  client = redis.cluster();
}, 60_000);
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

const now = new Date("2026-06-15T16:00:00Z");
const layout = { shards: 6, version: 1, timeZone: "Europe/Paris" };
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

it("a sharded segment index on a three-master cluster answers like the reference, spread over several nodes", async () => {
  const { events, profiles } = customerHistories(2000, now, 11);
  const readModel = getRedisReadModelStore({ client });
  await projectEvents(readModel, layout, events, 500);
  const reader = createIndexedSegmentReader({ readModel, layout, now: () => now });
  for (const text of [
    "customer_tags CONTAINS 'vip' AND amount_spent > 100",
    "last_order_date BETWEEN 2021-01-01 AND today OR customer_countries CONTAINS 'FR'",
    "products_purchased MATCHES (id = 42, date > -2y)",
    "products_purchased NOT MATCHES (date > -3m)",
  ]) {
    const query = parseSegmentQuery(text);
    const expected = filterProfiles(query, profiles, { timeZone: layout.timeZone, now })
      .map((p) => p.id)
      .sort(byId);
    expect(expected.length).toBeGreaterThan(0);
    expect(await reader.count(query)).toBe(expected.length);
    expect((await allMembers(reader, query, 300)).sort(byId)).toEqual(expected);
  }

  // Each shard is one hash tag (one slot, so its scripts run there); the shards spread the index.
  const nodeOfShard = await Promise.all(
    Array.from({ length: layout.shards }, async (_, shard) => {
      const slot = await client.cluster(
        "KEYSLOT",
        redisKeys.tag(segmentIndexName(layout, shard), 1),
      );
      const ranges = await client.cluster("SLOTS");
      const owner = ranges.find(([from, to]) => slot >= from && slot <= to);
      return owner?.[2]?.[1];
    }),
  );
  expect(new Set(nodeOfShard).size).toBeGreaterThan(1);
});
