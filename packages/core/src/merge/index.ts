/**
 * Merging two customer profiles: the pure plan (survivor, blockers, what the survivor gains) and
 * the small process that carries it out across the two streams and survives a crash.
 */
export { type MergeBlocker, type MergeBlockerReason, mergeBlockers } from "./blockers.js";
export {
  type MergeCustomers,
  type MergeCustomersInput,
  type MergeKeep,
  mergeCustomersSchema,
  mergePermission,
} from "./command.js";
export { gainedByMerge } from "./mergedProfile.js";
export type { MergeResult, Merges, ResumedMerges, ResumeMergesOptions } from "./merges.js";
export { type MergePreview, previewOf } from "./plan.js";
export {
  type MergeProcess,
  mergeIndexStream,
  mergeStreamName,
  mergeStreamPrefix,
} from "./process.js";
export type { MergeBoundary, MergeOutcome } from "./runner.js";
export { type MergeStep, nextMergeStep } from "./steps.js";
export { chooseSurvivor, type SurvivorReason } from "./survivor.js";
