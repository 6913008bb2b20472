import type { EventStore, RecordedEvent } from "@clientele/core";
import { applyEvents } from "./applyEvents.js";
import { ProjectionError } from "./errors.js";
import type { PoisonPolicy } from "./poison/poisonPolicy.js";
import { type Projection, streamFilter } from "./projection.js";
import type { ReadModelStore } from "./readModel/readModelStore.js";

export interface ProjectorOptions {
  store: EventStore;
  readModel: ReadModelStore;
  projection: Projection;
  /** Events per atomic batch; default 500. */
  batchSize?: number;
  /** How long a partial batch may wait for more events before it is applied; default 50 ms. */
  batchDelayMs?: number;
  /**
   * Batches sent but not yet acknowledged before the projector waits; default 4. With two or more
   * projectors on one Redis, a reply waits for the other projectors' scripts too, and with a
   * single batch ahead Node and Redis took turns instead of working at once.
   */
  maxBatchesInFlight?: number;
  /** What to do with an event the projection cannot apply; default `stop` (poison/poisonPolicy.ts). */
  onPoisonEvent?: PoisonPolicy;
}

/** Where a projector stands, for an operator's dashboard or a health check. */
export interface ProjectorStatus {
  projection: string;
  version: number;
  /** `failed`: it stopped on `failure` and applies nothing more until started again. */
  state: "running" | "stopped" | "failed";
  /** Position of the last event applied, as a decimal string; `null` before the first. */
  checkpoint: string | null;
  onPoisonEvent: PoisonPolicy;
  /** Events this projector parked since it started (all of them: `listParkedEvents`). */
  parkedSinceStart: number;
  /** The typed error it failed with (`POISON_EVENT` names the event and its position). */
  failure?: { code: string; message: string; details: Record<string, unknown> };
}

export interface Projector {
  /** Applies what is buffered, then stops; resolves when idle. */
  stop(): Promise<void>;
  /** Settles when the projector ends: resolves after `stop()`, rejects on the first failure. */
  readonly done: Promise<void>;
  /** Position of the last event applied by this projector (or found at start). */
  checkpoint(): bigint | undefined;
  /**
   * Resolves once the view includes every event up to `position` that this projection reads;
   * rejects if the projector fails or stops first. `position` may be any appended event's,
   * including one of a stream the projection does not read (a merge's bookkeeping, say).
   */
  waitFor(position: bigint): Promise<void>;
  status(): ProjectorStatus;
}

/**
 * Keeps one projection version up to date: resumes after its stored checkpoint, groups events
 * into batches of `batchSize` (or whatever arrived within `batchDelayMs`) and applies each
 * atomically. After a crash it restarts from the checkpoint; a batch that was applied but not
 * acknowledged comes back as `already-applied` and changes nothing. Run one projector per
 * projection version: a second one fails with CHECKPOINT_MISMATCH rather than double-count.
 * Points the live alias at this version if no alias exists yet (a first deployment).
 *
 * @example
 * const projector = await startProjector({ store, readModel, projection: streamStats });
 * await projector.stop();
 */
export const startProjector = async ({
  store,
  readModel,
  projection,
  batchSize = 500,
  batchDelayMs = 50,
  maxBatchesInFlight = 4,
  onPoisonEvent = "stop",
}: ProjectorOptions): Promise<Projector> => {
  let checkpoint = await readModel.checkpoint(projection.name, projection.version);
  await readModel.setLiveVersion(projection.name, projection.version, { onlyIfUnset: true });

  let buffer: RecordedEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  let failure: { error: unknown } | undefined;
  let flushing: Promise<void> = Promise.resolve();
  const waiters = new Set<{ position: bigint; resolve(): void; reject(error: unknown): void }>();
  let rejectFailed: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    rejectFailed = reject;
  });
  failed.catch(() => undefined);

  let stopped = false;
  let parkedSinceStart = 0;

  const settleWaiters = () => {
    for (const waiter of waiters) {
      if (failure) waiter.reject(failure.error);
      else if (checkpoint !== undefined && checkpoint >= waiter.position) waiter.resolve();
      else if (stopped)
        waiter.reject(
          new ProjectionError(
            "PROJECTOR_STOPPED",
            `The ${projection.name} v${projection.version} projector stopped at ${checkpoint ?? "none"}, before reaching ${waiter.position}; start it again to continue.`,
            {
              checkpoint: checkpoint === undefined ? null : String(checkpoint),
              expected: String(waiter.position),
            },
          ),
        );
      else continue;
      waiters.delete(waiter);
    }
  };

  const fail = (error: unknown) => {
    failure ??= { error };
    rejectFailed(failure.error);
    settleWaiters();
  };

  /** Where the last batch sent will move the checkpoint: the next batch starts there. */
  let planned = checkpoint;
  /** Batches Redis is applying or has queued, oldest first; the next ones are planned meanwhile. */
  const inFlight: Array<Promise<void>> = [];

  /**
   * Serialised, so a timer flush and a full-buffer flush never overlap or reorder batches. A
   * batch is sent without waiting for the previous one to be acknowledged: one connection keeps
   * them in order, the store checks each `from`, so a failed batch makes the next one fail too
   * (nothing is applied out of order), while Node plans batch n+1 as Redis applies batch n.
   */
  const flush = (): Promise<void> => {
    flushing = flushing.then(async () => {
      clearTimeout(timer);
      timer = undefined;
      if (buffer.length === 0 || failure) return;
      const events = buffer;
      buffer = [];
      const from = planned;
      const to = (events[events.length - 1] as RecordedEvent).position;
      planned = to;
      let applying: Promise<void>;
      try {
        applying = applyEvents(readModel, projection, from, events, onPoisonEvent).then(
          (applied) => {
            checkpoint = applied.checkpoint;
            parkedSinceStart += applied.parked.length;
            settleWaiters();
            if (applied.poison) fail(applied.poison);
          },
          fail,
        );
      } catch (error) {
        // The batch could not even be planned (an invalid projection name, say).
        fail(error);
        return;
      }
      inFlight.push(applying);
      while (inFlight.length >= maxBatchesInFlight) await inFlight.shift();
    });
    return flushing;
  };

  /** Applies what is buffered and waits until every batch sent is acknowledged. */
  const drain = async (): Promise<void> => {
    await flush();
    await Promise.all(inFlight);
  };

  const filter = streamFilter(projection);

  /**
   * The position of the last event this projection reads at or before `position`, which is what
   * the checkpoint must reach: a projection never sees events outside its streams, so waiting for
   * one of those would never end. `undefined` when there is none after the checkpoint. A position
   * not appended yet is waited for as it is.
   */
  const lastReadUpTo = async (position: bigint): Promise<bigint | undefined> => {
    if (!filter || (checkpoint !== undefined && checkpoint >= position)) return position;
    const [atOrAfter] = await store.readAll({ after: position - 1n, maxCount: 1 });
    if (!atOrAfter || atOrAfter.position !== position) return position;
    let found: bigint | undefined;
    let after = checkpoint;
    for (;;) {
      const page = await store.readAll({
        ...(after === undefined ? {} : { after }),
        maxCount: 500,
        filter,
      });
      for (const event of page) {
        if (event.position > position) return found;
        found = event.position;
      }
      if (page.length < 500) return found;
      after = found;
    }
  };
  const subscription = store.subscribe(
    { ...(checkpoint === undefined ? {} : { after: checkpoint }), ...(filter ? { filter } : {}) },
    (event) => {
      buffer.push(event);
      // Synchronous unless a batch is full: the subscription then waits for it to be sent.
      if (buffer.length >= batchSize)
        return flush().then(() => {
          // Throwing stops the subscription, so nothing after a failed batch is ever applied.
          if (failure) throw failure.error;
        });
      timer ??= setTimeout(() => void flush(), batchDelayMs);
      if (failure) throw failure.error;
    },
  );
  subscription.done.catch(fail);

  const done = Promise.race([subscription.done, failed]).then(async () => {
    await drain();
    if (failure) throw failure.error;
  });
  done.catch(() => subscription.stop());

  return {
    async stop() {
      await subscription.stop();
      await drain();
      await done.catch(() => undefined);
      stopped = true;
      settleWaiters();
    },
    done,
    checkpoint: () => checkpoint,
    status() {
      const error = failure?.error as
        | { code?: unknown; message?: unknown; details?: unknown }
        | undefined;
      return {
        projection: projection.name,
        version: projection.version,
        state: failure ? "failed" : stopped ? "stopped" : "running",
        checkpoint: checkpoint === undefined ? null : String(checkpoint),
        onPoisonEvent,
        parkedSinceStart,
        ...(failure
          ? {
              failure: {
                code: typeof error?.code === "string" ? error.code : "UNEXPECTED",
                message: String(error?.message ?? failure.error),
                details:
                  typeof error?.details === "object" && error.details !== null
                    ? (error.details as Record<string, unknown>)
                    : {},
              },
            }
          : {}),
      };
    },
    async waitFor(position) {
      const target = await lastReadUpTo(position);
      if (target === undefined) return;
      return new Promise<void>((resolve, reject) => {
        waiters.add({ position: target, resolve, reject });
        settleWaiters();
      });
    },
  };
};
