import { getInMemoryEventStore } from "@clientele/core";
import type { Cluster } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { directory } from "./directory/directory.js";
import { streamStats } from "./examples/streamStats.js";
import type { Projection } from "./projection.js";
import { startProjector } from "./projector.js";
import { getInMemoryReadModelStore } from "./readModel/inMemoryReadModelStore.js";
import { redisKeys } from "./readModel/readModelStore.js";
import { getRedisReadModelStore } from "./readModel/redisReadModelStore.js";
import { rebuildProjection } from "./rebuild.js";
import { customerCreated, customerHistory, project } from "./testing/customerHistory.js";
import { appendHistory, seededHistory } from "./testing/history.js";
import { type RedisCluster, startRedisCluster } from "./testing/redisServer.js";
import { readTimeline } from "./timeline/readTimeline.js";
import { timeline } from "./timeline/timeline.js";

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

it("projects the timeline and directory on a cluster, erasure of merged profiles included, like in memory", async () => {
  const history = customerHistory()
    .add("cus_b", "CustomerCreated", customerCreated("cus_b"))
    .add("cus_b", "CustomerNoted", { note: "secret of b" })
    .add("cus_a", "CustomerCreated", customerCreated("cus_a"))
    .add("cus_a", "CustomerMerged", { mergeId: "m1", absorbedId: "cus_b", gained: [] })
    .add("cus_b", "CustomerMergedInto", { mergeId: "m1", survivorId: "cus_a" })
    .add("cus_a", "CustomerRedacted", {});
  const onCluster = getRedisReadModelStore({ client });
  const memory = getInMemoryReadModelStore();
  for (const projection of [timeline, directory]) {
    await project(onCluster, projection, history.events, 2);
    await project(memory, projection, history.events, 2);
    expect(await onCluster.snapshot(projection.name, projection.version)).toEqual(
      await memory.snapshot(projection.name, projection.version),
    );
  }
  expect(JSON.stringify(await onCluster.snapshot("timeline", timeline.version))).not.toContain(
    "secret",
  );
  const read = { audience: "staff", limit: 10 } as const;
  expect(await readTimeline(onCluster, "cus_a", read)).toEqual(
    await readTimeline(memory, "cus_a", read),
  );
});
