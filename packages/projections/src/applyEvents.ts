import { isSealedEvent, type RecordedEvent } from "@clientele/core";
import { ProjectionError } from "./errors.js";
import {
  type ParkedEvent,
  type PoisonPolicy,
  parkedEventOf,
  parkedEventsKey,
  poisonEventError,
} from "./poison/poisonPolicy.js";
import type { Projection } from "./projection.js";
import type { BatchOutcome, ReadModelStore } from "./readModel/readModelStore.js";
import { recordingWriter, type ViewOp } from "./view/viewOps.js";

const sealedEvents = (projection: Projection, event: RecordedEvent) =>
  new ProjectionError(
    "ENCRYPTED_EVENTS",
    `Projection ${projection.name} v${projection.version} was given ${event.type} at position ${event.position} still encrypted: ` +
      "start projectors on `customers.store` (which decrypts), not on the store passed to createCustomers.",
    { projection: projection.name, position: String(event.position), streamName: event.streamName },
  );

/** A batch planned from events: what to write, how far it goes, and what was kept out. */
export interface PlannedEvents {
  ops: ViewOp[];
  /** The position of the last event the ops cover; `undefined` when it covers none. */
  to: bigint | undefined;
  parked: ParkedEvent[];
  /** Under `stop`: the event the batch stops before. */
  poison?: ProjectionError;
}

/**
 * Runs `apply` for each event, isolating each one: an event whose `apply` throws leaves none of
 * its ops behind, and is parked or ends the batch as `policy` says (poison/poisonPolicy.ts).
 */
export const planEvents = (
  projection: Projection,
  from: bigint | undefined,
  events: readonly RecordedEvent[],
  policy: PoisonPolicy,
): PlannedEvents => {
  const { writer, ops } = recordingWriter();
  const parked: ParkedEvent[] = [];
  let to: bigint | undefined;
  for (const event of events) {
    // A setup mistake, not a poison event: parking would park every event of every customer.
    if (isSealedEvent(event.data)) throw sealedEvents(projection, event);
    const mark = ops.length;
    try {
      projection.apply(event, writer);
    } catch (cause) {
      ops.length = mark;
      if (policy === "stop")
        return { ops, to, parked, poison: poisonEventError(projection, event, cause, to ?? from) };
      const entry = parkedEventOf(event, cause, "park");
      writer.setFields(parkedEventsKey, { [entry.position]: JSON.stringify(entry) });
      parked.push(entry);
    }
    to = event.position;
  }
  return { ops, to, parked };
};

/** What applying a run of events did: the new checkpoint, what was parked, where it stopped. */
export interface AppliedEvents {
  outcome: BatchOutcome | "nothing-to-apply";
  checkpoint: bigint | undefined;
  parked: ParkedEvent[];
  poison?: ProjectionError;
}

/**
 * Applies `events` to a projection version as one batch moving the checkpoint from `from` to the
 * last event applied. Shared by the projector, rebuilds and tests. Under `stop`, the events
 * before a poison event are applied and `poison` says which event stopped the batch.
 */
export const applyEvents = (
  readModel: ReadModelStore,
  projection: Projection,
  from: bigint | undefined,
  events: readonly RecordedEvent[],
  policy: PoisonPolicy = "stop",
): Promise<AppliedEvents> => {
  const plan = planEvents(projection, from, events, policy);
  const { to, parked, poison } = plan;
  const result = (outcome: AppliedEvents["outcome"]): AppliedEvents => ({
    outcome,
    checkpoint: to ?? from,
    parked,
    ...(poison ? { poison } : {}),
  });
  if (to === undefined) return Promise.resolve(result("nothing-to-apply"));
  // Not async on purpose: a suspended async frame would keep the ops of every batch in flight
  // alive until its reply (see redisReadModelStore.applyBatch).
  return readModel
    .applyBatch({
      projection: projection.name,
      version: projection.version,
      from,
      to,
      ops: plan.ops,
    })
    .then(result);
};
