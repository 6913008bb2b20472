import { ProjectionError } from "../errors.js";
import { type IndexEntityChange, indexKeys } from "../segmentIndex/indexEntity.js";
import { fieldRecord } from "./fieldRecord.js";

/**
 * One change to a view, named after the Redis command that performs it so both read-model
 * stores agree on semantics (an emptied hash, set or sorted set disappears, SET replaces any type).
 */
export type ViewOp =
  | { op: "hset"; key: string; fields: Record<string, string> }
  | { op: "hdel"; key: string; fields: string[] }
  | { op: "hincrby"; key: string; field: string; by: number }
  | { op: "set"; key: string; value: string }
  | { op: "del"; key: string }
  | { op: "setbit"; key: string; offset: number; bit: 0 | 1 }
  | { op: "zadd"; key: string; member: string; score: number }
  | { op: "zrem"; key: string; members: string[] }
  | { op: "sadd"; key: string; members: string[] }
  | { op: "srem"; key: string; members: string[] }
  | {
      op: "hsetindexed";
      key: string;
      field: string;
      /** `null` clears the field and releases its lookup. */
      value: string | null;
      /** The lookup key is `indexPrefix + value`; it holds `id`. */
      indexPrefix: string;
      id: string;
    }
  | {
      op: "dellinked";
      /** A set of ids; each id's own link set is `prefix + id + linkSuffix`. */
      key: string;
      prefix: string;
      linkSuffix: string;
      /** Deleted for every id reached: `prefix + id + targetSuffix`. */
      targetSuffix: string;
    }
  /** A bitmap-index entity change (segmentIndex/indexEntity.ts); `key` is the entity's hash. */
  | { op: "indexentity"; key: string; id: string; change: IndexEntityChange };

/**
 * What a projection's `apply` writes through. It records changes instead of performing them, so
 * a whole batch can be applied in one atomic step, and the same projection runs on any store.
 * Keys are relative to the projection version (`customer:42`, not `{proj:directory:v3}:...`).
 */
export interface ViewWriter {
  setFields(key: string, fields: Record<string, string | number>): void;
  deleteFields(key: string, ...fields: string[]): void;
  increment(key: string, field: string, by?: number): void;
  set(key: string, value: string | number): void;
  delete(key: string): void;
  setBit(key: string, offset: number, bit: 0 | 1): void;
  addToSortedSet(key: string, member: string, score: number): void;
  removeFromSortedSet(key: string, ...members: string[]): void;
  addToSet(key: string, ...members: string[]): void;
  removeFromSet(key: string, ...members: string[]): void;
  /**
   * Sets (or, with `null`, clears) a hash field and keeps a unique lookup `index + value -> id`
   * in step: the lookup of the field's previous value is deleted if it still names `id`. The
   * previous value is read inside the batch, so `apply` never needs to read the view.
   *
   * @example view.setIndexedField(`customer:${id}`, "emailKey", email.toLowerCase(), { index: "email:", id })
   */
  setIndexedField(
    key: string,
    field: string,
    value: string | null,
    lookup: { index: string; id: string },
  ): void;
  /**
   * Deletes `prefix + id + target` for every id in the set `key` and, transitively, in each
   * reached id's set `prefix + id + links` (each id once). The sets are read inside the batch, so
   * `apply` can erase what profiles merged into this one left behind without reading the view.
   *
   * @example view.deleteLinked("timeline:cus_1:absorbed", { prefix: "timeline:", links: ":absorbed", target: ":personal" })
   */
  deleteLinked(key: string, keys: { prefix: string; links: string; target: string }): void;
  /**
   * Changes entity `id` of a bitmap index: assigns it a dense ordinal on first use and flips
   * exactly the bits its new values need, reading its previous values inside the batch.
   *
   * @example view.indexEntity("cus_1", { slots: { "tag:vip": ["tag:vip"] } })
   */
  indexEntity(id: string, change: IndexEntityChange): void;
}

/** Redis caps SETBIT offsets at 2^32 - 1 (a 512 MiB string). */
const maxBitOffset = 2 ** 32 - 1;

const invalid = (message: string, details: Record<string, unknown>) =>
  new ProjectionError("INVALID_VIEW_OP", message, details);

/** A writer that appends every change to `ops`, refusing values Redis would reject. */
export const recordingWriter = (): { writer: ViewWriter; ops: ViewOp[] } => {
  const ops: ViewOp[] = [];
  const writer: ViewWriter = {
    setFields(key, fields) {
      // One loop and one copy: projections call this several times per event.
      let copy: Record<string, string> | undefined;
      for (const field in fields) {
        if (!Object.hasOwn(fields, field)) continue;
        const value = fields[field] as string | number;
        if (typeof value === "number" && !Number.isFinite(value))
          throw invalid(`Field "${field}" of "${key}" must be a finite number.`, { key, field });
        copy ??= fieldRecord();
        copy[field] = typeof value === "number" ? String(value) : value;
      }
      if (copy) ops.push({ op: "hset", key, fields: copy });
    },
    deleteFields(key, ...fields) {
      if (fields.length > 0) ops.push({ op: "hdel", key, fields });
    },
    increment(key, field, by = 1) {
      if (!Number.isSafeInteger(by))
        throw invalid(`Increment of "${key}".${field} must be a safe integer.`, { key, by });
      ops.push({ op: "hincrby", key, field, by });
    },
    set(key, value) {
      ops.push({ op: "set", key, value: String(value) });
    },
    delete(key) {
      ops.push({ op: "del", key });
    },
    setBit(key, offset, bit) {
      if (!Number.isInteger(offset) || offset < 0 || offset > maxBitOffset)
        throw invalid(`Bit offset of "${key}" must be an integer in 0..2^32-1.`, { key, offset });
      ops.push({ op: "setbit", key, offset, bit });
    },
    addToSortedSet(key, member, score) {
      if (!Number.isFinite(score))
        throw invalid(`Score of "${member}" in "${key}" must be a finite number.`, { key, score });
      // Redis keeps -0 as "-0"; normalising keeps both stores' snapshots equal.
      ops.push({ op: "zadd", key, member, score: score === 0 ? 0 : score });
    },
    removeFromSortedSet(key, ...members) {
      if (members.length > 0) ops.push({ op: "zrem", key, members });
    },
    addToSet(key, ...members) {
      if (members.length > 0) ops.push({ op: "sadd", key, members });
    },
    removeFromSet(key, ...members) {
      if (members.length > 0) ops.push({ op: "srem", key, members });
    },
    setIndexedField(key, field, value, { index, id }) {
      ops.push({ op: "hsetindexed", key, field, value, indexPrefix: index, id });
    },
    deleteLinked(key, { prefix, links, target }) {
      ops.push({ op: "dellinked", key, prefix, linkSuffix: links, targetSuffix: target });
    },
    indexEntity(id, change) {
      ops.push({ op: "indexentity", key: indexKeys.entity(id), id, change });
    },
  };
  return { writer, ops };
};
