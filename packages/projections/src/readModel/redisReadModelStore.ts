import { Cluster, type Redis } from "ioredis";
import { ProjectionError } from "../errors.js";
import { toWireProgram } from "../segmentIndex/bitmapQuery.js";
import { bitmapQueryLua } from "../segmentIndex/bitmapQuery.lua.js";
import { indexKeys } from "../segmentIndex/indexEntity.js";
import { applyBatchLua } from "./applyBatch.lua.js";
import { encodeBatch } from "./encodeBatch.js";
import {
  assertProjectionId,
  type BatchOutcome,
  checkpointMismatch,
  type ReadModelStore,
  redisKeys,
  type ViewBatch,
  type ViewSnapshot,
  type ViewValue,
} from "./readModelStore.js";
import { withTypedRedisErrors } from "./redisErrors.js";

export interface RedisReadModelOptions {
  /** A standalone client or a cluster client; the store never quits it. */
  client: Redis | Cluster;
  /** Keys per SCAN page and per UNLINK when dropping a version; default 200. */
  scanCount?: number;
}

const commandName = "clienteleApplyProjectionBatch";
const queryCommandName = "clienteleQueryBitmaps";

type BatchCommand = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<unknown>;

const relative = (prefix: string, key: string) => key.slice(prefix.length);

/** What the batch script's reply means: the outcome, or the error it reports. */
const outcome = (reply: unknown, batch: Omit<ViewBatch, "ops">): BatchOutcome => {
  if (reply === "applied" || reply === "already-applied") return reply;
  const [kind, ...rest] = reply as string[];
  if (kind === "checkpoint-mismatch")
    throw checkpointMismatch(batch, rest[0] ? BigInt(rest[0]) : undefined);
  const prefix = redisKeys.viewPrefix(batch.projection, batch.version);
  if (kind === "type-conflict") {
    const [key = "", expected, found] = rest;
    const viewKey = relative(prefix, key);
    throw new ProjectionError(
      "VIEW_TYPE_CONFLICT",
      `View key "${viewKey}" holds a ${found}, but the batch uses it as a ${expected}.`,
      { key: viewKey, expected, found },
    );
  }
  const [key = "", field, value] = rest;
  const viewKey = relative(prefix, key);
  throw new ProjectionError(
    "INVALID_VIEW_OP",
    `Cannot increment "${viewKey}".${field}: it holds "${value}", not an integer.`,
    { key: viewKey, field, found: value },
  );
};

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

  return withTypedRedisErrors({
    applyBatch(batch) {
      let encoded: { keys: string[]; args: string[] };
      try {
        assertProjectionId(batch.projection, batch.version);
        if (batch.from !== undefined && batch.to <= batch.from)
          throw new ProjectionError(
            "INVALID_BATCH",
            `Batch for ${batch.projection} v${batch.version} ends at ${batch.to}, not after its start ${batch.from}.`,
            { from: String(batch.from), to: String(batch.to) },
          );
        encoded = encodeBatch(batch);
      } catch (error) {
        return Promise.reject(error);
      }
      // Only the batch's identity waits for the reply, not its ops: an async frame that held the
      // ops of every batch in flight kept megabytes alive long enough for the garbage collector
      // to copy and promote them, a sixth of the projector's time.
      const { projection, version, from, to } = batch;
      return applyScript(encoded.keys.length, ...encoded.keys, ...encoded.args).then((reply) =>
        outcome(reply, { projection, version, from, to }),
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
  });
};
