import { type CustomerEvent, customerStreamPrefix } from "@clientele/core";
import { ProjectionError } from "../errors.js";
import type { Projection } from "../projection.js";
import { customerChanges } from "./customerChanges.js";

/**
 * Where a segment index lives: `shards` projections (each its own hash tag, checkpoint and
 * ordinals), so a Redis Cluster spreads the index and a query runs one script per shard.
 * Changing the shard count or the time zone means a new index (a new version, rebuilt).
 */
export interface SegmentIndexLayout {
  readonly shards: number;
  /** The deployment's generation of the index: bump it to rebuild (see segmentIndexVersion). */
  readonly version: number;
  /** The store's IANA time zone: dates are indexed as local days. */
  readonly timeZone: string;
}

/**
 * The key layout this code writes and queries (1: bit-sliced numbers; 2: range-encoded base-16
 * digits; 3: order lines in one string per day instead of a sorted set). It is part of the
 * projection version, so an upgrade that changes the layout rebuilds
 * the index beside the live one instead of querying old keys with new code.
 */
export const segmentIndexFormat = 3;

/** The projection version of a layout: the deployment's `version`, then the code's format. */
export const segmentIndexVersion = (layout: SegmentIndexLayout): number =>
  layout.version * 100 + segmentIndexFormat;

/** 32-bit FNV-1a: cheap, stable across processes and runtimes, well spread for ids. */
const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
};

export const shardOf = (customerId: string, shards: number): number => fnv1a(customerId) % shards;

/** The projection name of shard `shard`; it becomes the shard's hash tag in Redis. */
export const segmentIndexName = (layout: SegmentIndexLayout, shard: number): string =>
  `segmentIndex-${shard}-of-${layout.shards}`;

const assertLayout = ({ shards, timeZone }: SegmentIndexLayout) => {
  if (!Number.isInteger(shards) || shards < 1 || shards > 1024)
    throw new ProjectionError(
      "INVALID_PROJECTION",
      `A segment index needs 1 to 1024 shards, received ${shards}.`,
      { field: "shards", received: shards },
    );
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new ProjectionError(
      "INVALID_PROJECTION",
      `Unknown time zone "${timeZone}": give the store's IANA time zone, such as "America/Toronto".`,
      { field: "timeZone", received: timeZone },
    );
  }
};

/**
 * The segment index as one projection per shard: each reads every customer stream and indexes the
 * customers whose id hashes to it. Run one projector per shard (they are independent).
 *
 * @example
 * const layout = { shards: 4, version: 1, timeZone: "America/Toronto" };
 * for (const projection of segmentIndexProjections(layout))
 *   await startProjector({ store, readModel, projection });
 */
export const segmentIndexProjections = (layout: SegmentIndexLayout): Projection[] => {
  assertLayout(layout);
  return Array.from({ length: layout.shards }, (_, shard) => ({
    name: segmentIndexName(layout, shard),
    version: segmentIndexVersion(layout),
    streamPrefixes: [customerStreamPrefix],
    apply(event, view) {
      const customerId = event.streamName.slice(customerStreamPrefix.length);
      if (shardOf(customerId, layout.shards) !== shard) return;
      const changes = customerChanges(
        event as unknown as CustomerEvent,
        event.metadata.occurredAt,
        layout.timeZone,
      );
      for (const change of changes) view.indexEntity(customerId, change);
    },
  }));
};
