import { getInMemoryReadModelStore, getRedisReadModelStore, testing } from "@clientele/projections";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { SegmentQuery } from "./ast.js";
import type { DateContext } from "./dates.js";
import { createIndexedSegmentReader } from "./indexedReader.js";
import type { SegmentProfile } from "./profile.js";
import { filterProfiles } from "./referenceEvaluator.js";
import { boundedQuery, dateContext, profile } from "./spec/arbitraries.js";
import { boundedCloseQuery, closeContext, closeProfile } from "./spec/closeArbitraries.js";
import { allMembers, indexProfiles } from "./spec/indexFixture.js";

const redis = testing.usePrivateRedis({ beforeAll, afterAll });

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const threeWay = (
  profiles: fc.Arbitrary<SegmentProfile>,
  queries: fc.Arbitrary<SegmentQuery>,
  contexts: fc.Arbitrary<DateContext>,
) =>
  fc.asyncProperty(
    fc.uniqueArray(profiles, { selector: (p) => p.id, maxLength: 25 }),
    fc.array(queries, { minLength: 1, maxLength: 4 }),
    contexts,
    async (customers, queryList, context) => {
      await redis.client.flushall();
      const layout = { shards: 2, version: 1, timeZone: context.timeZone };
      const memory = getInMemoryReadModelStore();
      const onRedis = getRedisReadModelStore({ client: redis.client });
      await indexProfiles(memory, layout, customers);
      await indexProfiles(onRedis, layout, customers);
      const readers = [memory, onRedis].map((readModel) =>
        createIndexedSegmentReader({ readModel, layout, now: () => context.now }),
      );
      for (const query of queryList) {
        const expected = filterProfiles(query, customers, context)
          .map((p) => p.id)
          .sort(byId);
        for (const reader of readers) {
          expect(await reader.count(query)).toBe(expected.length);
          expect((await allMembers(reader, query, 4)).sort(byId)).toEqual(expected);
        }
      }
    },
  );

it("random well-formed queries give the same members on the reference, in memory and on Redis", async () => {
  await fc.assert(threeWay(profile, boundedQuery, dateContext), { numRuns: 150 });
});

it("so do queries whose values sit exactly on the customers' values (boundaries, DST days)", async () => {
  await fc.assert(threeWay(closeProfile, boundedCloseQuery, closeContext), { numRuns: 400 });
});
