import { randomBytes } from "node:crypto";
import { type DataKeyLookup, dataKeyBytes, type KeyStore } from "@clientele/core";
import type { Cluster, Redis } from "ioredis";
import { redisCall } from "./redisFailure.js";

export interface RedisKeyStoreOptions {
  /** A connected client you own (a Redis or a Cluster); the key store never quits it. */
  client: Redis | Cluster;
  /** Prepended to every key. Default `clientele:`. */
  prefix?: string;
}

/** What a destroyed subject's key is overwritten with: the tombstone that blocks a new key. */
const destroyed = "destroyed";

// Read-or-set in one atomic step, so concurrent first writers for one subject agree on one key
// and a tombstone is never replaced. Works on Redis 5+ and in a cluster (one key per call).
const getOrSetScript = `
local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]
`;

const lookupOf = (held: string | null): DataKeyLookup => {
  if (held === null) return { status: "missing" };
  if (held === destroyed) return { status: "destroyed" };
  return { status: "active", key: Buffer.from(held, "base64") };
};

/**
 * Per-customer data keys in Redis, the durable KeyStore: `<prefix>datakey:<subjectId>` holds the
 * base64 key, and after `destroy` the tombstone `destroyed` (kept forever, a few bytes per
 * customer), so a shredded customer never gets a fresh key.
 *
 * Run Redis with persistence (AOF) and back it up: losing a live key loses that customer's personal
 * data (reads fail with DATA_KEY_MISSING). Conversely a destroyed key survives in older RDB/AOF
 * files and backups until they are rewritten or expire; that retention is how long shredding takes
 * to be complete (docs/privacy.md).
 *
 * @example
 * const keyStore = getRedisKeyStore({ client: new Redis(process.env.REDIS_URL) });
 * const customers = createCustomers({ store, keyStore, uniquenessSecret });
 */
export const getRedisKeyStore = ({
  client,
  prefix = "clientele:",
}: RedisKeyStoreOptions): KeyStore => {
  const keyOf = (subjectId: string) => `${prefix}datakey:${subjectId}`;
  return {
    async getOrCreate(subjectId) {
      const candidate = randomBytes(dataKeyBytes).toString("base64");
      const held = await redisCall(
        "KEY_STORE_UNAVAILABLE",
        "read or create a data key",
        () => client.eval(getOrSetScript, 1, keyOf(subjectId), candidate) as Promise<string>,
      );
      return lookupOf(held) as Exclude<DataKeyLookup, { status: "missing" }>;
    },
    async get(subjectId) {
      return lookupOf(
        await redisCall("KEY_STORE_UNAVAILABLE", "read a data key", () =>
          client.get(keyOf(subjectId)),
        ),
      );
    },
    async destroy(subjectId) {
      await redisCall("KEY_STORE_UNAVAILABLE", "destroy a data key", () =>
        client.set(keyOf(subjectId), destroyed),
      );
    },
  };
};
