import { getInMemoryEventStore } from "@clientele/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamStats } from "./examples/streamStats.js";
import type { Projection } from "./projection.js";
import { startProjector } from "./projector.js";
import { getInMemoryReadModelStore } from "./readModel/inMemoryReadModelStore.js";
import { getRedisReadModelStore } from "./readModel/redisReadModelStore.js";
import { rebuildProjection } from "./rebuild.js";
import { appendHistory, type HistoryEvent, seededHistory } from "./testing/history.js";
import { usePrivateRedis } from "./testing/redisServer.js";

const redis = usePrivateRedis({ beforeAll, afterAll });

const historyEvent: fc.Arbitrary<HistoryEvent> = fc.record({
  streamName: fc
    .tuple(fc.constantFrom("customer", "order", "segment"), fc.integer({ min: 0, max: 5 }))
    .map(([category, n]) => `${category}-${n}`),
  type: fc.constantFrom("Created", "Updated", "Tagged", "StreamArchived"),
});

/** The reference: the same projection folded by a rebuild into a fresh in-memory store. */
const cleanBuild = async (
  history: readonly HistoryEvent[],
  projection: Projection = streamStats,
) => {
  const store = getInMemoryEventStore();
  await appendHistory(store, history);
  const readModel = getInMemoryReadModelStore();
  await rebuildProjection({ store, readModel, projection });
  return readModel.snapshot(projection.name, projection.version);
};

describe("projector", () => {
  it("on Redis builds exactly the view the in-memory store builds, across restarts (differential)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(historyEvent, { minLength: 1, maxLength: 120 }),
        fc.array(historyEvent, { maxLength: 60 }),
        fc.integer({ min: 1, max: 40 }),
        async (before, after, batchSize) => {
          await redis.client.flushall();
          const store = getInMemoryEventStore();
          const memory = getInMemoryReadModelStore();
          const onRedis = getRedisReadModelStore({ client: redis.client });
          const run = (readModel: typeof memory) =>
            startProjector({
              store,
              readModel,
              projection: streamStats,
              batchSize,
              batchDelayMs: 1,
            });

          const firstLast = await appendHistory(store, before);
          for (const readModel of [memory, onRedis]) {
            const projector = await run(readModel);
            await projector.waitFor(firstLast as bigint);
            await projector.stop();
          }
          // Restarted projectors resume from the stored checkpoint while events keep arriving.
          const projectors = [await run(memory), await run(onRedis)];
          const last = (await appendHistory(store, after)) ?? firstLast;
          for (const projector of projectors) {
            await projector.waitFor(last as bigint);
            await projector.stop();
          }

          const expected = await cleanBuild([...before, ...after]);
          expect(await memory.snapshot("streamStats", 1)).toEqual(expected);
          expect(await onRedis.snapshot("streamStats", 1)).toEqual(expected);
          expect(await onRedis.checkpoint("streamStats", 1)).toBe(last);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("reads only its stream prefixes and moves its checkpoint to the last event it read", async () => {
    const store = getInMemoryEventStore();
    const readModel = getInMemoryReadModelStore();
    const orders: Projection = { ...streamStats, name: "orderStats", streamPrefixes: ["order-"] };
    await appendHistory(store, [
      { streamName: "customer-1", type: "Created" },
      { streamName: "order-1", type: "Created" },
      { streamName: "customer-2", type: "Created" },
    ]);
    const projector = await startProjector({
      store,
      readModel,
      projection: orders,
      batchDelayMs: 1,
    });
    await projector.waitFor(2n);
    await projector.stop();
    expect(Object.keys(await readModel.snapshot("orderStats", 1))).not.toContain(
      "category:customer",
    );
    expect(await readModel.readHash("orderStats", 1, "category:order")).toMatchObject({
      total: "1",
    });
    expect(await readModel.checkpoint("orderStats", 1)).toBe(2n);
    expect(await readModel.liveVersion("orderStats")).toBe(1);
    await expect(projector.waitFor(99n)).rejects.toMatchObject({ code: "PROJECTOR_STOPPED" });
  });

  it("waits for the position of an event it does not read until what it reads before it is in the view", async () => {
    const store = getInMemoryEventStore();
    const readModel = getInMemoryReadModelStore();
    const orders: Projection = { ...streamStats, name: "orderStats", streamPrefixes: ["order-"] };
    const projector = await startProjector({
      store,
      readModel,
      projection: orders,
      batchDelayMs: 20,
    });
    // Positions 1-3: an order, then two events of streams the projection never sees; the last
    // is what a command handler would wait on after a merge's bookkeeping write.
    await appendHistory(store, [
      { streamName: "order-1", type: "Created" },
      { streamName: "customer-1", type: "Created" },
      { streamName: "customer-1", type: "Updated" },
    ]);
    await projector.waitFor(3n);
    expect(await readModel.readHash("orderStats", 1, "category:order")).toMatchObject({
      total: "1",
    });
    // Nothing it reads lies between its checkpoint and position 3 any more: settles at once.
    await projector.waitFor(3n);
    await projector.stop();
  });

  it("fails loudly, without applying anything after, when a batch cannot apply", async () => {
    const store = getInMemoryEventStore();
    const readModel = getInMemoryReadModelStore();
    const clash: Projection = {
      name: "clash",
      version: 1,
      streamPrefixes: [],
      apply(event, view) {
        if (event.type === "Created") view.addToSet("k", "x");
        else view.setFields("k", { a: 1 });
      },
    };
    await appendHistory(store, [{ streamName: "s-1", type: "Created" }]);
    const projector = await startProjector({
      store,
      readModel,
      projection: clash,
      batchDelayMs: 1,
    });
    await projector.waitFor(1n);
    await appendHistory(store, [
      { streamName: "s-1", type: "Updated" },
      { streamName: "s-1", type: "Created" },
    ]);
    await expect(projector.done).rejects.toMatchObject({ code: "VIEW_TYPE_CONFLICT" });
    await expect(projector.waitFor(3n)).rejects.toMatchObject({ code: "VIEW_TYPE_CONFLICT" });
    expect(await readModel.checkpoint("clash", 1)).toBe(1n);
    await projector.stop();
  });
});

describe("rebuildProjection", () => {
  it("builds v2 beside live v1, switches the alias and drops v1's keys", async () => {
    await redis.client.flushall();
    const store = getInMemoryEventStore();
    const readModel = getRedisReadModelStore({ client: redis.client, scanCount: 7 });
    const history = seededHistory(7, 600);
    await appendHistory(store, history.slice(0, 400));
    const v1 = await startProjector({ store, readModel, projection: streamStats, batchDelayMs: 1 });
    await v1.waitFor(400n);
    await appendHistory(store, history.slice(400, 500));

    // v2 counts differently, so the test can tell which version readers see.
    const v2: Projection = {
      ...streamStats,
      version: 2,
      apply(event, view) {
        streamStats.apply(event, view);
        view.increment("totals", "events");
      },
    };
    const result = await rebuildProjection({
      store,
      readModel,
      projection: v2,
      batchSize: 33,
      retirePrevious: () => v1.stop(),
    });
    expect(result).toMatchObject({ version: 2, previousVersion: 1, checkpoint: 500n });
    expect(result.droppedKeys).toBeGreaterThan(10);
    expect(await readModel.liveVersion("streamStats")).toBe(2);
    expect(await readModel.snapshot("streamStats", 1)).toEqual({});
    expect(await readModel.checkpoint("streamStats", 1)).toBeUndefined();

    const projector = await startProjector({ store, readModel, projection: v2, batchDelayMs: 1 });
    await appendHistory(store, history.slice(500));
    await projector.waitFor(600n);
    await projector.stop();
    expect(await readModel.readHash("streamStats", 2, "totals")).toEqual({ events: "600" });
    expect(await readModel.snapshot("streamStats", 2)).toEqual(await cleanBuild(history, v2));
    await expect(rebuildProjection({ store, readModel, projection: v2 })).rejects.toMatchObject({
      code: "STALE_REBUILD",
    });
  });
});
