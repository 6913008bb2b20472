import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { usePrivateRedis } from "../testing/redisServer.js";
import { getInMemoryReadModelStore } from "./inMemoryReadModelStore.js";
import { type ReadModelStore, redisKeys, type ViewBatch } from "./readModelStore.js";
import { getRedisReadModelStore } from "./redisReadModelStore.js";

const redis = usePrivateRedis({ beforeAll, afterAll });

const stores: Array<[string, () => Promise<ReadModelStore>]> = [
  ["in memory", async () => getInMemoryReadModelStore()],
  [
    "redis",
    async () => {
      await redis.client.flushall();
      return getRedisReadModelStore({ client: redis.client });
    },
  ],
];

const batch = (from: bigint | undefined, to: bigint, ops: ViewBatch["ops"]): ViewBatch => ({
  projection: "stats",
  version: 1,
  from,
  to,
  ops,
});

describe.each(stores)("%s read-model store", (_, makeStore) => {
  let store: ReadModelStore;
  beforeEach(async () => {
    store = await makeStore();
  });

  it("applies a batch and moves the checkpoint", async () => {
    const outcome = await store.applyBatch(
      batch(undefined, 3n, [
        { op: "hincrby", key: "a", field: "n", by: 2 },
        { op: "hset", key: "a", fields: { name: "Ada" } },
        { op: "setbit", key: "bits", offset: 9, bit: 1 },
        { op: "zadd", key: "rank", member: "x", score: 1.5 },
        { op: "sadd", key: "tags", members: ["vip", "eu"] },
        { op: "set", key: "last", value: "s-1" },
      ]),
    );
    expect(outcome).toBe("applied");
    expect(await store.checkpoint("stats", 1)).toBe(3n);
    expect(await store.snapshot("stats", 1)).toEqual({
      a: { type: "hash", fields: { n: "2", name: "Ada" } },
      bits: { type: "string", hex: "0040" },
      rank: { type: "zset", entries: [["x", 1.5]] },
      tags: { type: "set", members: ["eu", "vip"] },
      last: { type: "string", hex: Buffer.from("s-1").toString("hex") },
    });
    expect(await store.readHash("stats", 1, "a")).toEqual({ n: "2", name: "Ada" });
  });

  it("changes nothing when an applied batch is delivered again (exactly-once effect)", async () => {
    const first = batch(undefined, 5n, [{ op: "hincrby", key: "a", field: "n", by: 1 }]);
    const second = batch(5n, 9n, [{ op: "hincrby", key: "a", field: "n", by: 10 }]);
    await store.applyBatch(first);
    await store.applyBatch(second);
    const before = await store.snapshot("stats", 1);
    expect(await store.applyBatch(first)).toBe("already-applied");
    expect(await store.applyBatch(second)).toBe("already-applied");
    expect(await store.snapshot("stats", 1)).toEqual(before);
    expect(before).toEqual({ a: { type: "hash", fields: { n: "11" } } });
    expect(await store.checkpoint("stats", 1)).toBe(9n);
  });

  it("refuses a batch that skips ahead, naming both checkpoints", async () => {
    await store.applyBatch(batch(undefined, 5n, [{ op: "set", key: "k", value: "1" }]));
    await expect(
      store.applyBatch(batch(7n, 9n, [{ op: "set", key: "k", value: "2" }])),
    ).rejects.toMatchObject({
      code: "CHECKPOINT_MISMATCH",
      details: { expected: "7", found: "5" },
    });
    await expect(
      store.applyBatch(batch(undefined, 4n, [{ op: "set", key: "k", value: "2" }])),
    ).resolves.toBe("already-applied");
    expect(await store.snapshot("stats", 1)).toEqual({
      k: { type: "string", hex: Buffer.from("1").toString("hex") },
    });
  });

  it("writes nothing of a batch whose op would hit the wrong type", async () => {
    await store.applyBatch(batch(undefined, 1n, [{ op: "sadd", key: "tags", members: ["a"] }]));
    await expect(
      store.applyBatch(
        batch(1n, 2n, [
          { op: "set", key: "first", value: "written?" },
          { op: "hset", key: "tags", fields: { a: "1" } },
        ]),
      ),
    ).rejects.toMatchObject({ code: "VIEW_TYPE_CONFLICT", details: { key: "tags" } });
    await store.applyBatch(batch(1n, 2n, [{ op: "hset", key: "counts", fields: { n: "x" } }]));
    await expect(
      store.applyBatch(
        batch(2n, 3n, [
          { op: "set", key: "first", value: "written?" },
          { op: "hincrby", key: "counts", field: "n", by: 1 },
        ]),
      ),
    ).rejects.toMatchObject({ code: "INVALID_VIEW_OP", details: { key: "counts", field: "n" } });
    expect(await store.checkpoint("stats", 1)).toBe(2n);
    expect(Object.keys(await store.snapshot("stats", 1)).sort()).toEqual(["counts", "tags"]);
  });

  it("drops emptied hashes, sets and sorted sets like Redis", async () => {
    await store.applyBatch(
      batch(undefined, 1n, [
        { op: "hset", key: "h", fields: { a: "1" } },
        { op: "hdel", key: "h", fields: ["a"] },
        { op: "sadd", key: "s", members: ["a"] },
        { op: "srem", key: "s", members: ["a", "b"] },
        { op: "zadd", key: "z", member: "a", score: 1 },
        { op: "zrem", key: "z", members: ["a"] },
        { op: "hdel", key: "missing", fields: ["a"] },
      ]),
    );
    expect(await store.snapshot("stats", 1)).toEqual({});
  });

  it("keeps versions apart, switches the alias and drops a version", async () => {
    await store.applyBatch(batch(undefined, 1n, [{ op: "set", key: "k", value: "v1" }]));
    await store.applyBatch({
      ...batch(undefined, 1n, [{ op: "set", key: "k", value: "v2" }]),
      version: 2,
    });
    expect(await store.liveVersion("stats")).toBeUndefined();
    expect(await store.setLiveVersion("stats", 1, { onlyIfUnset: true })).toBe(true);
    expect(await store.setLiveVersion("stats", 2, { onlyIfUnset: true })).toBe(false);
    expect(await store.setLiveVersion("stats", 2)).toBe(true);
    expect(await store.liveVersion("stats")).toBe(2);
    expect(await store.dropVersion("stats", 1)).toBe(2);
    expect(await store.snapshot("stats", 1)).toEqual({});
    expect(await store.checkpoint("stats", 1)).toBeUndefined();
    expect(await store.snapshot("stats", 2)).toEqual({
      k: { type: "string", hex: Buffer.from("v2").toString("hex") },
    });
  });

  it("moves a lookup with its indexed field, leaving lookups that name someone else", async () => {
    const indexed = (key: string, value: string | null, id: string) => ({
      op: "hsetindexed" as const,
      key,
      field: "email",
      value,
      indexPrefix: "email:",
      id,
    });
    await store.applyBatch(
      batch(undefined, 1n, [
        indexed("c:a", "x@e", "a"),
        { op: "set", key: "email:y@e", value: "b" },
      ]),
    );
    await store.applyBatch(batch(1n, 2n, [indexed("c:a", "y@e", "a")]));
    expect(await store.readString("stats", 1, "email:x@e")).toBeUndefined();
    // y@e named b; a takes it over, and when a leaves y@e again the lookup (now a's) goes.
    expect(await store.readString("stats", 1, "email:y@e")).toBe("a");
    await store.applyBatch(batch(2n, 3n, [{ op: "set", key: "email:y@e", value: "b" }]));
    await store.applyBatch(batch(3n, 4n, [indexed("c:a", null, "a")]));
    expect(await store.readString("stats", 1, "email:y@e")).toBe("b");
    expect(await store.readHash("stats", 1, "c:a")).toEqual({});
  });

  it("reads sets sorted, several hashes at once, and sorted sets a page at a time, highest first", async () => {
    await store.applyBatch(
      batch(undefined, 1n, [
        { op: "sadd", key: "tags", members: ["vip", "b2b"] },
        { op: "hset", key: "h1", fields: { a: "1" } },
        { op: "hset", key: "h2", fields: { b: "2" } },
        ...[1, 2, 3, 4, 5].map((n) => ({
          op: "zadd" as const,
          key: "feed",
          member: `m${n}`,
          score: n,
        })),
      ]),
    );
    expect(await store.readSet("stats", 1, "tags")).toEqual(["b2b", "vip"]);
    expect(await store.readSet("stats", 1, "none")).toEqual([]);
    expect(await store.readHashes("stats", 1, ["h2", "none", "h1"])).toEqual([
      { b: "2" },
      {},
      { a: "1" },
    ]);
    expect(await store.readSortedSetPage("stats", 1, "feed", { limit: 2 })).toEqual([
      ["m5", 5],
      ["m4", 4],
    ]);
    expect(await store.readSortedSetPage("stats", 1, "feed", { below: 4, limit: 2 })).toEqual([
      ["m3", 3],
      ["m2", 2],
    ]);
    expect(await store.readSortedSetPage("stats", 1, "feed", { below: 2, limit: 5 })).toEqual([
      ["m1", 1],
    ]);
    expect(await store.readSortedSetPage("stats", 1, "none", { limit: 5 })).toEqual([]);
  });

  it("deletes what linked sets reach, through chains and cycles, each id once", async () => {
    await store.applyBatch(
      batch(undefined, 1n, [
        { op: "sadd", key: "p:root:links", members: ["a"] },
        { op: "sadd", key: "p:a:links", members: ["b", "root"] },
        { op: "sadd", key: "p:b:links", members: ["a"] },
        { op: "hset", key: "p:a:data", fields: { x: "1" } },
        { op: "hset", key: "p:b:data", fields: { x: "2" } },
        { op: "hset", key: "p:c:data", fields: { x: "3" } },
      ]),
    );
    await store.applyBatch(
      batch(1n, 2n, [
        {
          op: "dellinked",
          key: "p:root:links",
          prefix: "p:",
          linkSuffix: ":links",
          targetSuffix: ":data",
        },
        { op: "hset", key: "p:a:data", fields: { y: "new" } },
      ]),
    );
    const snapshot = await store.snapshot("stats", 1);
    expect(snapshot["p:a:data"]).toEqual({ type: "hash", fields: { y: "new" } });
    expect(snapshot["p:b:data"]).toBeUndefined();
    expect(snapshot["p:c:data"]).toEqual({ type: "hash", fields: { x: "3" } });
    expect(snapshot["p:root:links"]).toEqual({ type: "set", members: ["a"] });
  });

  it("rejects names that would break key patterns", async () => {
    await expect(store.checkpoint("a*b", 1)).rejects.toMatchObject({
      code: "INVALID_PROJECTION",
      details: { field: "name" },
    });
    await expect(store.checkpoint("ok", 0)).rejects.toMatchObject({
      details: { field: "version" },
    });
  });
});

describe("redis read-model store with large batches", () => {
  it("applies a batch adding 20,000 members to one set and 20,000 fields to one hash", async () => {
    await redis.client.flushall();
    const store = getRedisReadModelStore({ client: redis.client });
    const members = Array.from({ length: 20_000 }, (_, n) => `m${n}`);
    const ops: ViewBatch["ops"] = members.flatMap((member) => [
      { op: "sadd" as const, key: "big", members: [member] },
      { op: "hset" as const, key: "wide", fields: { [member]: "1" } },
    ]);
    expect(await store.applyBatch(batch(undefined, 1n, ops))).toBe("applied");
    expect(await redis.client.scard(redisKeys.view("stats", 1, "big"))).toBe(20_000);
    expect(await redis.client.hlen(redisKeys.view("stats", 1, "wide"))).toBe(20_000);
  });
});
