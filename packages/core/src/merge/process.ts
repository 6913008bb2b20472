import type { Actor } from "../actor.js";
import type { EventStore, RecordedEvent } from "../eventStore/eventStore.js";
import type { MergeBlocker } from "./blockers.js";
import type { MergeKeep } from "./command.js";

/**
 * Every merge process stream starts with this, so `resumeMerges` can find them with one filter.
 * @example store.readAll({ filter: { streamPrefixes: [mergeStreamPrefix] } })
 */
export const mergeStreamPrefix = "clientele-merge-";

/**
 * The stream recording one merge's plan and outcome (the profiles' own streams record the rest).
 * @example mergeStreamName("01J...") // "clientele-merge-01J..."
 */
export const mergeStreamName = (mergeId: string): string => `${mergeStreamPrefix}${mergeId}`;

/**
 * The index of every merge requested, one `MergeIndexed { mergeId }` each, written after the
 * request and before any profile is touched, so `resumeMerges` finds open merges by reading one
 * stream (consistently, unlike a `$all` read) from where it last stopped.
 * @example await store.readStream(mergeIndexStream, { fromRevision: checkpoint + 1 })
 */
export const mergeIndexStream = "clientele-merges";

/** What a merge process stream says: the plan, and how far the decision went. */
export interface MergeProcess {
  mergeId: string;
  customerIds: [string, string];
  survivorId: string;
  absorbedId: string;
  keep: MergeKeep;
  /** Who asked; every event the merge writes is attributed to them. */
  requestedBy: Actor;
  /** Set once the merge could no longer go ahead; from then on it is only undone. */
  abandonedFor: MergeBlocker[] | null;
  outcome: "completed" | "abandoned" | null;
  revision: number;
}

/** The events of a merge process stream: the plan, the decision to abandon, the outcome. */
export type MergeProcessEvent =
  | {
      type: "MergeRequested";
      data: Pick<MergeProcess, "mergeId" | "customerIds" | "survivorId" | "absorbedId" | "keep">;
    }
  | { type: "MergeAbandonDecided"; data: { mergeId: string; blockers: MergeBlocker[] } }
  | { type: "MergeFinished"; data: { mergeId: string; outcome: "completed" | "abandoned" } };

/**
 * Folds a process stream; undefined when the merge was never requested.
 * @example foldMergeProcess(await store.readStream(mergeStreamName(mergeId)))?.outcome
 */
export const foldMergeProcess = (events: readonly RecordedEvent[]): MergeProcess | undefined => {
  let process: MergeProcess | undefined;
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as MergeProcessEvent;
    switch (event.type) {
      case "MergeRequested":
        process = {
          ...event.data,
          requestedBy: recorded.metadata.actor,
          abandonedFor: null,
          outcome: null,
          revision: recorded.revision,
        };
        break;
      case "MergeAbandonDecided":
        if (process)
          process = { ...process, abandonedFor: event.data.blockers, revision: recorded.revision };
        break;
      case "MergeFinished":
        if (process)
          process = { ...process, outcome: event.data.outcome, revision: recorded.revision };
        break;
    }
  }
  return process;
};

/** The merge process `mergeId` as stored, or undefined. */
export const readMergeProcess = async (
  store: EventStore,
  mergeId: string,
): Promise<MergeProcess | undefined> =>
  foldMergeProcess(await store.readStream(mergeStreamName(mergeId)));
