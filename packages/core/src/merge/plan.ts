import type { GainedEvent } from "../customer/events/index.js";
import { evolve } from "../customer/evolve.js";
import type { CustomerState } from "../customer/state.js";
import { type MergeBlocker, mergeBlockers } from "./blockers.js";
import type { MergeKeep } from "./command.js";
import { gainedByMerge } from "./mergedProfile.js";
import { chooseSurvivor, type SurvivorReason } from "./survivor.js";

/** What merging two profiles would do: who survives and why, what blocks it, and the result. */
export interface MergePreview {
  survivorId: string;
  absorbedId: string;
  survivorReason: SurvivorReason;
  /** Empty when the merge may go ahead. */
  blockers: MergeBlocker[];
  /** The survivor's events gained from the absorbed profile (`CustomerMerged.gained`). */
  gained: GainedEvent[];
  /** The merged profile: the survivor with `gained` applied. */
  result: CustomerState;
}

/**
 * Decides a merge without writing anything: the preview staff see before confirming, and the
 * plan the merge process carries out. Pure. `mergeId` is the merge asking, if it already began.
 * @example previewOf(first, second, { email: first.id }, newId).blockers // []
 */
export const previewOf = (
  first: CustomerState,
  second: CustomerState,
  keep: MergeKeep,
  newId: () => string,
  mergeId?: string,
): MergePreview => {
  const { survivor, absorbed, reason } = chooseSurvivor(first, second, keep.email);
  const gained = gainedByMerge(survivor, absorbed, keep, newId);
  return {
    survivorId: survivor.id ?? "",
    absorbedId: absorbed.id ?? "",
    survivorReason: reason,
    blockers: mergeBlockers(first, second, mergeId),
    gained,
    result: gained.reduce<CustomerState>(evolve, survivor),
  };
};
