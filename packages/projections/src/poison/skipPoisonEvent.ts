import type { EventStore } from "@clientele/core";
import { ProjectionError } from "../errors.js";
import { type Projection, streamFilter } from "../projection.js";
import type { ReadModelStore } from "../readModel/readModelStore.js";
import { fieldRecord } from "../view/fieldRecord.js";
import { type ParkedEvent, parkedEventOf, parkedEventsKey } from "./poisonPolicy.js";

export interface SkipPoisonEventOptions {
  store: EventStore;
  readModel: ReadModelStore;
  projection: Projection;
  /** The event's position, as the POISON_EVENT error or the projector's status gave it. */
  position: bigint;
  /** Kept with the parked event; default "skipped by an operator". */
  reason?: string;
}

/**
 * Moves a stopped projection past the event it stopped on, listing it as parked (`how: "skip"`)
 * in the same atomic write, so the next projector start goes on after it. Refuses (NOT_NEXT_EVENT)
 * unless that event is the next one the projection would apply: skipping is never a way to jump
 * over events that were not tried. Run it while no projector of that version is running.
 *
 * @example await skipPoisonEvent({ store, readModel, projection: directory, position: 1042n });
 */
export const skipPoisonEvent = async ({
  store,
  readModel,
  projection,
  position,
  reason = "skipped by an operator",
}: SkipPoisonEventOptions): Promise<ParkedEvent> => {
  const { name, version } = projection;
  const checkpoint = await readModel.checkpoint(name, version);
  const filter = streamFilter(projection);
  const [next] = await store.readAll({
    ...(checkpoint === undefined ? {} : { after: checkpoint }),
    maxCount: 1,
    ...(filter ? { filter } : {}),
  });
  if (!next || next.position !== position)
    throw new ProjectionError(
      "NOT_NEXT_EVENT",
      `Projection ${name} v${version} would apply ${next ? `position ${next.position}` : "nothing"} next, not ${position}; only the event it stopped on can be skipped.`,
      {
        projection: name,
        version,
        position: String(position),
        next: next ? String(next.position) : null,
      },
    );
  const entry = parkedEventOf(next, new Error(reason), "skip");
  const fields = fieldRecord();
  fields[entry.position] = JSON.stringify(entry);
  await readModel.applyBatch({
    projection: name,
    version,
    from: checkpoint,
    to: position,
    ops: [{ op: "hset", key: parkedEventsKey, fields }],
  });
  return entry;
};
