import { expect } from "vitest";
import type { CustomerEvent } from "../../customer/events/index.js";
import { evolve } from "../../customer/evolve.js";
import { created } from "../../customer/spec/fixtures.js";
import { sequentialIds } from "../../customer/spec/givenWhenThen.js";
import { type CustomerState, initialCustomerState } from "../../customer/state.js";
import type { MergeBlockerReason } from "../blockers.js";
import type { MergeKeep } from "../command.js";
import { type MergePreview, previewOf } from "../plan.js";

export const first = "cus_first";
export const second = "cus_second";

/** A profile `id` created with these fields, then these events. */
export const profile = (
  id: string,
  fields: Parameters<typeof created>[0] = {},
  ...events: CustomerEvent[]
): CustomerState =>
  [created({ customerId: id, email: null, phone: null, ...fields }), ...events].reduce(
    evolve,
    initialCustomerState,
  );

/**
 * Merge rules read like the rule: given two profiles, when merging them (keeping these values),
 * then this survivor / these blockers / this merged profile.
 * @example givenPair(a, b).whenMerging().thenBlocked("SUBSCRIPTIONS")
 */
export const givenPair = (a: CustomerState, b: CustomerState) => ({
  whenMerging: (keep: MergeKeep = {}) => {
    const preview: MergePreview = previewOf(a, b, keep, sequentialIds());
    return {
      preview,
      /** The merge is refused with exactly these reasons. */
      thenBlocked: (...reasons: MergeBlockerReason[]) => {
        expect([...new Set(preview.blockers.map((b) => b.reason))].sort()).toEqual(
          [...reasons].sort(),
        );
        return preview;
      },
      /** The merge may go ahead, `survivorId` survives, and the merged profile matches `expected`. */
      // biome-ignore lint/suspicious/noThenProperty: given/when/then reads like the rule; never awaited.
      then: (survivorId: string, expected: Partial<CustomerState> = {}) => {
        expect(preview.blockers).toEqual([]);
        expect(preview.survivorId).toBe(survivorId);
        expect(preview.result).toMatchObject(expected);
        return preview.result;
      },
    };
  },
});
