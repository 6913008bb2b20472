import { describe, expect, it } from "vitest";
import { isClienteleError } from "../errors.js";
import { contractMetadata, describeEventStoreContract } from "./contract/index.js";
import type { RecordedEvent } from "./eventStore.js";
import { getInMemoryEventStore } from "./inMemoryEventStore.js";
import { type Upcasters, withUpcasting } from "./upcasting.js";

// v1 stored a single `note` string; v2 splits it into `body` + `pinned`; v3 adds `visibility`.
const upcasters: Upcasters = {
  CustomerNoteAdded: {
    1: ({ note }) => ({ body: note, pinned: false }),
    2: (data) => ({ ...data, visibility: "staff" }),
  },
};

const noteV1 = (note: string) => ({
  type: "CustomerNoteAdded",
  data: { note },
  metadata: contractMetadata({ schemaVersion: 1 }),
});

const shapes = (events: RecordedEvent[]) =>
  events.map((e) => ({ data: e.data, version: e.metadata.schemaVersion }));

describe("withUpcasting", () => {
  it("reads v1 events back in the v2 shape from every read path", async () => {
    const raw = getInMemoryEventStore();
    await raw.appendToStream("clientele-customer-1", [noteV1("VIP"), noteV1("Allergic to wool")]);
    const store = withUpcasting(raw, upcasters, { CustomerNoteAdded: 2 });
    const expected = [
      { data: { body: "VIP", pinned: false }, version: 2 },
      { data: { body: "Allergic to wool", pinned: false }, version: 2 },
    ];

    expect(shapes(await store.readStream("clientele-customer-1"))).toEqual(expected);
    expect(shapes(await store.readAll())).toEqual(expected);
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribe({}, (event) => {
      seen.push(event);
    });
    while (seen.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await subscription.stop();
    expect(shapes(seen)).toEqual(expected);
  });

  it("chains upcasters across versions and leaves current events and unknown types alone", async () => {
    const raw = getInMemoryEventStore();
    const v3 = {
      type: "CustomerNoteAdded",
      data: { body: "new", pinned: true, visibility: "all" },
      metadata: contractMetadata({ schemaVersion: 3 }),
    };
    const other = { type: "CustomerTagged", data: { tag: "vip" }, metadata: contractMetadata() };
    await raw.appendToStream("s", [noteV1("old"), v3, other]);
    const store = withUpcasting(raw, upcasters, { CustomerNoteAdded: 3 });
    expect(shapes(await store.readStream("s"))).toEqual([
      { data: { body: "old", pinned: false, visibility: "staff" }, version: 3 },
      { data: v3.data, version: 3 },
      { data: { tag: "vip" }, version: 1 },
    ]);
    // The stored events are untouched: only reads see the new shape.
    expect((await raw.readStream("s"))[0]?.data).toEqual({ note: "old" });
  });

  it("fails loudly when a step of the chain is missing", async () => {
    const raw = getInMemoryEventStore();
    await raw.appendToStream("s", [noteV1("old")]);
    const store = withUpcasting(raw, upcasters, { CustomerNoteAdded: 4 });
    const error = await store.readStream("s").catch((e: unknown) => e);
    expect(isClienteleError(error, "VALIDATION_FAILED")).toBe(true);
    expect((error as { details: unknown }).details).toMatchObject({
      eventType: "CustomerNoteAdded",
      fromVersion: 3,
      targetVersion: 4,
    });
  });
});

describeEventStoreContract("in-memory behind withUpcasting", async () => {
  const store = withUpcasting(getInMemoryEventStore(), upcasters, { CustomerNoteAdded: 3 });
  return { store, teardown: () => store.close() };
});
