import type { CheckpointStore } from "@clientele/core";
import type { Cluster, Redis } from "ioredis";
import { redisCall } from "./redisFailure.js";

export interface RedisCheckpointStoreOptions {
  client: Redis | Cluster;
  /** Default `clientele:`. */
  prefix?: string;
}

/**
 * Checkpoints in Redis (`<prefix>checkpoint:<name>`), so a restarted email dispatcher resumes where
 * it stopped instead of rescanning the log.
 *
 * @example
 * const outbox = createEmailDispatcher({ customers, transport, checkpoints: getRedisCheckpointStore({ client }) });
 */
export const getRedisCheckpointStore = ({
  client,
  prefix = "clientele:",
}: RedisCheckpointStoreOptions): CheckpointStore => ({
  async load(name) {
    const held = await redisCall("CHECKPOINT_STORE_UNAVAILABLE", "read a checkpoint", () =>
      client.get(`${prefix}checkpoint:${name}`),
    );
    return held === null ? undefined : BigInt(held);
  },
  async save(name, position) {
    await redisCall("CHECKPOINT_STORE_UNAVAILABLE", "save a checkpoint", () =>
      client.set(`${prefix}checkpoint:${name}`, position.toString()),
    );
  },
});
