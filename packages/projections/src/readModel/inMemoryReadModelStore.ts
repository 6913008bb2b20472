import { ProjectionError } from "../errors.js";
import { applyIndexEntity, type IndexKeyspace } from "../segmentIndex/applyIndexEntity.js";
import { evaluateBitmapQuery, type IndexReader } from "../segmentIndex/evaluateBitmapQuery.js";
import { toWireChange } from "../segmentIndex/wireChange.js";
import { isRedisInteger, planBatch, type ViewType } from "../view/batchPlan.js";
import type { ViewOp } from "../view/viewOps.js";
import { wellFormedOps } from "../view/wellFormedOps.js";
import {
  assertProjectionId,
  checkBatchOrder,
  type ReadModelStore,
  type ViewSnapshot,
  type ViewValue,
} from "./readModelStore.js";

type Stored =
  | { type: "string"; bytes: Buffer }
  | { type: "hash"; fields: Map<string, string> }
  | { type: "set"; members: Set<string> }
  | { type: "zset"; scores: Map<string, number> };

interface Version {
  checkpoint: bigint | undefined;
  keys: Map<string, Stored>;
}

/** Redis' SETBIT: bit 0 is the most significant bit of byte 0; the string grows with zeros. */
const setBit = (bytes: Buffer, offset: number, bit: 0 | 1): Buffer => {
  const byte = Math.floor(offset / 8);
  const grown =
    byte < bytes.length ? bytes : Buffer.concat([bytes, Buffer.alloc(byte + 1 - bytes.length)]);
  const mask = 1 << (7 - (offset % 8));
  grown[byte] = bit ? (grown[byte] as number) | mask : (grown[byte] as number) & ~mask;
  return grown;
};

const applyOp = (keys: Map<string, Stored>, op: ViewOp): void => {
  const current = keys.get(op.key);
  const as = <T extends ViewType>(type: T, fresh: () => Extract<Stored, { type: T }>) =>
    (current?.type === type ? current : fresh()) as Extract<Stored, { type: T }>;
  const dropIfEmpty = (size: number) => {
    if (size === 0) keys.delete(op.key);
  };
  switch (op.op) {
    case "set":
      keys.set(op.key, { type: "string", bytes: Buffer.from(op.value) });
      return;
    case "del":
      keys.delete(op.key);
      return;
    case "setbit": {
      const value = as("string", () => ({ type: "string", bytes: Buffer.alloc(0) }));
      keys.set(op.key, { type: "string", bytes: setBit(value.bytes, op.offset, op.bit) });
      return;
    }
    case "hset": {
      const value = as("hash", () => ({ type: "hash", fields: new Map() }));
      for (const [field, v] of Object.entries(op.fields)) value.fields.set(field, v);
      keys.set(op.key, value);
      return;
    }
    case "hincrby": {
      const value = as("hash", () => ({ type: "hash", fields: new Map() }));
      const before = BigInt(value.fields.get(op.field) ?? "0");
      value.fields.set(op.field, String(before + BigInt(op.by)));
      keys.set(op.key, value);
      return;
    }
    case "hdel":
      if (current?.type !== "hash") return;
      for (const field of op.fields) current.fields.delete(field);
      dropIfEmpty(current.fields.size);
      return;
    case "sadd": {
      const value = as("set", () => ({ type: "set", members: new Set() }));
      for (const member of op.members) value.members.add(member);
      keys.set(op.key, value);
      return;
    }
    case "srem":
      if (current?.type !== "set") return;
      for (const member of op.members) current.members.delete(member);
      dropIfEmpty(current.members.size);
      return;
    case "zadd": {
      const value = as("zset", () => ({ type: "zset", scores: new Map() }));
      value.scores.set(op.member, op.score);
      keys.set(op.key, value);
      return;
    }
    case "hsetindexed": {
      const previous = current?.type === "hash" ? current.fields.get(op.field) : undefined;
      if (previous !== undefined) {
        const lookup = keys.get(op.indexPrefix + previous);
        if (lookup?.type === "string" && lookup.bytes.toString() === op.id)
          keys.delete(op.indexPrefix + previous);
      }
      if (op.value === null) {
        applyOp(keys, { op: "hdel", key: op.key, fields: [op.field] });
        return;
      }
      applyOp(keys, { op: "hset", key: op.key, fields: { [op.field]: op.value } });
      keys.set(op.indexPrefix + op.value, { type: "string", bytes: Buffer.from(op.id) });
      return;
    }
    case "dellinked": {
      // Breadth-first like the batch script, so both stores visit (and delete) the same keys.
      const queue = current?.type === "set" ? [...current.members] : [];
      const seen = new Set<string>();
      for (let i = 0; i < queue.length; i++) {
        const id = queue[i] as string;
        if (seen.has(id)) continue;
        seen.add(id);
        const link = keys.get(op.prefix + id + op.linkSuffix);
        if (link?.type === "set") queue.push(...link.members);
        keys.delete(op.prefix + id + op.targetSuffix);
      }
      return;
    }
    case "zrem":
      if (current?.type !== "zset") return;
      for (const member of op.members) current.scores.delete(member);
      dropIfEmpty(current.scores.size);
      return;
    case "indexentity":
      applyIndexEntity(indexKeyspace(keys), op.id, toWireChange(op.change));
      return;
  }
};

/** Redis commands over the version's keys, for the index routine shared with Lua. */
const indexKeyspace = (keys: Map<string, Stored>): IndexKeyspace => {
  const hash = (key: string) => {
    const stored = keys.get(key);
    return stored?.type === "hash" ? stored.fields : undefined;
  };
  return {
    get: (key) => {
      const stored = keys.get(key);
      return stored?.type === "string" ? stored.bytes.toString() : undefined;
    },
    set: (key, value) => applyOp(keys, { op: "set", key, value }),
    hget: (key, field) => hash(key)?.get(field),
    hset: (key, field, value) => applyOp(keys, { op: "hset", key, fields: { [field]: value } }),
    hdel: (key, field) => applyOp(keys, { op: "hdel", key, fields: [field] }),
    del: (key) => applyOp(keys, { op: "del", key }),
    setbit: (key, offset, bit) => applyOp(keys, { op: "setbit", key, offset, bit }),
    zadd: (key, score, member) => applyOp(keys, { op: "zadd", key, member, score }),
    zrem: (key, member) => applyOp(keys, { op: "zrem", key, members: [member] }),
  };
};

const indexReader = (keys: Map<string, Stored>): IndexReader => ({
  bitmap: (key) => {
    const stored = keys.get(key);
    return stored?.type === "string" ? stored.bytes : undefined;
  },
  text: (key) => {
    const stored = keys.get(key);
    return stored?.type === "string" ? stored.bytes.toString() : undefined;
  },
  hget: (key, field) => {
    const stored = keys.get(key);
    return stored?.type === "hash" ? stored.fields.get(field) : undefined;
  },
  zrangeByScore: (key, min, max) => {
    const stored = keys.get(key);
    if (stored?.type !== "zset") return [];
    return [...stored.scores]
      .filter(([, score]) => score >= min && score <= max)
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([member]) => member);
  },
});

const byKey = <T>(a: [string, T], b: [string, T]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Deep copies, sorted, so a snapshot never aliases the live store. */
const toViewValue = (stored: Stored): ViewValue => {
  switch (stored.type) {
    case "string":
      return { type: "string", hex: stored.bytes.toString("hex") };
    case "hash":
      return { type: "hash", fields: Object.fromEntries([...stored.fields].sort(byKey)) };
    case "set":
      return { type: "set", members: [...stored.members].sort() };
    case "zset":
      return { type: "zset", entries: [...stored.scores].sort(byKey) };
  }
};

/**
 * The embedded read-model store: Redis semantics (types, emptied keys vanish, SETBIT layout,
 * all-or-nothing batches with checkpoint validation) in process memory, lost on exit.
 *
 * @example
 * const readModel = getInMemoryReadModelStore();
 * const projector = await startProjector({ store, readModel, projection: streamStats });
 */
export const getInMemoryReadModelStore = (): ReadModelStore => {
  const versions = new Map<string, Version>();
  const live = new Map<string, number>();

  const versionOf = (projection: string, version: number): Version => {
    assertProjectionId(projection, version);
    const id = `${projection}\u0000${version}`;
    let found = versions.get(id);
    if (!found) {
      found = { checkpoint: undefined, keys: new Map() };
      versions.set(id, found);
    }
    return found;
  };

  return {
    async applyBatch(batch) {
      const target = versionOf(batch.projection, batch.version);
      if (checkBatchOrder(target.checkpoint, batch) === "already-applied") return "already-applied";
      const ops = wellFormedOps(batch.ops);
      const plan = planBatch(ops);
      for (const { key, type } of plan.types) {
        const found = target.keys.get(key)?.type;
        if (found !== undefined && found !== type)
          throw new ProjectionError(
            "VIEW_TYPE_CONFLICT",
            `View key "${key}" holds a ${found}, but the batch uses it as a ${type}.`,
            { key, expected: type, found },
          );
      }
      for (const { key, field } of plan.integerFields) {
        const stored = target.keys.get(key);
        const value = stored?.type === "hash" ? stored.fields.get(field) : undefined;
        if (value !== undefined && !isRedisInteger(value))
          throw new ProjectionError(
            "INVALID_VIEW_OP",
            `Cannot increment "${key}".${field}: it holds "${value}", not an integer.`,
            { key, field, found: value },
          );
      }
      for (const op of ops) applyOp(target.keys, op);
      target.checkpoint = batch.to;
      return "applied";
    },

    async checkpoint(projection, version) {
      return versionOf(projection, version).checkpoint;
    },

    async liveVersion(projection) {
      return live.get(projection);
    },

    async setLiveVersion(projection, version, { onlyIfUnset = false } = {}) {
      assertProjectionId(projection, version);
      if (onlyIfUnset && live.has(projection)) return false;
      live.set(projection, version);
      return true;
    },

    async dropVersion(projection, version) {
      const target = versionOf(projection, version);
      const count = target.keys.size + (target.checkpoint === undefined ? 0 : 1);
      versions.delete(`${projection}\u0000${version}`);
      return count;
    },

    async readString(projection, version, key) {
      const stored = versionOf(projection, version).keys.get(key);
      return stored?.type === "string" ? stored.bytes.toString() : undefined;
    },

    async readHash(projection, version, key) {
      const stored = versionOf(projection, version).keys.get(key);
      return stored?.type === "hash" ? Object.fromEntries(stored.fields) : {};
    },

    async readHashes(projection, version, keys) {
      const stored = versionOf(projection, version).keys;
      return keys.map((key) => {
        const value = stored.get(key);
        return value?.type === "hash" ? Object.fromEntries(value.fields) : {};
      });
    },

    async readSet(projection, version, key) {
      const stored = versionOf(projection, version).keys.get(key);
      return stored?.type === "set" ? [...stored.members].sort() : [];
    },

    async readSortedSetPage(projection, version, key, { below, limit }) {
      const stored = versionOf(projection, version).keys.get(key);
      if (stored?.type !== "zset") return [];
      return [...stored.scores]
        .filter(([, score]) => below === undefined || score < below)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0))
        .slice(0, limit);
    },

    async queryBitmaps(projection, version, query) {
      return evaluateBitmapQuery(indexReader(versionOf(projection, version).keys), query);
    },

    async snapshot(projection, version) {
      const out: ViewSnapshot = {};
      const keys = [...versionOf(projection, version).keys].sort(byKey);
      for (const [key, stored] of keys) out[key] = toViewValue(stored);
      return out;
    },
  };
};
