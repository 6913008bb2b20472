import { ProjectionError } from "../errors.js";
import type { BitmapAnswer, BitmapQuery } from "../segmentIndex/bitmapQuery.js";
import type { ViewOp } from "../view/viewOps.js";

/** Every event up to `to` (a global position), applied as one all-or-nothing step. */
export interface ViewBatch {
  projection: string;
  version: number;
  /** The checkpoint the store must hold now; `undefined` for a version that applied nothing yet. */
  from: bigint | undefined;
  /** Position of the batch's last event: the checkpoint once applied. */
  to: bigint;
  ops: readonly ViewOp[];
}

/** `already-applied`: the checkpoint was at or past `to`, so nothing changed (a redelivery). */
export type BatchOutcome = "applied" | "already-applied";

/** A stored key, normalised so stores can be compared (strings and bitmaps as hex bytes). */
export type ViewValue =
  | { type: "string"; hex: string }
  | { type: "hash"; fields: Record<string, string> }
  | { type: "set"; members: string[] }
  | { type: "zset"; entries: Array<[member: string, score: number]> };

/** A page of a sorted set read newest (highest score) first. */
export interface SortedSetPage {
  /** Exclusive upper bound on the score; omitted for the first page. */
  below?: number;
  /** Positive integer. */
  limit: number;
}

/** Every view key of one projection version (relative key -> value), for tests and audits. */
export type ViewSnapshot = Record<string, ViewValue>;

/**
 * Where projections keep their views and checkpoints. One batch = ops + checkpoint move, atomic:
 * the store checks the stored checkpoint equals `from` before writing anything, which turns
 * at-least-once delivery into an exactly-once effect.
 */
export interface ReadModelStore {
  /**
   * Applies `batch.ops` and moves the checkpoint to `batch.to`, or nothing at all. Throws
   * CHECKPOINT_MISMATCH when the stored checkpoint is neither `from` nor already at/past `to`
   * (two writers, or a gap), VIEW_TYPE_CONFLICT / INVALID_VIEW_OP when an op cannot apply.
   */
  applyBatch(batch: ViewBatch): Promise<BatchOutcome>;
  /** Position of the last event applied to this version; `undefined` when none. */
  checkpoint(projection: string, version: number): Promise<bigint | undefined>;
  /** The version readers should use (the `proj:name:live` alias); `undefined` before the first. */
  liveVersion(projection: string): Promise<number | undefined>;
  /** Points the alias at `version` in one write; with `onlyIfUnset`, only if no alias exists. */
  setLiveVersion(
    projection: string,
    version: number,
    options?: { onlyIfUnset?: boolean },
  ): Promise<boolean>;
  /** Deletes a version's views and checkpoint in small non-blocking steps; returns keys deleted. */
  dropVersion(projection: string, version: number): Promise<number>;
  /** One string view (a lookup); `undefined` when absent or not a string. */
  readString(projection: string, version: number, key: string): Promise<string | undefined>;
  /** One hash view; `{}` when absent. */
  readHash(projection: string, version: number, key: string): Promise<Record<string, string>>;
  /** Several hash views in one round trip, in the order asked; `{}` for each absent one. */
  readHashes(
    projection: string,
    version: number,
    keys: readonly string[],
  ): Promise<Array<Record<string, string>>>;
  /** Members of one set view, sorted; `[]` when absent. */
  readSet(projection: string, version: number, key: string): Promise<string[]>;
  /**
   * One page of a sorted-set view, highest score first: at most `limit` entries scored strictly
   * below `below` (all when omitted). Ties come in reverse member order, as ZRANGE ... REV does.
   */
  readSortedSetPage(
    projection: string,
    version: number,
    key: string,
    page: SortedSetPage,
  ): Promise<Array<[member: string, score: number]>>;
  snapshot(projection: string, version: number): Promise<ViewSnapshot>;
  /**
   * Runs a bitmap-index query (segmentIndex/bitmapQuery.ts) over one version's keys, atomically
   * (one script in Redis): the count, or a page of ordinals after `after` with their ids.
   */
  queryBitmaps(projection: string, version: number, query: BitmapQuery): Promise<BitmapAnswer>;
}

const namePattern = /^[A-Za-z0-9_-]{1,100}$/;

/** Names go into Redis keys and SCAN patterns, so only glob-free characters are allowed. */
export const assertProjectionId = (projection: string, version: number): void => {
  if (!namePattern.test(projection))
    throw new ProjectionError(
      "INVALID_PROJECTION",
      `Projection name "${projection}" must be 1-100 letters, digits, "_" or "-".`,
      { field: "name", received: projection },
    );
  if (!Number.isSafeInteger(version) || version < 1)
    throw new ProjectionError(
      "INVALID_PROJECTION",
      `Projection version must be a positive integer, received ${version}.`,
      { field: "version", received: version },
    );
};

/**
 * Redis key layout. Every key of one projection version shares the hash tag `{proj:name:vN}`, so
 * in a cluster the whole version lives in one slot and a batch script can touch all its keys.
 * The price: one projection version is capped by one node's memory and CPU. Sharding a view
 * across slots (e.g. `{proj:directory:v3:shard7}`) with a checkpoint per shard is a later step.
 */
export const redisKeys = {
  tag: (projection: string, version: number) => `{proj:${projection}:v${version}}`,
  checkpoint: (projection: string, version: number) =>
    `${redisKeys.tag(projection, version)}:checkpoint`,
  viewPrefix: (projection: string, version: number) =>
    `${redisKeys.tag(projection, version)}:view:`,
  view: (projection: string, version: number, key: string) =>
    `${redisKeys.viewPrefix(projection, version)}${key}`,
  /** Outside the tag on purpose: the alias must survive dropping any version. */
  live: (projection: string) => `proj:${projection}:live`,
};

/**
 * The checkpoint rule both stores share: apply when the stored checkpoint is `from`; report
 * `already-applied` when it is at or past `to`; anything else means a lost batch or a second writer.
 */
export const checkBatchOrder = (
  stored: bigint | undefined,
  batch: ViewBatch,
): "apply" | "already-applied" => {
  if (batch.from !== undefined && batch.to <= batch.from)
    throw new ProjectionError(
      "INVALID_BATCH",
      `Batch for ${batch.projection} v${batch.version} ends at ${batch.to}, not after its start ${batch.from}.`,
      { from: String(batch.from), to: String(batch.to) },
    );
  if (stored === batch.from) return "apply";
  if (stored !== undefined && stored >= batch.to) return "already-applied";
  throw checkpointMismatch(batch, stored);
};

export const checkpointMismatch = (batch: Omit<ViewBatch, "ops">, stored: bigint | undefined) =>
  new ProjectionError(
    "CHECKPOINT_MISMATCH",
    `Projection ${batch.projection} v${batch.version} is at checkpoint ${stored ?? "none"}, ` +
      `but the batch expects ${batch.from ?? "none"}. Run one projector per projection version, ` +
      "and restart it so it resumes from the stored checkpoint.",
    {
      projection: batch.projection,
      version: batch.version,
      expected: batch.from === undefined ? null : String(batch.from),
      found: stored === undefined ? null : String(stored),
    },
  );
