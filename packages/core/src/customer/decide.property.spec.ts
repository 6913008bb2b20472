import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isClienteleError } from "../errors.js";
import { parseOrThrow } from "../validation.js";
import { customerCommandSchema } from "./commands/index.js";
import { decide } from "./decide.js";
import { type CustomerEvent, customerEventSchema } from "./events/index.js";
import { evolve } from "./evolve.js";
import { maxAddresses } from "./rules/addresses.js";
import { maxNoteLength } from "./rules/notes.js";
import { maxTagLength, maxTags } from "./rules/tags.js";
import { steps } from "./spec/arbitraries.js";
import { created, manyTags, storedAddress } from "./spec/fixtures.js";
import { sequentialIds, specActor, specNow } from "./spec/givenWhenThen.js";
import { type CustomerState, initialCustomerState } from "./state.js";
import { tagKey } from "./tagSet.js";

const closed = new Set(["merged", "redacted", "deleted"]);
const closedCodes: Record<string, string> = {
  merged: "CUSTOMER_MERGED",
  redacted: "CUSTOMER_REDACTED",
  deleted: "CUSTOMER_DELETED",
};

const expectInvariants = (state: CustomerState): void => {
  expect(state.tags.length).toBeLessThanOrEqual(maxTags);
  expect(new Set(state.tags.map(tagKey)).size).toBe(state.tags.length);
  for (const tag of state.tags) expect(tag.length).toBeLessThanOrEqual(maxTagLength);
  expect(state.note.length).toBeLessThanOrEqual(maxNoteLength);
  expect(state.addresses.length).toBeLessThanOrEqual(maxAddresses);
  expect(new Set(state.addresses.map((a) => a.addressId)).size).toBe(state.addresses.length);
  if (state.defaultAddressId === null) expect(state.addresses).toHaveLength(0);
  else expect(state.addresses.map((a) => a.addressId)).toContain(state.defaultAddressId);
};

/** Where a sequence starts: no profile, a fresh one, or one right at its limits. */
const starts: fc.Arbitrary<CustomerEvent[]> = fc.constantFrom(
  [],
  [created()],
  [
    created({
      tags: manyTags(245),
      addresses: Array.from({ length: 248 }, (_, i) =>
        storedAddress(`a${i}`, { address1: `${i} Pier Rd` }),
      ),
      defaultAddressId: "a0",
      note: "n".repeat(4995),
    }),
  ],
);

describe("customer decider properties", () => {
  it("random valid command sequences never break an invariant, and replay equals the fold", () => {
    fc.assert(
      fc.property(starts, steps, (start, sequence) => {
        const context = { now: specNow, newId: sequentialIds(), actor: specActor };
        const history: CustomerEvent[] = [...start];
        let state = history.reduce(evolve, initialCustomerState);
        for (const step of sequence) {
          const closedAs = closed.has(state.status) ? state.status : null;
          let decided: CustomerEvent[] = [];
          if ("event" in step) {
            // Erasure and merge events only land on a live profile.
            if (state.status !== "active") continue;
            decided = [step.event];
          } else {
            const command = parseOrThrow(customerCommandSchema, step.command, "command");
            try {
              decided = decide(command, state, context);
            } catch (error) {
              if (!isClienteleError(error)) throw error;
              continue;
            }
            // Only what redaction left may still be deleted; every other closed profile refuses.
            const deletingRedacted = closedAs === "redacted" && command.type === "DeleteCustomer";
            expect(deletingRedacted ? null : closedAs).toBeNull();
          }
          for (const event of decided) {
            expect(customerEventSchema.safeParse(event).success).toBe(true);
            state = evolve(state, event);
            history.push(event);
          }
          if (closedAs) expect(closed.has(state.status)).toBe(true);
          expectInvariants(state);
        }
        expect(history.reduce(evolve, initialCustomerState)).toEqual(state);
      }),
      { numRuns: 250 },
    );
  });

  it("a closed profile refuses every command (but deleting a redacted one) and stays closed", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<CustomerEvent>(
          { type: "CustomerRedacted", data: {} },
          { type: "CustomerDeleted", data: {} },
          { type: "CustomerMergedInto", data: { survivorId: "cus_2", mergeId: "m1" } },
        ),
        steps,
        (closing, sequence) => {
          const state = [created(), closing].reduce(evolve, initialCustomerState);
          for (const step of sequence) {
            if (!("command" in step)) continue;
            const command = parseOrThrow(customerCommandSchema, step.command, "command");
            // What redaction left may still be deleted (rules/closed.ts); deleting closes it too.
            if (state.status === "redacted" && command.type === "DeleteCustomer") continue;
            let refused: unknown;
            try {
              decide(command, state, { now: specNow, newId: sequentialIds(), actor: specActor });
            } catch (error) {
              refused = error;
            }
            expect(isClienteleError(refused) && refused.code).toBe(closedCodes[state.status]);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("evolve never mutates the state it is given", () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        const context = { now: specNow, newId: sequentialIds(), actor: specActor };
        let state = [created()].reduce(evolve, initialCustomerState);
        for (const step of sequence) {
          if (!("command" in step)) continue;
          const command = parseOrThrow(customerCommandSchema, step.command, "command");
          let events: CustomerEvent[];
          try {
            events = decide(command, state, context);
          } catch {
            continue;
          }
          for (const event of events) {
            const before = structuredClone(state);
            const next = evolve(state, event);
            expect(state).toEqual(before);
            state = next;
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
