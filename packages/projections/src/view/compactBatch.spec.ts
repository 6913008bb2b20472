import fc from "fast-check";
import { expect, it } from "vitest";
import { getInMemoryReadModelStore } from "../readModel/inMemoryReadModelStore.js";
import type { ReadModelStore } from "../readModel/readModelStore.js";
import { compactBatch } from "./compactBatch.js";
import { viewOp } from "./viewOps.arbitrary.js";
import type { ViewOp } from "./viewOps.js";

const apply = async (
  store: ReadModelStore,
  ops: ViewOp[],
  from: bigint | undefined,
  to: bigint,
) => {
  try {
    return await store.applyBatch({ projection: "compact", version: 1, from, to, ops });
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

it("a compacted batch leaves the same view as the batch as written", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(viewOp, { maxLength: 10 }),
      fc.array(viewOp, { maxLength: 30 }),
      async (setup, ops) => {
        const written = getInMemoryReadModelStore();
        const compacted = getInMemoryReadModelStore();
        const setupOutcome = await apply(written, setup, undefined, 1n);
        await apply(compacted, setup, undefined, 1n);
        const from = setupOutcome === "applied" ? 1n : undefined;
        const outcome = await apply(written, ops, from, 2n);
        // Compaction runs after planBatch, so only batches that pass it are compared.
        fc.pre(outcome === "applied");
        expect(await apply(compacted, compactBatch(ops), from, 2n)).toBe("applied");
        expect(await compacted.snapshot("compact", 1)).toEqual(
          await written.snapshot("compact", 1),
        );
      },
    ),
    { numRuns: 2000 },
  );
});

it("folds 500 events' worth of counters into one op per field", () => {
  const ops: ViewOp[] = Array.from({ length: 500 }, (_, n) => [
    { op: "hincrby" as const, key: "stats", field: "total", by: 1 },
    { op: "hset" as const, key: "stats", fields: { last: String(n) } },
    { op: "zadd" as const, key: "rank", member: "a", score: n },
  ]).flat();
  expect(compactBatch(ops)).toEqual([
    { op: "hincrby", key: "stats", field: "total", by: 500 },
    { op: "hset", key: "stats", fields: { last: "499" } },
    { op: "zadd", key: "rank", member: "a", score: 499 },
  ]);
});
