import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { usePrivateRedis } from "../testing/redisServer.js";
import { viewOp } from "../view/viewOps.arbitrary.js";
import type { ViewOp } from "../view/viewOps.js";
import { getInMemoryReadModelStore } from "./inMemoryReadModelStore.js";
import type { ReadModelStore } from "./readModelStore.js";
import { getRedisReadModelStore } from "./redisReadModelStore.js";

const redis = usePrivateRedis({ beforeAll, afterAll });

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
      fc.array(fc.array(viewOp, { maxLength: 12 }), { minLength: 1, maxLength: 6 }),
      async (batches) => {
        await redis.client.flushall();
        const memory = getInMemoryReadModelStore();
        const onRedis = getRedisReadModelStore({ client: redis.client });
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
    { numRuns: 200 },
  );
});
