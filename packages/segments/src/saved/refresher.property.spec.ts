import { type EventStore, getInMemoryEventStore, staffPrincipal } from "@clientele/core";
import fc from "fast-check";
import { expect, it } from "vitest";
import { profileBook, profileOf, timeZone } from "../spec/profiles.js";
import { createMembershipRefresher } from "./refresher.js";
import { createSavedSegments } from "./savedSegments.js";
import { membershipStreamName } from "./streams.js";

const manager = staffPrincipal("mia", ["customers:view", "segments:manage"]);

type Step =
  | { kind: "tag"; customer: number; vip: boolean }
  | { kind: "refresh"; crash: "none" | "before append" | "after append" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("tag" as const),
    customer: fc.nat({ max: 7 }),
    vip: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("refresh" as const),
    crash: fc.constantFrom("none" as const, "before append" as const, "after append" as const),
  }),
);

/** A store whose next membership append fails, before or after it lands. */
const crashing = (store: EventStore, when: "before append" | "after append"): EventStore => ({
  ...store,
  async appendToStream(stream, events, options) {
    if (!stream.startsWith("clientele-segmentmembers-")) {
      return store.appendToStream(stream, events, options);
    }
    if (when === "after append") await store.appendToStream(stream, events, options);
    throw new Error(`crash ${when}`);
  },
});

it("whatever the changes and crashes, notifications alternate per customer and end equal to the members", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
      const store = getInMemoryEventStore();
      const { put, reader, clock } = profileBook();
      for (let i = 0; i < 8; i++) put(profileOf(`c${i}`));
      const segments = createSavedSegments({ store, reader, clock });
      const vip = await segments.create(
        { name: "VIP", query: "customer_tags CONTAINS 'vip'" },
        manager,
      );
      // One long-lived refresher (it keeps what it read between passes) and crashing ones.
      const live = createMembershipRefresher({ store, reader, clock, timeZone });
      for (const s of steps) {
        if (s.kind === "tag") put(profileOf(`c${s.customer}`, { tags: s.vip ? ["vip"] : [] }));
        else if (s.crash === "none") await live.refresh();
        else {
          const doomed = createMembershipRefresher({
            store: crashing(store, s.crash),
            reader,
            clock,
            timeZone,
          });
          await doomed.refresh().catch(() => undefined);
        }
      }
      await live.refresh();

      const events = await store.readStream(membershipStreamName(vip.segmentId));
      const inside = new Set<string>();
      for (const event of events) {
        const customerId = String(event.data.customerId);
        const joined = event.type === "CustomerJoinedSegment";
        expect(inside.has(customerId), `${customerId} ${event.type} twice in a row`).toBe(!joined);
        if (joined) inside.add(customerId);
        else inside.delete(customerId);
      }
      const page = await reader.page(
        { kind: "contains", attribute: "customer_tags", negated: false, value: "vip" },
        { limit: 100 },
      );
      expect([...inside].sort()).toEqual(page.ids);
    }),
    { numRuns: 150 },
  );
});
