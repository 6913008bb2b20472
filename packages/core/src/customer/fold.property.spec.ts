import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isClienteleError } from "../errors.js";
import { parseOrThrow } from "../validation.js";
import { customerCommandSchema } from "./commands/index.js";
import { decide } from "./decide.js";
import type { CustomerEvent } from "./events/index.js";
import { evolve, foldCustomerEvents } from "./evolve.js";
import { steps } from "./spec/arbitraries.js";
import { created } from "./spec/fixtures.js";
import { sequentialIds, specActor, specNow } from "./spec/givenWhenThen.js";
import { type CustomerState, initialCustomerState } from "./state.js";
import { withChanges } from "./withChanges.js";

/** Facts replayed from elsewhere; ids from pools small enough for duplicates to be common. */
const replayedFact: fc.Arbitrary<CustomerEvent> = fc.oneof(
  fc.integer({ min: 1, max: 30 }).map(
    (n): CustomerEvent => ({
      type: "OrderRecorded",
      data: {
        orderId: `o${n}`,
        placedAt: "2026-01-02T09:00:00.000Z",
        total: `${n}.00`,
        currency: "EUR",
        lineItems: [{ productId: String(n), quantity: n }],
      },
    }),
  ),
  fc.integer({ min: 1, max: 12 }).map(
    (n): CustomerEvent => ({
      type: "CheckoutAbandoned",
      data: { checkoutId: `ck${n}`, abandonedAt: "2026-01-02T09:00:00.000Z" },
    }),
  ),
);

/** A stream as the decider writes it, with replayed facts (some duplicates) mixed in. */
const histories: fc.Arbitrary<CustomerEvent[]> = fc
  .tuple(steps, fc.array(fc.tuple(fc.nat(), replayedFact), { maxLength: 25 }))
  .map(([sequence, facts]) => {
    const context = { now: specNow, newId: sequentialIds(), actor: specActor };
    const history: CustomerEvent[] = [created()];
    let state = evolve(initialCustomerState, created());
    for (const step of sequence) {
      if (!("command" in step)) continue;
      const command = parseOrThrow(customerCommandSchema, step.command, "command");
      try {
        for (const event of decide(command, state, context)) {
          state = evolve(state, event);
          history.push(event);
        }
      } catch (error) {
        if (!isClienteleError(error)) throw error;
      }
    }
    for (const [at, fact] of facts) history.splice(at % (history.length + 1), 0, fact);
    return history;
  });

const deepFreeze = <T>(value: T): T => {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
};

describe("foldCustomerEvents, the replay loaders use", () => {
  it("equals folding one evolve at a time, replaying a duplicate fact changes nothing", () => {
    fc.assert(
      fc.property(histories, (history) => {
        const folded = foldCustomerEvents(initialCustomerState, history);
        expect(folded).toEqual(history.reduce(evolve, initialCustomerState));
        const orderIds = folded.orders.map((order) => order.orderId);
        expect(new Set(orderIds).size).toBe(orderIds.length);
        const checkoutIds = folded.checkouts.map((checkout) => checkout.checkoutId);
        expect(new Set(checkoutIds).size).toBe(checkoutIds.length);
      }),
      { numRuns: 200 },
    );
  });

  it("resumes from any cached or snapshotted state to the same result, never mutating it", () => {
    fc.assert(
      fc.property(histories, fc.nat(), (history, cut) => {
        const at = cut % (history.length + 1);
        // A cached or snapshotted state is shared and may be frozen by the store: a fold that
        // wrote into it would throw here, and the copy checks that nothing changed.
        const middle = deepFreeze(foldCustomerEvents(initialCustomerState, history.slice(0, at)));
        const before = structuredClone(middle);
        const resumed = foldCustomerEvents(middle, history.slice(at));
        expect(middle).toEqual(before);
        expect(resumed).toEqual(foldCustomerEvents(initialCustomerState, history));
        // Folding on from the same state twice (two commands racing from one cached state)
        // gives two equal, independent states.
        const again = foldCustomerEvents(middle, history.slice(at));
        expect(again).toEqual(resumed);
        if (resumed.orders !== middle.orders) expect(again.orders).not.toBe(resumed.orders);
      }),
      { numRuns: 200 },
    );
  });

  it("hands back states no later fold can change", () => {
    const first = foldCustomerEvents(initialCustomerState, [created(), ...ordersNumbered(1, 3)]);
    const seen = structuredClone(first);
    foldCustomerEvents(first, ordersNumbered(4, 6));
    foldCustomerEvents(first, ordersNumbered(7, 9));
    expect(first).toEqual(seen);
  });
});

describe("withChanges", () => {
  it("copies every field of the state, so no evolve case can drop one", () => {
    const full: CustomerState = foldCustomerEvents(initialCustomerState, [created()]);
    expect(Object.keys(withChanges(full, {})).sort()).toEqual(Object.keys(full).sort());
    expect(withChanges(full, {})).toEqual(full);
    expect(withChanges(full, {})).not.toBe(full);
  });
});

function ordersNumbered(from: number, to: number): CustomerEvent[] {
  const orders: CustomerEvent[] = [];
  for (let n = from; n <= to; n++) {
    orders.push({
      type: "OrderRecorded",
      data: {
        orderId: `o${n}`,
        placedAt: "2026-01-02T09:00:00.000Z",
        total: "1.00",
        currency: "EUR",
        lineItems: [],
      },
    });
  }
  return orders;
}
