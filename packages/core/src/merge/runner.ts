import type { Actor } from "../actor.js";
import type { Clock } from "../clock.js";
import type { CustomerEvent } from "../customer/events/index.js";
import { evolve } from "../customer/evolve.js";
import { type CustomerState, initialCustomerState } from "../customer/state.js";
import { customerStreamName } from "../customer/streams.js";
import { isClienteleError } from "../errors.js";
import { eventOf } from "../eventOf.js";
import type { EventStore } from "../eventStore/eventStore.js";
import {
  normaliseReserved,
  type Reservations,
  type ReservedKind,
} from "../handling/reservations.js";
import type { LoadedStream, StreamLoader } from "../handling/streamLoader.js";
import { newId } from "../metadata.js";
import { gainedByMerge } from "./mergedProfile.js";
import { type MergeProcess, mergeStreamName, readMergeProcess } from "./process.js";
import { type MergeStep, nextMergeStep } from "./steps.js";

/** Where a merge ended. `blockers` says why an abandoned one could not go ahead. */
export interface MergeOutcome {
  mergeId: string;
  survivorId: string;
  absorbedId: string;
  outcome: "completed" | "abandoned";
  blockers: MergeProcess["abandonedFor"];
}

/** Names of the moments between two durable writes; a crash test stops the process at each. */
export type MergeBoundary =
  | "requested"
  | "start"
  | "decide-abandon"
  | "undo"
  | "close-absorbed"
  | "contacts-moved"
  | "complete-survivor"
  | "contacts-released"
  | "finish";

/** What running a merge needs; `createCustomers` supplies it. */
export interface MergeRunnerDeps {
  store: EventStore;
  loader: StreamLoader<CustomerState>;
  reservations: Reservations;
  clock: Clock;
  /** Called after each durable write; the crash-injection seam of the merge crash test. */
  afterWrite?: ((boundary: MergeBoundary, mergeId: string) => Promise<void> | void) | undefined;
}

const kinds: readonly ReservedKind[] = ["email", "phone"];

/**
 * Drives one requested merge to its end: reads the process and both profiles, takes the next
 * step (`steps.ts`), and repeats. Safe to run from several places at once and to rerun after a
 * crash: every write is conditional on the revision it was decided on, and the reservation moves
 * are idempotent.
 * @example await runMergeProcess({ store, loader, reservations, clock }, mergeId) // { outcome: "completed", ... }
 */
export const runMergeProcess = async (
  deps: MergeRunnerDeps,
  mergeId: string,
): Promise<MergeOutcome> => {
  const { store, loader, reservations, clock } = deps;
  const written = async (boundary: MergeBoundary) => deps.afterWrite?.(boundary, mergeId);

  const append = async (
    stream: string,
    events: readonly { type: string; data: object }[],
    revision: number,
    actor: Actor,
  ): Promise<boolean> => {
    const cause = { actor, correlationId: mergeId, at: clock.now() };
    const toAppend = events.map((event) => eventOf(event.type, event.data, cause));
    try {
      await store.appendToStream(stream, toAppend, {
        expectedRevision: revision === -1 ? "no_stream" : revision,
      });
      return true;
    } catch (error) {
      // Someone else moved the stream (a resumer, an order): decide the next step again.
      if (isClienteleError(error, "CONCURRENCY_CONFLICT")) return false;
      throw error;
    }
  };

  const closedBy = async ({ revision, state }: LoadedStream<CustomerState>, id: string) => {
    if (state.status !== "merged") return null;
    const [last] = await store.readStream(customerStreamName(id), {
      fromRevision: revision,
      maxCount: 1,
    });
    return last?.type === "CustomerMergedInto" ? String(last.data.mergeId) : null;
  };

  /** The survivor as it was just before this merge's CustomerMerged, to know what it replaced. */
  const survivorBefore = async (survivorId: string) => {
    let state = initialCustomerState;
    for (const event of await store.readStream(customerStreamName(survivorId))) {
      if (event.type === "CustomerMerged" && event.data.mergeId === mergeId) break;
      state = evolve(state, { type: event.type, data: event.data } as CustomerEvent);
    }
    return state;
  };

  for (;;) {
    const process = await readMergeProcess(store, mergeId);
    if (!process) throw new Error(`Merge ${mergeId} was never requested.`);
    const { survivorId, absorbedId, requestedBy: actor } = process;
    const [survivor, absorbed] = await Promise.all([
      loader.load(store, customerStreamName(survivorId)),
      loader.load(store, customerStreamName(absorbedId)),
    ]);
    const step: MergeStep = nextMergeStep(
      process,
      survivor.state,
      absorbed.state,
      await closedBy(absorbed, absorbedId),
    );
    const context = { actor, correlationId: mergeId, causationId: mergeId };
    const loadedOf = (id: string) => (id === survivorId ? survivor : absorbed);
    switch (step.kind) {
      case "done":
        return {
          mergeId,
          survivorId,
          absorbedId,
          outcome: step.outcome,
          blockers: process.abandonedFor,
        };
      case "start": {
        const data = { mergeId, survivorId, absorbedId };
        const stream = customerStreamName(step.customerId);
        const revision = loadedOf(step.customerId).revision;
        if (await append(stream, [{ type: "CustomerMergeStarted", data }], revision, actor))
          await written("start");
        break;
      }
      case "decide-abandon": {
        const data = { mergeId, blockers: step.blockers };
        const stream = mergeStreamName(mergeId);
        if (await append(stream, [{ type: "MergeAbandonDecided", data }], process.revision, actor))
          await written("decide-abandon");
        break;
      }
      case "undo": {
        const stream = customerStreamName(step.customerId);
        const revision = loadedOf(step.customerId).revision;
        const event = { type: "CustomerMergeAbandoned", data: { mergeId } };
        if (await append(stream, [event], revision, actor)) await written("undo");
        break;
      }
      case "close-absorbed": {
        const event = { type: "CustomerMergedInto", data: { survivorId, mergeId } };
        const stream = customerStreamName(absorbedId);
        if (await append(stream, [event], absorbed.revision, actor))
          await written("close-absorbed");
        break;
      }
      case "complete-survivor": {
        const gained = gainedByMerge(survivor.state, absorbed.state, process.keep, newId);
        const merged = gained.reduce<CustomerState>(evolve, survivor.state);
        // The survivor must own a contact value before its profile shows it (uniqueness).
        for (const kind of kinds) {
          const value = merged[kind];
          const fromAbsorbed =
            value !== null &&
            absorbed.state[kind] !== null &&
            normaliseReserved(kind, value) === normaliseReserved(kind, absorbed.state[kind]);
          if (fromAbsorbed)
            await reservations.transfer(kind, value, absorbedId, survivorId, context);
        }
        await written("contacts-moved");
        const event = { type: "CustomerMerged", data: { mergeId, absorbedId, gained } };
        const stream = customerStreamName(survivorId);
        if (await append(stream, [event], survivor.revision, actor))
          await written("complete-survivor");
        break;
      }
      case "finish": {
        if (step.outcome === "completed") {
          const before = await survivorBefore(survivorId);
          for (const kind of kinds) {
            const now = survivor.state[kind];
            for (const value of [absorbed.state[kind], before[kind]]) {
              if (value === null) continue;
              if (now !== null && normaliseReserved(kind, now) === normaliseReserved(kind, value))
                continue;
              await reservations.release(kind, value, absorbedId, context);
              await reservations.release(kind, value, survivorId, context);
            }
          }
          await written("contacts-released");
        }
        const event = { type: "MergeFinished", data: { mergeId, outcome: step.outcome } };
        if (await append(mergeStreamName(mergeId), [event], process.revision, actor))
          await written("finish");
        break;
      }
    }
  }
};
