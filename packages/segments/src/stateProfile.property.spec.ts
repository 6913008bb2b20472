import {
  createCustomers,
  customerStreamName,
  fixedClock,
  getInMemoryEventStore,
  systemPrincipal,
} from "@clientele/core";
import {
  getInMemoryReadModelStore,
  segmentIndexProjections,
  testing,
} from "@clientele/projections";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// Core's own command generator (every command type): test code shared as source.
import { commandInput } from "../../core/src/customer/spec/arbitraries.js";
import { createIndexedSegmentReader } from "./indexedReader.js";
import { filterProfiles } from "./referenceEvaluator.js";
import { boundedCloseQuery } from "./spec/closeArbitraries.js";
import { segmentProfileOf } from "./stateProfile.js";

const layout = { shards: 2, version: 1, timeZone: "Europe/Paris" };
const ids = ["cus_a", "cus_b", "cus_c"];
const system = systemPrincipal("state profile property");

/** Orders, places and tags the close queries ask about, so most runs have something to count. */
const shopping = fc.oneof(
  fc
    .record({
      units: fc.integer({ min: 0, max: 2_000_000 }),
      day: fc.integer({ min: 0, max: 900 }),
      product: fc.constantFrom("1", "42", "0042", "7"),
    })
    .map(({ units, day, product }) => ({
      type: "RecordOrder",
      orderId: `o${units}-${day}`,
      placedAt: new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString(),
      total: (units / 100).toFixed(2),
      currency: "EUR",
      lineItems: [{ productId: product, quantity: 1 }],
    })),
  fc.constantFrom("Paris", "Lyon", "Los Angeles").map((city) => ({
    type: "AddAddress",
    address: {
      address1: "1 rue",
      city,
      zip: "75001",
      countryCode: city === "Los Angeles" ? "US" : "FR",
      ...(city === "Los Angeles" ? { provinceCode: "CA" } : {}),
    },
  })),
  fc.constantFrom("VIP", "vip", "Paris").map((tag) => ({ type: "AddTags", tags: [tag] })),
);

describe("segmentProfileOf: the profile from the decider's state", () => {
  it("answers every query as the segment index built from the same events does", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...ids), fc.oneof(commandInput, shopping)), {
          maxLength: 25,
        }),
        fc.array(boundedCloseQuery, { minLength: 1, maxLength: 5 }),
        async (commands, queries) => {
          const clock = fixedClock("2026-03-01T10:00:00.000Z");
          const customers = createCustomers({ store: getInMemoryEventStore(), clock });
          for (const id of ids)
            await customers.execute(
              { type: "CreateCustomer", customerId: id, source: "manual", firstName: id },
              system,
            );
          for (const [customerId, command] of commands) {
            clock.advance(3_600_000);
            await customers.execute({ ...command, customerId }, system).catch(() => undefined);
          }
          const readModel = getInMemoryReadModelStore();
          const events = await customers.store.readAll();
          for (const projection of segmentIndexProjections(layout))
            await testing.project(readModel, projection, events);
          const profiles = [];
          for (const id of ids) {
            const { state } = await customers.load(id, system);
            const born = events.find((event) => event.streamName === customerStreamName(id));
            if (state.status === "active" && born)
              profiles.push(segmentProfileOf(state, { customerAddedAt: born.metadata.occurredAt }));
          }
          const now = clock.now();
          const reader = createIndexedSegmentReader({ readModel, layout, now: () => now });
          for (const query of queries) {
            const expected = filterProfiles(query, profiles, { timeZone: layout.timeZone, now });
            expect(await reader.count(query)).toBe(expected.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
