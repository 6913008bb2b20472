import fc from "fast-check";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../testing/redisServer.js";
import type { ViewOp } from "../view/viewOps.js";
import { getInMemoryReadModelStore } from "./inMemoryReadModelStore.js";
import type { ReadModelStore } from "./readModelStore.js";
import { getRedisReadModelStore } from "./redisReadModelStore.js";

let redis: RedisServer;
let client: Redis;
beforeAll(async () => {
  redis = await startRedisServer();
  client = redis.client();
});
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

// Few keys and fields, so ops collide: type conflicts, non-integer increments, emptied keys.
const key = fc.constantFrom("a", "b", "c", "d");
const field = fc.constantFrom("f", "g", "h");
const value = fc.oneof(
  fc.constantFrom("0", "7", "-3", "007", "x", ""),
  fc.string({ maxLength: 4 }),
);
const members = fc.array(fc.constantFrom("m1", "m2", "m3"), { minLength: 1, maxLength: 3 });

const op: fc.Arbitrary<ViewOp> = fc.oneof(
  fc.record({ op: fc.constant("hset"), key, fields: fc.dictionary(field, value, { minKeys: 1 }) }),
  fc.record({
    op: fc.constant("hdel"),
    key,
    fields: fc.array(field, { minLength: 1, maxLength: 2 }),
  }),
  fc.record({ op: fc.constant("hincrby"), key, field, by: fc.integer({ min: -5, max: 5 }) }),
  fc.record({ op: fc.constant("set"), key, value }),
  fc.record({ op: fc.constant("del"), key }),
  fc.record({
    op: fc.constant("setbit"),
    key,
    offset: fc.integer({ min: 0, max: 40 }),
    bit: fc.constantFrom(0 as const, 1 as const),
  }),
  fc.record({
    op: fc.constant("zadd"),
    key,
    member: fc.constantFrom("m1", "m2"),
    score: fc
      .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
      .map((s) => (s === 0 ? 0 : s)),
  }),
  fc.record({ op: fc.constant("zrem"), key, members }),
  fc.record({ op: fc.constant("sadd"), key, members }),
  fc.record({ op: fc.constant("srem"), key, members }),
);

const outcome = async (
  store: ReadModelStore,
  ops: ViewOp[],
  from: bigint | undefined,
  to: bigint,
) => {
  try {
    return await store.applyBatch({ projection: "parity", version: 1, from, to, ops });
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
};

it("the Redis store and the in-memory store agree on every batch: outcome, view and checkpoint", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(op, { maxLength: 8 }), { minLength: 1, maxLength: 6 }),
      async (batches) => {
        await client.flushall();
        const memory = getInMemoryReadModelStore();
        const onRedis = getRedisReadModelStore({ client });
        for (const [index, ops] of batches.entries()) {
          const from = await memory.checkpoint("parity", 1);
          const to = BigInt(index + 1);
          expect(await outcome(onRedis, ops, from, to)).toEqual(
            await outcome(memory, ops, from, to),
          );
          expect(await onRedis.snapshot("parity", 1)).toEqual(await memory.snapshot("parity", 1));
          expect(await onRedis.checkpoint("parity", 1)).toBe(await memory.checkpoint("parity", 1));
        }
      },
    ),
    { numRuns: 150 },
  );
});
