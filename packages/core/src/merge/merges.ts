import type { CustomerState } from "../customer/state.js";
import { customerStreamName } from "../customer/streams.js";
import { ClienteleError, isClienteleError } from "../errors.js";
import { eventOf } from "../eventOf.js";
import { authorize, type Principal } from "../handling/authorize.js";
import { newId } from "../metadata.js";
import { parseOrThrow } from "../validation.js";
import { mergeBlocked } from "./blockers.js";
import { mergeCustomersSchema, mergePermission } from "./command.js";
import { type MergePreview, previewOf } from "./plan.js";
import { mergeIndexStream, mergeStreamName, readMergeProcess } from "./process.js";
import { type MergeOutcome, type MergeRunnerDeps, runMergeProcess } from "./runner.js";

/** A finished merge: the survivor as it is now. */
export interface MergeResult extends MergeOutcome {
  survivor: CustomerState;
}

/** Where `resumeMerges` starts reading. */
export interface ResumeMergesOptions {
  /** Only merges indexed after this revision of the merge index (a checkpoint from an earlier call). */
  after?: number;
}

/** What `resumeMerges` did, and where to start next time. */
export interface ResumedMerges {
  /** Every merge that was still open, and where it ended. */
  resumed: MergeOutcome[];
  /** Pass as `after` next time: every merge indexed up to here has finished. */
  checkpoint: number;
}

/**
 * Merging profiles, as `customers.merges`.
 * @example await customers.merges.preview({ type: "MergeCustomers", customerIds: [a, b] }, anna)
 */
export interface Merges {
  /**
   * Merges two profiles (customers.md, "Merge"): MERGE_BLOCKED listing every reason, or the
   * finished merge. Needs customers:merge. A merge interrupted by a crash is finished (or, before
   * its point of no return, undone) by `resumeMerges`; repeating a call with the same `mergeId`
   * resumes it too.
   */
  merge(input: unknown, principal: Principal): Promise<MergeResult>;
  /** Who would survive, what blocks the merge, and the merged profile; writes nothing. */
  preview(input: unknown, principal: Principal): Promise<MergePreview>;
  /** Finishes or undoes every merge left open by a crash; for a scheduler or a CLI. */
  resumeMerges(principal: Principal, options?: ResumeMergesOptions): Promise<ResumedMerges>;
}

/**
 * The merge process on top of the customer streams. Built by `createCustomers`; exposed as
 * `customers.merges`.
 * @example
 * await customers.merges.merge({ type: "MergeCustomers", customerIds: [a, b], keep: { email: a } }, anna);
 */
export const createMerges = (deps: MergeRunnerDeps): Merges => {
  const { store, loader } = deps;

  /** Both profiles, or the error a command on a missing or merged profile gets. */
  const loadPair = async (ids: readonly [string, string]) =>
    Promise.all(
      ids.map(async (id) => {
        const { state, revision } = await loader.load(store, customerStreamName(id));
        if (revision === -1) {
          throw new ClienteleError("CUSTOMER_NOT_FOUND", `No customer ${id}. Check the id.`, {
            customerId: id,
          });
        }
        if (state.status === "merged") {
          throw new ClienteleError(
            "CUSTOMER_MERGED",
            `Customer ${id} was merged into ${state.mergedInto}; merge that profile instead.`,
            { customerId: id, survivorId: state.mergedInto },
          );
        }
        return state;
      }),
    ) as Promise<[CustomerState, CustomerState]>;

  const parse = (input: unknown, principal: Principal) => {
    const command = parseOrThrow(mergeCustomersSchema, input, "merge command");
    authorize(principal, mergePermission, command.type);
    return command;
  };

  const finished = async (outcome: MergeOutcome): Promise<MergeResult> => {
    if (outcome.outcome === "abandoned") {
      throw mergeBlocked([outcome.survivorId, outcome.absorbedId], outcome.blockers ?? []);
    }
    const { state } = await loader.load(store, customerStreamName(outcome.survivorId));
    return { ...outcome, survivor: state };
  };

  return {
    async preview(input, principal) {
      const command = parse(input, principal);
      const [first, second] = await loadPair(command.customerIds);
      return previewOf(first, second, command.keep, newId);
    },

    async merge(input, principal) {
      const command = parse(input, principal);
      const mergeId = command.mergeId ?? newId();
      if (await readMergeProcess(store, mergeId))
        return finished(await runMergeProcess(deps, mergeId));
      const [first, second] = await loadPair(command.customerIds);
      const plan = previewOf(first, second, command.keep, newId);
      if (plan.blockers.length > 0) throw mergeBlocked(command.customerIds, plan.blockers);
      try {
        await store.appendToStream(
          mergeStreamName(mergeId),
          [
            eventOf(
              "MergeRequested",
              {
                mergeId,
                customerIds: command.customerIds,
                survivorId: plan.survivorId,
                absorbedId: plan.absorbedId,
                keep: command.keep,
              },
              { actor: principal.actor, correlationId: mergeId, at: deps.clock.now() },
            ),
          ],
          { expectedRevision: "no_stream" },
        );
      } catch (error) {
        // The same request sent twice at once: the other one requested it; both see it through.
        if (!isClienteleError(error, "CONCURRENCY_CONFLICT")) throw error;
      }
      // Indexed after the request: a crash in between leaves a plan that touched no profile.
      await store.appendToStream(mergeIndexStream, [
        eventOf(
          "MergeIndexed",
          { mergeId },
          { actor: principal.actor, correlationId: mergeId, at: deps.clock.now() },
        ),
      ]);
      await deps.afterWrite?.("requested", mergeId);
      return finished(await runMergeProcess(deps, mergeId));
    },

    async resumeMerges(principal, options = {}) {
      authorize(principal, mergePermission, "ResumeMerges");
      const after = options.after ?? -1;
      const entries = await store.readStream(mergeIndexStream, { fromRevision: after + 1 });
      const resumed: MergeOutcome[] = [];
      const seen = new Set<string>();
      for (const entry of entries) {
        const mergeId = String(entry.data.mergeId);
        if (seen.has(mergeId)) continue;
        seen.add(mergeId);
        const process = await readMergeProcess(store, mergeId);
        if (!process || process.outcome) continue;
        resumed.push(await runMergeProcess(deps, mergeId));
      }
      // Every merge read is finished now (a failure to finish one throws before this line).
      const checkpoint = entries.at(-1)?.revision ?? after;
      return { resumed, checkpoint };
    },
  };
};
