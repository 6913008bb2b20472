import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contractMetadata } from "../eventStore/contract/index.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { getInMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import type { StreamLoader } from "../handling/streamLoader.js";
import { foldStreamLoader } from "./foldStreamLoader.js";
import { isSnapshotStream, snapshotStreamName, snapshottingLoader } from "./snapshotLoader.js";

// A test decider small enough to reason about: a running total and a sorted tag set.
type TallyEvent =
  | { type: "Added"; data: { by: number } }
  | { type: "Tagged"; data: { tag: string } }
  | { type: "Untagged"; data: { tag: string } };
interface Tally {
  total: number;
  tags: string[];
}
const initialState = (): Tally => ({ total: 0, tags: [] });
const evolve = (state: Tally, event: TallyEvent): Tally => {
  switch (event.type) {
    case "Added":
      return { ...state, total: state.total + event.data.by };
    case "Tagged":
      return { ...state, tags: [...new Set([...state.tags, event.data.tag])].sort() };
    case "Untagged":
      return { ...state, tags: state.tags.filter((t) => t !== event.data.tag) };
  }
};
// What a v2 of the code might do: same events, different state (totals counted twice).
const evolveV2 = (state: Tally, event: TallyEvent): Tally =>
  event.type === "Added"
    ? { ...state, total: state.total + 2 * event.data.by }
    : evolve(state, event);

const tallyEvent: fc.Arbitrary<TallyEvent> = fc.oneof(
  fc.integer({ min: -100, max: 100 }).map((by) => ({ type: "Added" as const, data: { by } })),
  fc
    .constantFrom("vip", "wholesale", "b2b")
    .map((tag) => ({ type: "Tagged" as const, data: { tag } })),
  fc.constantFrom("vip", "wholesale").map((tag) => ({ type: "Untagged" as const, data: { tag } })),
);
const batches = fc.array(fc.array(tallyEvent, { minLength: 1, maxLength: 7 }), { maxLength: 25 });

const stream = "clientele-customer-tally";

/** Appends each batch the way the command handler does: load, append at that revision, afterAppend. */
const write = async (
  store: EventStore,
  loader: StreamLoader<Tally>,
  writes: TallyEvent[][],
  fold = evolve,
) => {
  for (const batch of writes) {
    const loaded = await loader.load(store, stream);
    const result = await store.appendToStream(
      stream,
      batch.map((event) => ({ ...event, metadata: contractMetadata() })),
      { expectedRevision: loaded.revision === -1 ? "no_stream" : loaded.revision },
    );
    const state = batch.reduce(fold, loaded.state);
    await loader.afterAppend?.(store, stream, { state, revision: result.nextExpectedRevision });
  }
};

describe("snapshottingLoader", () => {
  it("loads exactly what a full replay loads, for any events and any snapshot interval", async () => {
    await fc.assert(
      fc.asyncProperty(batches, fc.integer({ min: 1, max: 12 }), async (writes, every) => {
        const store = getInMemoryEventStore();
        const loader = snapshottingLoader({ evolve, initialState, every, stateVersion: 1 });
        await write(store, loader, writes);
        const replayed = await foldStreamLoader(evolve, initialState).load(store, stream);
        expect(await loader.load(store, stream)).toEqual(replayed);
        // A fresh process (no cached hints) must find the latest snapshot on its own.
        const cold = snapshottingLoader({ evolve, initialState, every, stateVersion: 1 });
        expect(await cold.load(store, stream)).toEqual(replayed);

        const eventCount = replayed.revision + 1;
        const snapshots = await store.readStream(snapshotStreamName(stream));
        expect(snapshots.length > 0).toBe(eventCount >= every);
        expect(snapshots.every((s) => s.type === "Snapshot" && s.data.stateVersion === 1)).toBe(
          true,
        );
      }),
      { numRuns: 150 },
    );
  });

  it("ignores snapshots of another stateVersion and replaces them", async () => {
    await fc.assert(
      fc.asyncProperty(
        batches,
        batches,
        fc.integer({ min: 1, max: 6 }),
        async (before, after, every) => {
          const store = getInMemoryEventStore();
          await write(
            store,
            snapshottingLoader({ evolve, initialState, every, stateVersion: 1 }),
            before,
          );
          const v2 = snapshottingLoader({ evolve: evolveV2, initialState, every, stateVersion: 2 });
          const replayV2 = foldStreamLoader(evolveV2, initialState);
          expect(await v2.load(store, stream)).toEqual(await replayV2.load(store, stream));
          await write(store, v2, after, evolveV2);
          expect(await v2.load(store, stream)).toEqual(await replayV2.load(store, stream));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("reads only the events after the snapshot", async () => {
    const store = getInMemoryEventStore();
    const loader = snapshottingLoader({ evolve, initialState, every: 10, stateVersion: 1 });
    await write(
      store,
      loader,
      Array.from({ length: 25 }, () => [{ type: "Added", data: { by: 1 } }]),
    );
    const reads: { streamName: string; fromRevision?: number }[] = [];
    const spy: EventStore = {
      ...store,
      readStream: (streamName, options) => {
        reads.push({
          streamName,
          ...(options?.fromRevision === undefined ? {} : { fromRevision: options.fromRevision }),
        });
        return store.readStream(streamName, options);
      },
    };
    expect(await loader.load(spy, stream)).toEqual({
      state: { total: 25, tags: [] },
      revision: 24,
    });
    expect(reads.at(-1)).toEqual({ streamName: stream, fromRevision: 20 });
  });

  it("hands evolve a writable state even when the store freezes stored events", async () => {
    const store = getInMemoryEventStore();
    const mutating = (state: Tally, event: TallyEvent): Tally => {
      if (event.type === "Added") state.total += event.data.by;
      if (event.type === "Tagged") state.tags.push(event.data.tag);
      return state;
    };
    const loader = snapshottingLoader({
      evolve: mutating,
      initialState,
      every: 2,
      stateVersion: 1,
    });
    const writes: TallyEvent[][] = [
      [{ type: "Added", data: { by: 1 } }],
      [{ type: "Tagged", data: { tag: "vip" } }],
      [{ type: "Added", data: { by: 2 } }],
    ];
    await write(store, loader, writes, mutating);
    expect(await loader.load(store, stream)).toEqual({
      state: { total: 3, tags: ["vip"] },
      revision: 2,
    });
  });

  it("names side streams so a projection can tell them from the stream they shadow", () => {
    expect(snapshotStreamName("clientele-customer-cus_1")).toBe(
      "clientele-customer-cus_1-snapshot",
    );
    expect(isSnapshotStream(snapshotStreamName("clientele-customer-cus_1"))).toBe(true);
    expect(isSnapshotStream("clientele-customer-cus_1")).toBe(false);
  });

  it("refuses an interval below 1", () => {
    expect(() => snapshottingLoader({ evolve, initialState, every: 0, stateVersion: 1 })).toThrow(
      RangeError,
    );
  });
});
