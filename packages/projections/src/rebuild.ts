import type { EventStore } from "@clientele/core";
import { applyEvents } from "./applyEvents.js";
import { ProjectionError } from "./errors.js";
import type { PoisonPolicy } from "./poison/poisonPolicy.js";
import { type Projection, streamFilter } from "./projection.js";
import type { ReadModelStore } from "./readModel/readModelStore.js";

export interface RebuildOptions {
  store: EventStore;
  readModel: ReadModelStore;
  /** The new definition; its `version` must be above the live one. */
  projection: Projection;
  /** Events per batch while catching up; default 1000. */
  batchSize?: number;
  /**
   * Called after the alias switch and before the old keys are deleted: stop the old version's
   * projector here, or it would recreate keys being dropped.
   */
  retirePrevious?: () => Promise<void>;
  /** As the projector's option; under `stop` (the default) a poison event fails the rebuild. */
  onPoisonEvent?: PoisonPolicy;
}

export interface RebuildResult {
  version: number;
  previousVersion: number | undefined;
  /** Checkpoint of the new version at the switch; start its projector from here. */
  checkpoint: bigint | undefined;
  /** Keys of the previous version deleted. */
  droppedKeys: number;
}

/**
 * Builds `projection.version` beside the live version (its keys are versioned, so readers keep
 * using the old view), catches up to the head of the store, points `proj:name:live` at it in one
 * write, then deletes the old version with SCAN + UNLINK. Resumable: if it dies halfway, running
 * it again continues from the new version's checkpoint. Afterwards start a projector for the new
 * version; events appended during the switch are picked up by it from the checkpoint.
 *
 * @example
 * await rebuildProjection({ store, readModel, projection: { ...streamStats, version: 2 },
 *   retirePrevious: () => oldProjector.stop() });
 * const projector = await startProjector({ store, readModel, projection: { ...streamStats, version: 2 } });
 */
export const rebuildProjection = async ({
  store,
  readModel,
  projection,
  batchSize = 1000,
  retirePrevious,
  onPoisonEvent = "stop",
}: RebuildOptions): Promise<RebuildResult> => {
  const { name, version } = projection;
  const previousVersion = await readModel.liveVersion(name);
  if (previousVersion !== undefined && previousVersion >= version)
    throw new ProjectionError(
      "STALE_REBUILD",
      `Cannot rebuild ${name} as v${version}: v${previousVersion} is live. Bump the version above ${previousVersion}.`,
      { projection: name, expected: `> ${previousVersion}`, received: version },
    );
  const filter = streamFilter(projection);
  let checkpoint = await readModel.checkpoint(name, version);
  for (;;) {
    const page = await store.readAll({
      ...(checkpoint === undefined ? {} : { after: checkpoint }),
      maxCount: batchSize,
      ...(filter ? { filter } : {}),
    });
    if (page.length === 0) break;
    const applied = await applyEvents(readModel, projection, checkpoint, page, onPoisonEvent);
    // Before the alias moves: readers keep the live version until the new one is complete.
    if (applied.poison) throw applied.poison;
    checkpoint = applied.checkpoint;
  }
  await readModel.setLiveVersion(name, version);
  await retirePrevious?.();
  const droppedKeys =
    previousVersion === undefined ? 0 : await readModel.dropVersion(name, previousVersion);
  return { version, previousVersion, checkpoint, droppedKeys };
};
