import { Cluster, type Redis } from "ioredis";
import { ProjectionError } from "../errors.js";
import { toWireProgram } from "../segmentIndex/bitmapQuery.js";
import { bitmapQueryLua } from "../segmentIndex/bitmapQuery.lua.js";
import { indexKeys } from "../segmentIndex/indexEntity.js";
import { toWireChange, type WireChange } from "../segmentIndex/wireChange.js";
import { planBatch } from "../view/batchPlan.js";
import { compactBatch } from "../view/compactBatch.js";
import type { ViewOp } from "../view/viewOps.js";
import { applyBatchLua } from "./applyBatch.lua.js";
import {
  assertProjectionId,
  checkpointMismatch,
  type ReadModelStore,
  redisKeys,
  type ViewBatch,
  type ViewSnapshot,
  type ViewValue,
} from "./readModelStore.js";

export interface RedisReadModelOptions {
  /** A standalone client or a cluster client; the store never quits it. */
  client: Redis | Cluster;
  /** Keys per SCAN page and per UNLINK when dropping a version; default 200. */
  scanCount?: number;
}

const commandName = "clienteleApplyProjectionBatch";
const queryCommandName = "clienteleQueryBitmaps";

type BatchCommand = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<unknown>;

/** Plain ops map to one Redis command; `hsetindexed`, `dellinked` and `indexentity` are script routines. */
const toArgs = (
  op: Exclude<ViewOp, { op: "hsetindexed" | "dellinked" | "indexentity" }>,
): string[] => {
  switch (op.op) {
    case "hset": {
      const args = ["HSET"];
      for (const [field, value] of Object.entries(op.fields)) args.push(field, value);
      return args;
    }
    case "hdel":
      return ["HDEL", ...op.fields];
    case "hincrby":
      return ["HINCRBY", op.field, String(op.by)];
    case "set":
      return ["SET", op.value];
    case "del":
      return ["DEL"];
    case "setbit":
      return ["SETBIT", String(op.offset), String(op.bit)];
    case "zadd":
      return ["ZADD", String(op.score), op.member];
    case "zrem":
      return ["ZREM", ...op.members];
    case "sadd":
      return ["SADD", ...op.members];
    case "srem":
      return ["SREM", ...op.members];
  }
};

/**
 * Lua's unpack() fails past about 8,000 values, and an error halfway through the script would
 * leave half a batch, so ops carrying many fields or members are split before encoding.
 */
const maxArgsPerOp = 1000;

const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += maxArgsPerOp) out.push(items.slice(i, i + maxArgsPerOp));
  return out;
};

const splitLargeOp = (op: ViewOp): ViewOp | ViewOp[] => {
  switch (op.op) {
    case "hset": {
      const entries = Object.entries(op.fields);
      if (entries.length <= maxArgsPerOp) return op;
      return chunks(entries).map((entries) => ({
        ...op,
        fields: Object.fromEntries(entries),
      }));
    }
    case "hdel":
      return op.fields.length <= maxArgsPerOp
        ? op
        : chunks(op.fields).map((fields) => ({ ...op, fields }));
    case "sadd":
    case "srem":
    case "zrem":
      return op.members.length <= maxArgsPerOp
        ? op
        : chunks(op.members).map((members) => ({ ...op, members }));
    default:
      return op;
  }
};

type EncodedOp = Array<string | number | WireChange>;

/**
 * One ZADD per key instead of one per member: each call from the script costs a few
 * microseconds on top of the command, and a batch often scores hundreds of members of one key
 * (every customer in `updated`). Compaction leaves a key's ops next to each other.
 */
const joinZadds = (ops: EncodedOp[]): EncodedOp[] => {
  const out: EncodedOp[] = [];
  let previous: EncodedOp | undefined;
  for (const op of ops) {
    if (
      op[0] === "ZADD" &&
      previous?.[0] === "ZADD" &&
      previous[1] === op[1] &&
      previous.length < maxArgsPerOp
    ) {
      previous.push(op[2] as string, op[3] as string);
      continue;
    }
    out.push(op);
    previous = op;
  }
  return out;
};

/** KEYS and the JSON plan for the batch script (see applyBatch.lua.ts). */
const encodeBatch = (batch: ViewBatch): { keys: string[]; args: string[] } => {
  const plan = planBatch(batch.ops);
  const keys = [redisKeys.checkpoint(batch.projection, batch.version)];
  const index = new Map<string, number>();
  const keyIndex = (key: string) => {
    let found = index.get(key);
    if (found === undefined) {
      keys.push(redisKeys.view(batch.projection, batch.version, key));
      found = keys.length;
      index.set(key, found);
    }
    return found;
  };
  const payload = {
    t: plan.types.map(({ key, type }) => [keyIndex(key), type]),
    i: plan.integerFields.map(({ key, field }) => [keyIndex(key), field]),
    o: joinZadds(
      compactBatch(batch.ops)
        .flatMap(splitLargeOp)
        .map((op): EncodedOp => {
          if (op.op === "hsetindexed")
            return [
              "INDEXED",
              keyIndex(op.key),
              op.field,
              op.value ?? "",
              op.value === null ? 0 : keyIndex(op.indexPrefix + op.value),
              op.indexPrefix,
              op.id,
            ];
          if (op.op === "dellinked")
            return ["LINKED", keyIndex(op.key), op.prefix, op.linkSuffix, op.targetSuffix];
          if (op.op === "indexentity")
            return ["ENTITY", keyIndex(op.key), op.id, toWireChange(op.change)];
          const [command = "", ...rest] = toArgs(op);
          return [command, keyIndex(op.key), ...rest];
        }),
    ),
  };
  return {
    keys,
    args: [
      batch.from === undefined ? "" : String(batch.from),
      String(batch.to),
      JSON.stringify(payload),
      redisKeys.viewPrefix(batch.projection, batch.version),
    ],
  };
};

const relative = (prefix: string, key: string) => key.slice(prefix.length);

/**
 * Read models in Redis or Redis Cluster. Each batch is one Lua script (EVALSHA, EVAL on a cold
 * cache) that validates the checkpoint and the key types, then writes every op and the new
 * checkpoint; each projection version lives under one hash tag (see `redisKeys`).
 *
 * @example
 * const readModel = getRedisReadModelStore({ client: new Redis(process.env.REDIS_URL) });
 */
export const getRedisReadModelStore = ({
  client,
  scanCount = 200,
}: RedisReadModelOptions): ReadModelStore => {
  client.defineCommand(commandName, { lua: applyBatchLua });
  const command = (client as unknown as Record<string, BatchCommand>)[commandName] as BatchCommand;
  const applyScript = command.bind(client);
  client.defineCommand(queryCommandName, { lua: bitmapQueryLua });
  const queryScript = (
    (client as unknown as Record<string, BatchCommand>)[queryCommandName] as BatchCommand
  ).bind(client);

  /** In a cluster SCAN only sees the node it runs on, so walk every master. */
  const scanNodes = (): Redis[] => (client instanceof Cluster ? client.nodes("master") : [client]);

  const scanKeys = async function* (pattern: string): AsyncGenerator<string[]> {
    for (const node of scanNodes()) {
      let cursor = "0";
      do {
        const [next, keys] = await node.scan(cursor, "MATCH", pattern, "COUNT", scanCount);
        cursor = next;
        if (keys.length > 0) yield keys.map((key) => key);
      } while (cursor !== "0");
    }
  };

  const readValue = async (key: string): Promise<ViewValue | undefined> => {
    const type = await client.type(key);
    switch (type) {
      case "string": {
        const bytes = await client.getBuffer(key);
        return bytes ? { type: "string", hex: bytes.toString("hex") } : undefined;
      }
      case "hash": {
        const fields = await client.hgetall(key);
        return { type: "hash", fields: Object.fromEntries(Object.entries(fields).sort()) };
      }
      case "set":
        return { type: "set", members: (await client.smembers(key)).sort() };
      case "zset": {
        const flat = await client.zrange(key, 0, -1, "WITHSCORES");
        const entries: Array<[string, number]> = [];
        for (let i = 0; i < flat.length; i += 2)
          entries.push([flat[i] as string, Number(flat[i + 1])]);
        return {
          type: "zset",
          entries: entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
        };
      }
      default:
        return undefined;
    }
  };

  return {
    async applyBatch(batch) {
      assertProjectionId(batch.projection, batch.version);
      if (batch.from !== undefined && batch.to <= batch.from)
        throw new ProjectionError(
          "INVALID_BATCH",
          `Batch for ${batch.projection} v${batch.version} ends at ${batch.to}, not after its start ${batch.from}.`,
          { from: String(batch.from), to: String(batch.to) },
        );
      const { keys, args } = encodeBatch(batch);
      const reply = await applyScript(keys.length, ...keys, ...args);
      if (reply === "applied" || reply === "already-applied") return reply;
      const [kind, ...rest] = reply as string[];
      if (kind === "checkpoint-mismatch")
        throw checkpointMismatch(batch, rest[0] ? BigInt(rest[0]) : undefined);
      if (kind === "type-conflict") {
        const [key = "", expected, found] = rest;
        const viewKey = relative(redisKeys.viewPrefix(batch.projection, batch.version), key);
        throw new ProjectionError(
          "VIEW_TYPE_CONFLICT",
          `View key "${viewKey}" holds a ${found}, but the batch uses it as a ${expected}.`,
          { key: viewKey, expected, found },
        );
      }
      const [key = "", field, value] = rest;
      const viewKey = relative(redisKeys.viewPrefix(batch.projection, batch.version), key);
      throw new ProjectionError(
        "INVALID_VIEW_OP",
        `Cannot increment "${viewKey}".${field}: it holds "${value}", not an integer.`,
        { key: viewKey, field, found: value },
      );
    },

    async checkpoint(projection, version) {
      assertProjectionId(projection, version);
      const stored = await client.get(redisKeys.checkpoint(projection, version));
      return stored === null ? undefined : BigInt(stored);
    },

    async liveVersion(projection) {
      const stored = await client.get(redisKeys.live(projection));
      return stored === null ? undefined : Number(stored);
    },

    async setLiveVersion(projection, version, { onlyIfUnset = false } = {}) {
      assertProjectionId(projection, version);
      const key = redisKeys.live(projection);
      const reply = onlyIfUnset
        ? await client.set(key, String(version), "NX")
        : await client.set(key, String(version));
      return reply === "OK";
    },

    async dropVersion(projection, version) {
      assertProjectionId(projection, version);
      let deleted = 0;
      // SCAN pages + UNLINK (memory freed in a background thread) keep Redis responsive while a
      // multi-million-key version disappears; a single DEL of a big key set would block it.
      for await (const keys of scanKeys(`${redisKeys.tag(projection, version)}:*`)) {
        for (let i = 0; i < keys.length; i += scanCount)
          deleted += await client.unlink(...keys.slice(i, i + scanCount));
      }
      return deleted;
    },

    async readString(projection, version, key) {
      assertProjectionId(projection, version);
      const viewKey = redisKeys.view(projection, version, key);
      if ((await client.type(viewKey)) !== "string") return undefined;
      return (await client.get(viewKey)) ?? undefined;
    },

    async readHash(projection, version, key) {
      assertProjectionId(projection, version);
      return client.hgetall(redisKeys.view(projection, version, key));
    },

    async readHashes(projection, version, keys) {
      assertProjectionId(projection, version);
      if (keys.length === 0) return [];
      const pipeline = client.pipeline();
      for (const key of keys) pipeline.hgetall(redisKeys.view(projection, version, key));
      const replies = (await pipeline.exec()) ?? [];
      return replies.map(([error, fields]) => {
        if (error) throw error;
        return fields as Record<string, string>;
      });
    },

    async readSet(projection, version, key) {
      assertProjectionId(projection, version);
      return (await client.smembers(redisKeys.view(projection, version, key))).sort();
    },

    async readSortedSetPage(projection, version, key, { below, limit }) {
      assertProjectionId(projection, version);
      const flat = await client.zrange(
        redisKeys.view(projection, version, key),
        below === undefined ? "+inf" : `(${below}`,
        "-inf",
        "BYSCORE",
        "REV",
        "LIMIT",
        0,
        limit,
        "WITHSCORES",
      );
      const out: Array<[string, number]> = [];
      for (let i = 0; i < flat.length; i += 2) out.push([flat[i] as string, Number(flat[i + 1])]);
      return out;
    },

    async queryBitmaps(projection, version, query) {
      assertProjectionId(projection, version);
      const reply = await queryScript(
        1,
        redisKeys.view(projection, version, indexKeys.meta),
        redisKeys.viewPrefix(projection, version),
        JSON.stringify(toWireProgram(query.program)),
        query.result,
        query.result === "page" ? String(query.after) : "-1",
        query.result === "page" ? String(query.limit) : "0",
      );
      if (query.result === "count") return { result: "count", count: Number(reply) };
      const [ordinals, ids] = reply as [number[], Array<string | null>];
      return { result: "page", ordinals, ids: ids.map((id) => id ?? "") };
    },

    async snapshot(projection, version) {
      assertProjectionId(projection, version);
      const prefix = redisKeys.viewPrefix(projection, version);
      const found: string[] = [];
      for await (const keys of scanKeys(`${prefix}*`)) found.push(...keys);
      const out: ViewSnapshot = {};
      for (const key of [...new Set(found)].sort()) {
        const value = await readValue(key);
        if (value) out[relative(prefix, key)] = value;
      }
      return out;
    },
  };
};
