import type { RecordedEvent } from "@clientele/core";
import {
  type ReadModelStore,
  recordingWriter,
  type SegmentIndexLayout,
  segmentFactsChange,
  segmentIndexName,
  segmentIndexProjections,
  segmentIndexVersion,
  shardOf,
} from "@clientele/projections";
import type { SegmentProfile } from "../profile.js";
import type { SegmentReader } from "../segmentReader.js";

/** Feeds recorded events through the segment-index projections, in batches, like a projector. */
export const projectEvents = async (
  readModel: ReadModelStore,
  layout: SegmentIndexLayout,
  events: readonly RecordedEvent[],
  batchSize = 2000,
): Promise<void> => {
  for (const projection of segmentIndexProjections(layout)) {
    let from = await readModel.checkpoint(projection.name, projection.version);
    for (let i = 0; i < events.length; i += batchSize) {
      const batch = events.slice(i, i + batchSize);
      const { writer, ops } = recordingWriter();
      for (const event of batch) projection.apply(event, writer);
      const to = (batch[batch.length - 1] as RecordedEvent).position;
      await readModel.applyBatch({
        projection: projection.name,
        version: projection.version,
        from,
        to,
        ops,
      });
      from = to;
    }
  }
};

/** Writes profiles straight into the index (no event history), one batch per shard. */
export const indexProfiles = async (
  readModel: ReadModelStore,
  layout: SegmentIndexLayout,
  profiles: readonly SegmentProfile[],
): Promise<void> => {
  const writers = Array.from({ length: layout.shards }, () => recordingWriter());
  for (const profile of profiles) {
    const { writer } = writers[shardOf(profile.id, layout.shards)] as ReturnType<
      typeof recordingWriter
    >;
    writer.indexEntity(
      profile.id,
      segmentFactsChange(
        { ...profile, amountUnits: Math.round(profile.amountSpent * 10_000) },
        layout.timeZone,
      ),
    );
  }
  for (const [shard, { ops }] of writers.entries()) {
    const name = segmentIndexName(layout, shard);
    const version = segmentIndexVersion(layout);
    const from = await readModel.checkpoint(name, version);
    await readModel.applyBatch({
      projection: name,
      version,
      from,
      to: (from ?? 0n) + 1n,
      ops,
    });
  }
};

/** Every member, page after page (checks the cursor too). */
export const allMembers = async (
  reader: SegmentReader,
  query: Parameters<SegmentReader["count"]>[0],
  limit = 500,
): Promise<string[]> => {
  const ids: string[] = [];
  let page = await reader.page(query, { limit });
  ids.push(...page.ids);
  while (page.cursor) {
    page = await reader.page(query, { limit, cursor: page.cursor });
    ids.push(...page.ids);
  }
  return ids;
};
