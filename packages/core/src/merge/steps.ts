import type { CustomerState } from "../customer/state.js";
import { type MergeBlocker, mergeBlockers } from "./blockers.js";
import type { MergeProcess } from "./process.js";

/**
 * The next thing a merge must do, decided from what is stored and nothing else, so whoever runs
 * it (the original caller, or a resumer after a crash) takes the same path. Each step writes to
 * one stream at the revision it was decided on; losing a race just means deciding again.
 *
 * The absorbed profile's `CustomerMergedInto` is the point of no return: before it, a merge whose
 * blockers reappeared (an order system opened a subscription meanwhile, the other profile was
 * deleted...) is abandoned; after it, the merge is always finished, because undoing it would
 * reopen a profile that already answered CUSTOMER_MERGED.
 */
export type MergeStep =
  | { kind: "start"; customerId: string }
  | { kind: "decide-abandon"; blockers: MergeBlocker[] }
  | { kind: "undo"; customerId: string }
  | { kind: "close-absorbed" }
  | { kind: "complete-survivor" }
  | { kind: "finish"; outcome: "completed" | "abandoned" }
  | { kind: "done"; outcome: "completed" | "abandoned" };

/**
 * @param absorbedClosedBy the merge id on the absorbed profile's `CustomerMergedInto`, if any.
 * @example nextMergeStep(process, survivor, absorbed, null) // { kind: "start", customerId: survivor.id }
 */
export const nextMergeStep = (
  process: MergeProcess,
  survivor: CustomerState,
  absorbed: CustomerState,
  absorbedClosedBy: string | null,
): MergeStep => {
  const { mergeId } = process;
  const inThisMerge = (state: CustomerState) => state.mergeInProgress?.mergeId === mergeId;
  if (process.outcome) return { kind: "done", outcome: process.outcome };
  if (process.abandonedFor) {
    for (const state of [survivor, absorbed]) {
      if (inThisMerge(state)) return { kind: "undo", customerId: state.id ?? "" };
    }
    return { kind: "finish", outcome: "abandoned" };
  }
  if (absorbedClosedBy === mergeId) {
    return inThisMerge(survivor)
      ? { kind: "complete-survivor" }
      : { kind: "finish", outcome: "completed" };
  }
  const blockers = mergeBlockers(survivor, absorbed, mergeId);
  if (blockers.length > 0) return { kind: "decide-abandon", blockers };
  // Profiles are marked in id order, whichever survives: two merges sharing profiles then cannot
  // each hold one and refuse the other, the cycle that would abandon both.
  const inIdOrder = [survivor, absorbed].sort((x, y) => ((x.id ?? "") < (y.id ?? "") ? -1 : 1));
  for (const state of inIdOrder) {
    if (!inThisMerge(state)) return { kind: "start", customerId: state.id ?? "" };
  }
  return { kind: "close-absorbed" };
};
