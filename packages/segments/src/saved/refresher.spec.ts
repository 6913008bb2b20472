import {
  customerStreamName,
  type EventStore,
  eventOf,
  getInMemoryEventStore,
  staffPrincipal,
} from "@clientele/core";
import { describe, expect, it, vi } from "vitest";
import type { SegmentProfile } from "../profile.js";
import { profileBook, profileOf, timeZone } from "../spec/profiles.js";
import { type MembershipNotification, subscribeToMembership } from "./notifications.js";
import { createMembershipRefresher } from "./refresher.js";
import { createSavedSegments } from "./savedSegments.js";
import { membershipStreamName, segmentStreamName } from "./streams.js";

const manager = staffPrincipal("mia", ["customers:view", "segments:manage"]);
const DAY = 86_400_000;

const given = (store: EventStore = getInMemoryEventStore()) => {
  const book = profileBook("2026-03-01T10:00:00.000Z");
  const segments = createSavedSegments({ store, reader: book.reader, clock: book.clock });
  const refresherOn = (
    on: EventStore = store,
    options: { appendBatch?: number; debounceMs?: number } = {},
  ) =>
    createMembershipRefresher({
      store: on,
      reader: book.reader,
      clock: book.clock,
      timeZone,
      ...options,
    });
  const notifications = async (segmentId: string) =>
    (await store.readStream(membershipStreamName(segmentId))).map(
      (e) => `${e.type === "CustomerJoinedSegment" ? "+" : "-"}${e.data.customerId}`,
    );
  return { store, ...book, segments, refresherOn, notifications };
};

/** A store whose membership appends fail once, before or after the write lands. */
const crashingOnce = (store: EventStore, when: "before append" | "after append"): EventStore => {
  let crashed = false;
  return {
    ...store,
    async appendToStream(stream, events, options) {
      if (crashed || !stream.startsWith("clientele-segmentmembers-")) {
        return store.appendToStream(stream, events, options);
      }
      crashed = true;
      if (when === "after append") await store.appendToStream(stream, events, options);
      throw new Error(`process killed ${when}`);
    },
  };
};

describe("membership as profiles change", () => {
  it("records who joined and who left, once each, and nothing when nothing changed", async () => {
    const { put, segments, refresherOn, notifications } = given();
    put(profileOf("c1", { tags: ["vip"] }), profileOf("c2"), profileOf("c3", { tags: ["VIP"] }));
    const vip = await segments.create(
      { name: "VIP", query: "customer_tags CONTAINS 'vip'" },
      manager,
    );
    const refresher = refresherOn();

    expect(await refresher.refresh()).toEqual([{ segmentId: vip.segmentId, joined: 2, left: 0 }]);
    expect(await notifications(vip.segmentId)).toEqual(["+c1", "+c3"]);

    put(profileOf("c1"), profileOf("c2", { tags: ["vip"] }));
    await refresher.refresh();
    expect(await notifications(vip.segmentId)).toEqual(["+c1", "+c3", "+c2", "-c1"]);

    expect(await refresher.refresh()).toEqual([{ segmentId: vip.segmentId, joined: 0, left: 0 }]);
    expect(await refresherOn().refresh()).toEqual([
      { segmentId: vip.segmentId, joined: 0, left: 0 },
    ]);
    expect(await notifications(vip.segmentId)).toHaveLength(4);
  });

  it("follows a changed query, and leaves a deleted segment's record alone", async () => {
    const { put, segments, refresherOn, notifications } = given();
    put(profileOf("c1", { amountSpent: 50 }), profileOf("c2", { amountSpent: 150 }));
    const big = await segments.create({ name: "Big", query: "amount_spent > 100" }, manager);
    const refresher = refresherOn();
    await refresher.refresh();
    await segments.update(big.segmentId, { query: "amount_spent > 10" }, manager);
    await refresher.refresh([big.segmentId]);
    expect(await notifications(big.segmentId)).toEqual(["+c2", "+c1"]);
    await segments.delete(big.segmentId, manager);
    put(profileOf("c3", { amountSpent: 500 }));
    expect(await refresher.refresh()).toEqual([]);
    expect(await notifications(big.segmentId)).toEqual(["+c2", "+c1"]);
  });

  it("writes a large change in several appends, each at the revision before it", async () => {
    const { put, segments, refresherOn, notifications, store } = given();
    put(...["a", "b", "c", "d", "e"].map((id) => profileOf(id, { numberOfOrders: 1 })));
    const buyers = await segments.create(
      { name: "Buyers", query: "number_of_orders >= 1" },
      manager,
    );
    await refresherOn(store, { appendBatch: 2 }).refresh();
    expect(await notifications(buyers.segmentId)).toEqual(["+a", "+b", "+c", "+d", "+e"]);
    const events = await store.readStream(membershipStreamName(buyers.segmentId));
    expect(new Set(events.map((e) => e.position)).size).toBe(5);
    expect(events.every((e) => e.metadata.actor.kind === "system")).toBe(true);
  });
});

describe("membership as the clock moves", () => {
  it("lets customers leave a relative-date segment when their last order falls out of the window", async () => {
    const { put, segments, refresherOn, notifications, clock } = given();
    put(
      profileOf("recent", { lastOrderAt: "2026-02-25T10:00:00Z" }),
      profileOf("older", { lastOrderAt: "2026-02-10T10:00:00Z" }),
    );
    const active = await segments.create(
      { name: "Active", query: "last_order_date > -30d" },
      manager,
    );
    const fixed = await segments.create(
      { name: "Fixed", query: "last_order_date > 2026-01-01" },
      manager,
    );
    const refresher = refresherOn();
    await refresher.refresh();
    expect(await notifications(active.segmentId)).toEqual(["+older", "+recent"]);

    clock.advance(DAY / 2); // still 1 March in Paris: nothing to recompute
    expect(await refresher.tick()).toEqual([]);

    clock.set("2026-03-13T00:30:00Z"); // 01:30 on 13 March in Paris: -30d is 11 February
    expect(await refresher.tick()).toEqual([{ segmentId: active.segmentId, joined: 0, left: 1 }]);
    expect(await notifications(active.segmentId)).toEqual(["+older", "+recent", "-older"]);
    expect(await notifications(fixed.segmentId)).toEqual(["+older", "+recent"]);
    expect(await refresher.tick()).toEqual([]);
  });
});

describe("a segment that cannot be refreshed", () => {
  it("does not hold the others back, and its error is reported", async () => {
    const { store, put, segments, refresherOn, notifications, clock } = given();
    put(profileOf("c1", { amountSpent: 500 }));
    // Saved under an older grammar that accepted lower-case keywords.
    await store.appendToStream(segmentStreamName("seg_old"), [
      eventOf(
        "SegmentCreated",
        { segmentId: "seg_old", name: "Old", query: "amount_spent > 1 and amount_spent < 9" },
        { actor: manager.actor, at: clock.now() },
      ),
    ]);
    const big = await segments.create({ name: "Big", query: "amount_spent > 100" }, manager);
    await expect(refresherOn().refresh()).rejects.toMatchObject({
      code: "SEGMENT_QUERY_INVALID",
    });
    expect(await notifications(big.segmentId)).toEqual(["+c1"]);
  });

  it("retries a failed tick on the next one", async () => {
    const { store, put, segments, refresherOn, notifications, clock } = given();
    put(profileOf("c1", { lastOrderAt: "2026-02-25T10:00:00Z" }));
    const active = await segments.create(
      { name: "Active", query: "last_order_date > -7d" },
      manager,
    );
    await refresherOn().refresh();
    const refresher = refresherOn(crashingOnce(store, "before append"));
    const unchanged = { segmentId: active.segmentId, joined: 0, left: 0 };
    expect(await refresher.refresh()).toEqual([unchanged]);
    clock.set("2026-03-10T10:00:00Z");
    await expect(refresher.tick()).rejects.toThrow("process killed");
    expect(await refresher.tick()).toEqual([{ ...unchanged, left: 1 }]);
    expect(await notifications(active.segmentId)).toEqual(["+c1", "-c1"]);
  });
});

describe("a crash in the middle of a refresh", () => {
  it.each(["before append", "after append"] as const)(
    "given a crash %s, when restarted, then every change is notified exactly once",
    async (when) => {
      const { store, put, segments, refresherOn, notifications } = given();
      put(profileOf("c1", { tags: ["vip"] }), profileOf("c2", { tags: ["vip"] }));
      const vip = await segments.create(
        { name: "VIP", query: "customer_tags CONTAINS 'vip'" },
        manager,
      );
      await expect(refresherOn(crashingOnce(store, when)).refresh()).rejects.toThrow(
        `process killed ${when}`,
      );
      expect(await notifications(vip.segmentId)).toEqual(
        when === "after append" ? ["+c1", "+c2"] : [],
      );

      const restarted = refresherOn();
      await restarted.refresh();
      expect(await notifications(vip.segmentId)).toEqual(["+c1", "+c2"]);
    },
  );

  it("given a refresher that survived its failed append, when it refreshes again, then it re-reads the store and adds nothing twice", async () => {
    const { store, put, segments, refresherOn, notifications } = given();
    put(profileOf("c1", { tags: ["vip"] }));
    const vip = await segments.create(
      { name: "VIP", query: "customer_tags CONTAINS 'vip'" },
      manager,
    );
    const refresher = refresherOn(crashingOnce(store, "after append"));
    await expect(refresher.refresh()).rejects.toThrow();
    await refresher.refresh();
    expect(await notifications(vip.segmentId)).toEqual(["+c1"]);
  });

  it("when two refreshers race on one segment, then each change is recorded once", async () => {
    const { store, put, segments, refresherOn, notifications } = given();
    const ids = Array.from({ length: 50 }, (_, i) => `c${String(i).padStart(2, "0")}`);
    put(...ids.map((id) => profileOf(id, { tags: ["vip"] })));
    const vip = await segments.create(
      { name: "VIP", query: "customer_tags CONTAINS 'vip'" },
      manager,
    );
    const conflicts: string[] = [];
    const watched: EventStore = {
      ...store,
      appendToStream: (stream, events, options) =>
        store.appendToStream(stream, events, options).catch((error) => {
          conflicts.push(error.code);
          throw error;
        }),
    };
    await Promise.all([
      refresherOn(watched, { appendBatch: 7 }).refresh(),
      refresherOn(watched, { appendBatch: 7 }).refresh(),
    ]);
    expect(conflicts).toContain("CONCURRENCY_CONFLICT");
    expect(await notifications(vip.segmentId)).toEqual(ids.map((id) => `+${id}`));
  });
});

describe("running in the background", () => {
  it("refreshes after customer events arrive and notifies subscribers through the store", async () => {
    const { store, put, segments, refresherOn, clock } = given();
    const vip = await segments.create(
      { name: "VIP", query: "customer_tags CONTAINS 'vip'" },
      manager,
    );
    const received: MembershipNotification[] = [];
    const subscription = subscribeToMembership(store, (n) => {
      received.push(n);
    });
    const running = refresherOn(store, { debounceMs: 5 }).start();

    // A customer changes: the read model shows it, and its event reaches the refresher.
    const change = async (type: string, profile: SegmentProfile) => {
      put(profile);
      const cause = { actor: manager.actor, at: clock.now() };
      await store.appendToStream(customerStreamName(profile.id), [
        eventOf(type, { customerId: profile.id, tags: ["vip"] }, cause),
      ]);
    };
    await change("CustomerTagged", profileOf("c1", { tags: ["vip"] }));
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 10_000 });
    expect(received[0]).toMatchObject({
      type: "CustomerJoinedSegment",
      segmentId: vip.segmentId,
      customerId: "c1",
    });

    await change("CustomerUntagged", profileOf("c1"));
    await vi.waitFor(() => expect(received).toHaveLength(2), { timeout: 10_000 });
    expect(received[1]).toMatchObject({ type: "CustomerLeftSegment", customerId: "c1" });

    await running.stop();
    await subscription.stop();
  });
});
