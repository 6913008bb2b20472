import { getInMemoryEventStore } from "@clientele/core";
import type { Cluster } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { streamStats } from "./examples/streamStats.js";
import type { Projection } from "./projection.js";
import { startProjector } from "./projector.js";
import { getInMemoryReadModelStore } from "./readModel/inMemoryReadModelStore.js";
import { redisKeys } from "./readModel/readModelStore.js";
import { getRedisReadModelStore } from "./readModel/redisReadModelStore.js";
import { rebuildProjection } from "./rebuild.js";
import { appendHistory, seededHistory } from "./testing/history.js";
import { type RedisCluster, startRedisCluster } from "./testing/redisServer.js";

let redis: RedisCluster;
let client: Cluster;
beforeAll(async () => {
  redis = await startRedisCluster(3);
  client = redis.cluster();
});
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

it("runs, rebuilds and drops a projection on a three-master cluster like in memory", async () => {
  const store = getInMemoryEventStore();
  const readModel = getRedisReadModelStore({ client, scanCount: 5 });
  const history = seededHistory(3, 1500);
  await appendHistory(store, history.slice(0, 1000));

  const v1 = await startProjector({
    store,
    readModel,
    projection: streamStats,
    batchSize: 64,
    batchDelayMs: 1,
  });
  await v1.waitFor(1000n);
  const v2: Projection = { ...streamStats, version: 2 };
  await rebuildProjection({ store, readModel, projection: v2, retirePrevious: () => v1.stop() });
  const projector = await startProjector({ store, readModel, projection: v2, batchDelayMs: 1 });
  await appendHistory(store, history.slice(1000));
  await projector.waitFor(1500n);
  await projector.stop();

  const reference = getInMemoryReadModelStore();
  await rebuildProjection({ store, readModel: reference, projection: v2 });
  expect(await readModel.snapshot("streamStats", 2)).toEqual(
    await reference.snapshot("streamStats", 2),
  );
  expect(await readModel.liveVersion("streamStats")).toBe(2);
  expect(await readModel.snapshot("streamStats", 1)).toEqual({});

  // Every key of a version, checkpoint included, hashes to one slot: the batch script needs it.
  const slotOf = async (key: string) => client.cluster("KEYSLOT", key);
  const v2Slots = new Set(
    await Promise.all(
      Object.keys(await readModel.snapshot("streamStats", 2)).map((key) =>
        slotOf(redisKeys.view("streamStats", 2, key)),
      ),
    ),
  );
  expect(v2Slots).toEqual(new Set([await slotOf(redisKeys.checkpoint("streamStats", 2))]));
});
