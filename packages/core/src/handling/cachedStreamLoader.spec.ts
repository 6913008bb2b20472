import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contractMetadata } from "../eventStore/contract/index.js";
import type { EventStore, ReadStreamOptions } from "../eventStore/eventStore.js";
import { getInMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { foldStreamLoader } from "../snapshots/foldStreamLoader.js";
import { cachedStreamLoader } from "./cachedStreamLoader.js";

// A running total: small enough that any wrong fold shows in the number.
type Added = { type: "Added"; data: { by: number } };
const counter = {
  evolve: (total: number, event: Added) => total + event.data.by,
  initialState: () => 0,
};
const add = (store: EventStore, stream: string, ...amounts: number[]) =>
  store.appendToStream(
    stream,
    amounts.map((by) => ({ type: "Added", data: { by }, metadata: contractMetadata() })),
  );

/** Records which revision each read started from. */
const spied = (store: EventStore) => {
  const reads: { streamName: string; fromRevision: number | undefined }[] = [];
  const spy: EventStore = {
    ...store,
    readStream(streamName: string, options?: ReadStreamOptions) {
      reads.push({ streamName, fromRevision: options?.fromRevision });
      return store.readStream(streamName, options);
    },
  };
  return { spy, reads };
};

describe("cachedStreamLoader", () => {
  it("reads only the events appended since its last load, by anyone", async () => {
    const store = getInMemoryEventStore();
    const { spy, reads } = spied(store);
    const loader = cachedStreamLoader(counter);
    await add(store, "s", 1, 2, 3);
    expect(await loader.load(spy, "s")).toEqual({ state: 6, revision: 2 });
    // Another process appends: the cache must not serve the old total.
    await add(store, "s", 10);
    expect(await loader.load(spy, "s")).toEqual({ state: 16, revision: 3 });
    expect(reads.map((read) => read.fromRevision)).toEqual([0, 3]);
  });

  it("starts from the state a command just wrote, and keeps the furthest of two", async () => {
    const store = getInMemoryEventStore();
    const { spy, reads } = spied(store);
    const loader = cachedStreamLoader(counter);
    await add(store, "s", 1, 2);
    await loader.afterAppend?.(store, "s", { state: 3, revision: 1 });
    // A slower command finishing late with an older state must not win.
    await loader.afterAppend?.(store, "s", { state: 1, revision: 0 });
    expect(await loader.load(spy, "s")).toEqual({ state: 3, revision: 1 });
    expect(reads).toEqual([{ streamName: "s", fromRevision: 2 }]);
  });

  it("always equals a full replay, whatever the cache size and access pattern (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(
          fc.record({
            stream: fc.constantFrom("a", "b", "c", "d", "e", "f"),
            amounts: fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 3 }),
          }),
          { maxLength: 40 },
        ),
        async (maxStreams, steps) => {
          const store = getInMemoryEventStore();
          const cached = cachedStreamLoader(counter, { maxStreams });
          const replay = foldStreamLoader(counter.evolve, counter.initialState);
          for (const { stream, amounts } of steps) {
            if (amounts.length > 0) await add(store, stream, ...amounts);
            expect(await cached.load(store, stream)).toEqual(await replay.load(store, stream));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("holds at most maxStreams and keeps a stream in use over one used once", async () => {
    const store = getInMemoryEventStore();
    const { spy, reads } = spied(store);
    const loader = cachedStreamLoader(counter, { maxStreams: 2 });
    for (const stream of ["hot", "cold", "hot", "new"]) {
      await add(store, stream, 1);
      await loader.load(spy, stream);
    }
    reads.length = 0;
    await loader.load(spy, "hot");
    await loader.load(spy, "cold");
    // "hot" was kept (read from its next revision), "cold" was dropped (read from 0).
    expect(reads).toEqual([
      { streamName: "hot", fromRevision: 2 },
      { streamName: "cold", fromRevision: 0 },
    ]);
  });

  it("loads a stream it does not hold through the cold loader, e.g. from a snapshot", async () => {
    const store = getInMemoryEventStore();
    await add(store, "s", 5, 5);
    const loader = cachedStreamLoader(counter, {
      coldLoader: { load: async () => ({ state: 100, revision: 0 }) },
    });
    // The cold loader says 100 as of revision 0; the cache folds the one event after it.
    expect(await loader.load(store, "s")).toEqual({ state: 105, revision: 1 });
  });
});
