import { eventOf, fixedClock, getInMemoryEventStore, staffPrincipal } from "@clientele/core";
import { describe, expect, it } from "vitest";
import type { SegmentProfile } from "../profile.js";
import { profileBook, profileOf } from "../spec/profiles.js";
import { createSavedSegments } from "./savedSegments.js";
import { segmentNameStreamName, segmentStreamName } from "./streams.js";

const manager = staffPrincipal("mia", ["customers:view", "segments:manage", "customers:export"]);
const viewer = staffPrincipal("vic", ["customers:view"]);

/** Given a store, when saved-segment commands run, then these events (or this error). */
const given = () => {
  const store = getInMemoryEventStore();
  const book = profileBook();
  const clock = fixedClock("2026-03-01T10:00:00.000Z");
  const segments = createSavedSegments({ store, reader: book.reader, clock });
  const typesOf = async (segmentId: string) =>
    (await store.readStream(segmentStreamName(segmentId))).map((e) => [e.type, e.data]);
  const everything = async () => (await store.readAll()).length;
  return { store, book, clock, segments, typesOf, everything };
};

describe("saving a segment", () => {
  it("when created, then its stream holds SegmentCreated with the name and the query text", async () => {
    const { segments, typesOf, store } = given();
    const vip = await segments.create(
      { name: " VIP buyers ", query: "customer_tags CONTAINS 'vip'" },
      manager,
    );
    expect(vip).toMatchObject({
      segmentId: expect.stringMatching(/^seg_/),
      name: "VIP buyers",
      query: "customer_tags CONTAINS 'vip'",
      deleted: false,
      createdAt: "2026-03-01T10:00:00.000Z",
    });
    expect(await typesOf(vip.segmentId)).toEqual([
      [
        "SegmentCreated",
        { segmentId: vip.segmentId, name: "VIP buyers", query: "customer_tags CONTAINS 'vip'" },
      ],
    ]);
    const [created] = await store.readStream(segmentStreamName(vip.segmentId));
    expect(created?.metadata.actor).toEqual({ kind: "staff", staffId: "mia" });
    expect(await segments.get(vip.segmentId, viewer)).toEqual(vip);
  });

  it("when the query does not parse, then SEGMENT_QUERY_INVALID says where, and nothing is written", async () => {
    const { segments, everything } = given();
    const error = await segments
      .create({ name: "Afternoon", query: "last_order_date BETWEEN 1pm AND 3pm" }, manager)
      .catch((e) => e);
    expect(error).toMatchObject({
      code: "SEGMENT_QUERY_INVALID",
      details: { line: 1, column: 25 },
    });
    expect(await everything()).toBe(0);
  });

  it("when the name is empty, then VALIDATION_FAILED names the field, and nothing is written", async () => {
    const { segments, everything } = given();
    await expect(
      segments.create({ name: "  ", query: "amount_spent > 10" }, manager),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: { fields: ["name"] } });
    expect(await everything()).toBe(0);
  });

  it("given a segment named VIP, when another is saved as ' vip ', then SEGMENT_NAME_TAKEN names the holder", async () => {
    const { segments, everything } = given();
    const vip = await segments.create({ name: "VIP", query: "amount_spent > 100" }, manager);
    const before = await everything();
    const error = await segments
      .create({ name: " vip ", query: "amount_spent > 200" }, manager)
      .catch((e) => e);
    expect(error).toMatchObject({
      code: "SEGMENT_NAME_TAKEN",
      message: `The segment name "vip" is already used by segment ${vip.segmentId}. Choose another name, or update that segment instead.`,
      details: { field: "name", segmentId: vip.segmentId },
    });
    expect(await everything()).toBe(before);
    expect((await segments.list(viewer)).map((s) => s.name)).toEqual(["VIP"]);
  });

  it("when ten analysts save the same name at once, then exactly one segment gets it", async () => {
    const { segments } = given();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        segments.create({ name: "Spring sale", query: `amount_spent > ${i}` }, manager),
      ),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => o.status === "rejected")) {
      expect(outcome.reason).toMatchObject({ code: "SEGMENT_NAME_TAKEN" });
    }
    expect(await segments.list(viewer)).toHaveLength(1);
  });
});

describe("changing and deleting a segment", () => {
  it("when renamed, then SegmentUpdated holds the new name and query, and the old name is free", async () => {
    const { segments, typesOf } = given();
    const a = await segments.create({ name: "Old", query: "amount_spent > 1" }, manager);
    const renamed = await segments.update(a.segmentId, { name: "New" }, manager);
    expect(renamed).toMatchObject({ name: "New", query: "amount_spent > 1", revision: 1 });
    expect((await typesOf(a.segmentId)).at(-1)).toEqual([
      "SegmentUpdated",
      { segmentId: a.segmentId, name: "New", query: "amount_spent > 1" },
    ]);
    await segments.create({ name: "old", query: "amount_spent > 2" }, manager);
    await expect(
      segments.create({ name: "NEW", query: "amount_spent > 3" }, manager),
    ).rejects.toMatchObject({ code: "SEGMENT_NAME_TAKEN" });
  });

  it("when the name only changes case, then it keeps its reservation", async () => {
    const { segments } = given();
    const a = await segments.create({ name: "vip", query: "amount_spent > 1" }, manager);
    expect(await segments.update(a.segmentId, { name: "VIP" }, manager)).toMatchObject({
      name: "VIP",
    });
    await expect(
      segments.create({ name: "Vip", query: "amount_spent > 1" }, manager),
    ).rejects.toMatchObject({ code: "SEGMENT_NAME_TAKEN" });
  });

  it("when renamed to a taken name, then SEGMENT_NAME_TAKEN and the segment is unchanged", async () => {
    const { segments, typesOf } = given();
    await segments.create({ name: "A", query: "amount_spent > 1" }, manager);
    const b = await segments.create({ name: "B", query: "amount_spent > 2" }, manager);
    await expect(segments.update(b.segmentId, { name: "a" }, manager)).rejects.toMatchObject({
      code: "SEGMENT_NAME_TAKEN",
    });
    expect(await typesOf(b.segmentId)).toHaveLength(1);
  });

  it("when the new query does not parse, then SEGMENT_QUERY_INVALID and nothing is written", async () => {
    const { segments, everything } = given();
    const a = await segments.create({ name: "A", query: "amount_spent > 1" }, manager);
    const before = await everything();
    await expect(
      segments.update(a.segmentId, { query: "rfm_group = 'champions'" }, manager),
    ).rejects.toMatchObject({ code: "SEGMENT_QUERY_INVALID" });
    expect(await everything()).toBe(before);
  });

  it("when nothing changes, then nothing is written", async () => {
    const { segments, everything } = given();
    const a = await segments.create({ name: "A", query: "amount_spent > 1" }, manager);
    const before = await everything();
    expect(await segments.update(a.segmentId, { query: "amount_spent > 1" }, manager)).toEqual(a);
    expect(await everything()).toBe(before);
  });

  it("when deleted, then SegmentDeleted is recorded, its name is free and it is gone from reads", async () => {
    const { segments, typesOf, everything } = given();
    const a = await segments.create({ name: "A", query: "amount_spent > 1" }, manager);
    await segments.delete(a.segmentId, manager);
    expect((await typesOf(a.segmentId)).map(([type]) => type)).toEqual([
      "SegmentCreated",
      "SegmentDeleted",
    ]);
    const error = await segments.get(a.segmentId, viewer).catch((e) => e);
    expect(error).toMatchObject({ code: "SEGMENT_NOT_FOUND", details: { segmentId: a.segmentId } });
    expect(error.message).toBe(
      `There is no saved segment ${a.segmentId}: it was never created or has been deleted. List the saved segments to find its id.`,
    );
    await expect(segments.update(a.segmentId, { name: "B" }, manager)).rejects.toMatchObject({
      code: "SEGMENT_NOT_FOUND",
    });
    expect(await segments.list(viewer)).toEqual([]);
    const before = await everything();
    await segments.delete(a.segmentId, manager);
    expect(await everything()).toBe(before);
    await segments.create({ name: "a", query: "amount_spent > 1" }, manager);
  });

  it("when the id was never created, then SEGMENT_NOT_FOUND", async () => {
    const { segments } = given();
    await expect(segments.delete("seg_nope", manager)).rejects.toMatchObject({
      code: "SEGMENT_NOT_FOUND",
    });
  });
});

describe("abandoned name reservations", () => {
  it("given a crash between reserving a name and writing the segment, then the name is free again after the grace period", async () => {
    const { store, segments, clock } = given();
    // The reservation a crashed create leaves behind: its segment stream never appeared.
    await store.appendToStream(segmentNameStreamName("Lost"), [
      eventOf(
        "SegmentNameReserved",
        { segmentId: "seg_crashed", name: "Lost" },
        { actor: manager.actor, at: clock.now() },
      ),
    ]);
    await expect(
      segments.create({ name: "lost", query: "amount_spent > 1" }, manager),
    ).rejects.toMatchObject({ code: "SEGMENT_NAME_TAKEN", details: { segmentId: "seg_crashed" } });
    clock.advance(5 * 60_000);
    expect(
      await segments.create({ name: "lost", query: "amount_spent > 1" }, manager),
    ).toMatchObject({ name: "lost" });
  });
});

describe("a failed save", () => {
  it("given the segment's append fails, then its name is released at once", async () => {
    const { store, book } = given();
    const failing = createSavedSegments({
      store: {
        ...store,
        appendToStream: (stream, events, options) =>
          stream === segmentStreamName(String(events[0]?.data.segmentId)) &&
          events[0]?.type === "SegmentCreated"
            ? Promise.reject(new Error("store unavailable"))
            : store.appendToStream(stream, events, options),
      },
      reader: book.reader,
    });
    await expect(
      failing.create({ name: "Retry me", query: "amount_spent > 1" }, manager),
    ).rejects.toThrow("store unavailable");
    const segments = createSavedSegments({ store, reader: book.reader });
    expect(
      await segments.create({ name: "Retry me", query: "amount_spent > 1" }, manager),
    ).toMatchObject({ name: "Retry me" });
  });
});

describe("permissions", () => {
  it.each([
    [
      "create",
      (s: ReturnType<typeof given>["segments"]) =>
        s.create({ name: "A", query: "amount_spent > 1" }, viewer),
    ],
    [
      "update",
      (s: ReturnType<typeof given>["segments"]) => s.update("seg_x", { name: "B" }, viewer),
    ],
    ["delete", (s: ReturnType<typeof given>["segments"]) => s.delete("seg_x", viewer)],
  ])("refuses to %s without segments:manage, naming the permission", async (_, act) => {
    const { segments, everything } = given();
    await expect(act(segments)).rejects.toMatchObject({
      code: "FORBIDDEN",
      details: { permission: "segments:manage" },
    });
    expect(await everything()).toBe(0);
  });

  it("needs customers:view to read and count, customers:export to export", async () => {
    const { segments } = given();
    const a = await segments.create({ name: "A", query: "amount_spent > 1" }, manager);
    const nobody = staffPrincipal("nora", ["segments:manage"]);
    for (const read of [
      () => segments.get(a.segmentId, nobody),
      () => segments.list(nobody),
      () => segments.count({ segmentId: a.segmentId }, nobody),
      () => segments.members({ query: "amount_spent > 1" }, { limit: 10 }, nobody),
    ]) {
      await expect(read()).rejects.toMatchObject({
        code: "FORBIDDEN",
        details: { permission: "customers:view" },
      });
    }
    await expect(
      segments.exportCsv(
        { segmentId: a.segmentId },
        { columns: [], lookup: async () => new Map() },
        viewer,
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN", details: { permission: "customers:export" } });
  });
});

describe("the analyst API", () => {
  it("counts, pages and exports a saved segment or a query typed now", async () => {
    const { segments, book } = given();
    book.put(
      profileOf("c1", { amountSpent: 150 }),
      profileOf("c2", { amountSpent: 50 }),
      profileOf("c3", { amountSpent: 500 }),
    );
    const big = await segments.create({ name: "Big", query: "amount_spent > 100" }, manager);
    expect(await segments.count({ segmentId: big.segmentId }, viewer)).toBe(2);
    expect(await segments.count({ query: "amount_spent > 10" }, viewer)).toBe(3);
    expect(await segments.members({ segmentId: big.segmentId }, { limit: 1 }, viewer)).toEqual({
      ids: ["c1"],
      cursor: "c1",
    });
    expect(
      await segments.members({ segmentId: big.segmentId }, { limit: 1, cursor: "c1" }, viewer),
    ).toEqual({ ids: ["c3"] });
    const csv = await segments.exportCsv<SegmentProfile>(
      { segmentId: big.segmentId },
      {
        columns: [
          { header: "id", value: (p) => p.id },
          { header: "amount_spent", value: (p) => p.amountSpent },
        ],
        lookup: async (ids) =>
          new Map(ids.map((id) => [id, book.profiles.get(id) as SegmentProfile])),
      },
      manager,
    );
    expect((await csv.toArray()).join("")).toBe("id,amount_spent\r\nc1,150\r\nc3,500\r\n");
    await expect(segments.count({ query: "amount_spent >" }, viewer)).rejects.toMatchObject({
      code: "SEGMENT_QUERY_INVALID",
    });
    await expect(segments.count({ segmentId: "seg_gone" }, viewer)).rejects.toMatchObject({
      code: "SEGMENT_NOT_FOUND",
    });
    await expect(
      segments.count({ query: "amount_spent > 1", segmentId: big.segmentId } as never, viewer),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(
      segments.members({ segmentId: big.segmentId }, { limit: 20_000 }, viewer),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: { fields: ["limit"] } });
  });
});
